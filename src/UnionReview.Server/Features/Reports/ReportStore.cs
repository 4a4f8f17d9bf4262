using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Schedules;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Reports;

/// <summary>A report with what the engine needs to continue it.</summary>
public sealed record LoadedReport(Report Report, Unit Unit, Campaign Campaign, OutlineDefinition Outline, ReportContext Context, Dictionary<string, Answer> Rows);

/// <summary>Reads reports for the dialog engine and stores the engine's effects, inside the caller's transaction.</summary>
public sealed class ReportStore(OutlineCatalog outlines, IEnumerable<IBriefingProvider> briefings, WorkCalendar calendar)
{
    /// <summary>
    /// The report an officer works on: their first officer unit's report in its active campaign, created when first
    /// needed (unless <paramref name="createIfMissing"/> is false, for read-only callers: then null).
    /// </summary>
    public async Task<LoadedReport?> LoadForOfficerAsync(UnionReviewDb db, PersonContext person, int? preferredReportId, DateTimeOffset now, CancellationToken cancellationToken, bool createIfMissing = true)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(person);
        var unitIds = person.Memberships.Where(m => m.Role == Role.Officer).Select(m => m.UnitId).ToList();
        if (unitIds.Count == 0)
        {
            return null;
        }

        Report? report = null;
        if (preferredReportId is { } rid)
        {
            report = await db.Reports.FirstOrDefaultAsync(r => r.Id == rid && unitIds.Contains(r.UnitId), cancellationToken);
        }

        if (report is null)
        {
            var participation = await (from cu in db.CampaignUnits
                                       join c in db.Campaigns on cu.CampaignId equals c.Id
                                       where c.IsActive && unitIds.Contains(cu.UnitId)
                                       orderby c.Id descending
                                       select cu).FirstOrDefaultAsync(cancellationToken);
            if (participation is null)
            {
                return null;
            }

            report = await db.Reports.FirstOrDefaultAsync(r => r.CampaignId == participation.CampaignId && r.UnitId == participation.UnitId, cancellationToken);
            if (report is null && !createIfMissing)
            {
                return null;
            }

            if (report is null)
            {
                report = new Report { CampaignId = participation.CampaignId, UnitId = participation.UnitId, Status = ReportStatus.NotStarted, CreatedAt = now, UpdatedAt = now };
                db.Reports.Add(report);
                await db.SaveChangesAsync(cancellationToken);
            }
        }

