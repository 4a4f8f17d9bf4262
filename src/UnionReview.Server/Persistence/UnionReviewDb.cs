using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace UnionReview.Server.Persistence;

/// <summary>
/// The database. Entity configurations live next to their features and are picked up from this assembly;
/// the schema itself is created by the SQL scripts in Persistence/Migrations (see <see cref="SchemaMigrator"/>).
/// </summary>
public sealed partial class UnionReviewDb(DbContextOptions<UnionReviewDb> options) : DbContext(options)
{
    public DbSet<UnitLevel> UnitLevels => Set<UnitLevel>();
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<ChannelAccount> ChannelAccounts => Set<ChannelAccount>();
    public DbSet<InviteCode> InviteCodes => Set<InviteCode>();
    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<CampaignDeadline> CampaignDeadlines => Set<CampaignDeadline>();
    public DbSet<CampaignUnit> CampaignUnits => Set<CampaignUnit>();
    public DbSet<IndicatorTarget> IndicatorTargets => Set<IndicatorTarget>();
    public DbSet<Report> Reports => Set<Report>();
    public DbSet<Answer> Answers => Set<Answer>();
    public DbSet<AnswerRevision> AnswerRevisions => Set<AnswerRevision>();
    public DbSet<ReportEvent> ReportEvents => Set<ReportEvent>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<InboundReceipt> InboundReceipts => Set<InboundReceipt>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<KeyValueEntry> KeyValues => Set<KeyValueEntry>();
    public DbSet<DataVersion> DataVersions => Set<DataVersion>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (RaiseVersions())
        {
            DataVersions.Find(DataVersion.Reference)!.Version++;
        }

        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (RaiseVersions())
        {
            (await DataVersions.FindAsync([DataVersion.Reference], cancellationToken))!.Version++;
        }

        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// Raises the version of every changed <see cref="IVersioned"/> row, so a turn prepared from an older read fails
    /// its concurrency check; returns whether reference data changed (the caller raises its counter).
    /// </summary>
    private bool RaiseVersions()
    {
        var referenceChanged = false;
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Modified && entry.Entity is IVersioned versioned)
            {
                RowVersions.Raise(versioned);
            }

            referenceChanged |= entry.Entity is IReferenceData && entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted;
        }

        return referenceChanged;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // SQLite cannot compare DateTimeOffset text; Unix milliseconds order and compare correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UnixMillisecondsConverter>();
        configurationBuilder.Properties<Enum>().HaveConversion<string>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(UnionReviewDb).Assembly);
    }

    private sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.ToUnixTimeMilliseconds(),
        v => DateTimeOffset.FromUnixTimeMilliseconds(v));
}
