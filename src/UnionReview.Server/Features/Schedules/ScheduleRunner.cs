using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Digest;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Schedules;

/// <summary>What one run of a schedule did.</summary>
public sealed record ScheduleRunResult(string Schedule, DateOnly LocalDate, string Outcome, int Occasions, int Messages);

/// <summary>
/// Decides which reminders, escalations and digests are due now and queues them in the outbox. Every occasion
/// is recorded in <c>schedule_occasions</c> in the same transaction as its messages, keyed by unit (or person)
/// and local day, so a run repeated after a restart, or racing another run, queues nothing twice. An occasion
/// is only due on its own day, from its configured time until quiet hours begin: one missed in the morning goes
/// out when the service is back; one missed until the evening is dropped.
/// </summary>
public sealed class ScheduleRunner(
    IDbContextFactory<UnionReviewDb> dbFactory,
    TurnExecutor executor,
    OutboxWriter outbox,
    OutlineCatalog outlines,
    DigestBuilder digests,
    WorkCalendar calendar,
    IOptions<ScheduleOptions> options,
    TimeProvider clock,
    ILogger<ScheduleRunner> logger)
{
    public const string Reminders = "reminders", Digest = "digest";

    private ScheduleOptions Options => options.Value;

    /// <summary>Why a schedule does nothing at this moment, or null when it is due.</summary>
    private string? NotDue(bool enabled, TimeOnly at, bool workingDaysOnly, DateTimeOffset now)
    {
        var local = calendar.ToLocal(now);
        var today = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (!enabled)
        {
            return "disabled";
        }

        if (workingDaysOnly && !calendar.IsWorkingDay(today))
        {
            return calendar.IsHoliday(today) ? "holiday" : "non-working day";
        }

        if (time < at)
        {
            return "not yet";
        }

        return calendar.IsQuiet(time) ? "quiet hours" : null;
    }

    /// <summary>Queues the reminders (and escalations) due now.</summary>
    public async Task<ScheduleRunResult> RunRemindersAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = calendar.Today(now);
        var o = Options.Reminders;
        if (NotDue(o.Enabled, o.Time, workingDaysOnly: true, now) is { } reason)
        {
            return await RecordRunAsync(new ScheduleRunResult(Reminders, today, reason, 0, 0), o.Time, o.Enabled, cancellationToken);
        }

        var plans = await PlanRemindersAsync(today, cancellationToken);
        var occasions = 0;
        var messages = 0;
        // Queued concurrently so the single writer commits many occasions per transaction (group commit).
        await Parallel.ForEachAsync(plans, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (plan, ct) =>
        {
            if (await QueueReminderAsync(plan, today, ct) is { } n)
            {
                Interlocked.Increment(ref occasions);
                Interlocked.Add(ref messages, n);
            }
        });

        if (o.EscalateToParent)
        {
            foreach (var parent in plans.Where(p => p.DaysOverdue >= o.EscalateAfterDaysOverdue && p.Unit.ParentId is not null).GroupBy(p => (p.Campaign.Id, p.Unit.ParentId!.Value)))
            {
                var sent = await QueueEscalationAsync(parent.Key.Id, parent.Key.Value, [.. parent], today, cancellationToken);
                if (sent is { } n)
                {
                    occasions++;
                    messages += n;
                }
            }
        }

        logger.LogInformation("Reminders for {Date}: {Occasions} occasion(s), {Messages} message(s) queued", today, occasions, messages);
        return await RecordRunAsync(new ScheduleRunResult(Reminders, today, "sent", occasions, messages), o.Time, o.Enabled, cancellationToken);
    }

    /// <summary>Queues the daily digest to every committee member who has not had today's.</summary>
    public async Task<ScheduleRunResult> RunDigestsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = calendar.Today(now);
        var o = Options.Digest;
        if (NotDue(o.Enabled, o.Time, o.WorkingDaysOnly, now) is { } reason)
        {
            return await RecordRunAsync(new ScheduleRunResult(Digest, today, reason, 0, 0), o.Time, o.Enabled, cancellationToken);
        }

        var roles = o.EffectiveRoles.ToList();
        var date = Day(today);
        List<(int PersonId, List<Membership> Memberships, DateTimeOffset Since)> recipients;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var memberships = await db.Memberships.Where(m => roles.Contains(m.Role)).ToListAsync(cancellationToken);
            var off = await db.DigestPreferences.Where(p => !p.DailyDigest).Select(p => p.PersonId).ToListAsync(cancellationToken);
            var done = await db.ScheduleOccasions.Where(x => x.Kind == Digest && x.LocalDate == today).Select(x => x.PersonId).ToListAsync(cancellationToken);
            var last = await db.ScheduleOccasions.Where(x => x.Kind == Digest && x.PersonId != null)
                .GroupBy(x => x.PersonId).Select(g => new { PersonId = g.Key!.Value, At = g.Max(x => x.CreatedAt) }).ToDictionaryAsync(x => x.PersonId, x => x.At, cancellationToken);
            recipients = [.. memberships.GroupBy(m => m.PersonId)
                .Where(g => !off.Contains(g.Key) && !done.Contains(g.Key))
                .Select(g => (g.Key, g.ToList(), SinceFor(last.GetValueOrDefault(g.Key), now)))];
        }

        var occasions = 0;
        var messages = 0;
        foreach (var (personId, memberships, since) in recipients)
        {
            IReadOnlyList<OutgoingMessage> parts;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                var scope = await Scope.SubtreeUnitIdsAsync(db, memberships.Select(m => m.UnitId), cancellationToken);
                parts = digests.Render(await digests.BuildAllAsync(db, scope, now, since, cancellationToken), dailyOn: true);
            }

            var key = $"digest:{personId}:{date}";
            var sent = await OnceAsync(key, async (db, ct) =>
            {
                var queued = 0;
                for (var i = 0; i < parts.Count; i++)
                {
                    queued += await outbox.EnqueueForPersonAsync(db, personId, parts[i], $"{key}:{i}", ct) ? 1 : 0;
                }

                db.ScheduleOccasions.Add(new ScheduleOccasion { Key = key, Kind = Digest, PersonId = personId, LocalDate = today, Detail = "daily", Recipients = queued, CreatedAt = now });
                return queued;
            }, cancellationToken);
            if (sent is { } n)
            {
                occasions++;
                messages += n;
            }
        }

        logger.LogInformation("Digest for {Date}: {Occasions} recipient(s), {Messages} message(s) queued", today, occasions, messages);
        return await RecordRunAsync(new ScheduleRunResult(Digest, today, "sent", occasions, messages), o.Time, o.Enabled, cancellationToken);
    }

    /// <summary>"Since the last digest", at most a week back; a first digest looks back one day.</summary>
    private static DateTimeOffset SinceFor(DateTimeOffset last, DateTimeOffset now) =>
        last == default || last < now.AddDays(-7) ? now.AddDays(-1) : last;

    private sealed record ReminderPlan(Campaign Campaign, Unit Unit, DateOnly DueOn, int DaysOverdue, string Detail);

    /// <summary>The units that get a reminder today: not submitted, and today is one of their reminder days.</summary>
    private async Task<List<ReminderPlan>> PlanRemindersAsync(DateOnly today, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var plans = new List<ReminderPlan>();
        foreach (var campaign in await db.Campaigns.Where(c => c.IsActive).OrderBy(c => c.Id).ToListAsync(cancellationToken))
        {
            var due = await db.CampaignDeadlines.Where(d => d.CampaignId == campaign.Id).ToDictionaryAsync(d => d.LevelId, d => d.DueOn, cancellationToken);
            var units = await (from cu in db.CampaignUnits join u in db.Units on cu.UnitId equals u.Id where cu.CampaignId == campaign.Id orderby u.Path select u).ToListAsync(cancellationToken);
            var submitted = (await db.Reports.Where(r => r.CampaignId == campaign.Id && r.Status == ReportStatus.Submitted).Select(r => r.UnitId).ToListAsync(cancellationToken)).ToHashSet();
            foreach (var unit in units)
            {
                if (submitted.Contains(unit.Id) || !due.TryGetValue(unit.LevelId, out var dueOn) || campaign.StartsOn > today)
                {
                    continue;
                }

                if (Occasion(dueOn, today) is { } detail)
                {
                    plans.Add(new ReminderPlan(campaign, unit, dueOn, Math.Max(0, today.DayNumber - dueOn.DayNumber), detail));
                }
            }
        }

        return plans;
    }

    /// <summary>
    /// Whether <paramref name="today"/> (a working day) is a reminder day for a deadline: an offset before it
    /// (moved back to the nearest working day when it falls on a weekend or holiday), or any day after it.
    /// </summary>
    public string? Occasion(DateOnly dueOn, DateOnly today)
    {
        var o = Options.Reminders;
        if (today > dueOn)
        {
            return o.DailyWhileOverdue ? $"overdue:{today.DayNumber - dueOn.DayNumber}" : null;
        }

        return o.EffectiveOffsets.Any(k => calendar.WorkingDayOnOrBefore(dueOn.AddDays(-k)) == today)
            ? $"before:{dueOn.DayNumber - today.DayNumber}"
            : null;
    }

    private async Task<int?> QueueReminderAsync(ReminderPlan plan, DateOnly today, CancellationToken cancellationToken)
    {
        var key = $"reminder:{plan.Campaign.Id}:{plan.Unit.Id}:{Day(today)}";
        var outline = outlines.Get(plan.Campaign.OutlineId);
        return await OnceAsync(key, async (db, ct) =>
        {
            // Read inside the transaction: a report submitted a moment ago gets no reminder.
            var report = await db.Reports.FirstOrDefaultAsync(r => r.CampaignId == plan.Campaign.Id && r.UnitId == plan.Unit.Id, ct);
            if (report?.Status == ReportStatus.Submitted)
            {
                return (int?)null;
            }

            var answers = report is null ? [] : ReportRemainder.ReadAnswers(await db.Answers.Where(a => a.ReportId == report.Id).ToListAsync(ct));
            var left = ReportRemainder.Of(outline, answers);
            var text = SchedulesTexts.Reminder(plan.Unit.Name, plan.Campaign.Name, plan.DueOn, today, left, report?.Status ?? ReportStatus.NotStarted, report?.ReturnNote);
            var officers = await db.Memberships.Where(m => m.UnitId == plan.Unit.Id && m.Role == Role.Officer).Select(m => m.PersonId).Distinct().ToListAsync(ct);
            var queued = 0;
            foreach (var officer in officers)
            {
                var button = await ContinueButtonAsync(db, officer, report, outline, left, ct);
                queued += await outbox.EnqueueForPersonAsync(db, officer, new OutgoingMessage(text, [[button]]), $"{key}:{officer}", ct) ? 1 : 0;
            }

            db.ScheduleOccasions.Add(new ScheduleOccasion
            {
                Key = key, Kind = "reminder", CampaignId = plan.Campaign.Id, UnitId = plan.Unit.Id, LocalDate = today, Detail = plan.Detail,
                Recipients = queued, CreatedAt = clock.GetUtcNow(),
            });
            return queued;
        }, cancellationToken);
    }

    /// <summary>
    /// The button that continues exactly where the officer stopped: the question their conversation is on,
    /// otherwise the first required question still missing; submission when nothing is missing.
    /// </summary>
    private static async Task<ChatButton> ContinueButtonAsync(UnionReviewDb db, int officerId, Report? report, OutlineDefinition outline, ReportRemainder left, CancellationToken cancellationToken)
    {
        if (left.MissingRequired.Count == 0 && left.Answered > 0)
        {
            return new ChatButton(SchedulesTexts.ButtonSubmit, new DialogCommand(DialogCommandKind.Submit).ToPayload());
        }

        string? questionId = null;
        if (report is not null)
        {
            var conversation = await db.Conversations.Where(c => c.PersonId == officerId && c.ReportId == report.Id).Select(c => c.DialogState).FirstOrDefaultAsync(cancellationToken);
            if (conversation is { Length: > 2 })
            {
                var state = StoredJson.Read<DialogState>(conversation);
                questionId = outline.FindQuestion(state.QuestionId)?.Id;
            }
        }

        questionId ??= left.MissingRequired.Count > 0 ? left.MissingRequired[0].Id : null;
        var payload = questionId is null ? null : new DialogCommand(DialogCommandKind.GoToQuestion, questionId).ToPayload();
        if (payload is null || System.Text.Encoding.ASCII.GetByteCount(payload) > 64 || payload.Any(ch => ch > 127))
        {
            return new ChatButton(SchedulesTexts.ButtonContinue, new DialogCommand(DialogCommandKind.Continue).ToPayload());
        }

        var section = outline.SectionOf(outline.FindQuestion(questionId)!);
        return new ChatButton($"{SchedulesTexts.ButtonContinue}: mục {section.Code}", payload);
    }

    private async Task<int?> QueueEscalationAsync(int campaignId, int parentId, List<ReminderPlan> overdue, DateOnly today, CancellationToken cancellationToken)
    {
        var key = $"escalation:{campaignId}:{parentId}:{Day(today)}";
        return await OnceAsync(key, async (db, ct) =>
        {
            var ids = overdue.Select(p => p.Unit.Id).ToList();
            var reports = await db.Reports.Where(r => r.CampaignId == campaignId && ids.Contains(r.UnitId)).ToDictionaryAsync(r => r.UnitId, ct);
            var counts = await db.Answers.Where(a => reports.Values.Select(r => r.Id).Contains(a.ReportId)).GroupBy(a => a.ReportId)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
            var outline = outlines.Get(overdue[0].Campaign.OutlineId);
            var still = overdue.Where(p => reports.GetValueOrDefault(p.Unit.Id)?.Status != ReportStatus.Submitted)
                .Select(p => (p.Unit.Name, p.DaysOverdue, reports.TryGetValue(p.Unit.Id, out var r) ? counts.GetValueOrDefault(r.Id) * 100 / Math.Max(1, outline.Questions.Count) : 0))
                .ToList();
            if (still.Count == 0)
            {
                return (int?)null;
            }

            var parent = await db.Units.SingleAsync(u => u.Id == parentId, ct);
            var text = SchedulesTexts.Escalation(parent.Name, overdue[0].Campaign.Name, still);
            var officers = await db.Memberships.Where(m => m.UnitId == parentId && m.Role == Role.Officer).Select(m => m.PersonId).Distinct().ToListAsync(ct);
            var queued = 0;
            foreach (var officer in officers)
            {
                queued += await outbox.EnqueueForPersonAsync(db, officer, OutgoingMessage.Plain(text), $"{key}:{officer}", ct) ? 1 : 0;
            }

            db.ScheduleOccasions.Add(new ScheduleOccasion
            {
                Key = key, Kind = "escalation", CampaignId = campaignId, UnitId = parentId, LocalDate = today,
                Detail = string.Join(",", overdue.Select(p => p.Unit.Id)), Recipients = queued, CreatedAt = clock.GetUtcNow(),
            });
            return queued;
        }, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction unless the occasion <paramref name="key"/> is recorded
    /// already. Two runs racing (another job, another process) collide on the occasion's primary key or on the
    /// SQLite write lock; the loser retries, finds the key and does nothing.
    /// </summary>
    private async Task<int?> OnceAsync(string key, Func<UnionReviewDb, CancellationToken, Task<int?>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await executor.ExecuteAsync(async (db, ct) =>
                {
                    if (await db.ScheduleOccasions.AnyAsync(x => x.Key == key, ct))
                    {
                        return null;
                    }

                    var result = await work(db, ct);
                    await db.SaveChangesAsync(ct);
                    return result;
                }, cancellationToken);
            }
            catch (Exception e) when (attempt < 5 && e is DbUpdateException or SqliteException)
            {
                logger.LogInformation("Occasion {Key} collided with another run (attempt {Attempt}); checking again", key, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), clock, cancellationToken);
            }
        }
    }

    private async Task<ScheduleRunResult> RecordRunAsync(ScheduleRunResult result, TimeOnly at, bool enabled, CancellationToken cancellationToken)
    {
        try
        {
            await executor.ExecuteAsync(async (db, ct) =>
            {
                var now = clock.GetUtcNow();
                var row = await db.Schedules.FirstOrDefaultAsync(s => s.Name == result.Schedule, ct);
                if (row is null)
                {
                    row = new ScheduleRecord { Name = result.Schedule, LocalTime = "", TimeZone = "" };
                    db.Schedules.Add(row);
                }

                row.LocalTime = at.ToString("HH:mm", CultureInfo.InvariantCulture);
                row.TimeZone = Options.TimeZone;
                row.Enabled = enabled;
                row.LastRunAt = now;
                row.LastResult = $"{result.Outcome}; {result.Occasions} lượt, {result.Messages} tin";
                if (result.Outcome == "sent")
                {
                    row.LastRunLocalDate = result.LocalDate;
                }

                row.UpdatedAt = now;
                await db.SaveChangesAsync(ct);
                return 0;
            }, cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or SqliteException)
        {
            // Another run recorded the same schedule at the same moment; its record is as good as ours.
            logger.LogDebug(e, "Schedule {Name} run record collided", result.Schedule);
        }

        return result;
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
