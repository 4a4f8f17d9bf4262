using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Conversations;

/// <summary>
/// Puts proactive messages into the outbox, inside the caller's transaction, so a message exists exactly
/// when the change that caused it is committed.
/// </summary>
public sealed class OutboxWriter(TimeProvider clock)
{
    /// <summary>
    /// Marks the chat accounts at <paramref name="address"/> unreachable (the chat app refused a send: blocked,
    /// deactivated): nothing more is queued for them there until the person writes again.
    /// </summary>
    public static Task<int> MarkUnreachableAsync(UnionReviewDb db, string channel, string address, CancellationToken cancellationToken) =>
        db.ChannelAccounts.Where(a => a.Channel == channel && a.Address == address)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Unreachable, true), cancellationToken);

    /// <summary>
    /// Queues <paramref name="message"/> for a person on the reachable channel they used most recently.
    /// Returns false when the person has no reachable chat, or when <paramref name="dedupeKey"/> was queued before.
    /// </summary>
    public async Task<bool> EnqueueForPersonAsync(UnionReviewDb db, int personId, OutgoingMessage message, string? dedupeKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var account = await db.ChannelAccounts
            .Where(a => a.PersonId == personId && !a.Unreachable && a.Address != null)
            .OrderByDescending(a => a.LastSeenAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (account is null)
        {
            return false;
        }

        return await EnqueueAsync(db, personId, account.Channel, account.Address!, message, dedupeKey, cancellationToken);
    }

    /// <summary>Queues a message to an explicit channel address.</summary>
    public async Task<bool> EnqueueAsync(UnionReviewDb db, int? personId, string channel, string address, OutgoingMessage message, string? dedupeKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (dedupeKey is not null && (db.Outbox.Local.Any(o => o.DedupeKey == dedupeKey) || await db.Outbox.AnyAsync(o => o.DedupeKey == dedupeKey, cancellationToken)))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        db.Outbox.Add(new OutboxMessage
        {
            PersonId = personId,
            Channel = channel,
            Address = address,
            Payload = StoredJson.Write(message),
            DedupeKey = dedupeKey,
            Status = OutboxStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        });
        return true;
    }
}
