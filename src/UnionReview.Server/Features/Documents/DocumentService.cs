using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Indicators;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Features.Schedules;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Documents;

/// <summary>The two documents the service produces.</summary>
public enum DocumentKind
{
    /// <summary>The consolidated report (.docx).</summary>
    Report,
    /// <summary>The indicator tables and submission progress (.xlsx).</summary>
    IndicatorTables,
}

/// <summary>One unit's report as the documents show it.</summary>
public sealed record UnitAnswers(Unit Unit, Report? Report, ReportStatus Status, DateOnly? DueOn, IReadOnlyDictionary<string, AnswerValue> Answers, int Answered);

/// <summary>Everything a consolidated document needs, read once.</summary>
public sealed record ConsolidatedData(
    Campaign Campaign,
    OutlineDefinition Outline,
    string Organisation,
    IReadOnlyList<UnitAnswers> Units,
    IReadOnlyList<IndicatorTable>? Tables,
    DateTimeOffset LocalTime)
{
    public int Submitted => Units.Count(u => u.Status == ReportStatus.Submitted);
}

/// <summary>A finished document.</summary>
public sealed record BuiltDocument(string FileName, string ContentType, byte[] Content);

/// <summary>Reads a campaign's reports for a scope and writes the consolidated .docx and the indicator .xlsx.</summary>
public sealed class DocumentService(OutlineCatalog outlines, WorkCalendar calendar, IOptions<DocumentOptions> options, TimeProvider clock, IEnumerable<IIndicatorTables> indicatorSources)
{
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>
    /// Loads the campaign (the newest active one when null) for the units under <paramref name="rootUnitIds"/>
    /// (every unit when empty). Throws <see cref="ArgumentException"/> with a Vietnamese message for unknown ids.
    /// </summary>
    public async Task<ConsolidatedData> LoadAsync(UnionReviewDb db, int? campaignId, IReadOnlyCollection<int> rootUnitIds, CancellationToken cancellationToken, bool withAnswers = true)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(rootUnitIds);
        var campaign = await Scope.CampaignOrNewestActiveAsync(db, campaignId, cancellationToken)
            ?? throw new ArgumentException(campaignId is null ? DocumentsTexts.NoCampaign : DocumentsTexts.UnknownCampaign);
        var outline = outlines.Get(campaign.OutlineId);
        var roots = rootUnitIds.Count > 0 ? rootUnitIds.ToList() : await db.Units.Where(u => u.ParentId == null).Select(u => u.Id).ToListAsync(cancellationToken);
        var rootUnits = await db.Units.Where(u => roots.Contains(u.Id)).OrderBy(u => u.Path).ToListAsync(cancellationToken);
        if (rootUnits.Count != roots.Distinct().Count())
        {
            throw new ArgumentException(DocumentsTexts.UnknownUnit);
        }

