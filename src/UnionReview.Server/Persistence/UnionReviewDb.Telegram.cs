using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Features.Telegram;

namespace UnionReview.Server.Persistence;

public sealed partial class UnionReviewDb
{
    public DbSet<TelegramUpdateRow> TelegramUpdates => Set<TelegramUpdateRow>();
}
