using System.Text.Json;
using UnionReview.Channels.BotFramework;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Outbox;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.BotFramework;


/// <summary>
/// Proactive sends (reminders, digests, answers to proposals) to the stored conversation reference, with the
/// Connector's answers mapped to the outbox's retry rules.
/// </summary>
internal sealed class BotFrameworkOutboxChannel(BotFrameworkSender sender, ILogger<BotFrameworkOutboxChannel> logger) : IOutboxChannel
{
    public string Channel => ChannelNames.BotFramework;

    public async Task<OutboxSendResult> SendAsync(OutboxMessage message, OutgoingMessage payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var reference = ReadReference(message.Address);
        if (reference is null)
        {
            return new OutboxSendResult.Failed("the stored address is not a conversation reference");
        }

        try
        {
            await sender.SendAsync(reference.CreateMessage(""), payload, cancellationToken);
            return new OutboxSendResult.Sent();
        }
        catch (ConnectorException e)
        {
            logger.LogWarning("Proactive send {Id} answered {Status} {Code}", message.Id, e.StatusCode, e.ErrorCode);
            return Map(e);
        }
    }

    /// <summary>429 waits as told (plus jitter) or backs off; 5xx backs off; 403/404 mean the user or conversation is gone.</summary>
    internal static OutboxSendResult Map(ConnectorException e) => e.StatusCode switch
    {
        429 => new OutboxSendResult.Retry(e.RetryAfter is { } after ? after + (after * Random.Shared.NextDouble() * 0.2) : TimeSpan.Zero, Describe(e)),
        >= 500 => new OutboxSendResult.Retry(TimeSpan.Zero, Describe(e)),
        403 or 404 => new OutboxSendResult.Unreachable(Describe(e)),
        _ => new OutboxSendResult.Failed(Describe(e)),
    };

    private static string Describe(ConnectorException e) => $"{e.StatusCode} {e.ErrorCode}: {e.Message}";

    internal static ConversationReference? ReadReference(string address)
    {
        try
        {
            var reference = JsonSerializer.Deserialize<ConversationReference>(address, WireJson.Options);
            return reference is { ServiceUrl: not null, Conversation.Id: not null } ? reference : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// The replies to one incoming activity, for <see cref="ReplyDelivery"/>: each answers the activity (replyToId set), the
/// Connector's answers mapped as for proactive sends, all within the reply budget; the address is the conversation
/// reference the outbox keeps for what is left.
/// </summary>
internal sealed class BotFrameworkReplies(BotFrameworkSender sender, Activity activity, TimeSpan budget) : IReplyChannel
{
    public string Channel => ChannelNames.BotFramework;

    public TimeSpan? ReplyBudget => budget;

    /// <summary>Where the rest goes if it cannot be sent now: the activity's conversation reference.</summary>
    public string Address { get; } = JsonSerializer.Serialize(activity.GetConversationReference(), WireJson.Options);

    public async Task<OutboxSendResult> SendReplyAsync(string address, OutgoingMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await sender.SendAsync(activity.CreateReply("", "vi-VN"), message, cancellationToken);
            return new OutboxSendResult.Sent();
        }
        catch (ConnectorException e)
        {
            return BotFrameworkOutboxChannel.Map(e);
        }
    }
}
