using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace UnionReview.Channels.Telegram;

/// <summary>sendPhoto with the picture (a chart) uploaded as multipart/form-data, shown in the chat as an image.</summary>
internal sealed class SendPhotoRequest() : TelegramRequest<Message>("sendPhoto")
{
    public required long ChatId { get; init; }
    /// <summary>The picture, sent as the multipart part "photo" (so not a JSON property).</summary>
    [JsonIgnore]
    public InputFileUpload Photo { get; init; } = null!;
    public string? Caption { get; init; }
    public string? ParseMode { get; init; }
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }

    public override HttpContent ToContent()
    {
        var form = new MultipartFormDataContent();
        using var fields = JsonSerializer.SerializeToDocument(this, TelegramJson.Options);
        foreach (var field in fields.RootElement.EnumerateObject())
        {
            var value = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()! : field.Value.GetRawText();
            form.Add(new StringContent(value, Encoding.UTF8), field.Name);
        }

        var file = new ByteArrayContent(Photo.Content);
        file.Headers.ContentType = new MediaTypeHeaderValue(Photo.ContentType);
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"photo\"", FileName = "\"chart.png\"" };
        form.Add(file);
        return form;
    }
}

/// <summary>Photos through the Bot API client.</summary>
internal static class TelegramPhotoExtensions
{
    /// <summary>Sends a picture with an optional HTML caption (at most 1.024 characters) and keyboard.</summary>
    public static Task<Message> SendPhotoAsync(this TelegramBotClient client, long chatId, InputFileUpload photo, string? captionHtml, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken) =>
        client.SendAsync(new SendPhotoRequest { ChatId = chatId, Photo = photo, Caption = captionHtml, ParseMode = captionHtml is null ? null : "HTML", ReplyMarkup = keyboard }, cancellationToken);
}
