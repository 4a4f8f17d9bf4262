using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;
using UnionReview.Channels.Telegram;

namespace UnionReview.Server.Features.Telegram;

/// <summary>
/// POST from Telegram in webhook mode. A request without the configured X-Telegram-Bot-Api-Secret-Token gets 401
/// and changes nothing; an accepted update is stored before the 200 (so Telegram's retry is the only redelivery)
/// and handled on its chat's queue. In polling mode the endpoint answers 404.
/// </summary>
internal sealed class TelegramWebhookEndpoint(TelegramBot bot, TelegramInbox inbox, IOptions<TelegramOptions> options, ILogger<TelegramWebhookEndpoint> logger)
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";
    private const long MaxBodyBytes = 1024 * 1024;

    public async Task<IResult> HandleAsync(HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var settings = options.Value;
        if (!bot.Enabled || settings.Mode != TelegramMode.Webhook)
        {
            return Results.Json(new { error = TelegramTexts.WebhookNotActive }, statusCode: StatusCodes.Status404NotFound);
        }

        if (!SecretMatches(http.Request.Headers[SecretHeader].ToString(), settings.WebhookSecret))
        {
            logger.LogWarning("Refused a Telegram webhook request from {Remote}: missing or wrong secret token", http.Connection.RemoteIpAddress);
            return Results.Json(new { error = TelegramTexts.WebhookUnauthorized }, statusCode: StatusCodes.Status401Unauthorized);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        Update? update;
        try
        {
            update = await TelegramJson.ReadUpdateAsync(http.Request.Body, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            update = null;
        }

        if (update is null || update.Id <= 0)
        {
            return Results.Json(new { error = TelegramTexts.UnreadableUpdate }, statusCode: StatusCodes.Status400BadRequest);
        }

        await inbox.AcceptAsync([update], cancellationToken);
        return Results.Ok();
    }

    private static bool SecretMatches(string given, string expected) =>
        given.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
