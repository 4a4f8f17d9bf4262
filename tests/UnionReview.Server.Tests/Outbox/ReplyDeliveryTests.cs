using Microsoft.EntityFrameworkCore;
using Moq;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Outbox;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Outbox;

/// <summary>
/// The one delivery component, against a real SQLite file with only the chat channel mocked: what it could not send
/// goes to the outbox (exactly that, under the turn's keys); a refusal that means "unreachable" marks the chat once.
/// </summary>
public sealed class ReplyDeliveryTests
{
    private const string Channel = "fakechat";
    private const string Address = "chat-42";

    /// <summary>The service over a fresh SQLite file, with the officer's account on the mocked chat.</summary>
    private static async Task<ServiceHost> HostAsync()
    {
        var host = new ServiceHost();
        await using var db = host.OpenDb();
        db.ChannelAccounts.Add(new ChannelAccount { Channel = Channel, ExternalId = "u-42", PersonId = Demo.GrassrootsOfficer, Address = Address, LinkedAt = host.Clock.GetUtcNow(), LastSeenAt = host.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
        return host;
    }

    private static IReadOnlyList<OutgoingMessage> Replies(int count) => [.. Enumerable.Range(1, count).Select(i => OutgoingMessage.Plain($"Câu trả lời {i}"))];

    private static Mock<IReplyChannel> ChannelAnswering(params OutboxSendResult[] results)
    {
        var channel = new Mock<IReplyChannel>(MockBehavior.Strict);
        channel.SetupGet(c => c.Channel).Returns(Channel);
        channel.SetupGet(c => c.ReplyBudget).Returns((TimeSpan?)null);
        var sequence = channel.SetupSequence(c => c.SendReplyAsync(Address, It.IsAny<OutgoingMessage>(), It.IsAny<CancellationToken>()));
        foreach (var result in results)
        {
            sequence = sequence.ReturnsAsync(result);
        }

        return channel;
    }

    [Fact]
    public async Task The_replies_after_a_retriable_failure_and_only_those_go_to_the_outbox_under_the_turns_keys()
    {
        await using var host = await HostAsync();
        var replies = Replies(4);
        var channel = ChannelAnswering(new OutboxSendResult.Sent(), new OutboxSendResult.Retry(TimeSpan.FromSeconds(30), "502 Bad Gateway"));

        await host.Get<ReplyDelivery>().DeliverAsync(channel.Object, Address, replies, "fakechat-reply:m1", CancellationToken.None);

        // Sent the first, tried the second, never tried the last two now.
        channel.Verify(c => c.SendReplyAsync(Address, replies[0], It.IsAny<CancellationToken>()), Times.Once);
        channel.Verify(c => c.SendReplyAsync(Address, replies[1], It.IsAny<CancellationToken>()), Times.Once);
        channel.Verify(c => c.SendReplyAsync(Address, replies[2], It.IsAny<CancellationToken>()), Times.Never);
        channel.Verify(c => c.SendReplyAsync(Address, replies[3], It.IsAny<CancellationToken>()), Times.Never);
        await using var db = host.OpenDb();
        var queued = await db.Outbox.OrderBy(o => o.Id).ToListAsync();
        Assert.Equal(["fakechat-reply:m1:1", "fakechat-reply:m1:2", "fakechat-reply:m1:3"], queued.Select(o => o.DedupeKey));
        Assert.All(queued, o => Assert.Equal((Channel, Address, OutboxStatus.Pending), (o.Channel, o.Address, o.Status)));
        Assert.Equal(["Câu trả lời 2", "Câu trả lời 3", "Câu trả lời 4"], queued.Select(o => StoredJson.Read<OutgoingMessage>(o.Payload).Text));
        // The retry_after is kept: the outbox does not try before it has passed.
        Assert.All(queued, o => Assert.True(o.NextAttemptAt >= host.Clock.GetUtcNow() + TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_chat_that_cannot_be_reached_is_marked_once_its_waiting_messages_fail_and_nothing_is_queued()
    {
        await using var host = await HostAsync();
        await using (var db = host.OpenDb())
        {
            // A proactive message already waiting for the same chat.
            await host.Get<OutboxWriter>().EnqueueAsync(db, Demo.GrassrootsOfficer, Channel, Address, OutgoingMessage.Plain("Nhắc việc"), "reminder-1", CancellationToken.None);
            await db.SaveChangesAsync();
        }

        var replies = Replies(3);
        var channel = ChannelAnswering(new OutboxSendResult.Unreachable("403 Forbidden: bot was blocked by the user"));

        await host.Get<ReplyDelivery>().DeliverAsync(channel.Object, Address, replies, "fakechat-reply:m2", CancellationToken.None);

        channel.Verify(c => c.SendReplyAsync(It.IsAny<string>(), It.IsAny<OutgoingMessage>(), It.IsAny<CancellationToken>()), Times.Once);
        await using var check = host.OpenDb();
        Assert.True((await check.ChannelAccounts.SingleAsync(a => a.Channel == Channel)).Unreachable);
        var rows = await check.Outbox.ToListAsync();
        var reminder = Assert.Single(rows);
        Assert.Equal(("reminder-1", OutboxStatus.Failed), (reminder.DedupeKey, reminder.Status));
    }

    [Fact]
    public async Task When_the_reply_budget_is_spent_the_rest_goes_to_the_outbox()
    {
        await using var host = await HostAsync();
        var replies = Replies(2);
        var channel = new Mock<IReplyChannel>(MockBehavior.Strict);
        channel.SetupGet(c => c.Channel).Returns(Channel);
        channel.SetupGet(c => c.ReplyBudget).Returns(TimeSpan.FromMilliseconds(200));
        // The connector hangs: only the budget ends the wait.
        channel.Setup(c => c.SendReplyAsync(Address, replies[0], It.IsAny<CancellationToken>()))
            .Returns(async (string _, OutgoingMessage _, CancellationToken ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                return new OutboxSendResult.Sent();
            });

        await host.Get<ReplyDelivery>().DeliverAsync(channel.Object, Address, replies, null, CancellationToken.None);

        channel.Verify(c => c.SendReplyAsync(Address, It.IsAny<OutgoingMessage>(), It.IsAny<CancellationToken>()), Times.Once);
        await using var db = host.OpenDb();
        var queued = await db.Outbox.OrderBy(o => o.Id).ToListAsync();
        Assert.Equal(["Câu trả lời 1", "Câu trả lời 2"], queued.Select(o => StoredJson.Read<OutgoingMessage>(o.Payload).Text));
        Assert.All(queued, o => Assert.Null(o.DedupeKey));
        Assert.False((await db.ChannelAccounts.SingleAsync(a => a.Channel == Channel)).Unreachable);
    }
}
