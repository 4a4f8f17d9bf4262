using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Indicators;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Indicators;

public sealed class CampaignChoiceTests
{
    private static async Task<Dictionary<string, int>> ReportsOfPhucHoaAsync(ServiceHost host)
    {
        await using var db = host.OpenDb();
        return await (from r in db.Reports
                      join c in db.Campaigns on r.CampaignId equals c.Id
                      join u in db.Units on r.UnitId equals u.Id
                      where u.Name == "LĐLĐ Phục Hòa"
                      select new { c.OutlineId, r.Id }).ToDictionaryAsync(x => x.OutlineId, x => x.Id);
    }

    [Fact]
    public async Task An_officer_in_two_active_campaigns_chooses_one_and_the_choice_is_remembered_across_a_restart()
    {
        await using var host = SeedTablesAcceptanceTests.DemoHost();
        var officer = new ChatDriver(host, Demo.UpperLevelOfficer);
        await officer.Say("/baocao");
        Assert.Contains("LĐLĐ Phục Hòa đang tham gia 2 đợt báo cáo", officer.LastText, StringComparison.Ordinal);
        Assert.Contains(IndicatorDemoSeeder.CampaignName, officer.LastText, StringComparison.Ordinal);
        Assert.Contains("Sơ kết giữa nhiệm kỳ", officer.LastText, StringComparison.Ordinal);

        await officer.Press("Hội nghị BCH");
        Assert.Contains("📋 Đồng chí đang làm: " + IndicatorDemoSeeder.CampaignName, officer.LastText, StringComparison.Ordinal);
        Assert.Contains("Báo cáo dự thảo đã đánh giá khách quan", officer.LastText, StringComparison.Ordinal);
        await officer.Say("Nhất trí với dự thảo.");
        await officer.Say("xong");

        // Ordinary messages stay with the chosen report; /baocao offers the choice again, marking the current one.
        await officer.Say("/baocao");
        Assert.Contains("– LĐLĐ Phục Hòa (đang làm)", officer.LastText, StringComparison.Ordinal);
        await officer.Press("Sơ kết giữa nhiệm kỳ");
        Assert.Contains("Báo cáo sơ kết giữa nhiệm kỳ", officer.LastText, StringComparison.Ordinal);
        await officer.Say("Thuận lợi: được cấp ủy quan tâm.");

        await host.Restart();
        officer = new ChatDriver(host, Demo.UpperLevelOfficer);
        await officer.Say("xong");
        Assert.Contains("Đã lưu câu trả lời", officer.LastText, StringComparison.Ordinal);

        var reports = await ReportsOfPhucHoaAsync(host);
        await using var db = host.OpenDb();
        var midTerm = await db.Answers.Where(a => a.ReportId == reports["so-ket-giua-nhiem-ky"]).Select(a => a.QuestionId).ToListAsync();
        Assert.Equal(["thuan-loi-kho-khan"], midTerm);
        var guide = await db.Answers.Where(a => a.ReportId == reports["thao-luan-hoi-nghi-bch"]).Select(a => a.QuestionId).ToListAsync();
        Assert.Contains("y-kien-du-thao", guide);
        Assert.DoesNotContain("thuan-loi-kho-khan", guide);
        Assert.Equal(reports["so-ket-giua-nhiem-ky"], (await db.Conversations.SingleAsync(c => c.PersonId == Demo.UpperLevelOfficer)).ReportId);
    }

    [Fact]
    public async Task The_first_message_before_any_choice_shows_the_choice_and_a_half_written_answer_is_kept_when_switching()
    {
        await using var host = SeedTablesAcceptanceTests.DemoHost();
        var officer = new ChatDriver(host, Demo.UpperLevelOfficer);
        await officer.Say("Xin chào");
        Assert.Contains("Đồng chí muốn làm báo cáo nào?", officer.LastText, StringComparison.Ordinal);
        await officer.Press("Sơ kết giữa nhiệm kỳ");
        await officer.Say("Thuận lợi: đoàn viên đoàn kết.");
        await officer.Say("/baocao");
        await officer.Press("Hội nghị BCH");

        var reports = await ReportsOfPhucHoaAsync(host);
        await using var db = host.OpenDb();
        var kept = await db.Answers.SingleAsync(a => a.ReportId == reports["so-ket-giua-nhiem-ky"] && a.QuestionId == "thuan-loi-kho-khan");
        Assert.Equal("Thuận lợi: đoàn viên đoàn kết.", StoredJson.Read<AnswerValue>(kept.Value).Text);
        var state = StoredJson.Read<DialogState>((await db.Conversations.SingleAsync(c => c.PersonId == Demo.UpperLevelOfficer)).DialogState);
        Assert.Equal("y-kien-du-thao", state.QuestionId);
        Assert.Null(state.Draft);
    }

    [Fact]
    public async Task An_officer_with_one_campaign_is_not_asked_and_a_stale_choice_changes_nothing()
    {
        await using var host = SeedTablesAcceptanceTests.DemoHost();
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        await officer.Say("/baocao");
        Assert.DoesNotContain("Đồng chí muốn làm báo cáo nào?", officer.LastText, StringComparison.Ordinal);
        Assert.Contains("Báo cáo sơ kết giữa nhiệm kỳ", officer.LastText, StringComparison.Ordinal);

        await officer.Send(IncomingInput.FromButton("bc:2:2"));
        Assert.Contains("không còn mở cho đơn vị của đồng chí", officer.LastText, StringComparison.Ordinal);
        await using var db = host.OpenDb();
        var conversation = await db.Conversations.SingleAsync(c => c.PersonId == Demo.GrassrootsOfficer);
        var report = await db.Reports.SingleAsync(r => r.Id == conversation.ReportId);
        Assert.Equal("so-ket-giua-nhiem-ky", (await db.Campaigns.SingleAsync(c => c.Id == report.CampaignId)).OutlineId);
    }
}
