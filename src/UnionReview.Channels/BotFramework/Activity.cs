using System.Text.Json;
using System.Text.Json.Serialization;

namespace UnionReview.Channels.BotFramework;

// Wire types of the Bot Framework Activity protocol (Connector API v3). Only the fields the service reads or
// writes are modelled; unknown fields are ignored when reading, and enum-like fields stay strings so a value
// added to the protocol later does not break parsing.

/// <summary>Activity types the service distinguishes.</summary>
internal static class ActivityTypes
{
    public const string Message = "message", ConversationUpdate = "conversationUpdate", Invoke = "invoke";
}

/// <summary>The basic communication type of the Bot Framework protocol.</summary>
internal sealed record Activity
{
    public string? Type { get; init; }
    public string? Id { get; init; }
    public string? Timestamp { get; init; }
    public string? ServiceUrl { get; init; }
    public string? ChannelId { get; init; }
    public ChannelAccount? From { get; init; }
    public ConversationAccount? Conversation { get; init; }
    public ChannelAccount? Recipient { get; init; }
    public string? TextFormat { get; init; }
    public string? AttachmentLayout { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersAdded { get; init; }
    public string? Locale { get; init; }
    public string? Text { get; init; }
    public string? InputHint { get; init; }
    public SuggestedActions? SuggestedActions { get; init; }
    public IReadOnlyList<Attachment>? Attachments { get; init; }
    public JsonElement? ChannelData { get; init; }
    public string? ReplyToId { get; init; }
    public JsonElement? Value { get; init; }
    public string? Name { get; init; }

    /// <summary>
    /// A message answering this activity: same conversation, channel and service, from and recipient swapped,
    /// replyToId set, as the Connector expects for ReplyToActivity.
    /// </summary>
    public Activity CreateReply(string text, string? locale = null) => new()
    {
        Type = ActivityTypes.Message,
        ServiceUrl = ServiceUrl,
        ChannelId = ChannelId,
        From = Recipient,
        Recipient = From,
        Conversation = Conversation,
        ReplyToId = Id,
        Text = text,
        Locale = locale ?? Locale,
    };

    /// <summary>Where proactive messages for the sender of this activity go.</summary>
    public ConversationReference GetConversationReference() => new()
    {
        ChannelId = ChannelId,
        ServiceUrl = ServiceUrl,
        Conversation = Conversation,
        User = From,
        Bot = Recipient,
        Locale = Locale,
    };
}

/// <summary>A user or bot on a channel.</summary>
internal sealed record ChannelAccount
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? AadObjectId { get; init; }
    public string? Role { get; init; }
}

/// <summary>The conversation an activity belongs to.</summary>
internal sealed record ConversationAccount
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public bool? IsGroup { get; init; }
    public string? ConversationType { get; init; }
    public string? TenantId { get; init; }
}

/// <summary>Buttons shown under a message that disappear once one is used.</summary>
internal sealed record SuggestedActions
{
    public IReadOnlyList<string>? To { get; init; }
    public required IReadOnlyList<CardAction> Actions { get; init; }
}

/// <summary>A clickable action on a card or in suggested actions.</summary>
internal sealed record CardAction
{
    public required string Type { get; init; }
    public string? Title { get; init; }
    public string? Text { get; init; }
    public string? DisplayText { get; init; }
    public JsonElement? Value { get; init; }
}

/// <summary>A file or a card inside an activity.</summary>
internal sealed record Attachment
{
    public required string ContentType { get; init; }
    public string? ContentUrl { get; init; }
    public object? Content { get; init; }
    public string? Name { get; init; }
}

/// <summary>A card with text and buttons (for channels without suggested actions, such as Teams).</summary>
internal sealed record HeroCard
{
    public const string ContentType = "application/vnd.microsoft.card.hero";
    public string? Title { get; init; }
    public string? Text { get; init; }
    public IReadOnlyList<CardAction>? Buttons { get; init; }
}

/// <summary>A file uploaded to the channel's attachment store (Conversations_UploadAttachment).</summary>
internal sealed record AttachmentData
{
    public required string Type { get; init; }
    public required string Name { get; init; }
    public required byte[] OriginalBase64 { get; init; }
}

/// <summary>Everything needed to message a user later (proactively).</summary>
internal sealed record ConversationReference
{
    public string? ChannelId { get; init; }
    public string? ServiceUrl { get; init; }
    public ConversationAccount? Conversation { get; init; }
    public ChannelAccount? User { get; init; }
    public ChannelAccount? Bot { get; init; }
    public string? Locale { get; init; }

    /// <summary>A new message in the referenced conversation, from the bot to the user.</summary>
    public Activity CreateMessage(string text) => new()
    {
        Type = ActivityTypes.Message,
        ServiceUrl = ServiceUrl,
        ChannelId = ChannelId,
        From = Bot,
        Recipient = User,
        Conversation = Conversation,
        Text = text,
        Locale = Locale,
    };
}

/// <summary>The id of a created resource (activity, attachment).</summary>
internal sealed record ResourceResponse(string? Id);

/// <summary>The Connector's error body.</summary>
internal sealed record ErrorResponse(ErrorBody? Error);

/// <summary>Error code and message inside <see cref="ErrorResponse"/>.</summary>
internal sealed record ErrorBody(string? Code, string? Message);

/// <summary>JSON settings of the wire protocol: camelCase, nulls left out, unknown fields ignored.</summary>
internal static class WireJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
