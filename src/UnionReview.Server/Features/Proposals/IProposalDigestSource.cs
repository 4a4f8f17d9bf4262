using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Proposals;

/// <summary>A proposal as the committee's digest lists it.</summary>
public sealed record ProposalSummary(string Reference, string UnitName, string SenderName, string Addressee, string Topic, string Status, DateTimeOffset CreatedAt);

/// <summary>Proposals for the committee's digest: new since a time, or still without an answer.</summary>
public interface IProposalDigestSource
{
    Task<IReadOnlyList<ProposalSummary>> NewOrUnansweredAsync(UnionReviewDb db, IReadOnlyCollection<int> scopeUnitIds, DateTimeOffset since, CancellationToken cancellationToken);
}
