using System.Text;
using Microsoft.EntityFrameworkCore;
using UnionReview.Channels.Tests.BotFramework.Fakes;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Schedules;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.BotFramework;


public sealed class BotFrameworkProactiveTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private FakeBotFrameworkCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await FakeBotFrameworkCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private static async Task SubmitHospitalReport(ServiceHost host)
    {
        var officer = new ChatDriver(host, Demo.HospitalOfficer);
        await officer.Say("/baocao");
        await Answerer.AnswerAll(host, officer, Demo.HospitalOfficer);
        await officer.Say("/nop");
        await officer.Press("Xác nhận nộp");
        Assert.Contains("Đã nộp báo cáo", officer.LastText, StringComparison.Ordinal);
    }

    private static async Task<OutboxMessage> WaitForAttempt(ServiceHost host, int attempts)
    {
        using var cts = new CancellationTokenSource(Wait);
        while (true)
        {
            await using (var db = host.OpenDb())
            {
                if (await db.Outbox.AsNoTracking().SingleOrDefaultAsync(o => o.Channel == ChannelNames.BotFramework && o.Attempts >= attempts) is { } row)
                {
                    return row;
                }
            }

            cts.Token.ThrowIfCancellationRequested();
            await Task.Delay(25, CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_committee_notice_of_a_submitted_report_reaches_bot_framework_after_a_restart()
    {
        await using var host = new ServiceHost(kestrel: true);
        using (var http = new HttpClient { BaseAddress = host.BaseAddress })
        {
            await BotFrameworkChannelTests.Linked(host, http, _cloud, Demo.CommitteeMember, "emu-committee");
        }

        _cloud.FailNext(503);
        await SubmitHospitalReport(host);
        var failed = await WaitForAttempt(host, 1);
        Assert.Equal(OutboxStatus.Pending, failed.Status);
        Assert.Contains("503", failed.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(_cloud.Activities, a => a.Text?.Contains("đã nộp báo cáo", StringComparison.Ordinal) == true);

        await host.Restart();
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var notice = await _cloud.WaitForActivityAsync(a => a.Text?.Contains("đã nộp báo cáo", StringComparison.Ordinal) == true, Wait);

        Assert.Contains("CĐCS Bệnh viện Đa khoa tỉnh", notice.Text, StringComparison.Ordinal);
        Assert.Null(notice.ReplyToId);
        Assert.Equal("conv-emu-committee", notice.ConversationId);
        Assert.Equal("emu-committee", notice.Path("recipient", "id"));
        Assert.Equal("bot-1", notice.Path("from", "id"));
        var sent = await WaitForAttempt(host, 2);
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.Single(_cloud.Activities, a => a.Text?.Contains("đã nộp báo cáo", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_deadline_reminder_reaches_an_officer_on_bot_framework_after_a_restart_with_a_button_to_continue()
    {
        await using var host = new ServiceHost(kestrel: true);
        using (var http = new HttpClient { BaseAddress = host.BaseAddress })
        {
            await BotFrameworkChannelTests.Linked(host, http, _cloud, Demo.GrassrootsOfficer, "emu-school");
        }

        // The service restarts; the next morning, one day before the grassroots deadline (25/11), the reminder job runs.
        await host.Restart();
        host.Clock.Set(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.FromHours(7)));
        var run = await host.Get<ScheduleRunner>().RunRemindersAsync(CancellationToken.None);
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var reminder = await _cloud.WaitForActivityAsync(a => a.Text?.Contains("Nhắc hạn nộp báo cáo", StringComparison.Ordinal) == true, Wait);

        Assert.Contains("CĐCS Trường THPT Thành phố Cao Bằng", reminder.Text, StringComparison.Ordinal);
        Assert.Null(reminder.ReplyToId);
        Assert.Equal("conv-emu-school", reminder.ConversationId);
        Assert.Equal("emu-school", reminder.Path("recipient", "id"));
        Assert.NotEqual(0, run.Occasions);
        Assert.NotEmpty(reminder.SuggestedActions);

        // Running the job again the same day sends nothing more.
        await host.Get<ScheduleRunner>().RunRemindersAsync(CancellationToken.None);
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(500);
        Assert.Single(_cloud.Activities, a => a.Text?.Contains("Nhắc hạn nộp báo cáo", StringComparison.Ordinal) == true && a.ConversationId == "conv-emu-school");
    }

    [Fact]
    public async Task A_throttled_proactive_message_waits_as_the_connector_asks_and_then_arrives()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        await BotFrameworkChannelTests.Linked(host, http, _cloud, Demo.CommitteeMember, "emu-throttled");
        _cloud.FailNext(429, retryAfterSeconds: 30);
        var throttledAt = host.Clock.GetUtcNow();
        await SubmitHospitalReport(host);

        var row = await WaitForAttempt(host, 1);
        Assert.Contains("429", row.LastError, StringComparison.Ordinal);
        var wait = row.NextAttemptAt - throttledAt;
        Assert.InRange(wait, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(36.5));

        host.Clock.Advance(TimeSpan.FromSeconds(40));
        await _cloud.WaitForActivityAsync(a => a.Text?.Contains("đã nộp báo cáo", StringComparison.Ordinal) == true, Wait);
        Assert.Equal(OutboxStatus.Sent, (await WaitForAttempt(host, 2)).Status);
    }

    [Fact]
    public async Task A_user_who_removed_the_bot_is_marked_unreachable_and_not_retried()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        await BotFrameworkChannelTests.Linked(host, http, _cloud, Demo.CommitteeMember, "emu-gone");
        _cloud.FailNext(403);
        await SubmitHospitalReport(host);

        var row = await WaitForAttempt(host, 1);
        Assert.Equal(OutboxStatus.Failed, row.Status);
        await using var db = host.OpenDb();
        Assert.True((await db.ChannelAccounts.SingleAsync(a => a.Channel == ChannelNames.BotFramework)).Unreachable);
    }

    [Fact]
    public async Task Documents_travel_inline_when_small_uploaded_when_large_and_explained_when_the_channel_cannot_take_them()
    {
        await using var host = new ServiceHost(kestrel: true, settings: new Dictionary<string, string?> { ["BotFramework:InlineDocumentMaxBytes"] = "1000" });
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        await BotFrameworkChannelTests.Linked(host, http, _cloud, Demo.CommitteeMember, "emu-docs");
        const string docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        var small = new OutgoingMessage("📄 Báo cáo tổng hợp (bản nhỏ)", [], new ChatDocument("bao-cao-nho.docx", docx, Encoding.UTF8.GetBytes("nhỏ")));
        var large = new OutgoingMessage("📄 Báo cáo tổng hợp (bản lớn)", [], new ChatDocument("bao-cao-lon.docx", docx, new byte[5000]));
        await Enqueue(host, small, "doc-small");
        var inline = await _cloud.WaitForActivityAsync(a => a.Text?.Contains("bản nhỏ", StringComparison.Ordinal) == true, Wait);
        var file = Assert.Single(inline.Attachments);
        Assert.Equal("bao-cao-nho.docx", file.GetProperty("name").GetString());
        Assert.Equal($"data:{docx};base64,{Convert.ToBase64String(Encoding.UTF8.GetBytes("nhỏ"))}", file.GetProperty("contentUrl").GetString());

        await Enqueue(host, large, "doc-large");
        var uploaded = await _cloud.WaitForActivityAsync(a => a.Text?.Contains("bản lớn", StringComparison.Ordinal) == true, Wait);
        Assert.Equal(_cloud.ServiceUrl + "/v3/attachments/att-1/views/original", Assert.Single(uploaded.Attachments).GetProperty("contentUrl").GetString());
        Assert.Equal(5000, Convert.FromBase64String(Assert.Single(_cloud.Uploads).GetProperty("originalBase64").GetString()!).Length);

        _cloud.UploadsSupported = false;
        await Enqueue(host, large with { Text = "📄 Báo cáo tổng hợp (lần hai)" }, "doc-refused");
        var refused = await _cloud.WaitForActivityAsync(a => a.Text?.Contains("lần hai", StringComparison.Ordinal) == true, Wait);
        Assert.Empty(refused.Attachments);
        Assert.Contains("Không gửi được tệp bao-cao-lon.docx", refused.Text, StringComparison.Ordinal);
    }

    private static async Task Enqueue(ServiceHost host, OutgoingMessage message, string key)
    {
        await using var db = host.OpenDb();
        Assert.True(await host.Get<OutboxWriter>().EnqueueForPersonAsync(db, Demo.CommitteeMember, message, key, CancellationToken.None));
        await db.SaveChangesAsync();
    }
}
