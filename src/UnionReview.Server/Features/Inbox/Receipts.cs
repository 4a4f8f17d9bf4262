using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Inbox;

/// <summary>
/// The receipt of an incoming message (one per channel and message id) as a turn writes it, in the turn's own
/// savepoint: inserted as handled, or, for a message the inbox stored before it was acknowledged, marked handled (its
/// payload is no longer needed). A message already handled writes nothing: the turn is a repeat.
/// </summary>
internal static class Receipts
{
    private const string MarkHandledSql =
        "INSERT INTO inbound_receipts (Channel, MessageId, ReceivedAt, ChatId, Payload, HandledAt) VALUES ($p0, $p1, $p2, NULL, NULL, $p2) " +
        "ON CONFLICT (Channel, MessageId) DO UPDATE SET HandledAt = excluded.HandledAt, Payload = NULL WHERE inbound_receipts.HandledAt IS NULL";

    private static readonly string MarkHandledEfSql = MarkHandledSql.Replace("$p0", "{0}", StringComparison.Ordinal).Replace("$p1", "{1}", StringComparison.Ordinal).Replace("$p2", "{2}", StringComparison.Ordinal);

    /// <summary>On the writer connection as plain SQL; false when the message was handled before.</summary>
    public static bool MarkHandled(WriterSql sql, string channel, string messageId, DateTimeOffset now) =>
        sql.Execute(MarkHandledSql, channel, messageId, now.ToUnixTimeMilliseconds()) == 1;

    /// <summary>On the writer's EF Core context (inside its transaction); false when the message was handled before.</summary>
    public static async Task<bool> MarkHandledAsync(UnionReviewDb db, string channel, string messageId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlRawAsync(MarkHandledEfSql, [channel, messageId, now.ToUnixTimeMilliseconds()], cancellationToken) == 1;

    /// <summary>Whether the message was handled already (read outside the writer).</summary>
    public static Task<bool> HandledAsync(UnionReviewDb db, string channel, string messageId, CancellationToken cancellationToken) =>
        db.InboundReceipts.AnyAsync(r => r.Channel == channel && r.MessageId == messageId && r.HandledAt != null, cancellationToken);
}
