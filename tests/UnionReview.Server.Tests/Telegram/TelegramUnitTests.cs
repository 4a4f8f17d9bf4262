using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Telegram;

namespace UnionReview.Server.Tests.Telegram;

public sealed class TelegramRendererTests
{
    [Fact]
    public void User_text_is_escaped_for_html_parse_mode()
    {
        Assert.Equal("&lt;b&gt;Tôi &amp; anh&lt;/b&gt;", TelegramRenderer.Escape("<b>Tôi & anh</b>"));
    }

    [Fact]
    public void Long_texts_split_on_line_boundaries_within_4096_characters()
    {
        var lines = Enumerable.Range(1, 500).Select(i => $"Dòng thứ {i} của bản xem lại báo cáo").ToList();
        var parts = TelegramRenderer.Split(string.Join("\n", lines));
        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.InRange(p.Length, 1, 4096));
        Assert.Equal(lines, parts.SelectMany(p => p.Split('\n')));
    }

    [Fact]
    public void A_single_line_longer_than_the_limit_is_broken_at_spaces_and_keeps_every_word()
    {
        var words = Enumerable.Range(1, 2000).Select(i => $"từ{i}").ToList();
        var parts = TelegramRenderer.Split(string.Join(' ', words));
        Assert.All(parts, p => Assert.InRange(p.Length, 1, 4096));
        Assert.Equal(words, parts.SelectMany(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        Assert.Equal(["ab", "cd", "e"], TelegramRenderer.Split("abcde", 2));
    }

    [Fact]
    public void Buttons_become_an_inline_keyboard_and_callback_data_over_64_bytes_is_left_out()
    {
        var keyboard = TelegramRenderer.Keyboard([[new ChatButton("Có", "yn:q1:y"), new ChatButton("Không", "yn:q1:n")], [new ChatButton("Quá dài", new string('x', 65))]]);
        var row = Assert.Single(keyboard!.InlineKeyboard);
        Assert.Equal(["yn:q1:y", "yn:q1:n"], row.Select(b => b.CallbackData));
        Assert.All(keyboard.InlineKeyboard.SelectMany(r => r), b => Assert.True(Encoding.UTF8.GetByteCount(b.CallbackData!) <= 64));
        Assert.Null(TelegramRenderer.Keyboard([]));
    }

    [Theory]
    [InlineData("/baocao@UnionReviewBot", "/baocao")]
    [InlineData("/start@UnionReviewBot ABCDEFGHJK", "/start ABCDEFGHJK")]
    [InlineData("/xem", "/xem")]
    [InlineData("email a@b.vn", "email a@b.vn")]
    public void Commands_addressed_to_the_bot_lose_the_bot_name(string typed, string expected) =>
        Assert.Equal(expected, TelegramRenderer.NormaliseCommand(typed));
}

public sealed class TelegramRateLimiterTests
{
    private static TelegramRateLimiter Limiter(int global = 30, int perGroup = 20, double perChatSeconds = 1) =>
        new(Options.Create(new TelegramOptions { GlobalPerSecond = global, GroupPerMinute = perGroup, PerChatInterval = TimeSpan.FromSeconds(perChatSeconds) }), TimeProvider.System);

    [Fact]
    public async Task The_twenty_first_message_to_a_group_within_a_minute_waits_while_other_chats_go_on()
    {
        var limiter = Limiter();
        for (var i = 0; i < 20; i++)
        {
            (await limiter.AcquireAsync(-100_777, perChatLimit: false, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2))).Dispose();
        }

        using var cts = new CancellationTokenSource();
        var twentyFirst = limiter.AcquireAsync(-100_777, perChatLimit: false, cts.Token);
        await Task.Delay(500);
        Assert.False(twentyFirst.IsCompleted);
        (await limiter.AcquireAsync(42, perChatLimit: true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2))).Dispose();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => twentyFirst);
    }

    [Fact]
    public async Task Messages_over_the_overall_limit_wait_for_the_next_second()
    {
        var limiter = Limiter(global: 5);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < 10; i++)
        {
            (await limiter.AcquireAsync(1_000 + i, perChatLimit: true, CancellationToken.None)).Dispose();
        }

        Assert.InRange(Stopwatch.GetElapsedTime(started).TotalSeconds, 0.95, 3);
    }

    [Fact]
    public async Task A_place_is_held_while_a_send_is_under_way()
    {
        var limiter = Limiter(global: 2);
        using var first = await limiter.AcquireAsync(1, perChatLimit: false, CancellationToken.None);
        using var second = await limiter.AcquireAsync(2, perChatLimit: false, CancellationToken.None);
        var third = limiter.AcquireAsync(3, perChatLimit: false, CancellationToken.None);
        await Task.Delay(1_300);
        Assert.False(third.IsCompleted);
        first.Dispose();
        await Task.Delay(300);
        Assert.False(third.IsCompleted);
        (await third.WaitAsync(TimeSpan.FromSeconds(3))).Dispose();
    }

    [Fact]
    public async Task Proactive_messages_to_one_chat_are_spaced_by_the_per_chat_interval_but_replies_are_not()
    {
        var limiter = Limiter(perChatSeconds: 0.3);
        (await limiter.AcquireAsync(77, perChatLimit: true, CancellationToken.None)).Dispose();
        var started = Stopwatch.GetTimestamp();
        (await limiter.AcquireAsync(77, perChatLimit: false, CancellationToken.None)).Dispose();
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromMilliseconds(200));
        (await limiter.AcquireAsync(77, perChatLimit: true, CancellationToken.None)).Dispose();
        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(290));
    }
}
