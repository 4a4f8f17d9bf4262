using System.Text.Json;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace UnionReview.Channels.Telegram;

/// <summary>Bot API JSON, read and written with Telegram.Bot's own settings (<see cref="JsonBotAPI.Options"/>).</summary>
/// <remarks>
/// Only the webhook endpoint and the stored inbox use these settings; the rest of the service keeps its own JSON
/// (Telegram.Bot's ConfigureTelegramBot would turn every endpoint snake_case). Updates stored before the change to
/// Telegram.Bot were written in the same Bot API field names and read back the same way.
/// </remarks>
internal static class TelegramJson
{
    /// <summary>Reads one update as a webhook delivers it.</summary>
    public static async Task<Update?> ReadUpdateAsync(Stream body, CancellationToken cancellationToken) =>
        await JsonSerializer.DeserializeAsync<Update>(body, JsonBotAPI.Options, cancellationToken);

    /// <summary>An update as stored in the inbox: its Bot API JSON.</summary>
    public static string Write(Update update) => JsonSerializer.Serialize(update, JsonBotAPI.Options);

    /// <summary>An update stored in the inbox.</summary>
    public static Update? Read(string payload) => JsonSerializer.Deserialize<Update>(payload, JsonBotAPI.Options);
}

/// <summary>A file to upload with multipart/form-data.</summary>
internal sealed record InputFileUpload(string FileName, string ContentType, byte[] Content);
