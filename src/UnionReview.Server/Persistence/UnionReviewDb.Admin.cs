using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Features.WebApp;

namespace UnionReview.Server.Persistence;

public sealed partial class UnionReviewDb
{
    public DbSet<UnitRetirement> UnitRetirements => Set<UnitRetirement>();
}
