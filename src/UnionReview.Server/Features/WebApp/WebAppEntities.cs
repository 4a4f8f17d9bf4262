using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace UnionReview.Server.Features.WebApp;

/// <summary>
/// A single-use sign-in link asked for in a chat. Only the SHA-256 of its token is kept. Once used it stands for the
/// session it started, until that session signs out (<see cref="SignedOutAt"/>).
/// </summary>
public sealed class SignInLink
{
    public int Id { get; set; }
    public required string TokenHash { get; set; }
    public int PersonId { get; set; }
    /// <summary>Where the link was asked for: a chat channel, or "cli".</summary>
    public required string Channel { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
    public DateTimeOffset? SignedOutAt { get; set; }
}

/// <summary>A person's security stamp: every web session carries it, and a new stamp ends them all.</summary>
public sealed class WebSecurityStamp
{
    public int PersonId { get; set; }
    public required string Stamp { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}

/// <summary>One change made on the web by a person with authority (who, when, what, before and after).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public int PersonId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Action { get; set; }
    public required string Subject { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}

internal sealed class SignInLinkConfiguration : IEntityTypeConfiguration<SignInLink>
{
    public void Configure(EntityTypeBuilder<SignInLink> b)
    {
        b.ToTable("web_sign_in_links");
        b.HasKey(l => l.Id);
        b.HasIndex(l => l.TokenHash).IsUnique();
        b.HasIndex(l => l.PersonId);
    }
}

internal sealed class WebSecurityStampConfiguration : IEntityTypeConfiguration<WebSecurityStamp>
{
    public void Configure(EntityTypeBuilder<WebSecurityStamp> b)
    {
        b.ToTable("web_security_stamps");
        b.HasKey(s => s.PersonId);
        b.Property(s => s.PersonId).ValueGeneratedNever();
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        b.HasKey(a => a.Id);
        b.HasIndex(a => a.At);
    }
}
