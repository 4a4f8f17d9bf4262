using Microsoft.Data.Sqlite;
using UnionReview.Dialogs.Engine;
using UnionReview.Server.Features.Inbox;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Conversations;

/// <summary>
/// Stores an ordinary report turn prepared outside the writer as plain SQL on the writer connection: the same rows the
/// EF Core path writes (<see cref="ReportStore.Plan"/> works them out for both), through statements generated from the
/// EF Core model (<see cref="ModelSql"/>), so no column can be left out. A first turn inserts the conversation and the
/// report (unless another turn did meanwhile: then it is stale). The conversation and the report are written only if
/// their versions are still the ones read (<see cref="TableSql.Update(WriterSql, object)"/> raises them); then
/// answers, their earlier versions, report events, the receipt and "last seen". Anything stale throws
/// <see cref="StaleTurnException"/>, the writer rolls the turn's savepoint back, and the turn is prepared again from a
/// fresh read, outside the writer.
/// </summary>
internal static class PreparedTurnSql
{
    /// <param name="replies">The turn's replies as its receipt keeps them (<see cref="Receipts.Write"/>).</param>
    public static void Write(WriterSql sql, InboundMessage message, ReportSession session, TurnResult turn, DateTimeOffset now, string? replies)
    {
        try
        {
            WriteRows(sql, message, session, turn, now, replies);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            // SQLITE_CONSTRAINT: a row this turn adds was added meanwhile by another path.
            throw new StaleTurnException(e);
        }
    }

    private static void WriteRows(WriterSql sql, InboundMessage message, ReportSession session, TurnResult turn, DateTimeOffset now, string? replies)
    {
        var (conversation, loaded, account) = (session.Conversation, session.Loaded, session.Account);
        var report = loaded.Report;
        if (report.Id == 0 && sql.Rows.For<Report>().InsertIfAbsent(sql, report) is null)
        {
            // The unit's first report turn: the report is created here, unless another turn created it meanwhile.
            throw new StaleTurnException();
        }

        // A typed command may leave a feature for the report dialog: the feature's state goes, as in the writer.
        conversation.ReportId = report.Id;
        conversation.DialogState = StoredJson.Write(turn.State);
        conversation.LastChannel = message.Channel;
        conversation.UpdatedAt = now;
        conversation.ActiveFeature = null;
        conversation.FeatureState = null;
        var conversations = sql.Rows.For<Conversation>();
        // The person's first turn inserts the conversation (one per person), unless another turn did meanwhile.
        Expect(conversation.Id == 0 ? conversations.InsertIfAbsent(sql, conversation) is not null : conversations.Update(sql, conversation));

        var changes = ReportStore.Plan(loaded, turn.Effects, session.Who.Person.Id, message.Channel, now);
        if (changes.ReportChanged)
        {
            Expect(sql.Rows.For<Report>().Update(sql, report));
        }

        var answers = sql.Rows.For<Answer>();
        foreach (var row in changes.Added)
        {
            answers.Insert(sql, row);
        }

        var revisions = sql.Rows.For<AnswerRevision>();
        foreach (var (row, old) in changes.Replaced)
        {
            revisions.Insert(sql, old);
            Expect(answers.Update(sql, row));
        }

        var events = sql.Rows.For<ReportEvent>();
        foreach (var e in changes.Events)
        {
            events.Insert(sql, e);
        }

        if (message.MessageId is { } messageId)
        {
            // A repeat of a message already handled: the writer's full path recognises it and answers nothing.
            // The replies are kept with the receipt until they have left.
            Expect(Receipts.MarkHandled(sql, message.Channel, messageId, now, replies));
        }

        if (AccountTouch.Needed(account, message, now))
        {
            AccountTouch.Apply(account, message, now);
            sql.Rows.For<ChannelAccount>().Update(sql, account, nameof(ChannelAccount.LastSeenAt), nameof(ChannelAccount.Unreachable), nameof(ChannelAccount.Address));
        }
    }

    private static void Expect(bool written)
    {
        if (!written)
        {
            throw new StaleTurnException();
        }
    }
}

/// <summary>A prepared turn found the conversation or the report changed since its read (or its message already handled).</summary>
public sealed class StaleTurnException(Exception? inner = null) : Exception("The turn was prepared from an older read.", inner);
