using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace UnionReview.Server.Features.Telegram;

/// <summary>One Telegram update as received, kept until it has been handled (and a while after, as the offset).</summary>
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
