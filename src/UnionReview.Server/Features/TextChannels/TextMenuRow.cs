using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace UnionReview.Server.Features.TextChannels;

/// <summary>The keys the last messages to a chat of a text-only channel offered (JSON of key → button payload).</summary>
public sealed class TextMenuRow
{
    public required string Channel { get; set; }
    public required string Address { get; set; }
    public required string Keys { get; set; }
    /// <summary>The full text of what the last messages showed shortened (sent whole on /xemthem), if anything.</summary>
    public string? More { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class TextMenuRowConfiguration : IEntityTypeConfiguration<TextMenuRow>
{
    public void Configure(EntityTypeBuilder<TextMenuRow> b)
    {
        b.ToTable("text_menus");
        b.HasKey(m => new { m.Channel, m.Address });
    }
}
