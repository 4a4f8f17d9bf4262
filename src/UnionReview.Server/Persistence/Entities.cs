using UnionReview.Dialogs.Engine;

namespace UnionReview.Server.Persistence;

/// <summary>Organisation data that kept sessions depend on; any change of it raises <see cref="DataVersion.Reference"/>.</summary>
public interface IReferenceData;

/// <summary>A named counter raised by every change of a kind of data.</summary>
public sealed class DataVersion
{
    /// <summary>The counter for <see cref="IReferenceData"/>.</summary>
    public const string Reference = "reference";

    public required string Name { get; set; }
    public long Version { get; set; }
}

/// <summary>A level of the union tree (provincial federation, upper-level union, grassroots union…); data, not code.</summary>
public sealed class UnitLevel : IReferenceData
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>0 for the top; larger is lower in the tree.</summary>
    public int Rank { get; set; }
}

/// <summary>A union unit in the tree.</summary>
public sealed class Unit : IReferenceData
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? ShortName { get; set; }
    public int LevelId { get; set; }
    public int? ParentId { get; set; }
    /// <summary>Materialised path of ids ("/1/4/17/") so a subtree is one prefix query.</summary>
    public string Path { get; set; } = "/";
    public int SortOrder { get; set; }
}

/// <summary>What a person may do in a unit (and its subtree).</summary>
public enum Role
{
    Officer,
    Committee,
    Admin,
}

/// <summary>A person: unit officer, committee member, admin or member sending proposals.</summary>
public sealed class Person : IReferenceData
{
    public int Id { get; set; }
    public required string FullName { get; set; }
    public string? Phone { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A person's role in a unit.</summary>
public sealed class Membership : IReferenceData
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    public int UnitId { get; set; }
    public Role Role { get; set; }
}

/// <summary>A chat identity (Telegram user, Bot Framework user, web chat) linked to a person.</summary>
public sealed class ChannelAccount
{
    public int Id { get; set; }
    public required string Channel { get; set; }
    public required string ExternalId { get; set; }
    public int PersonId { get; set; }
    /// <summary>Where proactive messages go (chat id, conversation reference…), as the channel's own JSON.</summary>
    public string? Address { get; set; }
    /// <summary>Set when the chat app says the person blocked the bot or is gone.</summary>
    public bool Unreachable { get; set; }
    public DateTimeOffset LinkedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
}

/// <summary>A single-use, expiring code that links a chat identity to a person.</summary>
public sealed class InviteCode
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public int PersonId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
    public string? UsedByChannel { get; set; }
}

/// <summary>A reporting campaign: an outline, participating units and deadlines per level.</summary>
public sealed class Campaign : IReferenceData
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string OutlineId { get; set; }
    public DateOnly StartsOn { get; set; }
    public bool IsActive { get; set; } = true;
}

/// <summary>When units of one level must submit.</summary>
public sealed class CampaignDeadline : IReferenceData
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public int LevelId { get; set; }
    public DateOnly DueOn { get; set; }
}

/// <summary>A unit taking part in a campaign.</summary>
public sealed class CampaignUnit : IReferenceData
{
    public int CampaignId { get; set; }
    public int UnitId { get; set; }
}

/// <summary>An assigned target (KH giao) for one indicator and unit in a campaign.</summary>
public sealed class IndicatorTarget : IReferenceData
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public int UnitId { get; set; }
    public required string IndicatorId { get; set; }
    public decimal Target { get; set; }
}

/// <summary>A row whose <see cref="Version"/> rises with every saved change (see <see cref="UnionReviewDb"/>), for optimistic concurrency.</summary>
public interface IVersioned
{
    int Version { get; set; }
}

