using System.Text;
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
