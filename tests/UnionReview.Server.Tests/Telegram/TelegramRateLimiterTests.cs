using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using UnionReview.Server.Features.Telegram;

namespace UnionReview.Server.Tests.Telegram;

/// <summary>The limiter on a fake clock: every wait is the clock being moved on, never a real delay.</summary>
public sealed class TelegramRateLimiterTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 21, 2, 0, 0, TimeSpan.Zero));

    /// <summary>A limiter past its first second (when nothing goes, for the previous run's sake).</summary>
    private TelegramRateLimiter Limiter(int global = 30, int perGroup = 20, double perChatSeconds = 1)
    {
        var limiter = new TelegramRateLimiter(Options.Create(new TelegramOptions
        {
            GlobalPerSecond = global,
            GroupPerMinute = perGroup,
            PerChatInterval = TimeSpan.FromSeconds(perChatSeconds),
        }), _clock);
        _clock.Advance(TimeSpan.FromSeconds(1));
        return limiter;
    }

    private void Advance(double seconds) => _clock.Advance(TimeSpan.FromSeconds(seconds));

    [Fact]
    public async Task Nothing_goes_in_the_first_second_after_start()
    {
        using var limiter = new TelegramRateLimiter(Options.Create(new TelegramOptions()), _clock);
        var first = limiter.AcquireAsync(1, perChatLimit: false, CancellationToken.None);
        Advance(0.9);
        Assert.False(first.IsCompleted);
        Advance(0.1);
        Assert.True(first.IsCompletedSuccessfully);
        (await first).Dispose();
    }

    [Fact]
    public async Task Waiters_go_first_come_first_served()
    {
        using var limiter = Limiter(global: 1);
        var held = await limiter.AcquireAsync(1, perChatLimit: false, CancellationToken.None);
        var waiting = Enumerable.Range(0, 5).Select(i =>
        {
            Advance(0.01);
            return limiter.AcquireAsync(100 + i, perChatLimit: false, CancellationToken.None);
        }).ToList();
        held.Dispose();
        for (var i = 0; i < waiting.Count; i++)
        {
            Assert.All(waiting, w => Assert.Equal(waiting.IndexOf(w) < i, w.IsCompleted));
            // The answered send keeps its place for a second; then exactly the next in line goes.
            Advance(0.99);
            Assert.False(waiting[i].IsCompleted);
            Advance(0.01);
            Assert.True(waiting[i].IsCompletedSuccessfully);
            Assert.All(waiting.Skip(i + 1), w => Assert.False(w.IsCompleted));
            (await waiting[i]).Dispose();
        }

        Assert.Equal((0, 0), limiter.Waiting);
    }

    [Fact]
    public async Task Replies_go_before_proactive_messages_that_waited_longer()
    {
        using var limiter = Limiter(global: 1);
        var held = await limiter.AcquireAsync(1, perChatLimit: false, CancellationToken.None);
        var reminder = limiter.AcquireAsync(20, perChatLimit: true, CancellationToken.None);
        Advance(0.1);
        var reply = limiter.AcquireAsync(21, perChatLimit: false, CancellationToken.None);
        held.Dispose();
        Advance(1);
        Assert.True(reply.IsCompletedSuccessfully);
        Assert.False(reminder.IsCompleted);
        (await reply).Dispose();
        Advance(1);
        Assert.True(reminder.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Proactive_messages_to_one_chat_are_spaced_by_the_per_chat_interval_but_replies_are_not()
    {
        using var limiter = Limiter(perChatSeconds: 1);
        var first = limiter.AcquireAsync(77, perChatLimit: true, CancellationToken.None);
        Assert.True(first.IsCompletedSuccessfully);
        var second = limiter.AcquireAsync(77, perChatLimit: true, CancellationToken.None);
        var toOtherChat = limiter.AcquireAsync(78, perChatLimit: true, CancellationToken.None);
        Assert.True(toOtherChat.IsCompletedSuccessfully);
        Advance(5);
        Assert.False(second.IsCompleted); // the first is still under way
        (await first).Dispose();
        var reply = limiter.AcquireAsync(77, perChatLimit: false, CancellationToken.None);
        Assert.True(reply.IsCompletedSuccessfully);
        (await reply).Dispose();
        Advance(0.9);
        Assert.False(second.IsCompleted);
        Advance(0.1);
        Assert.True(second.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_and_the_next_one_gets_its_place()
    {
        using var limiter = Limiter(global: 1);
        var held = await limiter.AcquireAsync(1, perChatLimit: false, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var cancelled = limiter.AcquireAsync(2, perChatLimit: false, cts.Token);
        var next = limiter.AcquireAsync(3, perChatLimit: false, CancellationToken.None);
        Assert.Equal((2, 0), limiter.Waiting);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal((1, 0), limiter.Waiting);
        held.Dispose();
        Advance(1);
        Assert.True(next.IsCompletedSuccessfully);
        (await next).Dispose();
        // The cancelled waiter took nothing: the one place is free again a second later.
        Advance(1);
        Assert.True(limiter.AcquireAsync(4, perChatLimit: false, CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task The_twenty_first_message_to_a_group_within_a_minute_waits_while_other_chats_go_on()
    {
        using var limiter = Limiter();
        for (var i = 0; i < 20; i++)
        {
            (await limiter.AcquireAsync(-100_777, perChatLimit: false, CancellationToken.None)).Dispose();
            Advance(0.1);
        }

        var twentyFirst = limiter.AcquireAsync(-100_777, perChatLimit: false, CancellationToken.None);
        Advance(30);
        Assert.False(twentyFirst.IsCompleted);
        Assert.True(limiter.AcquireAsync(42, perChatLimit: true, CancellationToken.None).IsCompletedSuccessfully);
        // The first of the twenty leaves the minute 60 s after it was answered.
        Advance(27.9);
        Assert.False(twentyFirst.IsCompleted);
        Advance(0.1);
        Assert.True(twentyFirst.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Messages_over_the_overall_limit_wait_for_the_next_second()
    {
        using var limiter = Limiter(global: 5);
        for (var i = 0; i < 5; i++)
        {
            var lease = limiter.AcquireAsync(1_000 + i, perChatLimit: true, CancellationToken.None);
            Assert.True(lease.IsCompletedSuccessfully);
            (await lease).Dispose();
        }

        var sixth = limiter.AcquireAsync(1_005, perChatLimit: true, CancellationToken.None);
        Advance(0.99);
        Assert.False(sixth.IsCompleted);
        Advance(0.01);
        Assert.True(sixth.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_place_is_held_while_a_send_is_under_way()
    {
        using var limiter = Limiter(global: 2);
        var first = await limiter.AcquireAsync(1, perChatLimit: false, CancellationToken.None);
        using var second = await limiter.AcquireAsync(2, perChatLimit: false, CancellationToken.None);
        var third = limiter.AcquireAsync(3, perChatLimit: false, CancellationToken.None);
        Advance(1.3);
        Assert.False(third.IsCompleted);
        first.Dispose();
        Advance(0.3);
        Assert.False(third.IsCompleted);
        Advance(0.7);
        Assert.True(third.IsCompletedSuccessfully);
    }
}
