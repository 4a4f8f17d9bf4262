using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace UnionReview.Server.Persistence;

internal sealed class UnitLevelConfiguration : IEntityTypeConfiguration<UnitLevel>
{
    public void Configure(EntityTypeBuilder<UnitLevel> b) => b.ToTable("unit_levels");
}

internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> b)
    {
        b.ToTable("units");
        b.HasIndex(u => u.Path);
        b.HasIndex(u => u.ParentId);
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> b) => b.ToTable("people");
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> b)
    {
        b.ToTable("memberships");
        b.HasIndex(m => new { m.PersonId, m.UnitId, m.Role }).IsUnique();
        b.HasIndex(m => m.UnitId);
    }
}

internal sealed class ChannelAccountConfiguration : IEntityTypeConfiguration<ChannelAccount>
{
    public void Configure(EntityTypeBuilder<ChannelAccount> b)
    {
        b.ToTable("channel_accounts");
        b.HasIndex(a => new { a.Channel, a.ExternalId }).IsUnique();
        b.HasIndex(a => a.PersonId);
    }
}

internal sealed class InviteCodeConfiguration : IEntityTypeConfiguration<InviteCode>
{
    public void Configure(EntityTypeBuilder<InviteCode> b)
    {
        b.ToTable("invite_codes");
        b.HasIndex(i => i.Code).IsUnique();
    }
}

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> b) => b.ToTable("campaigns");
}

internal sealed class CampaignDeadlineConfiguration : IEntityTypeConfiguration<CampaignDeadline>
{
    public void Configure(EntityTypeBuilder<CampaignDeadline> b)
    {
        b.ToTable("campaign_deadlines");
        b.HasIndex(d => new { d.CampaignId, d.LevelId }).IsUnique();
    }
}

internal sealed class CampaignUnitConfiguration : IEntityTypeConfiguration<CampaignUnit>
{
    public void Configure(EntityTypeBuilder<CampaignUnit> b)
    {
        b.ToTable("campaign_units");
        b.HasKey(c => new { c.CampaignId, c.UnitId });
    }
}

internal sealed class IndicatorTargetConfiguration : IEntityTypeConfiguration<IndicatorTarget>
{
    public void Configure(EntityTypeBuilder<IndicatorTarget> b)
    {
        b.ToTable("indicator_targets");
        b.HasIndex(t => new { t.CampaignId, t.UnitId, t.IndicatorId }).IsUnique();
    }
}

internal sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> b)
    {
        b.ToTable("reports");
        b.HasIndex(r => new { r.CampaignId, r.UnitId }).IsUnique();
        b.Property(r => r.Version).IsConcurrencyToken();
    }
}

internal sealed class AnswerConfiguration : IEntityTypeConfiguration<Answer>
{
    public void Configure(EntityTypeBuilder<Answer> b)
    {
        b.ToTable("answers");
        b.HasIndex(a => new { a.ReportId, a.QuestionId }).IsUnique();
    }
}

internal sealed class AnswerRevisionConfiguration : IEntityTypeConfiguration<AnswerRevision>
{
    public void Configure(EntityTypeBuilder<AnswerRevision> b)
    {
        b.ToTable("answer_revisions");
        b.HasIndex(a => new { a.ReportId, a.QuestionId });
    }
}

internal sealed class ReportEventConfiguration : IEntityTypeConfiguration<ReportEvent>
{
    public void Configure(EntityTypeBuilder<ReportEvent> b)
    {
        b.ToTable("report_events");
        b.HasIndex(e => e.ReportId);
    }
}

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> b)
    {
        b.ToTable("conversations");
        b.HasIndex(c => c.PersonId).IsUnique();
        b.Property(c => c.Version).IsConcurrencyToken();
    }
}

internal sealed class InboundReceiptConfiguration : IEntityTypeConfiguration<InboundReceipt>
{
    public void Configure(EntityTypeBuilder<InboundReceipt> b)
    {
        b.ToTable("inbound_receipts");
        b.HasKey(r => new { r.Channel, r.MessageId });
        b.HasIndex(r => r.HandledAt);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("outbox");
        b.HasIndex(o => o.DedupeKey).IsUnique();
        b.HasIndex(o => new { o.Status, o.Channel, o.NextAttemptAt });
    }
}

internal sealed class KeyValueEntryConfiguration : IEntityTypeConfiguration<KeyValueEntry>
{
    public void Configure(EntityTypeBuilder<KeyValueEntry> b)
    {
        b.ToTable("key_values");
        b.HasKey(k => k.Key);
    }
}

internal sealed class DataVersionConfiguration : IEntityTypeConfiguration<DataVersion>
{
    public void Configure(EntityTypeBuilder<DataVersion> b)
    {
        b.ToTable("data_versions");
        b.HasKey(v => v.Name);
    }
}
