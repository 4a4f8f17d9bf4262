using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Charts;
using UnionReview.Server.Features.Committee;
using UnionReview.Server.Features.Indicators;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Features.Proposals;
using UnionReview.Server.Features.Schedules;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Digest;

/// <summary>Builds the committee's digest for the units in a scope and writes it as chat messages.</summary>
/// <remarks>Indicator tables and proposals come from their features when those are registered (optional here).</remarks>
public sealed partial class DigestBuilder(
    CommitteeFeature committee,
    WorkCalendar calendar,
    IOptions<ScheduleOptions> options,
    IEnumerable<IIndicatorTables> indicatorSources,
    IEnumerable<IProposalDigestSource> proposalSources)
{
    /// <summary>Button payloads of the digest (ASCII, short).</summary>
    public const string PayloadDocx = DigestFeature.Prefix + "docx", PayloadXlsx = DigestFeature.Prefix + "xlsx", PayloadOff = DigestFeature.Prefix + "off", PayloadOn = DigestFeature.Prefix + "on", PayloadDetails = "cm:list";

    /// <summary>
    /// One digest per active campaign with units in the scope (the mid-term report and a conference's discussion may
    /// run at once), oldest campaign first; proposals, which belong to no campaign, only once, in the last.
    /// </summary>
    public async Task<IReadOnlyList<DigestReport>> BuildAllAsync(UnionReviewDb db, IReadOnlyCollection<int> scope, DateTimeOffset now, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var campaignIds = await Scope.ActiveCampaigns(db, scope).OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(cancellationToken);
        if (campaignIds.Count <= 1)
        {
            return [await BuildAsync(db, scope, now, since, cancellationToken, campaignIds.Count == 1 ? campaignIds[0] : null)];
        }

        var digests = new List<DigestReport>();
        foreach (var id in campaignIds)
        {
            digests.Add(await BuildAsync(db, scope, now, since, cancellationToken, id, withProposals: id == campaignIds[^1]));
        }

        return digests;
    }

    /// <summary>The digest of one campaign (null: the newest active one), with or without the scope's proposals.</summary>
    public async Task<DigestReport> BuildAsync(UnionReviewDb db, IReadOnlyCollection<int> scope, DateTimeOffset now, DateTimeOffset since, CancellationToken cancellationToken, int? campaignId = null, bool withProposals = true)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scope);
        var today = calendar.Today(now);
        var campaign = await Scope.CampaignOrNewestActiveAsync(db, campaignId, cancellationToken);
        var empty = new DigestChanges([], [], [], [], []);
        if (campaign is null)
        {
            return new(null, today, since, [], [], [], null, null, empty);
        }

        var progress = await committee.ProgressAsync(db, scope, campaign.Id, cancellationToken);
        var deadlines = await (from d in db.CampaignDeadlines
                               join l in db.UnitLevels on d.LevelId equals l.Id
                               where d.CampaignId == campaign.Id
                               orderby l.Rank descending
                               select new { d.LevelId, l.Name, d.DueOn }).ToListAsync(cancellationToken);
        var dueByLevel = deadlines.ToDictionary(d => d.LevelId, d => d.DueOn);
        var scopeSet = scope as IReadOnlySet<int> ?? scope.ToHashSet();
        var units = progress.Select(p =>
        {
            DateOnly? due = dueByLevel.TryGetValue(p.Unit.LevelId, out var d) ? d : null;
            var overdue = p.Status != ReportStatus.Submitted && due is { } dd && dd < today ? today.DayNumber - dd.DayNumber : 0;
            return new DigestUnit(p.Unit.Id, p.Unit.Name, p.Status, p.Status == ReportStatus.Submitted ? 100 : p.Percent, due, overdue, GroupOf(p.Unit.Path, scopeSet));
        }).ToList();

        var groupIds = units.Select(u => u.GroupId).Distinct().ToList();
        var groupNames = await db.Units.Where(u => groupIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
        var groups = units.GroupBy(u => u.GroupId)
            .Select(g => new DigestGroup(g.Key, groupNames.GetValueOrDefault(g.Key, ""), g.Count(u => u.Status == ReportStatus.Submitted), g.Count()))
            .ToList();
        var order = progress.Select((p, i) => (p.Unit.Id, i)).ToDictionary(x => x.Id, x => x.i);
        groups = [.. groups.OrderBy(g => order.GetValueOrDefault(g.UnitId, int.MaxValue)).ThenBy(g => g.Name, StringComparer.Ordinal)];
        if (groups.Count > 1 && groups.All(g => g.Total == 1))
        {
            // The scope's units hang directly under its root (a district federation's grassroots unions): one bar for the root.
            var pathOf = progress.ToDictionary(p => p.Unit.Id, p => p.Unit.Path);
            var roots = units.GroupBy(u => RootOf(pathOf[u.UnitId], scopeSet)).ToList();
            var rootIds = roots.Select(r => r.Key).ToList();
            var rootNames = await db.Units.Where(u => rootIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
            groups = [.. roots.Select(r => new DigestGroup(r.Key, rootNames.GetValueOrDefault(r.Key, ""), r.Count(u => u.Status == ReportStatus.Submitted), r.Count()))];
        }


        var tables = indicatorSources.LastOrDefault() is { } indicatorTables
            ? await indicatorTables.BuildAsync(db, campaign.Id, scope, cancellationToken)
            : null;
        var proposals = withProposals && proposalSources.LastOrDefault() is { } proposalSource
            ? await proposalSource.NewOrUnansweredAsync(db, scope, since, cancellationToken)
            : null;
        var changes = await ChangesAsync(db, campaign, units, since, today, cancellationToken);
        var progressPoints = await ProgressAsync(db, campaign, units, today, cancellationToken);
        return new(campaign, today, since, [.. deadlines.Select(d => (d.Name, d.DueOn))], units, groups, tables, proposals, changes) { Progress = progressPoints };
    }

    /// <summary>Submitted reports at the end of each day: a report counts from its submission until it is returned.</summary>
    private async Task<IReadOnlyList<ProgressPoint>> ProgressAsync(UnionReviewDb db, Campaign campaign, List<DigestUnit> units, DateOnly today, CancellationToken cancellationToken)
    {
        var inScope = units.Select(u => u.UnitId).ToHashSet();
        var events = (await (from e in db.ReportEvents
                             join r in db.Reports on e.ReportId equals r.Id
                             where r.CampaignId == campaign.Id && (e.Kind == "submitted" || e.Kind == "returned")
                             select new { r.UnitId, e.ReportId, e.Kind, e.At }).ToListAsync(cancellationToken))
            .Where(e => inScope.Contains(e.UnitId)).OrderBy(e => e.At).ToList();
        var first = events.Count > 0 ? calendar.Today(events[0].At) : today;
        var start = campaign.StartsOn.DayNumber > 0 && campaign.StartsOn <= first ? campaign.StartsOn : first;
        if (start < today.AddDays(-60))
        {
            start = today.AddDays(-60);
        }

        var points = new List<ProgressPoint>();
        var state = new Dictionary<int, bool>();
        var next = 0;
        for (var day = start; day <= today; day = day.AddDays(1))
        {
            while (next < events.Count && calendar.Today(events[next].At) <= day)
            {
                state[events[next].ReportId] = events[next].Kind == "submitted";
                next++;
            }

            points.Add(new ProgressPoint(day, state.Count(s => s.Value)));
        }

        // Reports submitted without an event (imported, seeded) still count today.
        var submittedNow = units.Count(u => u.Status == ReportStatus.Submitted);
        if (points.Count > 0 && points[^1].Submitted != submittedNow)
        {
            points[^1] = points[^1] with { Submitted = submittedNow };
        }

        return points;
    }

    private async Task<DigestChanges> ChangesAsync(UnionReviewDb db, Campaign campaign, List<DigestUnit> units, DateTimeOffset since, DateOnly today, CancellationToken cancellationToken)
    {
        var byId = units.ToDictionary(u => u.UnitId);
        // Joined on the campaign rather than filtered by a list of thousands of report ids; the scope is applied here.
        var reports = await db.Reports.Where(r => r.CampaignId == campaign.Id).Select(r => new { r.Id, r.UnitId }).ToListAsync(cancellationToken);
        var unitOfReport = reports.Where(r => byId.ContainsKey(r.UnitId)).ToDictionary(r => r.Id, r => r.UnitId);
        var events = (await (from e in db.ReportEvents
                             join r in db.Reports on e.ReportId equals r.Id
                             where r.CampaignId == campaign.Id && e.At >= since
                             orderby e.At
                             select new { e.ReportId, e.Kind }).ToListAsync(cancellationToken))
            .Where(e => unitOfReport.ContainsKey(e.ReportId)).ToList();
        List<string> Names(string kind) => [.. events.Where(e => e.Kind == kind).Select(e => byId[unitOfReport[e.ReportId]].Name).Distinct()];
        var sinceDay = calendar.Today(since);
        var becameOverdue = units.Where(u => u.Overdue && u.DueOn is { } d && d >= sinceDay && d < today).Select(u => u.Name).ToList();
        var active = (await (from a in db.Answers
                             join r in db.Reports on a.ReportId equals r.Id
                             where r.CampaignId == campaign.Id && a.AnsweredAt >= since
                             group a by a.ReportId into g
                             select new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken))
            .Where(a => unitOfReport.ContainsKey(a.Key)).ToList();
        var mostActive = active.OrderByDescending(a => a.Count).ThenBy(a => a.Key).Take(5)
            .Select(a => (byId[unitOfReport[a.Key]].Name, a.Count)).ToList();
        return new(Names("submitted"), Names("returned"), Names("started"), becameOverdue, mostActive);
    }

    /// <summary>The topmost unit of the scope on a unit's path.</summary>
    private static int RootOf(string path, IReadOnlySet<int> scope)
    {
        var ids = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var first = ids.FindIndex(scope.Contains);
        return first < 0 ? ids[^1] : ids[first];
    }

    /// <summary>The unit directly under the scope root that a unit belongs to (the root itself for the root).</summary>
    private static int GroupOf(string path, IReadOnlySet<int> scope)
    {
        var ids = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var first = ids.FindIndex(scope.Contains);
        return first < 0 ? ids[^1] : ids[Math.Min(first + 1, ids.Count - 1)];
    }
}
