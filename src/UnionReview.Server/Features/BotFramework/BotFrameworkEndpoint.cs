using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using UnionReview.Channels.BotFramework;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.BotFramework;


/// <summary>
/// POST /api/messages: authenticates the request, hands message activities to the conversation service,
/// greets new members, and sends the replies back through the Connector. Replies that cannot be delivered
/// within the reply budget go through the outbox, so they are retried like proactive messages.
/// </summary>
internal sealed class BotFrameworkEndpoint(
    ConversationService conversations,
    BotFrameworkAuthenticator authenticator,
    BotFrameworkSender sender,
    TurnExecutor executor,
    OutboxWriter outbox,
    IOptions<BotFrameworkOptions> options,
    TimeProvider clock,
    ILogger<BotFrameworkEndpoint> logger)
{
    private const long MaxBodyBytes = 1024 * 1024;
    private const int MaxTextLength = 100_000;

    public async Task<IResult> HandleAsync(HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var settings = options.Value;
        string? authorization = http.Request.Headers.Authorization;
        // Without an app id nothing is authenticated: only the Emulator on this machine, talking to a Connector on this machine.
        if (!settings.AuthenticationEnabled && !LocalRequests.IsDirectLocal(http))
        {
            logger.LogWarning("Refused a Bot Framework request from {Remote}: no app id configured and not a direct local request", http.Connection.RemoteIpAddress);
            return Error(StatusCodes.Status401Unauthorized, BotFrameworkTexts.LocalOnly);
        }

        if (settings.AuthenticationEnabled && string.IsNullOrEmpty(authorization))
        {
            return Error(StatusCodes.Status401Unauthorized, BotFrameworkTexts.Unauthorized);
        }

        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, BotFrameworkTexts.RequestTooLarge);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        Activity? activity;
        try
        {
            activity = await JsonSerializer.DeserializeAsync<Activity>(http.Request.Body, WireJson.Options, cancellationToken);
        }
        catch (JsonException)
        {
            return Error(StatusCodes.Status400BadRequest, BotFrameworkTexts.UnreadableActivity);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, BotFrameworkTexts.RequestTooLarge);
        }

        if (activity is null)
        {
            return Error(StatusCodes.Status400BadRequest, BotFrameworkTexts.UnreadableActivity);
        }

        if (!settings.AuthenticationEnabled && !string.IsNullOrEmpty(activity.ServiceUrl) && !IsLoopbackUrl(activity.ServiceUrl))
        {
            logger.LogWarning("Refused a Bot Framework request: no app id configured and serviceUrl {ServiceUrl} is not on this machine", activity.ServiceUrl);
            return Error(StatusCodes.Status403Forbidden, BotFrameworkTexts.ServiceUrlNotLocal);
        }

        if (settings.AuthenticationEnabled)
        {
            var outcome = await authenticator.AuthenticateAsync(authorization, activity.ServiceUrl, activity.ChannelId, cancellationToken);
            if (!outcome.Succeeded)
            {
                logger.LogWarning("Refused a Bot Framework request with {Status}: {Reason}", outcome.StatusCode, outcome.Reason);
                return Error(outcome.StatusCode, outcome.StatusCode == 403 ? BotFrameworkTexts.Forbidden : BotFrameworkTexts.Unauthorized);
            }
        }

        switch (activity.Type)
        {
            case ActivityTypes.Message:
                return await HandleMessageAsync(activity, BotFrameworkSender.ReadPayload(activity.Value), cancellationToken);
            case ActivityTypes.ConversationUpdate:
                return await GreetAsync(activity, cancellationToken);
            case ActivityTypes.Invoke when BotFrameworkSender.ReadPayload(activity.Value) is { } payload:
                var handled = await HandleMessageAsync(activity, payload, cancellationToken);
                return handled is IStatusCodeHttpResult { StatusCode: 200 }
                    ? Results.Json(new { statusCode = 200, type = "application/vnd.microsoft.activity.message", value = "" })
                    : handled;
            case ActivityTypes.Invoke:
                return Error(StatusCodes.Status501NotImplemented, BotFrameworkTexts.UnknownInvoke);
            default:
                // typing, messageReaction, installationUpdate, event and types added later need no answer.
                return Results.Ok();
        }
    }

    private async Task<IResult> HandleMessageAsync(Activity activity, string? payload, CancellationToken cancellationToken)
    {
        if (!IsRoutable(activity))
        {
            return Error(StatusCodes.Status400BadRequest, BotFrameworkTexts.MissingFields);
        }

        if (IsGroup(activity))
        {
            await DeliverAsync(activity, [OutgoingMessage.Plain(BotFrameworkTexts.GroupNotSupported)], null, cancellationToken);
            return Results.Ok();
        }

        IncomingInput input;
        if (payload is not null)
        {
            input = IncomingInput.FromButton(payload);
        }
        else if (string.IsNullOrWhiteSpace(activity.Text))
        {
            await DeliverAsync(activity, [OutgoingMessage.Plain(BotFrameworkTexts.TextOnly)], null, cancellationToken);
            return Results.Ok();
        }
        else if (activity.Text.Length > MaxTextLength)
        {
            await DeliverAsync(activity, [OutgoingMessage.Plain(BotFrameworkTexts.TooLong)], null, cancellationToken);
            return Results.Ok();
        }
        else
        {
            input = IncomingInput.FromText(activity.Text);
        }

        var messageKey = activity.Id is { Length: > 0 } id ? $"{activity.ChannelId}:{activity.Conversation!.Id}:{id}" : null;
        var turn = await conversations.HandleAsync(new InboundMessage(ChannelNames.BotFramework, ExternalUserId(activity), input)
        {
            MessageId = messageKey,
            Address = JsonSerializer.Serialize(activity.GetConversationReference(), WireJson.Options),
            DisplayName = activity.From!.Name,
        }, cancellationToken);
        if (!turn.Duplicate)
        {
            await DeliverAsync(activity, turn.Messages, messageKey, cancellationToken);
        }

        return Results.Ok();
    }

    private async Task<IResult> GreetAsync(Activity activity, CancellationToken cancellationToken)
    {
        var newcomers = activity.MembersAdded?.Where(m => m.Id is not null && m.Id != activity.Recipient?.Id).ToList() ?? [];
        if (newcomers.Count > 0 && IsRoutable(activity) && !IsGroup(activity))
        {
            await DeliverAsync(activity with { Id = null }, [OutgoingMessage.Plain(BotFrameworkTexts.Welcome)], null, cancellationToken);
        }

        return Results.Ok();
    }

    /// <summary>
    /// Sends the replies in order within the reply budget. What is left after a retriable failure or when the budget
    /// runs out goes into the outbox (same conversation, backoff and jitter), so no committed reply is lost.
    /// </summary>
    private async Task DeliverAsync(Activity activity, IReadOnlyList<OutgoingMessage> replies, string? messageKey, CancellationToken cancellationToken)
    {
        replies = BotFrameworkSender.Merge(replies);
        using var budget = new CancellationTokenSource(options.Value.ReplyBudget, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var template = activity.CreateReply("", "vi-VN");
        for (var i = 0; i < replies.Count; i++)
        {
            try
            {
                await sender.SendAsync(template, replies[i], linked.Token);
            }
            catch (Exception e) when (e is ConnectorException { IsRetriable: true } or HttpRequestException or OperationCanceledException)
            {
                logger.LogWarning("Reply {Index} of {Count} to {Conversation} not delivered now ({Error}); queued in the outbox", i + 1, replies.Count, activity.Conversation?.Id, e.Message);
                await QueueAsync(activity, replies.Skip(i).ToList(), messageKey, i);
                return;
            }
            catch (ConnectorException e)
            {
                logger.LogError("Reply {Index} to {Conversation} refused with {Status} {Code}", i + 1, activity.Conversation?.Id, e.StatusCode, e.ErrorCode);
            }
        }
    }

    private async Task QueueAsync(Activity activity, List<OutgoingMessage> rest, string? messageKey, int offset)
    {
        var address = JsonSerializer.Serialize(activity.GetConversationReference(), WireJson.Options);
        // The turn is committed; its replies must survive even if the caller has gone away.
        await executor.ExecuteAsync(async (db, ct) =>
        {
            for (var i = 0; i < rest.Count; i++)
            {
                var key = messageKey is null ? null : $"botframework-reply:{messageKey}:{offset + i}";
                await outbox.EnqueueAsync(db, null, ChannelNames.BotFramework, address, rest[i], key, ct);
            }

            await db.SaveChangesAsync(ct);
            return 0;
        }, CancellationToken.None);
    }

    /// <summary>The person's identity on this channel: the channel id and the user's id there.</summary>
    internal static string ExternalUserId(Activity activity) => $"{activity.ChannelId}:{activity.From!.Id}";

    private static bool IsRoutable(Activity a) =>
        !string.IsNullOrEmpty(a.ServiceUrl) && !string.IsNullOrEmpty(a.ChannelId) && !string.IsNullOrEmpty(a.Conversation?.Id) && !string.IsNullOrEmpty(a.From?.Id);

    /// <summary>An http(s) address on this machine: localhost or a loopback address (not 0.0.0.0, not the machine's own network address).</summary>
    private static bool IsLoopbackUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && string.IsNullOrEmpty(uri.UserInfo) && LocalRequests.IsLoopbackHost(uri.Host);

    private static bool IsGroup(Activity a) =>
        a.Conversation?.IsGroup == true || a.Conversation?.ConversationType is "groupChat" or "channel";

    private static IResult Error(int status, string message) => Results.Json(new { error = new { code = status.ToString(System.Globalization.CultureInfo.InvariantCulture), message } }, statusCode: status);
}
