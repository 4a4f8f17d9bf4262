using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace UnionReview.Server.Features.Telegram;

/// <summary>
/// One Telegram update as received before the one inbox (migration 0011). No longer written: the table stays readable
/// so that what was still waiting at an upgrade is taken over at the next start (<see cref="TelegramInbox.ResumeAsync"/>),
/// and its last row gives the offset until the inbox has stored one.
/// </summary>
public sealed class TelegramUpdateRow
{
    public long UpdateId { get; set; }
    /// <summary>The chat the update belongs to (0 when it has none); updates of one chat are handled in order.</summary>
    public long ChatId { get; set; }
    /// <summary>The update's JSON as Telegram sent it.</summary>
    public required string Payload { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? HandledAt { get; set; }
}

internal sealed class TelegramUpdateRowConfiguration : IEntityTypeConfiguration<TelegramUpdateRow>
{
    public void Configure(EntityTypeBuilder<TelegramUpdateRow> b)
    {
        b.ToTable("telegram_updates");
        b.HasKey(u => u.UpdateId);
        b.Property(u => u.UpdateId).ValueGeneratedNever();
        b.HasIndex(u => u.HandledAt);
    }
}