/// <summary>One unit's report in one campaign.</summary>
public sealed class Report : IVersioned
{
    public int Id { get; set; }
    public int CampaignId { get; set; }
    public int UnitId { get; set; }
    public ReportStatus Status { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public int? SubmittedById { get; set; }
    public string? ReturnNote { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>The current answer to one question of a report.</summary>
public sealed class Answer
{
    public long Id { get; set; }
    public int ReportId { get; set; }
    public required string QuestionId { get; set; }
    /// <summary>The whole answer (text, number, choices, flag, note) as JSON.</summary>
    public required string Value { get; set; }
    /// <summary>The number, kept separately so tables and digests can read figures without parsing JSON.</summary>
    public decimal? Number { get; set; }
    public int Version { get; set; } = 1;
    public int PersonId { get; set; }
    public required string Channel { get; set; }
    public DateTimeOffset AnsweredAt { get; set; }
}

/// <summary>An earlier version of an answer, kept when it was replaced.</summary>
public sealed class AnswerRevision
{
    public long Id { get; set; }
    public int ReportId { get; set; }
    public required string QuestionId { get; set; }
    public int Version { get; set; }
    public required string Value { get; set; }
    public int PersonId { get; set; }
    public required string Channel { get; set; }
    public DateTimeOffset AnsweredAt { get; set; }
    public DateTimeOffset ReplacedAt { get; set; }
}

/// <summary>Something that happened to a report as a whole (started, submitted, returned).</summary>
public sealed class ReportEvent
{
    public long Id { get; set; }
    public int ReportId { get; set; }
    public required string Kind { get; set; }
    public int PersonId { get; set; }
    public string? Note { get; set; }
    public required string Channel { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>A person's conversation: one per person, shared by every channel they use.</summary>
public sealed class Conversation : IVersioned
{
    public int Id { get; set; }
    public int PersonId { get; set; }
    public int? ReportId { get; set; }
    /// <summary>The dialog engine's state as JSON.</summary>
    public string DialogState { get; set; } = "{}";
    /// <summary>The feature (proposals, committee…) that owns the conversation for now, if not the report.</summary>
    public string? ActiveFeature { get; set; }
    public string? FeatureState { get; set; }
    public string? LastChannel { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

/// <summary>
/// An incoming message, one per channel and message id, so a redelivery is not handled twice. A chat app's message
/// is stored here before it is acknowledged (the inbox: <see cref="Payload"/>, <see cref="ChatId"/>) and marked
/// <see cref="HandledAt"/> by the turn that handles it, in the turn's own savepoint.
/// </summary>
public sealed class InboundReceipt
{
    public required string Channel { get; set; }
    public required string MessageId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    /// <summary>The chat whose messages are handled in order (inbox messages only).</summary>
    public string? ChatId { get; set; }
    /// <summary>The message as the chat app sent it, kept until it is handled (inbox messages only).</summary>
    public string? Payload { get; set; }
    /// <summary>When the message was handled; null while it waits.</summary>
    public DateTimeOffset? HandledAt { get; set; }
    /// <summary>The replies its turn stored with the handled mark (JSON), kept until they have left (inbox messages only).</summary>
    public string? Replies { get; set; }
    /// <summary>When the replies were sent, queued in the outbox or dropped for an unreachable chat.</summary>
    public DateTimeOffset? RepliedAt { get; set; }
}

/// <summary>Where an outbox message stands.</summary>
public enum OutboxStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>A message the bot starts (reminder, digest, answer to a proposal), stored before it is sent.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public int? PersonId { get; set; }
    public required string Channel { get; set; }
    /// <summary>The channel's address for the recipient (chat id, conversation reference JSON…).</summary>
    public required string Address { get; set; }
    /// <summary>The channel-neutral message as JSON.</summary>
    public required string Payload { get; set; }
    /// <summary>Makes the same logical message (same reminder for the same unit and day) impossible to enqueue twice.</summary>
    public string? DedupeKey { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>A small key/value store for runtime facts that must survive restarts (e.g. Telegram's update offset).</summary>
public sealed class KeyValueEntry
{
    public required string Key { get; set; }
    public required string Value { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
