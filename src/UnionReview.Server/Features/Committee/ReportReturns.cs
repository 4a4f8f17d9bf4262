using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Committee;

/// <summary>How a request to return a report ended.</summary>
public enum ReturnOutcome
{
    /// <summary>Returned; the unit's officers are told through the outbox.</summary>
    Returned,
    /// <summary>No reason given: nothing changed.</summary>
    NeedsReason,
    /// <summary>The reason is longer than <see cref="ReportReturns.MaxReasonLength"/>: nothing changed.</summary>
    ReasonTooLong,
    /// <summary>No such report in the member's scope.</summary>
    OutOfScope,
    /// <summary>The report is not submitted (still being written, or returned already).</summary>
    NotSubmitted,
}

/// <summary>The outcome, the report (when found in scope) and what to tell the member, in Vietnamese.</summary>
public sealed record ReturnResult(ReturnOutcome Outcome, Report? Report, string Message);

/// <summary>
/// Returning a submitted report for revision, the one path for the chat (<c>/donvi</c> → “Trả lại để chỉnh sửa”) and
/// the web dashboard: only a report in the member's committee scope, only when submitted, with a reason of at most
/// 2.000 characters; the status, the note and a "returned" event change in the caller's transaction, and each of
/// the unit's officers gets the reason in chat through the outbox.
/// </summary>
public static class ReportReturns
{
    public const int MaxReasonLength = 2_000;

    public static async Task<ReturnResult> ReturnAsync(UnionReviewDb db, OutboxWriter outbox, PersonContext who, int reportId, string? reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(outbox);
        ArgumentNullException.ThrowIfNull(who);
        reason = (reason ?? "").Trim();
        var scope = who.IsCommittee ? await Scope.CommitteeScopeAsync(db, who.Memberships, cancellationToken) : [];
        var report = await db.Reports.FirstOrDefaultAsync(r => r.Id == reportId && scope.Contains(r.UnitId), cancellationToken);
        if (report is null)
        {
            return new(ReturnOutcome.OutOfScope, null, CommitteeTexts.OutOfScope);
        }

        if (report.Status != ReportStatus.Submitted)
        {
            return new(ReturnOutcome.NotSubmitted, report, report.Status == ReportStatus.Returned ? CommitteeTexts.AlreadyReturned : CommitteeTexts.NotSubmitted);
        }

        if (reason.Length == 0)
        {
            return new(ReturnOutcome.NeedsReason, report, CommitteeTexts.AskReason);
        }

        if (reason.Length > MaxReasonLength)
        {
            return new(ReturnOutcome.ReasonTooLong, report, CommitteeTexts.ReasonTooLong(reason.Length));
        }

        report.Status = ReportStatus.Returned;
        report.ReturnNote = reason;
        report.UpdatedAt = now;
        db.ReportEvents.Add(new ReportEvent { ReportId = report.Id, Kind = "returned", PersonId = who.Person.Id, Note = reason, Channel = who.Channel, At = now });
        var unit = await db.Units.SingleAsync(u => u.Id == report.UnitId, cancellationToken);
        var officers = await db.Memberships.Where(m => m.UnitId == unit.Id && m.Role == Role.Officer).Select(m => m.PersonId).Distinct().ToListAsync(cancellationToken);
        var told = 0;
        foreach (var officer in officers)
        {
            told += await outbox.EnqueueForPersonAsync(db, officer,
                new OutgoingMessage(ServerTexts.ReportReturnedNotice(unit.Name, reason), [[new ChatButton(DialogTexts.ButtonContinue, new DialogCommand(DialogCommandKind.Continue).ToPayload())]]),
                $"returned:{report.Id}:{now.ToUnixTimeMilliseconds()}:{officer}", cancellationToken) ? 1 : 0;
        }

        return new(ReturnOutcome.Returned, report, CommitteeTexts.Returned(unit.Name, told));
    }
}
