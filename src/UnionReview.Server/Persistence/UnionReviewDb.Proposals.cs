using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Features.Proposals;

namespace UnionReview.Server.Persistence;

public sealed partial class UnionReviewDb
{
    public DbSet<Proposal> Proposals => Set<Proposal>();
    public DbSet<ProposalStatusChange> ProposalStatusChanges => Set<ProposalStatusChange>();
    public DbSet<ProposalMessage> ProposalMessages => Set<ProposalMessage>();
    public DbSet<ProposalDraft> ProposalDrafts => Set<ProposalDraft>();
}
