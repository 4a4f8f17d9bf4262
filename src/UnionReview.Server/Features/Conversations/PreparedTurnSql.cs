using Microsoft.Data.Sqlite;
using UnionReview.Dialogs.Engine;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Conversations;

/// <summary>
/// Stores an ordinary report turn prepared from a kept session as plain SQL on the writer connection: the same rows
/// the EF Core path writes (<see cref="ReportStore.Plan"/> works them out for both), in a handful of prepared
/// statements. A first turn inserts the conversation and the report (unless another turn did meanwhile: then it is
/// stale). The conversation and the report are written only if their versions are still the ones read; then
/// answers, their earlier versions, report events, the receipt and "last seen". Anything stale throws
/// <see cref="StaleTurnException"/>, the writer rolls the turn's savepoint back, and the turn is prepared again from
/// a fresh read, outside the writer.
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
        var report = loaded.Report;
        if (report.Id == 0)
        {
            // The unit's first report turn: the report is created here, unless another turn created it meanwhile.
            report.Id = checked((int)(sql.ScalarOrNull("INSERT INTO reports (CampaignId, UnitId, Status, CreatedAt, UpdatedAt, Version) VALUES ($p0, $p1, $p2, $p3, $p4, 0) ON CONFLICT (CampaignId, UnitId) DO NOTHING RETURNING Id",
                report.CampaignId, report.UnitId, report.Status.ToString(), report.CreatedAt.ToUnixTimeMilliseconds(), report.UpdatedAt.ToUnixTimeMilliseconds()) ?? throw new StaleTurnException()));
        }

        var newConversation = conversation.Id == 0;
        if (newConversation)
        {
            // The person's first turn: likewise for the conversation (one per person).
            conversation.Id = checked((int)(sql.ScalarOrNull("INSERT INTO conversations (PersonId, ReportId, DialogState, LastChannel, UpdatedAt, Version) VALUES ($p0, $p1, $p2, $p3, $p4, 0) ON CONFLICT (PersonId) DO NOTHING RETURNING Id",
                conversation.PersonId, report.Id, state, message.Channel, at) ?? throw new StaleTurnException()));
        }
        else
        {
            // A typed command may leave a feature for the report dialog: the feature's state goes, as in the writer.
            Expect(sql.Execute("UPDATE conversations SET ReportId = $p0, DialogState = $p1, LastChannel = $p2, UpdatedAt = $p3, ActiveFeature = NULL, FeatureState = NULL, Version = Version + 1 WHERE Id = $p4 AND Version = $p5",
                report.Id, state, message.Channel, at, conversation.Id, conversation.Version));
        }

        var changes = ReportStore.Plan(loaded, turn.Effects, session.Who.Person.Id, message.Channel, now);
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
        conversation.ActiveFeature = null;
        conversation.FeatureState = null;
        if (!newConversation)
        {
            conversation.Version++;
        }
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
