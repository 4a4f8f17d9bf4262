using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using UnionReview.Channels.Zalo;

namespace UnionReview.Server.Features.Zalo;

/// <summary>
/// POST from Zalo in webhook mode. A request without the configured X-Bot-Api-Secret-Token gets 401 and changes
/// nothing; an accepted message is stored before the 200 (so a redelivery is the only way it comes twice, and the
/// message_id refuses that) and handled on its chat's queue. In polling mode the endpoint answers 404.
/// </summary>
internal sealed class ZaloWebhookEndpoint(ZaloBot bot, ZaloInbox inbox, IOptions<ZaloOptions> options, ILogger<ZaloWebhookEndpoint> logger)
{
    public const string SecretHeader = "X-Bot-Api-Secret-Token";
    private const int MaxBodyBytes = 1024 * 1024;

    public async Task<IResult> HandleAsync(HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var settings = options.Value;
        if (!bot.Enabled || settings.Mode != ZaloMode.Webhook)
        {
            return Results.Json(new { error = ZaloTexts.WebhookNotActive }, statusCode: StatusCodes.Status404NotFound);
        }

        if (!SecretMatches(http.Request.Headers[SecretHeader].ToString(), settings.WebhookSecret))
        {
            logger.LogWarning("Refused a Zalo webhook request from {Remote}: missing or wrong secret token", http.Connection.RemoteIpAddress);
            return Results.Json(new { error = ZaloTexts.WebhookUnauthorized }, statusCode: StatusCodes.Status401Unauthorized);
        }

        ZaloUpdate? update;
        try
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, cancellationToken);
            update = buffer.Length > MaxBodyBytes ? null : ZaloJson.ReadUpdate(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
        catch (JsonException)
        {
            update = null;
        }

        if (update?.Message is not { MessageId.Length: > 0, Chat.Id.Length: > 0 })
        {
            return Results.Json(new { error = ZaloTexts.UnreadableUpdate }, statusCode: StatusCodes.Status400BadRequest);
        }

        await inbox.AcceptAsync(update, cancellationToken);
        return Results.Ok(new { message = "Success" });
    }

    private static bool SecretMatches(string given, string expected) =>
        given.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
