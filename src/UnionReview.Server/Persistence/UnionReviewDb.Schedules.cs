using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Features.Schedules;

namespace UnionReview.Server.Persistence;

public sealed partial class UnionReviewDb
{
    public DbSet<ScheduleOccasion> ScheduleOccasions => Set<ScheduleOccasion>();
    public DbSet<ScheduleRecord> Schedules => Set<ScheduleRecord>();
    public DbSet<DigestPreference> DigestPreferences => Set<DigestPreference>();
    public DbSet<DocumentRequestRow> DocumentRequests => Set<DocumentRequestRow>();
}
