using System.Text.Json;
using System.Text.Json.Serialization;
using UnionReview.Dialogs.Messages;

namespace UnionReview.Server.Features.Conversations;

/// <summary>Names of the channels the service speaks.</summary>
public static class ChannelNames
{
    public const string Web = "web", Console = "console", Telegram = "telegram", BotFramework = "botframework", Zalo = "zalo";
}

/// <summary>A message from a person, as any channel adapter delivers it.</summary>
public sealed record InboundMessage(string Channel, string ExternalUserId, IncomingInput Input)
{
    /// <summary>The channel's id for this message (update id, activity id…); a repeat is not handled twice.</summary>
    public string? MessageId { get; init; }
    /// <summary>Where proactive messages for this person go on this channel (channel-specific JSON).</summary>
    public string? Address { get; init; }
    /// <summary>Name the chat app shows for the sender.</summary>
    public string? DisplayName { get; init; }
}

/// <summary>The replies to one inbound message; <see cref="Duplicate"/> when it was handled before.</summary>
public sealed record TurnReply(IReadOnlyList<OutgoingMessage> Messages, bool Duplicate = false)
{
    /// <summary>Whether the turn was stored (with the message's receipt, as handled); false when the sender is asked to send it again.</summary>
    public bool Stored { get; init; } = true;
}

/// <summary>JSON settings shared by stored state, answers and outbox payloads.</summary>
public static class StoredJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Keep Vietnamese readable in the database file; this JSON is never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;
}
