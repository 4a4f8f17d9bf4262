using Microsoft.Data.Sqlite;
using UnionReview.Dialogs.Engine;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Conversations;

/// <summary>
/// Stores an ordinary report turn prepared from a kept session as plain SQL on the writer connection: the same rows
/// the EF Core path writes (<see cref="ReportStore.Plan"/> works them out for both), in a handful of prepared
/// statements. The conversation and the report are written only if their versions are still the ones read; then
/// answers, their earlier versions, report events, the receipt and "last seen". Anything stale throws
/// <see cref="StaleTurnException"/>, the writer rolls the turn's savepoint back, and the turn runs again in full.
/// </summary>
internal static class PreparedTurnSql
{
    public static void Write(WriterSql sql, InboundMessage message, ReportSession session, TurnResult turn, DateTimeOffset now)
    {
        try
        {
            WriteRows(sql, message, session, turn, now);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            // SQLITE_CONSTRAINT: a row this turn adds was added meanwhile by another path.
            throw new StaleTurnException(e);
        }
    }

    private static void WriteRows(WriterSql sql, InboundMessage message, ReportSession session, TurnResult turn, DateTimeOffset now)
    {
        var (conversation, loaded, account) = (session.Conversation, session.Loaded, session.Account);
        var at = now.ToUnixTimeMilliseconds();
        var state = StoredJson.Write(turn.State);
        Expect(sql.Execute("UPDATE conversations SET ReportId = $p0, DialogState = $p1, LastChannel = $p2, UpdatedAt = $p3, Version = Version + 1 WHERE Id = $p4 AND Version = $p5",
            loaded.Report.Id, state, message.Channel, at, conversation.Id, conversation.Version));
        var changes = ReportStore.Plan(loaded, turn.Effects, session.Who.Person.Id, message.Channel, now);
        var report = loaded.Report;
        if (changes.ReportChanged)
        {
            Expect(sql.Execute("UPDATE reports SET Status = $p0, SubmittedAt = $p1, SubmittedById = $p2, ReturnNote = $p3, UpdatedAt = $p4, Version = Version + 1 WHERE Id = $p5 AND Version = $p6",
                report.Status.ToString(), report.SubmittedAt?.ToUnixTimeMilliseconds(), report.SubmittedById, report.ReturnNote, report.UpdatedAt.ToUnixTimeMilliseconds(), report.Id, report.Version));
        }

        foreach (var row in changes.Added)
        {
            row.Id = sql.Scalar("INSERT INTO answers (ReportId, QuestionId, Value, Number, Version, PersonId, Channel, AnsweredAt) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7) RETURNING Id",
                row.ReportId, row.QuestionId, row.Value, row.Number, row.Version, row.PersonId, row.Channel, row.AnsweredAt.ToUnixTimeMilliseconds());
        }

        foreach (var (row, old) in changes.Replaced)
        {
            sql.Execute("INSERT INTO answer_revisions (ReportId, QuestionId, Version, Value, PersonId, Channel, AnsweredAt, ReplacedAt) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7)",
                old.ReportId, old.QuestionId, old.Version, old.Value, old.PersonId, old.Channel, old.AnsweredAt.ToUnixTimeMilliseconds(), old.ReplacedAt.ToUnixTimeMilliseconds());
            Expect(sql.Execute("UPDATE answers SET Value = $p0, Number = $p1, Version = $p2, PersonId = $p3, Channel = $p4, AnsweredAt = $p5 WHERE Id = $p6",
                row.Value, row.Number, row.Version, row.PersonId, row.Channel, row.AnsweredAt.ToUnixTimeMilliseconds(), row.Id));
        }

        foreach (var e in changes.Events)
        {
            sql.Execute("INSERT INTO report_events (ReportId, Kind, PersonId, Note, Channel, At) VALUES ($p0, $p1, $p2, $p3, $p4, $p5)", e.ReportId, e.Kind, e.PersonId, e.Note, e.Channel, e.At.ToUnixTimeMilliseconds());
        }

        if (message.MessageId is { } messageId)
        {
            // A repeat of a message already handled: the writer's full path recognises it and answers nothing.
            Expect(sql.Execute("INSERT INTO inbound_receipts (Channel, MessageId, ReceivedAt) VALUES ($p0, $p1, $p2) ON CONFLICT DO NOTHING", message.Channel, messageId, at));
        }

        if (ConversationService.NeedsTouch(account, message, now))
        {
            ConversationService.Touch(account, message, now);
            sql.Execute("UPDATE channel_accounts SET LastSeenAt = $p0, Unreachable = 0, Address = $p1 WHERE Id = $p2", at, account.Address, account.Id);
        }

        // The rows now carry the next versions: so do the session's copies.
        conversation.ReportId = report.Id;
        conversation.DialogState = state;
        conversation.LastChannel = message.Channel;
        conversation.UpdatedAt = now;
        conversation.Version++;
        if (changes.ReportChanged)
        {
            report.Version++;
        }
    }

    private static void Expect(int changedRows)
    {
        if (changedRows != 1)
        {
            throw new StaleTurnException();
        }
    }
}

/// <summary>A prepared turn found the conversation or the report changed since its read (or its message already handled).</summary>
public sealed class StaleTurnException(Exception? inner = null) : Exception("The turn was prepared from an older read.", inner);
