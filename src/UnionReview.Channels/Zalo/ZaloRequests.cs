using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace UnionReview.Channels.Zalo;

/// <summary>One Bot API method call: its name, its parameters (this object's properties, snake_case, as JSON) and its result type.</summary>
internal abstract class ZaloRequest<TResult>(string method)
{
    [JsonIgnore]
    public string Method { get; } = method;

    /// <summary>How long the call may take beyond the client's default (long polling waits on purpose).</summary>
    public virtual TimeSpan ExtraTimeout() => TimeSpan.Zero;

    public HttpContent ToContent()
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(this, GetType(), ZaloJson.Options));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}

internal sealed class GetMeRequest() : ZaloRequest<ZaloBotInfo>("getMe");

/// <summary>One update per call; error 408 when none came within <see cref="Timeout"/>.</summary>
internal sealed class GetUpdatesRequest() : ZaloRequest<ZaloUpdate>("getUpdates")
{
    /// <summary>Long-poll seconds, sent as a string as the guide describes it.</summary>
    public string? Timeout { get; init; }

    public override TimeSpan ExtraTimeout() => TimeSpan.FromSeconds(int.TryParse(Timeout, out var s) ? s : 30);
}

internal sealed class SetWebhookRequest() : ZaloRequest<ZaloWebhookInfo>("setWebhook")
{
    public required string Url { get; init; }
    /// <summary>8–256 characters; Zalo sends it back in X-Bot-Api-Secret-Token.</summary>
    public required string SecretToken { get; init; }
}

internal sealed class DeleteWebhookRequest() : ZaloRequest<ZaloWebhookInfo>("deleteWebhook");

internal sealed class GetWebhookInfoRequest() : ZaloRequest<ZaloWebhookInfo>("getWebhookInfo");

internal sealed class SendMessageRequest() : ZaloRequest<ZaloSentMessage>("sendMessage")
{
    public required string ChatId { get; init; }
    /// <summary>1–2,000 characters.</summary>
    public required string Text { get; init; }
}

internal sealed class SendPhotoRequest() : ZaloRequest<ZaloSentMessage>("sendPhoto")
{
    public required string ChatId { get; init; }
    /// <summary>An image URL that Zalo fetches.</summary>
    public required string Photo { get; init; }
    public string? Caption { get; init; }
}

internal sealed class SendChatActionRequest() : ZaloRequest<JsonElement>("sendChatAction")
{
    public required string ChatId { get; init; }
    /// <summary>typing (upload_photo announced).</summary>
    public required string Action { get; init; }
}
