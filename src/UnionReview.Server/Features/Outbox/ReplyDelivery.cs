using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Outbox;

/// <summary>A channel that can send a reply to an address now, saying what happened as the outbox understands it.</summary>
public interface IReplyChannel
{
    string Channel { get; }

    /// <summary>
    /// How long all of a turn's replies may take before the rest goes to the outbox (Bot Framework must answer the
    /// request within its time); none by default.
    /// </summary>
    TimeSpan? ReplyBudget => null;

    /// <summary>Sends one message now (within the channel's limits); never throws for a refusal, only maps it.</summary>
    Task<OutboxSendResult> SendReplyAsync(string address, OutgoingMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// The one way a message leaves, for replies and for the outbox alike. A turn's replies are sent now, in order; what
/// cannot go now (network, server errors, quota, the reply budget spent) goes through the outbox, which retries it
/// with backoff, so no committed reply is lost; a refusal that means the person cannot be reached marks their chat
/// unreachable once and drops the rest (the outbox then uses their other channels). <see cref="SendOneAsync"/> and
/// <see cref="MarkUnreachableAsync"/> are the send-result mapping and the unreachable rule the outbox dispatcher uses too.
/// </summary>
public sealed class ReplyDelivery(TurnExecutor executor, OutboxWriter outbox, TimeProvider clock, ILogger<ReplyDelivery> logger)
{
    /// <param name="replyKey">Identifies the turn (channel and message id), so a reply is never queued twice; null when there is none.</param>
    public async Task DeliverAsync(IReplyChannel channel, string address, IReadOnlyList<OutgoingMessage> replies, string? replyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(replies);
        using var budget = channel.ReplyBudget is { } limit ? new CancellationTokenSource(limit, clock) : null;
        using var linked = budget is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var token = linked?.Token ?? cancellationToken;
        for (var i = 0; i < replies.Count; i++)
        {
            var message = replies[i];
            var result = budget?.IsCancellationRequested == true
                ? new OutboxSendResult.Retry(TimeSpan.Zero, "reply budget spent")
                : await SendOneAsync(ct => channel.SendReplyAsync(address, message, ct), token, cancellationToken);
            switch (result)
            {
                case OutboxSendResult.Retry retry:
                    logger.LogWarning("Reply {Index} of {Count} on {Channel} not delivered now ({Error}); queued in the outbox", i + 1, replies.Count, channel.Channel, retry.Error);
                    await QueueAsync(channel.Channel, address, replies, i, replyKey, retry.After > MinimumRetry ? retry.After : MinimumRetry);
                    return;
                case OutboxSendResult.Unreachable unreachable:
                    logger.LogWarning("A {Channel} chat cannot be reached ({Error}); replies dropped and the chat marked unreachable", channel.Channel, unreachable.Error);
                    await executor.ExecuteAsync((db, ct) => MarkUnreachableAsync(db, channel.Channel, address, ct), CancellationToken.None);
                    return;
                case OutboxSendResult.Failed failed:
                    logger.LogError("Reply {Index} on {Channel} refused: {Error}", i + 1, channel.Channel, failed.Error);
                    break;
            }
        }
    }

    /// <summary>
    /// Sends one message and maps what is not already a result: a network error, a timeout or a cancellation that is
    /// not the caller's (a reply budget, an HTTP timeout) means "try again later". The one mapping for every channel.
    /// </summary>
    public static async Task<OutboxSendResult> SendOneAsync(Func<CancellationToken, Task<OutboxSendResult>> send, CancellationToken cancellationToken, CancellationToken stopping = default)
    {
        ArgumentNullException.ThrowIfNull(send);
        try
        {
            return await send(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException || (e is OperationCanceledException && !stopping.IsCancellationRequested))
        {
            return new OutboxSendResult.Retry(TimeSpan.Zero, e.Message);
        }
    }

    /// <summary>
    /// The chat app refused a send because the person cannot be reached there (blocked, deactivated, gone): their chat
    /// accounts at <paramref name="address"/> are marked unreachable, and what is still waiting for that address fails
    /// now instead of being tried again. Nothing more is queued for them there until the person writes again.
    /// </summary>
    public static async Task<int> MarkUnreachableAsync(UnionReviewDb db, string channel, string address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var marked = await OutboxWriter.MarkUnreachableAsync(db, channel, address, cancellationToken);
        await db.Outbox.Where(o => o.Status == OutboxStatus.Pending && o.Channel == channel && o.Address == address)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OutboxStatus.Failed).SetProperty(o => o.LastError, "recipient unreachable"), cancellationToken);
        return marked;
    }

    /// <summary>
    /// The least wait before the outbox tries a reply the chat app has just refused or not taken: never again in the
    /// same instant (a server that answered 503 a moment ago is not asked again at once).
    /// </summary>
    public static readonly TimeSpan MinimumRetry = TimeSpan.FromSeconds(2);

    private async Task QueueAsync(string channel, string address, IReadOnlyList<OutgoingMessage> replies, int from, string? replyKey, TimeSpan after)
    {
        // The turn is committed; its replies must survive even when the service is stopping.
        await executor.ExecuteAsync(async (db, ct) =>
        {
            for (var i = from; i < replies.Count; i++)
            {
                await outbox.EnqueueAsync(db, null, channel, address, replies[i], replyKey is null ? null : $"{replyKey}:{i}", ct);
            }

            if (after > TimeSpan.Zero)
            {
                foreach (var queued in db.Outbox.Local)
                {
                    queued.NextAttemptAt += after;
                }
            }

            await db.SaveChangesAsync(ct);
            return 0;
        }, CancellationToken.None);
    }
}
