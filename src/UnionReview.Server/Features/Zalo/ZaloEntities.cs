using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace UnionReview.Server.Features.Zalo;

/// <summary>
/// One Zalo message as received before the one inbox (migration 0011). No longer written: the table stays readable so
/// that what was still waiting at an upgrade is taken over at the next start (<see cref="ZaloInbox.ResumeAsync"/>).
/// </summary>
public sealed class ZaloUpdateRow
{
    /// <summary>Order of arrival: one chat's messages are handled in this order.</summary>
    public long Seq { get; set; }
    public required string MessageId { get; set; }
    public required string ChatId { get; set; }
    /// <summary>The update's JSON as Zalo sent it.</summary>
    public required string Payload { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? HandledAt { get; set; }
}

internal sealed class ZaloUpdateRowConfiguration : IEntityTypeConfiguration<ZaloUpdateRow>
{
    public void Configure(EntityTypeBuilder<ZaloUpdateRow> b)
    {
        b.ToTable("zalo_updates");
        b.HasKey(u => u.Seq);
        b.HasIndex(u => u.MessageId).IsUnique();
        b.HasIndex(u => u.HandledAt);
    }
}
