using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace UnionReview.Server.Features.Schedules;

/// <summary>
/// One proactive occasion that has been handled (a reminder for a unit on a day, an escalation to a parent unit,
/// a person's daily digest). Its key makes the same occasion impossible to handle twice, across restarts and
/// across processes sharing the database.
/// </summary>
public sealed class ScheduleOccasion
{
    /// <summary>"reminder:{campaign}:{unit}:{yyyy-MM-dd}", "escalation:{campaign}:{unit}:{date}", "digest:{person}:{date}".</summary>
    public required string Key { get; set; }
    public required string Kind { get; set; }
    public int? CampaignId { get; set; }
    public int? UnitId { get; set; }
    public int? PersonId { get; set; }
    /// <summary>The local day (schedule time zone) the occasion belongs to.</summary>
    public DateOnly LocalDate { get; set; }
    /// <summary>Why it was due ("before:3", "overdue:2", "daily", "catch-up").</summary>
    public string? Detail { get; set; }
    /// <summary>Messages queued for it (0 when nobody had a reachable chat).</summary>
    public int Recipients { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A schedule (reminders, digest): its time of day and when it last ran, kept so a restart knows what it missed.</summary>
public sealed class ScheduleRecord
{
    public required string Name { get; set; }
    /// <summary>"HH:mm" in <see cref="TimeZone"/>.</summary>
    public required string LocalTime { get; set; }
    public required string TimeZone { get; set; }
    public bool Enabled { get; set; }
    public DateTimeOffset? LastRunAt { get; set; }
    public DateOnly? LastRunLocalDate { get; set; }
    public string? LastResult { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A committee member's choice about the daily digest (absent: receives it).</summary>
public sealed class DigestPreference
{
    public int PersonId { get; set; }
    public bool DailyDigest { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A document a person asked for in chat, kept until it is queued for them.</summary>
public sealed class DocumentRequestRow
{
    public long Id { get; set; }
    public int PersonId { get; set; }
    /// <summary>"Report" or "IndicatorTables".</summary>
    public required string Kind { get; set; }
    /// <summary>The units whose subtrees the document covers, comma-separated.</summary>
    public required string RootUnitIds { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
}

internal sealed class DocumentRequestConfiguration : IEntityTypeConfiguration<DocumentRequestRow>
{
    public void Configure(EntityTypeBuilder<DocumentRequestRow> b)
    {
        b.ToTable("document_requests");
        b.HasKey(r => r.Id);
        b.HasIndex(r => r.DeliveredAt);
    }
}

internal sealed class ScheduleOccasionConfiguration : IEntityTypeConfiguration<ScheduleOccasion>
{
    public void Configure(EntityTypeBuilder<ScheduleOccasion> b)
    {
        b.ToTable("schedule_occasions");
        b.HasKey(o => o.Key);
        b.HasIndex(o => new { o.Kind, o.LocalDate });
        b.HasIndex(o => new { o.PersonId, o.Kind });
    }
}

internal sealed class ScheduleRecordConfiguration : IEntityTypeConfiguration<ScheduleRecord>
{
    public void Configure(EntityTypeBuilder<ScheduleRecord> b)
    {
        b.ToTable("schedules");
        b.HasKey(s => s.Name);
    }
}

internal sealed class DigestPreferenceConfiguration : IEntityTypeConfiguration<DigestPreference>
{
    public void Configure(EntityTypeBuilder<DigestPreference> b)
    {
        b.ToTable("digest_preferences");
        b.HasKey(p => p.PersonId);
        b.Property(p => p.PersonId).ValueGeneratedNever();
    }
}
