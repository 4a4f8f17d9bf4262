using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Features.Proposals;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Proposals;

public sealed class ProposalDigestSourceTests
{
    [Fact]
    public async Task The_digest_lists_proposals_sent_since_a_time_and_older_ones_still_unanswered_within_scope()
    {
        await using var host = new ServiceHost();
        var school = new ChatDriver(host, Demo.GrassrootsOfficer);
        var hospital = new ChatDriver(host, Demo.HospitalOfficer);
        var member = new ChatDriver(host, Demo.CommitteeMember);
        var answered = await ProposalSteps.SendAsync(school, "Đã được trả lời", "Nội dung.");
        var waiting = await ProposalSteps.SendAsync(hospital, "Chưa được trả lời", "Nội dung.", "Nhà nước");
        await member.Say("/dskiennghi " + answered);
        await member.Press("Trả lời");
        await member.Say("Đã xử lý.");
        await member.Say("xong");

        host.Clock.Advance(TimeSpan.FromDays(1));
        var since = host.Clock.GetUtcNow();
        host.Clock.Advance(TimeSpan.FromHours(1));
        var fresh = await ProposalSteps.SendAsync(school, "Gửi sau mốc", "Nội dung.");

        var source = host.Get<IProposalDigestSource>();
        await using (var db = host.OpenDb())
        {
            var all = await db.Units.Select(u => u.Id).ToListAsync();
            var digest = await source.NewOrUnansweredAsync(db, all, since, CancellationToken.None);
            Assert.Equal([waiting, fresh], digest.Select(d => d.Reference));
            var first = digest[0];
            Assert.Equal(("CĐCS Bệnh viện Đa khoa tỉnh", "Nông Văn Đức", "Nhà nước", "Chưa được trả lời", "Mới"), (first.UnitName, first.SenderName, first.Addressee, first.Topic, first.Status));
            Assert.Equal(since.AddDays(-1), first.CreatedAt);

            // Only the units in scope: the health sector union's subtree holds the hospital alone.
            var health = await db.Units.SingleAsync(u => u.Name == "CĐ ngành Y tế");
            var healthScope = await Scope.SubtreeUnitIdsAsync(db, [health.Id], CancellationToken.None);
            Assert.Equal([waiting], (await source.NewOrUnansweredAsync(db, healthScope, since, CancellationToken.None)).Select(d => d.Reference));
        }

        // A reply from the sender makes the answered one wait again; closing takes an old one out.
        await school.Say("/kiennghi " + answered);
        await school.Press("Phản hồi");
        await school.Say("Chưa đúng ý, đề nghị xem lại.");
        await school.Say("xong");
        await member.Say("/dskiennghi " + waiting);
        await member.Press("Đóng kiến nghị");
        await member.Press("Đóng, không ghi chú");
        await using (var db = host.OpenDb())
        {
            var all = await db.Units.Select(u => u.Id).ToListAsync();
            var digest = await source.NewOrUnansweredAsync(db, all, since, CancellationToken.None);
            Assert.Equal([answered, fresh], digest.Select(d => d.Reference));
            Assert.Equal("Đã trả lời", digest[0].Status);
        }

        await member.Say("/dskiennghi");
        Assert.Contains("Chưa có câu trả lời (kể cả phản hồi mới của người kiến nghị): 2", member.LastText, StringComparison.Ordinal);
    }
}
