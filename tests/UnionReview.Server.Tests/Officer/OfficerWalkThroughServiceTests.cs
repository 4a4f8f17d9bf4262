using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Officer;

/// <summary>Officer-side defects found walking through the service, checked on a real SQLite file.</summary>
public sealed class OfficerWalkThroughServiceTests
{
    [Fact]
    public async Task An_officer_past_the_deadline_is_told_the_report_is_late_in_the_greeting_and_in_progress()
    {
        // The demo grassroots deadline is 25/11; the clock is on 28/11.
        await using var host = new ServiceHost(new TestClock(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero)));
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        await officer.Say("/baocao");
        Assert.Contains("Báo cáo đã quá hạn 3 ngày (hạn nộp: 25/11/2026)", officer.LastText, StringComparison.Ordinal);

        await officer.Say("/tiendo");
        Assert.Contains("Báo cáo đã quá hạn 3 ngày (hạn nộp: 25/11/2026)", officer.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Before_the_deadline_only_the_deadline_is_shown()
    {
        await using var host = new ServiceHost();
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        await officer.Say("/tiendo");
        Assert.Contains("Hạn nộp: 25/11/2026.", officer.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("quá hạn", officer.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_while_a_proposal_draft_is_open_discards_the_draft()
    {
        await using var host = new ServiceHost();
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        await officer.Say("/kiennghi");
        await officer.Press("Nhà nước");
        await officer.Say("Chính sách tiền lương");
        await officer.Say("Đề nghị điều chỉnh lương cơ sở.");
        await using (var db = host.OpenDb())
        {
            Assert.Single(await db.ProposalDrafts.ToListAsync());
        }

        await officer.Say("/huy");
        Assert.Contains("bản nháp kiến nghị", officer.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("Không có việc gì", officer.LastText, StringComparison.Ordinal);
        await using (var db = host.OpenDb())
        {
            Assert.Empty(await db.ProposalDrafts.ToListAsync());
            Assert.Empty(await db.Proposals.ToListAsync());
        }

        // With nothing open, /huy goes back to the report as before.
        await officer.Say("/huy");
        Assert.Contains("Không có việc gì đang chờ", officer.LastText, StringComparison.Ordinal);
    }
}
