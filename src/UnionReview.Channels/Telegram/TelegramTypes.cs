using System.Text.Json;
using System.Text.Json.Serialization;

namespace UnionReview.Channels.Telegram;

/// <summary>JSON settings of the Bot API: snake_case names, absent optional fields left out.</summary>
internal static class TelegramJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Reads one update as a webhook delivers it.</summary>
    public static async Task<Update?> ReadUpdateAsync(Stream body, CancellationToken cancellationToken) =>
        await JsonSerializer.DeserializeAsync<Update>(body, Options, cancellationToken);
}

/// <summary>The envelope of every Bot API response.</summary>
internal sealed record ApiResponse<T>(bool Ok, T? Result, int? ErrorCode, string? Description, ResponseParameters? Parameters);

/// <summary>An incoming update; only the kinds the bot asks for are modelled.</summary>
internal sealed record Update(long UpdateId, Message? Message = null, Message? EditedMessage = null, CallbackQuery? CallbackQuery = null);

internal sealed record User(long Id, bool IsBot, string FirstName, string? LastName = null, string? Username = null, string? LanguageCode = null);

internal sealed record Chat(long Id, string Type, string? Title = null, string? Username = null, string? FirstName = null, string? LastName = null)
{
    [JsonIgnore]
    public bool IsPrivate => Type == "private";
}

internal sealed record Document(string FileId, string FileUniqueId, string? FileName = null, string? MimeType = null, long? FileSize = null);

/// <summary>A message; <see cref="Date"/> is 0 for an inaccessible message (MaybeInaccessibleMessage).</summary>
internal sealed record Message(long MessageId, long Date, Chat Chat)
{
    public User? From { get; init; }
    public string? Text { get; init; }
    public string? Caption { get; init; }
    public Document? Document { get; init; }
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}

internal sealed record CallbackQuery(string Id, User From, string ChatInstance, Message? Message = null, string? Data = null, string? InlineMessageId = null);

internal sealed record InlineKeyboardButton(string Text, string? CallbackData = null, string? Url = null);

internal sealed record InlineKeyboardMarkup(IReadOnlyList<IReadOnlyList<InlineKeyboardButton>> InlineKeyboard);

internal sealed record BotCommand(string Command, string Description);

internal sealed record WebhookInfo(string Url, bool HasCustomCertificate, int PendingUpdateCount)
{
    public long? LastErrorDate { get; init; }
    public string? LastErrorMessage { get; init; }
    public int? MaxConnections { get; init; }
    public IReadOnlyList<string>? AllowedUpdates { get; init; }
}

/// <summary>A file to upload with multipart/form-data.</summary>
internal sealed record InputFileUpload(string FileName, string ContentType, byte[] Content);

/// <summary>Why a request failed, as the Bot API says it (flood wait, group migrated to a supergroup).</summary>
public sealed record ResponseParameters(long? MigrateToChatId = null, int? RetryAfter = null);
