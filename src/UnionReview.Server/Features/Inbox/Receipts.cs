using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Inbox;

/// <summary>
/// The receipt of an incoming message (one per channel and message id) as a turn writes it, in the turn's own
/// savepoint: inserted as handled, or, for a message the inbox stored before it was acknowledged, marked handled (its
/// payload is no longer needed) with the turn's replies, kept until they have left so that a stop between the commit
/// and the sending loses none (<see cref="Inbox.ResumeAsync"/>). A message already handled writes nothing: the turn is
/// a repeat.
/// </summary>
internal static class Receipts
{
    private const string MarkHandledSql =
        "INSERT INTO inbound_receipts (Channel, MessageId, ReceivedAt, ChatId, Payload, HandledAt) VALUES ($p0, $p1, $p2, NULL, NULL, $p2) " +
        "ON CONFLICT (Channel, MessageId) DO UPDATE SET HandledAt = excluded.HandledAt, Payload = NULL, Replies = $p3 WHERE inbound_receipts.HandledAt IS NULL";

    /// <summary>Only an inbox message (it has a chat) keeps its replies: the inbox is what sends them after a restart.</summary>
    private const string StoreRepliesEfSql =
        "UPDATE inbound_receipts SET Replies = {0} WHERE Channel = {1} AND MessageId = {2} AND ChatId IS NOT NULL";

    /// <summary>The same mark through EF Core, where the replies are not known yet (they follow in the same transaction).</summary>
    private static readonly string MarkHandledEfSql = MarkHandledSql.Replace("$p0", "{0}", StringComparison.Ordinal).Replace("$p1", "{1}", StringComparison.Ordinal)
        .Replace("$p2", "{2}", StringComparison.Ordinal).Replace("$p3", "NULL", StringComparison.Ordinal);

    /// <summary>The replies as a receipt keeps them (compact JSON); null when there are none.</summary>
    public static string? Write(IReadOnlyList<OutgoingMessage> replies) => replies.Count == 0 ? null : StoredJson.Write(replies);

    /// <summary>Replies kept with a receipt, read back.</summary>
    public static IReadOnlyList<OutgoingMessage> Read(string replies) => StoredJson.Read<List<OutgoingMessage>>(replies);

    /// <summary>
    /// On the writer connection as plain SQL, with the turn's replies (<see cref="Write"/>); false when the message
    /// was handled before.
    /// </summary>
    public static bool MarkHandled(WriterSql sql, string channel, string messageId, DateTimeOffset now, string? replies) =>
        sql.Execute(MarkHandledSql, channel, messageId, now.ToUnixTimeMilliseconds(), replies) == 1;

    /// <summary>
    /// On the writer's EF Core context (inside its transaction), the turn's first write; false when the message was
    /// handled before. The replies follow with <see cref="StoreRepliesAsync"/> once the turn has them.
    /// </summary>
    public static async Task<bool> MarkHandledAsync(UnionReviewDb db, string channel, string messageId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlRawAsync(MarkHandledEfSql, [channel, messageId, now.ToUnixTimeMilliseconds()], cancellationToken) == 1;

    /// <summary>Keeps the turn's replies with the receipt it marked handled (same transaction); nothing when there are none.</summary>
    public static async Task StoreRepliesAsync(UnionReviewDb db, string channel, string messageId, IReadOnlyList<OutgoingMessage> replies, CancellationToken cancellationToken)
    {
        if (Write(replies) is { } json)
        {
            await db.Database.ExecuteSqlRawAsync(StoreRepliesEfSql, [json, channel, messageId], cancellationToken);
        }
    }

    /// <summary>Whether the message was handled already (read outside the writer).</summary>
    public static Task<bool> HandledAsync(UnionReviewDb db, string channel, string messageId, CancellationToken cancellationToken) =>
        db.InboundReceipts.AnyAsync(r => r.Channel == channel && r.MessageId == messageId && r.HandledAt != null, cancellationToken);
}
