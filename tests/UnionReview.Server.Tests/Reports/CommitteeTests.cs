using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Engine;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Reports;

public sealed class CommitteeTests
{
    [Fact]
    public async Task The_committee_returns_a_submitted_report_and_the_officer_can_edit_and_resubmit()
    {
        await using var host = new ServiceHost();
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        await officer.Say("/baocao");
        await Answerer.AnswerAll(host, officer, Demo.GrassrootsOfficer);
        await officer.Say("/nop");
        await officer.Press("Xác nhận nộp");

        var committee = new ChatDriver(host, Demo.CommitteeMember);
        await committee.Say("/donvi");
        Assert.Contains("1/20 đơn vị đã nộp", committee.LastText, StringComparison.Ordinal);
        Assert.Contains("✅ CĐCS Trường THPT Thành phố Cao Bằng – đã nộp", committee.LastText, StringComparison.Ordinal);
        await committee.Press("CĐCS THPT TP");
        Assert.Contains("Nộp lúc", committee.LastText, StringComparison.Ordinal);
        await committee.Press("Trả lại để chỉnh sửa");
        await committee.Say("Bổ sung số liệu so sánh với đầu nhiệm kỳ.");
        Assert.Contains("Đã trả lại báo cáo", committee.LastText, StringComparison.Ordinal);

        await using (var db = host.OpenDb())
        {
            var report = await db.Reports.SingleAsync();
            Assert.Equal(ReportStatus.Returned, report.Status);
            Assert.Equal("Bổ sung số liệu so sánh với đầu nhiệm kỳ.", report.ReturnNote);
            Assert.Contains(await db.Outbox.Select(o => o.PersonId).ToListAsync(), p => p == Demo.GrassrootsOfficer);
        }

        await officer.Say("/baocao");
        Assert.Contains("Bổ sung số liệu so sánh với đầu nhiệm kỳ.", officer.LastText, StringComparison.Ordinal);
        await officer.Say("/nop");
        await officer.Press("Xác nhận nộp");
        await using var after = host.OpenDb();
        Assert.Equal(ReportStatus.Submitted, (await after.Reports.SingleAsync()).Status);
    }

    [Fact]
    public async Task An_officer_cannot_use_the_committee_tools()
    {
        await using var host = new ServiceHost();
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        await officer.Say("/donvi");
        Assert.Contains("Không có lệnh “/donvi”", officer.LastText, StringComparison.Ordinal);
        await officer.Send(Dialogs.Messages.IncomingInput.FromButton("cm:r:1"));
        Assert.DoesNotContain("Trạng thái", officer.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_two_active_campaigns_the_committee_chooses_which_one_to_follow()
    {
        await using var host = new ServiceHost(settings: new Dictionary<string, string?> { ["Indicators:SeedDemo"] = "true" });
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        await officer.Say("/baocao");
        await officer.Say("Thuận lợi: được cấp ủy quan tâm.");
        await officer.Say("xong");

        var committee = new ChatDriver(host, Demo.CommitteeMember);
        await committee.Say("/donvi");
        Assert.Contains("nhiều đợt báo cáo", committee.LastText, StringComparison.Ordinal);
        var choices = committee.Last.Single().Buttons.SelectMany(r => r).Select(b => b.Label).ToList();
        Assert.Equal(2, choices.Count);

        await committee.Press("Sơ kết");
        Assert.Contains("/20 đơn vị đã nộp", committee.LastText, StringComparison.Ordinal);
        Assert.Contains("CĐCS Trường THPT Thành phố Cao Bằng", committee.LastText, StringComparison.Ordinal);
        await committee.Press("CĐCS THPT TP");
        Assert.Contains("Trạng thái", committee.LastText, StringComparison.Ordinal);
        await committee.Press("Danh sách đơn vị");
        Assert.Contains("/20 đơn vị đã nộp", committee.LastText, StringComparison.Ordinal);

        await committee.Send(Dialogs.Messages.IncomingInput.FromButton("cm:list:999"));
        Assert.Contains("Nút này không còn dùng được", committee.LastText, StringComparison.Ordinal);
    }
}
