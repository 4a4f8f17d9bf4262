using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using UnionReview.Channels.Tests.Zalo.Fake;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Zalo;

/// <summary>
/// Replies a Zalo turn kept with its receipt when the process stopped before they went out are sent at the next
/// start, once, rendered as Zalo reads them (choices numbered, and the numbers keep their meaning).
/// </summary>
public sealed class ZaloReplyResumeTests : IAsyncLifetime
{
    private FakeZaloApi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeZaloApi.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Kept_replies_are_sent_once_at_the_next_start_rendered_for_text()
    {
        await using var host = new ServiceHost(settings: ZaloUser.Settings(_fake, "Polling"), kestrel: true);
        var officer = new ZaloUser(host, _fake, "z-resume");
        await officer.LinkTo(Demo.HospitalOfficer);

        const string messageId = "zmsg-kept-1";
        const string first = "Đã ghi nhận câu trả lời của đồng chí.";
        const string second = "Đồng chí chọn cách tiếp tục:";
        await using (var db = host.OpenDb())
        {
            var now = host.Clock.GetUtcNow();
            db.InboundReceipts.Add(new InboundReceipt
            {
                Channel = ChannelNames.Zalo, MessageId = messageId, ChatId = "z-resume", ReceivedAt = now, HandledAt = now,
                Replies = StoredJson.Write<IReadOnlyList<OutgoingMessage>>(
                    [OutgoingMessage.Plain(first), new OutgoingMessage(second, [[new ChatButton("Tiếp tục báo cáo", "continue")]])]),
            });
            await db.SaveChangesAsync();
        }

        var answersBefore = await CountAnswers(host);
        await host.Restart();
        await WaitReplied(host, messageId);
        await host.Restart();
        await officer.Say("/tiendo");

        var texts = _fake.BotMessages("z-resume").Select(m => m.Text).ToList();
        Assert.Single(texts, t => t.Contains(first, StringComparison.Ordinal));
        var menu = Assert.Single(texts, t => t.Contains(second, StringComparison.Ordinal));
        Assert.Contains("1. Tiếp tục báo cáo", menu, StringComparison.Ordinal);
        Assert.True(texts.FindIndex(t => t.Contains(first, StringComparison.Ordinal)) < texts.FindIndex(t => t.Contains(second, StringComparison.Ordinal)), "in order");
        await using (var db = host.OpenDb())
        {
            Assert.Equal(answersBefore, await db.Answers.CountAsync());
            var row = await db.InboundReceipts.SingleAsync(r => r.Channel == ChannelNames.Zalo && r.MessageId == messageId);
            Assert.NotNull(row.RepliedAt);
            Assert.Null(row.Replies);
        }

        Assert.Empty(_fake.Violations);
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
                if (await db.InboundReceipts.AnyAsync(r => r.Channel == ChannelNames.Zalo && r.MessageId == messageId && r.RepliedAt != null))
                {
                    return;
                }
            }

            if (Stopwatch.GetElapsedTime(started) > ZaloUser.Wait)
            {
                throw new TimeoutException($"The replies to {messageId} were not marked sent within {ZaloUser.Wait.TotalSeconds} s.");
            }

            await Task.Delay(20);
        }
    }
}
