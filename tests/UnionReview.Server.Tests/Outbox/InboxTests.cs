using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Moq;
using UnionReview.Server.Features.Inbox;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Outbox;

/// <summary>
/// The one inbox, over a real SQLite file with only the channel's adapter mocked: a message is stored as its receipt
/// before it is handled, handled from memory, once, and what waited at a stop is read back and handled at the next start.
/// </summary>
public sealed class InboxTests
{
    private const string Channel = "fakechat";

    private static Mock<IInboxChannel> Adapter(bool turnMarksHandled = false)
    {
        var adapter = new Mock<IInboxChannel>(MockBehavior.Strict);
        adapter.SetupGet(a => a.Channel).Returns(Channel);
        adapter.SetupGet(a => a.MaxParallelChats).Returns(4);
        adapter.SetupGet(a => a.KeepHandled).Returns(TimeSpan.FromDays(7));
        adapter.Setup(a => a.HandleAsync(It.IsAny<InboxMessage>(), It.IsAny<bool>(), It.IsAny<CancellationToken>())).ReturnsAsync(turnMarksHandled);
        return adapter;
    }

    private static async Task WaitHandledAsync(ServiceHost host, string messageId)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            await using (var db = host.OpenDb())
            {
                if (await db.InboundReceipts.AnyAsync(r => r.Channel == Channel && r.MessageId == messageId && r.HandledAt != null))
                {
                    return;
                }
            }

            Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(10), $"{messageId} not marked handled");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_fresh_message_is_stored_then_handled_from_memory_once_and_marked_handled()
    {
        await using var host = new ServiceHost();
        var inbox = host.Get<Inbox>();
        var adapter = Adapter();
        inbox.Register(adapter.Object);
        var update = new object();
        var message = new InboxMessage(Channel, "m-1", "chat-1", """{"text":"Xin chào"}""", update);

        var accepted = await inbox.AcceptAsync([message], null, CancellationToken.None);
        await Assert.Single(accepted).Handled;
        var again = await inbox.AcceptAsync([message with { Update = new object() }], null, CancellationToken.None);

        Assert.Empty(again);
        // The object received, not the row read back.
        adapter.Verify(a => a.HandleAsync(It.Is<InboxMessage>(m => ReferenceEquals(m.Update, update)), false, It.IsAny<CancellationToken>()), Times.Once);
        adapter.Verify(a => a.HandleAsync(It.IsAny<InboxMessage>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Once);
        adapter.Verify(a => a.Read(It.IsAny<string>()), Times.Never);
        // No turn marked it (the adapter said so): the inbox does, and lets go of the payload.
        await WaitHandledAsync(host, "m-1");
        await using var db = host.OpenDb();
        var receipt = await db.InboundReceipts.SingleAsync(r => r.Channel == Channel);
        Assert.Equal(("chat-1", null), (receipt.ChatId, receipt.Payload));
    }

    [Fact]
    public async Task Messages_stored_but_not_handled_at_a_stop_are_read_back_and_handled_in_order_at_the_next_start()
    {
        await using var host = new ServiceHost();
        await using (var db = host.OpenDb())
        {
            var at = host.Clock.GetUtcNow();
            db.InboundReceipts.AddRange(
                new InboundReceipt { Channel = Channel, MessageId = "m-2", ChatId = "chat-2", Payload = "thứ hai", ReceivedAt = at.AddSeconds(1) },
                new InboundReceipt { Channel = Channel, MessageId = "m-1", ChatId = "chat-2", Payload = "thứ nhất", ReceivedAt = at },
                new InboundReceipt { Channel = Channel, MessageId = "m-0", ChatId = "chat-2", Payload = "đã xong", ReceivedAt = at, HandledAt = at });
            await db.SaveChangesAsync();
        }

        var inbox = host.Get<Inbox>();
        var adapter = Adapter(turnMarksHandled: true);
        var order = new List<string>();
        adapter.Setup(a => a.Read(It.IsAny<string>())).Returns((string payload) => payload);
        adapter.Setup(a => a.HandleAsync(It.IsAny<InboxMessage>(), true, It.IsAny<CancellationToken>()))
            .Callback((InboxMessage m, bool _, CancellationToken _) => { lock (order) { order.Add((string)m.Update); } })
            .ReturnsAsync(true);
        inbox.Register(adapter.Object);

        await inbox.ResumeAsync(Channel, CancellationToken.None);
        var started = Stopwatch.GetTimestamp();
        while (inbox.InFlight(Channel) > 0 && Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        Assert.Equal(["thứ nhất", "thứ hai"], order);
        adapter.Verify(a => a.Read(It.IsAny<string>()), Times.Exactly(2));
    }
}
