namespace UnionReview.Dialogs.Messages;

/// <summary>A button under a message; <see cref="Payload"/> is ASCII and at most 64 bytes so every chat app can carry it.</summary>
public sealed record ChatButton(string Label, string Payload);

/// <summary>A file sent with a message; a picture (image/png: a chart) is shown as an image where the chat app can.</summary>
public sealed record ChatDocument(string FileName, string ContentType, byte[] Content)
{
    /// <summary>A picture: Telegram sendPhoto, a Bot Framework image attachment, an image in the web chat.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A channel-neutral message from the bot: plain text (channels escape it), rows of buttons, an optional document.</summary>
public sealed record OutgoingMessage(string Text, IReadOnlyList<IReadOnlyList<ChatButton>> Buttons, ChatDocument? Document = null)
{
    /// <summary>A text-only message.</summary>
    public static OutgoingMessage Plain(string text) => new(text, []);
}

/// <summary>
/// A file a person sent, kept as the channel's own reference to it (Telegram file_id, Bot Framework content URL…)
/// so the file can be fetched from that channel when needed.
/// </summary>
public sealed record IncomingAttachment(string FileName, string? ContentType, string Reference);

/// <summary>A channel-neutral message from a person: typed text, or the payload of a pressed button.</summary>
public sealed record IncomingInput(string? Text, string? ButtonPayload)
{
    /// <summary>A file sent with (or as) the message, when the channel carries one.</summary>
    public IncomingAttachment? Attachment { get; init; }

    /// <summary>Typed text.</summary>
    public static IncomingInput FromText(string text) => new(text, null);
    /// <summary>A pressed button.</summary>
    public static IncomingInput FromButton(string payload) => new(null, payload);
}
