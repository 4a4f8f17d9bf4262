using Microsoft.EntityFrameworkCore;
using UnionReview.Channels.Tests.Zalo.Fake;
using UnionReview.Dialogs.Engine;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Tests.Infrastructure;
using static UnionReview.Server.Tests.Schedules.ScheduleSteps;

namespace UnionReview.Server.Tests.Zalo;

/// <summary>The committee's /donvi on Zalo, which has no buttons: every button is a numbered line to type.</summary>
public sealed class ZaloCommitteeReadingTests : IAsyncLifetime
{
    private FakeZaloApi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeZaloApi.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task A_member_on_zalo_reads_a_report_by_typing_numbers_reminds_a_unit_and_returns_the_report()
    {
        var port = ServiceHost.FreePort();
        await using var host = new ServiceHost(settings: ZaloUser.Settings(_fake, "Webhook", $"http://127.0.0.1:{port}/api/zalo/webhook", "bi-mat-webhook-zalo-42"), kestrel: true, port: port);
        await FakeZaloApi.WaitUntilAsync(() => _fake.WebhookUrl is not null, ZaloUser.Wait, "setWebhook");
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        await officer.Say("/baocao");
        await Answerer.AnswerAll(host, officer, Demo.GrassrootsOfficer);
        await officer.Say("/nop");
        await officer.Press("Xác nhận nộp");
        await LinkAsync(host, Demo.UpperLevelOfficer);
        var sections = host.Get<OutlineCatalog>().Get("so-ket-giua-nhiem-ky").Sections;

        var member = new ZaloUser(host, _fake, "z-committee");
        await member.LinkTo(Demo.CommitteeMember);
        await member.Say("/donvi");
        Assert.Contains("1/20 đơn vị đã nộp", member.LastText, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\d+\. CĐCS THPT TP$", member.LastText);
        Assert.Matches(@"(?m)^\d+\. Trang sau ▶️$", member.LastText);

        await member.Press("CĐCS THPT TP");
        Assert.Contains("Nộp lúc", member.LastText, StringComparison.Ordinal);
        Assert.Contains($"mục 1/{sections.Count}", member.LastText, StringComparison.Ordinal);
        Assert.Contains(sections[0].Label, member.LastText, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^1\. Mục sau ▶️$", member.LastText);
        Assert.All(member.Last, m => Assert.True(m.Text.Length <= 2000, $"{m.Text.Length}"));

        await member.Press("Mục sau");
        Assert.Contains($"mục 2/{sections.Count}", member.LastText, StringComparison.Ordinal);
        Assert.Contains(sections[1].Label, member.LastText, StringComparison.Ordinal);
        await member.Press("Mục trước");
        Assert.Contains($"mục 1/{sections.Count}", member.LastText, StringComparison.Ordinal);

        // Return for revision, the reason typed after the numbered choice.
        await member.Press("Trả lại để chỉnh sửa");
        Assert.Contains("nhập ý kiến, lý do trả lại", member.LastText, StringComparison.Ordinal);
        await member.Say("Đề nghị bổ sung kết quả thi đua năm 2026.");
        Assert.Contains("Đã trả lại báo cáo của CĐCS Trường THPT Thành phố Cao Bằng", member.LastText, StringComparison.Ordinal);
        await using (var db = host.OpenDb())
        {
            var report = await db.Reports.SingleAsync();
            Assert.Equal(ReportStatus.Returned, report.Status);
            Assert.Equal("Đề nghị bổ sung kết quả thi đua năm 2026.", report.ReturnNote);
        }

        Assert.Contains(await MessagesForAsync(host, Demo.GrassrootsOfficer), m => m.Text.Contains("Ý kiến: Đề nghị bổ sung kết quả thi đua năm 2026.", StringComparison.Ordinal));

        // Remind now, by typing the number of "Nhắc ngay".
        await member.Press("Danh sách đơn vị");
        await member.Press("LĐLĐ Phục Hòa");
        Assert.Contains("🏢 LĐLĐ Phục Hòa", member.LastText, StringComparison.Ordinal);
        await member.Press("Nhắc ngay");
        Assert.Contains("🔔 Đã nhắc LĐLĐ Phục Hòa: lời nhắc đã gửi tới 1 cán bộ (Hoàng Thị Bình).", member.LastText, StringComparison.Ordinal);
        Assert.Single(await MessagesForAsync(host, Demo.UpperLevelOfficer));
    }
}
