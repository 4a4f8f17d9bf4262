using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace UnionReview.Server.Features.Proposals;

/// <summary>
/// Whom a proposal is addressed to: the levels named in the outline's "Kiến nghị, đề xuất" section
/// (Đảng, Nhà nước, Tổng Liên đoàn, Liên đoàn Lao động tỉnh, Liên đoàn Lao động huyện / công đoàn cấp trên).
/// </summary>
public enum ProposalAddressee
{
    Party,
    State,
    Confederation,
    ProvincialFederation,
    UpperLevelUnion,
}

/// <summary>Where a proposal stands.</summary>
public enum ProposalStatus
{
    New,
    Forwarded,
    Answered,
    Closed,
}

/// <summary>Who wrote a message in a proposal's thread.</summary>
public enum ProposalMessageKind
{
    /// <summary>The committee's answer.</summary>
    Answer,
    /// <summary>The sender's reply to an answer.</summary>
    Reply,
}

/// <summary>A proposal or recommendation (kiến nghị, đề xuất) sent by a member or officer.</summary>
public sealed class Proposal
{
    public int Id { get; set; }
    /// <summary>Reference the sender is given, e.g. KN-2026-0001 (year and sequence within that year).</summary>
    public required string Reference { get; set; }
    public int Year { get; set; }
    public int Sequence { get; set; }
    public int SenderId { get; set; }
    /// <summary>The sender's unit; decides which committee members see the proposal.</summary>
    public int UnitId { get; set; }
    public ProposalAddressee Addressee { get; set; }
    /// <summary>The level it was last forwarded to, if any.</summary>
    public ProposalAddressee? ForwardedTo { get; set; }
    public required string Topic { get; set; }
    /// <summary>The whole text, however many messages it came in.</summary>
    public required string Text { get; set; }
    public string? AttachmentName { get; set; }
    public string? AttachmentContentType { get; set; }
    /// <summary>The channel that holds the attachment and its reference there (file id, content URL).</summary>
    public string? AttachmentChannel { get; set; }
    public string? AttachmentReference { get; set; }
    public ProposalStatus Status { get; set; }
    public required string Channel { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? LastAnsweredAt { get; set; }
    /// <summary>When the sender last replied; later than <see cref="LastAnsweredAt"/> means the reply awaits an answer.</summary>
    public DateTimeOffset? LastReplyAt { get; set; }
}

/// <summary>One step of a proposal's status history: who changed it, when, and why.</summary>
public sealed class ProposalStatusChange
{
    public long Id { get; set; }
    public int ProposalId { get; set; }
    public ProposalStatus Status { get; set; }
    public int PersonId { get; set; }
    public string? Note { get; set; }
    public required string Channel { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>An answer or a reply in a proposal's thread.</summary>
public sealed class ProposalMessage
{
    public long Id { get; set; }
    public int ProposalId { get; set; }
    public ProposalMessageKind Kind { get; set; }
    public int PersonId { get; set; }
    public required string Text { get; set; }
    public required string Channel { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>Which part of a new proposal is being asked for.</summary>
public enum ProposalDraftStep
{
    Addressee,
    Topic,
    Text,
    Confirm,
}

/// <summary>
/// Text being written (a new proposal, an answer, a reply), kept in its own table so that leaving the
/// conversation for a moment (another command, a restart) loses nothing.
/// </summary>
public sealed class ProposalDraft
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    /// <summary>"new" for a new proposal, "a{id}" for an answer, "r{id}" for a reply.</summary>
    public required string Key { get; set; }
    public ProposalDraftStep Step { get; set; }
    public ProposalAddressee? Addressee { get; set; }
    public string? Topic { get; set; }
    public string Text { get; set; } = "";
    public string? AttachmentName { get; set; }
    public string? AttachmentContentType { get; set; }
    public string? AttachmentChannel { get; set; }
    public string? AttachmentReference { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class ProposalConfiguration : IEntityTypeConfiguration<Proposal>
{
    public void Configure(EntityTypeBuilder<Proposal> b)
    {
        b.ToTable("proposals");
        b.HasIndex(p => p.Reference).IsUnique();
        b.HasIndex(p => new { p.Year, p.Sequence }).IsUnique();
        b.HasIndex(p => new { p.UnitId, p.Status });
        b.HasIndex(p => p.SenderId);
    }
}

internal sealed class ProposalStatusChangeConfiguration : IEntityTypeConfiguration<ProposalStatusChange>
{
    public void Configure(EntityTypeBuilder<ProposalStatusChange> b)
    {
        b.ToTable("proposal_status_changes");
        b.HasIndex(c => c.ProposalId);
    }
}

internal sealed class ProposalMessageConfiguration : IEntityTypeConfiguration<ProposalMessage>
{
    public void Configure(EntityTypeBuilder<ProposalMessage> b)
    {
        b.ToTable("proposal_messages");
        b.HasIndex(m => m.ProposalId);
    }
}

internal sealed class ProposalDraftConfiguration : IEntityTypeConfiguration<ProposalDraft>
{
    public void Configure(EntityTypeBuilder<ProposalDraft> b)
    {
        b.ToTable("proposal_drafts");
        b.HasIndex(d => new { d.PersonId, d.Key }).IsUnique();
    }
}