        var scope = (await Scope.SubtreeUnitIdsAsync(db, roots, cancellationToken)).ToHashSet();
        var units = (await (from cu in db.CampaignUnits join u in db.Units on cu.UnitId equals u.Id where cu.CampaignId == campaign.Id select u).ToListAsync(cancellationToken))
            .Where(u => scope.Contains(u.Id)).OrderBy(u => u.Path, StringComparer.Ordinal).ToList();
        var due = await db.CampaignDeadlines.Where(d => d.CampaignId == campaign.Id).ToDictionaryAsync(d => d.LevelId, d => d.DueOn, cancellationToken);
        var unitIds = units.Select(u => u.Id).ToHashSet();
        var reports = (await db.Reports.AsNoTracking().Where(r => r.CampaignId == campaign.Id).ToListAsync(cancellationToken))
            .Where(r => unitIds.Contains(r.UnitId)).ToDictionary(r => r.UnitId);
        var reportIds = reports.Values.Select(r => r.Id).ToHashSet();
        var empty = new Dictionary<string, AnswerValue>();
        Dictionary<int, IReadOnlyDictionary<string, AnswerValue>> answers = [];
        Dictionary<int, int> counts;
        if (withAnswers)
        {
            var questionIds = outline.Questions.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
            // Streamed and parsed row by row, so the stored JSON of a whole campaign is never held at once.
            var byReport = new Dictionary<int, Dictionary<string, AnswerValue>>();
            var query = from a in db.Answers.AsNoTracking()
                        join r in db.Reports on a.ReportId equals r.Id
                        where r.CampaignId == campaign.Id
                        select new { a.ReportId, a.QuestionId, a.Value };
            await foreach (var a in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                if (!reportIds.Contains(a.ReportId) || !questionIds.Contains(a.QuestionId))
                {
                    continue;
                }

                if (!byReport.TryGetValue(a.ReportId, out var given))
                {
                    byReport[a.ReportId] = given = new Dictionary<string, AnswerValue>(StringComparer.Ordinal);
                }

                given[a.QuestionId] = StoredJson.Read<AnswerValue>(a.Value);
            }

            answers = byReport.ToDictionary(a => a.Key, a => (IReadOnlyDictionary<string, AnswerValue>)a.Value);
            counts = answers.ToDictionary(a => a.Key, a => a.Value.Values.Count(v => !v.IsEmpty));
        }
        else
        {
            // The workbook needs only how many questions each report answered; stored answers are never empty.
            var questionIds = outline.Questions.Select(q => q.Id).ToList();
            counts = (await (from a in db.Answers join r in db.Reports on a.ReportId equals r.Id
                             where r.CampaignId == campaign.Id && questionIds.Contains(a.QuestionId)
                             group a by a.ReportId into g
                             select new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
                .Where(c => reportIds.Contains(c.Key)).ToDictionary(c => c.Key, c => c.Count);
        }

        var rows = units.Select(u =>
        {
            var report = reports.GetValueOrDefault(u.Id);
            var given = report is null ? empty : answers.GetValueOrDefault(report.Id) ?? empty;
            var answered = report is null ? 0 : counts.GetValueOrDefault(report.Id);
            return new UnitAnswers(u, report, report?.Status ?? ReportStatus.NotStarted, due.TryGetValue(u.LevelId, out var d) ? d : null, given, answered);
        }).ToList();
        var tables = indicatorSources.LastOrDefault() is { } source
            ? await source.BuildAsync(db, campaign.Id, scope, cancellationToken)
            : null;
        var organisation = options.Value.Organisation is { Length: > 0 } configured ? configured : rootUnits.Count == 1 ? rootUnits[0].Name : "";
        return new ConsolidatedData(campaign, outline, organisation, rows, tables, calendar.ToLocal(clock.GetUtcNow()));
    }

    /// <summary>The % achievement chart of each indicator table (none without chart fonts).</summary>
    private static List<ReportDocxWriter.Chart> Charts(ConsolidatedData data)
    {
        var charts = new List<ReportDocxWriter.Chart>();
        foreach (var table in data.Tables ?? [])
        {
            if (Features.Charts.ChartRenderer.AchievementOf([table]) is { } bars && Features.Charts.ChartRenderer.Achievement(bars.Title, bars.Bars, bars.WithoutResult) is { } png)
            {
                charts.Add(new ReportDocxWriter.Chart("Biểu đồ: " + bars.Title, png, Features.Charts.ChartRenderer.Width, 120 + 30 * bars.Bars.Count));
            }
        }

        return charts;
    }

    public BuiltDocument Build(ConsolidatedData data, DocumentKind kind)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var stream = new MemoryStream();
        if (kind == DocumentKind.Report)
        {
            ReportDocxWriter.Write(data, options.Value, stream, Charts(data));
        }
        else
        {
            IndicatorXlsxWriter.Write(data, stream);
        }

        var stamp = data.LocalTime.ToString("yyyyMMdd-HHmm", System.Globalization.CultureInfo.InvariantCulture);
        return kind == DocumentKind.Report
            ? new BuiltDocument($"bao-cao-tong-hop-{data.Campaign.Id}-{stamp}.docx", DocxType, stream.ToArray())
            : new BuiltDocument($"bieu-chi-tieu-{data.Campaign.Id}-{stamp}.xlsx", XlsxType, stream.ToArray());
    }

    public async Task<BuiltDocument> BuildAsync(UnionReviewDb db, DocumentKind kind, int? campaignId, IReadOnlyCollection<int> rootUnitIds, CancellationToken cancellationToken) =>
        Build(await LoadAsync(db, campaignId, rootUnitIds, cancellationToken, withAnswers: kind == DocumentKind.Report), kind);
}
