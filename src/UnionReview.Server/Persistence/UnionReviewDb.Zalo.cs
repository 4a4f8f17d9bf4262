using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Features.TextChannels;
using UnionReview.Server.Features.Zalo;

namespace UnionReview.Server.Persistence;

public sealed partial class UnionReviewDb
{
    public DbSet<ZaloUpdateRow> ZaloUpdates => Set<ZaloUpdateRow>();
    public DbSet<TextMenuRow> TextMenus => Set<TextMenuRow>();
}
