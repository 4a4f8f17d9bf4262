using Microsoft.EntityFrameworkCore;
using UnionReview.Channels.Tests.Zalo.Fake;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Outbox;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Zalo;

/// <summary>Messages the service sends first (answers to proposals) reaching Zalo through the outbox; polling mode; a restart.</summary>
public sealed class ZaloProactiveTests : IAsyncLifetime
{
    private FakeZaloApi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeZaloApi.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task A_proposal_typed_in_zalo_is_answered_and_the_answer_reaches_zalo_through_the_outbox_after_a_quota_refusal()
    {
        var port = ServiceHost.FreePort();
        await using var host = new ServiceHost(settings: ZaloUser.Settings(_fake, "Webhook", $"http://127.0.0.1:{port}/api/zalo/webhook", "bi-mat-webhook-zalo-42"), kestrel: true, port: port);
        await FakeZaloApi.WaitUntilAsync(() => _fake.WebhookUrl is not null, ZaloUser.Wait, "setWebhook");
        var officer = new ZaloUser(host, _fake, "z-officer");
        await officer.LinkTo(Demo.GrassrootsOfficer);

        await officer.Say("/kiennghi");
        await officer.Press("Liên đoàn Lao động tỉnh");
        await officer.Say("Nhà ở cho giáo viên trẻ");
        await officer.Say("Đề nghị bố trí nhà công vụ cho giáo viên trẻ.");
        await officer.Say("xong");
        Assert.Contains("Kiểm tra lại trước khi gửi", officer.LastText, StringComparison.Ordinal);
        await officer.Press("Gửi kiến nghị");
        Assert.Contains("Đã gửi kiến nghị số KN-2026-0001", officer.LastText, StringComparison.Ordinal);

        var member = new ChatDriver(host, Demo.CommitteeMember);
        await member.Say("/dskiennghi KN-2026-0001");
        await member.Press("Trả lời");
        _fake.RefuseNextSends = 1;
        await member.Say("Ban Thường vụ đã làm việc với UBND thành phố.");
        await member.Say("xong");

        // The first attempt is refused with 429: the message waits in the outbox for the quota wait, then goes.
        await FakeZaloApi.WaitUntilAsync(() => _fake.TooManyRequests == 1, ZaloUser.Wait, "the refused send");
        await using (var db = host.OpenDb())
        {
            var queued = await db.Outbox.SingleAsync(o => o.Channel == ChannelNames.Zalo);
            await FakeZaloApi.WaitUntilAsync(() => host.OpenDb().Outbox.Any(o => o.Id == queued.Id && o.Attempts == 1), ZaloUser.Wait, "the recorded attempt");
        }

        host.Clock.Advance(TimeSpan.FromSeconds(31));
        await FakeZaloApi.WaitUntilAsync(() => _fake.BotMessages("z-officer").Any(m => m.Text.Contains("Kiến nghị KN-2026-0001", StringComparison.Ordinal) && m.Text.Contains("đã có câu trả lời", StringComparison.Ordinal)), ZaloUser.Wait, "the answer in Zalo");
        var answer = _fake.BotMessages("z-officer").Last(m => m.Text.Contains("đã có câu trả lời", StringComparison.Ordinal));
        Assert.Contains("Ban Thường vụ đã làm việc với UBND thành phố.", answer.Text, StringComparison.Ordinal);
        Assert.Empty(_fake.Violations);
        // The dispatcher records the send just after Zalo has it: wait for the row rather than race it.
        await FakeZaloApi.WaitUntilAsync(() => host.OpenDb().Outbox.Single(o => o.Channel == ChannelNames.Zalo).Status == OutboxStatus.Sent, ZaloUser.Wait, "the message marked sent");
    }

    [Fact]
    public async Task In_polling_mode_messages_come_one_per_call_and_a_typed_number_means_the_same_after_a_restart()
    {
        await using var host = new ServiceHost(settings: ZaloUser.Settings(_fake, "Polling"), kestrel: true);
        var officer = new ZaloUser(host, _fake, "z-poll");
        await officer.LinkTo(Demo.HospitalOfficer);
        await officer.Say("/baocao");
        await officer.Say("/muc");
        Assert.Contains("2. ", officer.LastText, StringComparison.Ordinal);
        var second = officer.LastText.Split('\n').First(l => l.StartsWith("2. ", StringComparison.Ordinal))[3..];

        await host.Restart();
        await officer.Say("2");
        Assert.Contains(second, officer.LastText, StringComparison.Ordinal);

        // Quiet now: the long poll ends with 408 and the service simply asks again.
        await FakeZaloApi.WaitUntilAsync(() => _fake.CallsOf("getUpdates").Count(c => c.ErrorCode == 408) >= 2, ZaloUser.Wait, "two empty long polls");
        Assert.Empty(_fake.CallsOf("setWebhook"));
        Assert.Empty(_fake.Violations);
    }

    [Fact]
    public async Task Invite_create_prints_what_to_send_to_the_zalo_bot()
    {
        await using var host = new ServiceHost(settings: ZaloUser.Settings(_fake, "Polling"));
        using var output = new StringWriter();

        var exit = await UnionReview.Server.Cli.CommandLine.RunAsync(host.Services, ["invite", "create", "--person", "3"], TextReader.Null, output, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, exit);
        await using var db = host.OpenDb();
        var code = (await db.InviteCodes.SingleAsync()).Code;
        Assert.Contains($"Zalo: Tìm bot “Bot Báo cáo Công đoàn” trên Zalo (https://zalo.me/bot-bao-cao) và gửi tin nhắn: MÃ {code}", output.ToString(), StringComparison.Ordinal);
    }
}
