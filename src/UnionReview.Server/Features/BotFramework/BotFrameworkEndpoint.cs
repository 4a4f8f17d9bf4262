using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using UnionReview.Channels.BotFramework;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Inbox;
using UnionReview.Server.Features.Outbox;

namespace UnionReview.Server.Features.BotFramework;


/// <summary>
/// POST /api/messages: authenticates the request, stores a message activity in the one inbox (Bot Framework's side of
/// it: this class) and answers once its turn is handled, greets new members, and sends the replies back through the
/// Connector via <see cref="ReplyDelivery"/>. Replies that cannot be delivered within the reply budget go through the
/// outbox, so they are retried like proactive messages. An activity stored but not handled at a stop is handled at the
/// next start (<see cref="BotFrameworkInboxResume"/>).
/// </summary>
internal sealed class BotFrameworkEndpoint : IInboxChannel
{
    private const long MaxBodyBytes = 1024 * 1024;
    private const int MaxTextLength = 100_000;
    private readonly ConversationService conversations;
    private readonly BotFrameworkAuthenticator authenticator;
    private readonly BotFrameworkSender sender;
    private readonly ReplyDelivery delivery;
    private readonly Inbox.Inbox inbox;
    private readonly IOptions<BotFrameworkOptions> options;
    private readonly ILogger<BotFrameworkEndpoint> logger;

    public BotFrameworkEndpoint(ConversationService conversations, BotFrameworkAuthenticator authenticator, BotFrameworkSender sender, ReplyDelivery delivery, Inbox.Inbox inbox, IOptions<BotFrameworkOptions> options, ILogger<BotFrameworkEndpoint> logger)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        (this.conversations, this.authenticator, this.sender, this.delivery, this.inbox, this.options, this.logger) = (conversations, authenticator, sender, delivery, inbox, options, logger);
        inbox.Register(this);
    }

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

        if (payload is null && string.IsNullOrWhiteSpace(activity.Text))
        {
            await DeliverAsync(activity, [OutgoingMessage.Plain(BotFrameworkTexts.TextOnly)], null, cancellationToken);
            return Results.Ok();
        }

        if (payload is null && activity.Text!.Length > MaxTextLength)
        {
            await DeliverAsync(activity, [OutgoingMessage.Plain(BotFrameworkTexts.TooLong)], null, cancellationToken);
            return Results.Ok();
        }

        var messageKey = activity.Id is { Length: > 0 } id ? $"{activity.ChannelId}:{activity.Conversation!.Id}:{id}" : null;
        if (messageKey is null)
        {
            // Without an activity id there is nothing to store it under or to recognise a repeat by.
            await TurnAsync(activity, null, cancellationToken);
            return Results.Ok();
        }

        // Stored in the one inbox before the answer, handled on the conversation's queue; the request waits for the
        // replies as before (a repeat is dropped by its receipt and answered with nothing).
        var accepted = await inbox.AcceptAsync([new InboxMessage(Channel, messageKey, activity.Conversation!.Id!, JsonSerializer.Serialize(activity, WireJson.Options), activity)], null, cancellationToken);
        if (accepted.Count == 1)
        {
            await accepted[0].Handled.WaitAsync(cancellationToken);
        }

        return Results.Ok();
    }

    public string Channel => ChannelNames.BotFramework;

    public int MaxParallelChats => 64;

    public TimeSpan KeepHandled => TimeSpan.FromDays(7);

    public object Read(string payload) => JsonSerializer.Deserialize<Activity>(payload, WireJson.Options) ?? throw new ArgumentException("An empty activity.", nameof(payload));

    public Task<bool> HandleAsync(InboxMessage message, bool resumed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return TurnAsync((Activity)message.Update, message.MessageId, cancellationToken);
    }

    /// <summary>The turn of a message activity checked above: the conversation service, then the replies; true when its receipt was stored.</summary>
    private async Task<bool> TurnAsync(Activity activity, string? messageKey, CancellationToken cancellationToken)
    {
        var input = BotFrameworkSender.ReadPayload(activity.Value) is { } payload ? IncomingInput.FromButton(payload) : IncomingInput.FromText(activity.Text!);
        var turn = await conversations.HandleAsync(new InboundMessage(ChannelNames.BotFramework, ExternalUserId(activity), input)
        {
            MessageId = messageKey,
            Address = JsonSerializer.Serialize(activity.GetConversationReference(), WireJson.Options),
            DisplayName = activity.From!.Name,
        }, cancellationToken);
        if (turn.Duplicate)
        {
            return true;
        }

        await DeliverAsync(activity, turn.Messages, messageKey, cancellationToken);
        return turn.Stored;
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
    /// Sends the replies in order within the reply budget through <see cref="ReplyDelivery"/>: what is left after a
    /// retriable failure or when the budget runs out goes into the outbox, so no committed reply is lost.
    /// </summary>
    private Task DeliverAsync(Activity activity, IReadOnlyList<OutgoingMessage> replies, string? messageKey, CancellationToken cancellationToken)
    {
        replies = BotFrameworkSender.Merge(replies);
        var channel = new BotFrameworkReplies(sender, activity, options.Value.ReplyBudget);
        return delivery.DeliverAsync(channel, channel.Address, replies, messageKey is null ? null : "botframework-reply:" + messageKey, cancellationToken);
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

/// <summary>At start, hands the activities stored but not handled before the last stop to the inbox.</summary>
internal sealed class BotFrameworkInboxResume(BotFrameworkEndpoint endpoint, Inbox.Inbox inbox) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await inbox.ResumeAsync(endpoint.Channel, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
