using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using UnionReview.Channels.Tests.Telegram.Fake;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Telegram;

/// <summary>
/// A turn keeps its replies with its receipt until they have left: a stop between the commit and the sending loses
/// none of them (the next start sends them, once), and after a normal turn they are marked sent and forgotten.
/// </summary>
public sealed class TelegramReplyResumeTests : IAsyncLifetime
{
    private FakeBotApi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeBotApi.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Replies_of_a_turn_committed_before_a_stop_and_not_sent_are_sent_once_at_the_next_start()
    {
        await using var host = new ServiceHost(settings: TelegramUser.Settings(_fake));
        var officer = new TelegramUser(host, _fake, 7111);
        await officer.LinkTo(Demo.HospitalOfficer);

        // The receipt as a turn committed it just before the process was killed: handled, its replies kept, not sent.
        const string messageId = "990001:message:7111:95";
        string[] texts = ["Đã ghi nhận câu trả lời của đồng chí.", "Đồng chí vui lòng trả lời câu tiếp theo."];
        var receipts = 0;
        await using (var db = host.OpenDb())
        {
            var now = host.Clock.GetUtcNow();
            db.InboundReceipts.Add(new InboundReceipt
            {
                Channel = ChannelNames.Telegram, MessageId = messageId, ChatId = "7111", ReceivedAt = now, HandledAt = now,
                Replies = StoredJson.Write<IReadOnlyList<OutgoingMessage>>([.. texts.Select(OutgoingMessage.Plain)]),
            });
            await db.SaveChangesAsync();
            receipts = await db.InboundReceipts.CountAsync();
        }

        var answersBefore = await CountAnswers(host);
        await host.Restart();
        await WaitReplied(host, messageId);

        // Another start sends nothing again; a new message is still answered (the service is up when we count).
        await host.Restart();
        await officer.Say("/tiendo");
        // Sent once each (Telegram may merge a plain confirmation into the next message), in order.
        foreach (var text in texts)
        {
            Assert.Single(_fake.BotMessages(7111), m => m.Text.Contains(text, StringComparison.Ordinal));
        }

        var sent = string.Join("\n", _fake.BotMessages(7111).Select(m => m.Text));
        Assert.True(sent.IndexOf(texts[0], StringComparison.Ordinal) < sent.IndexOf(texts[1], StringComparison.Ordinal), "the kept replies are sent in order");
        await using (var db = host.OpenDb())
        {
            // Nothing was handled again: no turn ran for the message (one more receipt: the new message only).
            Assert.Equal(receipts + 1, await db.InboundReceipts.CountAsync());
            Assert.Equal(answersBefore, await db.Answers.CountAsync());
            var row = await db.InboundReceipts.SingleAsync(r => r.Channel == ChannelNames.Telegram && r.MessageId == messageId);
            Assert.NotNull(row.RepliedAt);
            Assert.Null(row.Replies);
            Assert.False(await db.Outbox.AnyAsync(o => o.Address == "7111" && o.Status == OutboxStatus.Pending), "the replies went now, nothing waits in the outbox");
        }

        Assert.Empty(_fake.Violations);
    }

    [Fact]
    public async Task After_a_turn_its_receipt_is_marked_replied_and_the_kept_replies_are_cleared()
    {
        await using var host = new ServiceHost(settings: TelegramUser.Settings(_fake));
        var officer = new TelegramUser(host, _fake, 7112);
        await officer.LinkTo(Demo.HospitalOfficer);

        var id = _fake.UserSends(7112, "/baocao");
        await TelegramUser.WaitHandled(host, id);
        var key = id.ToString(CultureInfo.InvariantCulture) + ":";
        var started = Stopwatch.GetTimestamp();
        InboundReceipt row;
        while (true)
        {
            await using (var db = host.OpenDb())
            {
                row = await db.InboundReceipts.AsNoTracking().SingleAsync(r => r.Channel == ChannelNames.Telegram && r.MessageId.StartsWith(key));
            }

            if (row.RepliedAt is not null || Stopwatch.GetElapsedTime(started) > TelegramUser.Wait)
            {
                break;
            }

            await Task.Delay(20);
        }

        Assert.NotNull(row.HandledAt);
        Assert.NotNull(row.RepliedAt);
        Assert.Null(row.Replies);
        Assert.Null(row.Payload);
        Assert.Contains(_fake.BotMessages(7112), m => m.Text.Contains("Mục 1/", StringComparison.Ordinal));
    }

    private static async Task<int> CountAnswers(ServiceHost host)
    {
        await using var db = host.OpenDb();
        return await db.Answers.CountAsync();
    }

    private static async Task WaitReplied(ServiceHost host, string messageId)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            await using (var db = host.OpenDb())
            {
                if (await db.InboundReceipts.AnyAsync(r => r.Channel == ChannelNames.Telegram && r.MessageId == messageId && r.RepliedAt != null))
                {
                    return;
                }
            }

            if (Stopwatch.GetElapsedTime(started) > TelegramUser.Wait)
            {
                throw new TimeoutException($"The replies to {messageId} were not marked sent within {TelegramUser.Wait.TotalSeconds} s.");
            }

            await Task.Delay(20);
        }
    }
}
