using System.Globalization;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Committee;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Schedules;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Reports;

/// <summary>What a "remind now" came to.</summary>
public enum RemindOutcome
{
    /// <summary>The unit's officers were sent a reminder.</summary>
    Sent,
    /// <summary>Quiet hours (Schedules:QuietHoursStart/End): nothing is sent now.</summary>
    QuietHours,
    /// <summary>The unit was already reminded this way today.</summary>
    AlreadyToday,
    /// <summary>The report is submitted: nothing to remind.</summary>
    Submitted,
    /// <summary>The unit has no officer reachable in a chat.</summary>
    NoOfficer,
}

/// <summary>
/// "Remind now" from a committee member (on the web or in the chat): the unit's officers get the scheduled
/// reminder's text in their chat, never in quiet hours, and at most once a day per unit and campaign.
/// </summary>
public sealed class ReportReminders(WorkCalendar calendar, OutlineCatalog outlines, OutboxWriter outbox)
{
    public const string Kind = "remind-now";

    /// <summary>Queues the reminder for the unit's officers; the caller saves the changes (one transaction).</summary>
    public async Task<RemindOutcome> RemindNowAsync(UnionReviewDb db, int campaignId, int unitId, int requestedById, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var local = calendar.ToLocal(now);
        if (calendar.IsQuiet(TimeOnly.FromDateTime(local.DateTime)))
        {
            return RemindOutcome.QuietHours;
        }

        var today = calendar.Today(now);
        // The scheduled reminder's own occasion key: one reminder per unit and day, whether the schedule, the chat's
        // "Nhắc ngay" or this page sends it first.
        var key = CommitteeFeature.ReminderKey(campaignId, unitId, today);
        if (await db.ScheduleOccasions.AnyAsync(o => o.Key == key, cancellationToken))
        {
            return RemindOutcome.AlreadyToday;
        }

        var campaign = await db.Campaigns.SingleAsync(c => c.Id == campaignId, cancellationToken);
        var unit = await db.Units.SingleAsync(u => u.Id == unitId, cancellationToken);
        var report = await db.Reports.FirstOrDefaultAsync(r => r.CampaignId == campaignId && r.UnitId == unitId, cancellationToken);
        if (report?.Status == ReportStatus.Submitted)
        {
            return RemindOutcome.Submitted;
        }

        var due = await db.CampaignDeadlines.Where(d => d.CampaignId == campaignId && d.LevelId == unit.LevelId).Select(d => (DateOnly?)d.DueOn).FirstOrDefaultAsync(cancellationToken);
        var answers = report is null ? [] : ReportRemainder.ReadAnswers(await db.Answers.Where(a => a.ReportId == report.Id).ToListAsync(cancellationToken));
        var left = ReportRemainder.Of(outlines.Get(campaign.OutlineId), answers);
        var text = SchedulesTexts.Reminder(unit.Name, campaign.Name, due ?? today, today, left, report?.Status ?? ReportStatus.NotStarted, report?.ReturnNote);
        var officers = await db.Memberships.Where(m => m.UnitId == unitId && m.Role == Role.Officer).Select(m => m.PersonId).Distinct().ToListAsync(cancellationToken);
        var queued = 0;
        foreach (var officer in officers)
        {
            queued += await outbox.EnqueueForPersonAsync(db, officer, OutgoingMessage.Plain(text), $"{key}:{officer}", cancellationToken) ? 1 : 0;
        }

        if (queued == 0)
        {
            return RemindOutcome.NoOfficer;
        }

        db.ScheduleOccasions.Add(new ScheduleOccasion
        {
            Key = key, Kind = "reminder", CampaignId = campaignId, UnitId = unitId, PersonId = requestedById, LocalDate = today,
            Detail = "committee:" + requestedById.ToString(CultureInfo.InvariantCulture),
            Recipients = queued, CreatedAt = now,
        });
        return RemindOutcome.Sent;
    }
}
