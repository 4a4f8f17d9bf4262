using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Proposals;

/// <summary>
/// Proposals of the units in scope that were sent since <c>since</c>, together with every older one still
/// waiting for the committee (new, forwarded, or with a reply from the sender not yet answered), oldest first.
/// </summary>
internal sealed class ProposalDigestSource : IProposalDigestSource
{
    public async Task<IReadOnlyList<ProposalSummary>> NewOrUnansweredAsync(UnionReviewDb db, IReadOnlyCollection<int> scopeUnitIds, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scopeUnitIds);
        var scope = scopeUnitIds.ToList();
        var inScope = db.Proposals.Where(p => scope.Contains(p.UnitId));
        var waiting = CommitteeInbox.Awaiting(inScope).Select(p => p.Id);
        var rows = await (from p in inScope
                          join u in db.Units on p.UnitId equals u.Id
                          join s in db.People on p.SenderId equals s.Id
                          where p.CreatedAt >= since || waiting.Contains(p.Id)
                          orderby p.CreatedAt, p.Id
                          select new { p.Reference, Unit = u.Name, Sender = s.FullName, p.Addressee, p.Topic, p.Status, p.CreatedAt })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new ProposalSummary(r.Reference, r.Unit, r.Sender, ProposalTexts.AddresseeName(r.Addressee), r.Topic, ProposalTexts.StatusName(r.Status), r.CreatedAt))];
    }
}