        return At(await LoadAsync(db, report, cancellationToken), now);
    }

    /// <summary>The loaded report with today's date in the work calendar, which the engine needs to say a report is late.</summary>
    public LoadedReport At(LoadedReport loaded, DateTimeOffset now) => loaded with { Context = loaded.Context with { Today = calendar.Today(now) } };

    /// <summary>Loads a report's unit, campaign, outline, answers, targets and deadline.</summary>
    public async Task<LoadedReport> LoadAsync(UnionReviewDb db, Report report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(report);
        var unit = await db.Units.SingleAsync(u => u.Id == report.UnitId, cancellationToken);
        var campaign = await db.Campaigns.SingleAsync(c => c.Id == report.CampaignId, cancellationToken);
        var outline = outlines.Get(campaign.OutlineId);
        var rows = await db.Answers.Where(a => a.ReportId == report.Id).ToDictionaryAsync(a => a.QuestionId, StringComparer.Ordinal, cancellationToken);
        var targets = await db.IndicatorTargets.Where(t => t.CampaignId == campaign.Id && t.UnitId == unit.Id)
            .ToDictionaryAsync(t => t.IndicatorId, t => t.Target, StringComparer.Ordinal, cancellationToken);
        var deadline = await db.CampaignDeadlines.Where(d => d.CampaignId == campaign.Id && d.LevelId == unit.LevelId)
            .Select(d => (DateOnly?)d.DueOn).FirstOrDefaultAsync(cancellationToken);
        var levelName = await db.UnitLevels.Where(l => l.Id == unit.LevelId).Select(l => l.Name).FirstOrDefaultAsync(cancellationToken);
        var briefingTexts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var provider in briefings)
        {
            foreach (var (questionId, text) in await provider.BriefingsAsync(db, campaign, unit, outline, cancellationToken))
            {
                briefingTexts[questionId] = text;
            }
        }

        var context = new ReportContext
        {
            Outline = outline,
            Answers = rows.ToDictionary(r => r.Key, r => StoredJson.Read<AnswerValue>(r.Value.Value), StringComparer.Ordinal),
            Status = report.Status,
            Targets = targets,
            UnitName = unit.Name,
            UnitLevel = UnionLevels.FromLevelName(levelName),
            Deadline = deadline,
            ReturnNote = report.ReturnNote,
            Briefings = briefingTexts,
        };
        return new LoadedReport(report, unit, campaign, outline, context, rows);
    }

    /// <summary>
    /// Stores the engine's effects: answers (earlier versions kept) and submission. The report may have been read
    /// by another (read-only) context: it is attached here, and its version check then refuses a stale write.
    /// </summary>
    public static void Apply(UnionReviewDb db, LoadedReport loaded, IReadOnlyList<DialogEffect> effects, int personId, string channel, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        var changes = Plan(loaded, effects, personId, channel, now);
        if (changes.ReportChanged)
        {
            MarkModified(db, loaded.Report);
        }

        foreach (var row in changes.Added)
        {
            db.Answers.Add(row);
        }

        foreach (var (row, revision) in changes.Replaced)
        {
            MarkModified(db, row);
            db.AnswerRevisions.Add(revision);
        }

        foreach (var reportEvent in changes.Events)
        {
            db.ReportEvents.Add(reportEvent);
        }
    }

    /// <summary>
    /// What the effects change, worked out once for both writers (EF Core here, the turn writer's SQL for a
    /// prepared turn). Changes the loaded entities in memory (answers, status) but never their row versions:
    /// the writer raises those with its version check.
    /// </summary>
    public static ReportChanges Plan(LoadedReport loaded, IReadOnlyList<DialogEffect> effects, int personId, string channel, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentNullException.ThrowIfNull(effects);
        var report = loaded.Report;
        var changes = new ReportChanges();
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case AnswerSaved saved:
                    var json = StoredJson.Write(saved.Value);
                    if (loaded.Rows.TryGetValue(saved.Question.Id, out var row))
                    {
                        if (row.Value == json)
                        {
                            continue;
                        }

                        changes.Replaced.Add((row, new AnswerRevision
                        {
                            ReportId = report.Id, QuestionId = row.QuestionId, Version = row.Version, Value = row.Value,
                            PersonId = row.PersonId, Channel = row.Channel, AnsweredAt = row.AnsweredAt, ReplacedAt = now,
                        }));
                        row.Value = json;
                        row.Number = saved.Value.Number;
                        row.Version++;
                        row.PersonId = personId;
                        row.Channel = channel;
                        row.AnsweredAt = now;
                    }
                    else
                    {
                        row = new Answer
                        {
                            ReportId = report.Id, QuestionId = saved.Question.Id, Value = json, Number = saved.Value.Number,
                            PersonId = personId, Channel = channel, AnsweredAt = now,
                        };
                        changes.Added.Add(row);
                        loaded.Rows[row.QuestionId] = row;
                    }

                    if (report.Status == ReportStatus.NotStarted)
                    {
                        report.Status = ReportStatus.InProgress;
                        changes.Events.Add(new ReportEvent { ReportId = report.Id, Kind = "started", PersonId = personId, Channel = channel, At = now });
                    }

                    report.UpdatedAt = now;
                    changes.ReportChanged = true;
                    break;
                case ReportSubmitted:
                    report.Status = ReportStatus.Submitted;
                    report.SubmittedAt = now;
                    report.SubmittedById = personId;
                    report.UpdatedAt = now;
                    changes.ReportChanged = true;
                    changes.Events.Add(new ReportEvent { ReportId = report.Id, Kind = "submitted", PersonId = personId, Channel = channel, At = now });
                    break;
            }
        }

        return changes;
    }

    /// <summary>
    /// An entity changed in memory after another context read it is attached as modified: its original values are
    /// then its current ones, which is right for the version (raised only at save) and harmless for the rest, as
    /// every column is written. An entity this context tracks is left to change detection.
    /// </summary>
    private static void MarkModified(UnionReviewDb db, object entity)
    {
        if (db.Entry(entity).State == EntityState.Detached)
        {
            db.Attach(entity);
            db.Entry(entity).State = EntityState.Modified;
        }
    }
}

/// <summary>The rows one turn's effects add or change in a report.</summary>
public sealed class ReportChanges
{
    /// <summary>Whether the report row itself changed (status, submission, last change).</summary>
    public bool ReportChanged { get; set; }
    /// <summary>Answers to questions not answered before.</summary>
    public List<Answer> Added { get; } = [];
    /// <summary>Answers replaced, each with the revision that keeps its earlier value.</summary>
    public List<(Answer Row, AnswerRevision Revision)> Replaced { get; } = [];
    /// <summary>Report events (started, submitted).</summary>
    public List<ReportEvent> Events { get; } = [];
}

/// <summary>Supplies text shown before particular questions (for example an indicator table to comment on).</summary>
public interface IBriefingProvider
{
    Task<IReadOnlyDictionary<string, string>> BriefingsAsync(UnionReviewDb db, Campaign campaign, Unit unit, OutlineDefinition outline, CancellationToken cancellationToken);
}
