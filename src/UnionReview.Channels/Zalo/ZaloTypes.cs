using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace UnionReview.Channels.Zalo;

/// <summary>
/// JSON settings of the Zalo Bot API: snake_case names, absent optional fields left out, unknown fields ignored,
/// numbers accepted where strings are expected (ids) and the other way round (date, error_code).
/// </summary>
internal static class ZaloJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new LenientStringConverter() },
    };

    /// <summary>Reads one update as a webhook delivers it: the bare update, or wrapped as <c>{ ok, result }</c>.</summary>
    public static ZaloUpdate? ReadUpdate(ReadOnlySpan<byte> body)
    {
        using var document = JsonDocument.Parse(body.ToArray());
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Object)
        {
            root = result;
        }

        return root.Deserialize<ZaloUpdate>(Options);
    }

    /// <summary>Strings that may arrive as numbers or booleans (ids are strings in the guide, but clients differ).</summary>
    private sealed class LenientStringConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => reader.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture) : reader.GetDouble().ToString(CultureInfo.InvariantCulture),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            JsonTokenType.Null => null,
            _ => Skip(ref reader),
        };

        private static string? Skip(ref Utf8JsonReader reader)
        {
            reader.Skip();
            return null;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}

/// <summary>The envelope of every Bot API response.</summary>
internal sealed record ZaloResponse<T>(bool Ok, T? Result, int? ErrorCode, string? Description);

/// <summary>getMe.</summary>
public sealed record ZaloBotInfo(string Id)
{
    public string? AccountName { get; init; }
    public string? AccountType { get; init; }
    public bool? CanJoinGroups { get; init; }
    /// <summary>Some clients read a display name; kept when present.</summary>
    public string? DisplayName { get; init; }
}

/// <summary>setWebhook, deleteWebhook, getWebhookInfo; <see cref="UpdatedAt"/> in milliseconds.</summary>
public sealed record ZaloWebhookInfo(string? Url, long? UpdatedAt);

/// <summary>sendMessage and sendPhoto; <see cref="Date"/> in milliseconds.</summary>
public sealed record ZaloSentMessage(string? MessageId, long? Date);

/// <summary>An incoming event: there is no update_id; the message's message_id identifies it.</summary>
public sealed record ZaloUpdate(string? EventName, ZaloMessage? Message)
{
    public const string TextReceived = "message.text.received";
    public const string ImageReceived = "message.image.received";
    public const string StickerReceived = "message.sticker.received";
    public const string UnsupportedReceived = "message.unsupported.received";
}

public sealed record ZaloSender(string? Id)
{
    public string? DisplayName { get; init; }
    /// <summary>Some samples name the sender first_name instead of display_name.</summary>
    public string? FirstName { get; init; }
    public bool? IsBot { get; init; }

    [JsonIgnore]
    public string? Name => DisplayName ?? FirstName;
}

public sealed record ZaloChat(string? Id, string? ChatType)
{
    [JsonIgnore]
    public bool IsPrivate => ChatType is null || string.Equals(ChatType, "PRIVATE", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A message; <see cref="Date"/> is milliseconds since the epoch.</summary>
public sealed record ZaloMessage(string? MessageId, ZaloSender? From, ZaloChat? Chat)
{
    public long? Date { get; init; }
    public string? Text { get; init; }
    public string? Caption { get; init; }
    /// <summary>Image URL (message.image.received); some clients call it photo_url.</summary>
    public string? Photo { get; init; }
    public string? PhotoUrl { get; init; }
    public string? Sticker { get; init; }
    public string? Url { get; init; }

    [JsonIgnore]
    public string? ImageUrl => Photo ?? PhotoUrl;
}
