using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Outbox;

/// <summary>A channel that can send a reply to an address now, saying what happened as the outbox understands it.</summary>
public interface IReplyChannel
{
    string Channel { get; }

    /// <summary>Sends one message now (within the channel's limits); never throws for a refusal, only maps it.</summary>
    Task<OutboxSendResult> SendReplyAsync(string address, OutgoingMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// The one way a turn's replies leave: sent now, in order; what cannot go now (network, server errors, quota) goes
/// through the outbox, which retries it with backoff, so no committed reply is lost; a refusal that means the person
/// cannot be reached marks their chat unreachable and drops the rest (the outbox then uses their other channels).
/// </summary>
public sealed class ReplyDelivery(TurnExecutor executor, OutboxWriter outbox, ILogger<ReplyDelivery> logger)
{
    /// <param name="replyKey">Identifies the turn (channel and message id), so a reply is never queued twice.</param>
    public async Task DeliverAsync(IReplyChannel channel, string address, IReadOnlyList<OutgoingMessage> replies, string replyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(replies);
        for (var i = 0; i < replies.Count; i++)
        {
            OutboxSendResult result;
            try
            {
                result = await channel.SendReplyAsync(address, replies[i], cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException)
            {
                result = new OutboxSendResult.Retry(TimeSpan.Zero, e.Message);
            }

            switch (result)
            {
                case OutboxSendResult.Retry retry:
                    logger.LogWarning("Reply {Index} of {Count} on {Channel} not delivered now ({Error}); queued in the outbox", i + 1, replies.Count, channel.Channel, retry.Error);
                    await QueueAsync(channel.Channel, address, replies, i, replyKey, retry.After);
                    return;
                case OutboxSendResult.Unreachable unreachable:
                    logger.LogWarning("A {Channel} chat cannot be reached ({Error}); replies dropped and the chat marked unreachable", channel.Channel, unreachable.Error);
                    await executor.ExecuteAsync((db, ct) => OutboxWriter.MarkUnreachableAsync(db, channel.Channel, address, ct), CancellationToken.None);
                    return;
                case OutboxSendResult.Failed failed:
                    logger.LogError("Reply {Index} on {Channel} refused: {Error}", i + 1, channel.Channel, failed.Error);
                    break;
            }
        }
    }

    private async Task QueueAsync(string channel, string address, IReadOnlyList<OutgoingMessage> replies, int from, string replyKey, TimeSpan after)
    {
        // The turn is committed; its replies must survive even when the service is stopping.
        await executor.ExecuteAsync(async (db, ct) =>
        {
            for (var i = from; i < replies.Count; i++)
            {
                await outbox.EnqueueAsync(db, null, channel, address, replies[i], $"{replyKey}:{i}", ct);
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
