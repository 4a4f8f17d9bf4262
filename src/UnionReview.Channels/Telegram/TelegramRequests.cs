using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace UnionReview.Channels.Telegram;

/// <summary>One Bot API method call: its name, its parameters (this object's properties, snake_case) and its result type.</summary>
internal abstract class TelegramRequest<TResult>(string method)
{
    [JsonIgnore]
    public string Method { get; } = method;

    /// <summary>How long the call may take beyond the client's default (long polling waits on purpose).</summary>
    public virtual TimeSpan ExtraTimeout() => TimeSpan.Zero;

    /// <summary>The request body: JSON by default; methods that upload files use multipart/form-data.</summary>
    public virtual HttpContent ToContent()
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(this, GetType(), TelegramJson.Options));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}

internal sealed class GetMeRequest() : TelegramRequest<User>("getMe");

internal sealed class GetUpdatesRequest() : TelegramRequest<IReadOnlyList<Update>>("getUpdates")
{
    public long? Offset { get; init; }
    public int? Limit { get; init; }
    /// <summary>Long-poll seconds.</summary>
    public int? Timeout { get; init; }
    public IReadOnlyList<string>? AllowedUpdates { get; init; }

    public override TimeSpan ExtraTimeout() => TimeSpan.FromSeconds(Timeout ?? 0);
}

internal sealed class SetWebhookRequest() : TelegramRequest<bool>("setWebhook")
{
    public required string Url { get; init; }
    public int? MaxConnections { get; init; }
    public IReadOnlyList<string>? AllowedUpdates { get; init; }
    public bool? DropPendingUpdates { get; init; }
    public string? SecretToken { get; init; }
}

internal sealed class DeleteWebhookRequest() : TelegramRequest<bool>("deleteWebhook")
{
    public bool? DropPendingUpdates { get; init; }
}

internal sealed class GetWebhookInfoRequest() : TelegramRequest<WebhookInfo>("getWebhookInfo");

internal sealed class SendMessageRequest() : TelegramRequest<Message>("sendMessage")
{
    public required long ChatId { get; init; }
    public required string Text { get; init; }
    public string? ParseMode { get; init; }
    public LinkPreviewOptions? LinkPreviewOptions { get; init; }
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}

internal sealed record LinkPreviewOptions(bool IsDisabled);

internal sealed class EditMessageTextRequest() : TelegramRequest<Message>("editMessageText")
{
    public required long ChatId { get; init; }
    public required long MessageId { get; init; }
    public required string Text { get; init; }
    public string? ParseMode { get; init; }
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}

internal sealed class EditMessageReplyMarkupRequest() : TelegramRequest<Message>("editMessageReplyMarkup")
{
    public required long ChatId { get; init; }
    public required long MessageId { get; init; }
    /// <summary>Null removes the keyboard.</summary>
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}

internal sealed class AnswerCallbackQueryRequest() : TelegramRequest<bool>("answerCallbackQuery")
{
    public required string CallbackQueryId { get; init; }
    public string? Text { get; init; }
    public bool? ShowAlert { get; init; }
}

internal sealed class SetMyCommandsRequest() : TelegramRequest<bool>("setMyCommands")
{
    public required IReadOnlyList<BotCommand> Commands { get; init; }
    public string? LanguageCode { get; init; }
}

internal sealed class SendChatActionRequest() : TelegramRequest<bool>("sendChatAction")
{
    public required long ChatId { get; init; }
    /// <summary>typing, upload_document…</summary>
    public required string Action { get; init; }
}

/// <summary>sendDocument with the file uploaded as multipart/form-data.</summary>
internal sealed class SendDocumentRequest() : TelegramRequest<Message>("sendDocument")
{
    public required long ChatId { get; init; }
    /// <summary>The file, sent as the multipart part "document" (so not a JSON property).</summary>
    [JsonIgnore]
    public InputFileUpload Document { get; init; } = null!;
    public string? Caption { get; init; }
    public string? ParseMode { get; init; }
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }

    public override HttpContent ToContent()
    {
        var form = new MultipartFormDataContent();
        using var fields = JsonSerializer.SerializeToDocument(this, TelegramJson.Options);
        foreach (var field in fields.RootElement.EnumerateObject())
        {
            // Scalars go as plain text, objects (reply_markup) as their JSON, as the Bot API expects in forms.
            var value = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()! : field.Value.GetRawText();
            form.Add(new StringContent(value, Encoding.UTF8), field.Name);
        }

        var file = new ByteArrayContent(Document.Content);
        file.Headers.ContentType = new MediaTypeHeaderValue(Document.ContentType);
        // filename* keeps Vietnamese file names intact; filename is the ASCII fallback.
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data")
        {
            Name = "\"document\"",
            FileName = "\"" + AsciiFallback(Document.FileName) + "\"",
            FileNameStar = Document.FileName,
        };
        form.Add(file);
        return form;
    }

    private static string AsciiFallback(string name) =>
        new(name.Normalize(NormalizationForm.FormD).Where(c => c is >= ' ' and < (char)127 and not '"' and not '\\').ToArray());
}
