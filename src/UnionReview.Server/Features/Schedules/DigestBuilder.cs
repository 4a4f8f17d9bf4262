using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;
using UnionReview.Dialogs.Text;
using UnionReview.Server.Features.Charts;
using UnionReview.Server.Features.Committee;
using UnionReview.Server.Features.Indicators;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Features.Proposals;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Schedules;

/// <summary>A unit's line in the digest.</summary>
public sealed record DigestUnit(int UnitId, string Name, ReportStatus Status, int Percent, DateOnly? DueOn, int DaysOverdue, int GroupId)
{
    public bool Overdue => DaysOverdue > 0;
}

/// <summary>Progress of the units under one upper-level unit.</summary>
public sealed record DigestGroup(int UnitId, string Name, int Submitted, int Total);

/// <summary>What changed since the previous digest.</summary>
public sealed record DigestChanges(IReadOnlyList<string> Submitted, IReadOnlyList<string> Returned, IReadOnlyList<string> Started, IReadOnlyList<string> BecameOverdue, IReadOnlyList<(string Unit, int Answers)> MostActive)
{
    public bool Any => Submitted.Count + Returned.Count + Started.Count + BecameOverdue.Count + MostActive.Count > 0;
}

/// <summary>The committee's digest as data: figures first, so tests can hold them against the database.</summary>
public sealed record DigestReport(
    Campaign? Campaign,
    DateOnly Today,
    DateTimeOffset Since,
    IReadOnlyList<(string Level, DateOnly Due)> Deadlines,
    IReadOnlyList<DigestUnit> Units,
    IReadOnlyList<DigestGroup> Groups,
    IReadOnlyList<IndicatorTable>? Tables,
    IReadOnlyList<ProposalSummary>? Proposals,
    DigestChanges Changes)
{
    /// <summary>Reports submitted by the end of each day from the campaign's start (at most 60 days), for the progress chart.</summary>
    public IReadOnlyList<ProgressPoint> Progress { get; init; } = [];

    public int Submitted => Units.Count(u => u.Status == ReportStatus.Submitted);
    public int InProgress => Units.Count(u => u.Status is ReportStatus.InProgress or ReportStatus.Returned);
    public int NotStarted => Units.Count(u => u.Status == ReportStatus.NotStarted);
    public int Overdue => Units.Count(u => u.Overdue);
}

/// <summary>Builds the committee's digest for the units in a scope and writes it as chat messages.</summary>
/// <remarks>Indicator tables and proposals come from their features when those are registered (optional here).</remarks>
public sealed class DigestBuilder(
    CommitteeFeature committee,
    WorkCalendar calendar,
    IOptions<ScheduleOptions> options,
    IEnumerable<IIndicatorTables> indicatorSources,
    IEnumerable<IProposalDigestSource> proposalSources)
{
    /// <summary>Button payloads of the digest (ASCII, short).</summary>
    public const string PayloadDocx = "dg:docx", PayloadXlsx = "dg:xlsx", PayloadOff = "dg:off", PayloadOn = "dg:on", PayloadDetails = "cm:list";

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

    /// <summary>The digest as chat messages under the configured length limit, buttons under the last one.</summary>
    public IReadOnlyList<OutgoingMessage> Render(DigestReport digest, bool dailyOn)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return Render([digest], dailyOn);
    }

    /// <summary>Names shown in the first message before "và N đơn vị khác" (the details message lists them all).</summary>
    public const int OverviewNames = 5;

    /// <summary>
    /// The digests of several campaigns as one run of chat messages: first one screen that answers "where are we"
    /// (counts, overdue units named, what changed), then the charts, then the details of each campaign (lists,
    /// indicator tables worst first, proposals), with the buttons under the last message.
    /// </summary>
    public IReadOnlyList<OutgoingMessage> Render(IReadOnlyList<DigestReport> digests, bool dailyOn)
    {
        ArgumentNullException.ThrowIfNull(digests);
        var o = options.Value.Digest;
        var overview = new StringBuilder();
        overview.Append(SchedulesTexts.DigestTitle(digests[0].Today));
        if (digests[0].Campaign is null)
        {
            overview.Append('\n').Append(SchedulesTexts.NoCampaign);
            return MessageSplitter.ToMessages(overview.ToString(), o.MessageLimit, Buttons(dailyOn, withDocuments: false));
        }

        foreach (var digest in digests)
        {
            AppendOverview(overview, digest, digests.Count > 1);
        }

        var messages = new List<OutgoingMessage>(MessageSplitter.ToMessages(overview.ToString(), o.MessageLimit, []));
        foreach (var digest in digests)
        {
            messages.AddRange(Charts(digest, digests.Count > 1));
        }

        var details = new StringBuilder();
        foreach (var digest in digests)
        {
            if (details.Length > 0)
            {
                details.Append("\n\n━━━━━━━━━━\n");
            }

            AppendDetails(details, digest, digests.Count > 1);
        }

        messages.AddRange(MessageSplitter.ToMessages(details.ToString(), o.MessageLimit, Buttons(dailyOn, withDocuments: true)));
        return messages;
    }

    /// <summary>The charts of one campaign: submission progress over time, then % achievement by unit of its most telling indicator.</summary>
    public static IReadOnlyList<OutgoingMessage> Charts(DigestReport digest, bool named)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var charts = new List<OutgoingMessage>();
        if (digest.Campaign is null || !ChartFonts.Available)
        {
            return charts;
        }

        var suffix = named ? " – " + digest.Campaign.Name : "";
        var due = digest.Deadlines.Count > 0 ? digest.Deadlines.Max(d => d.Due) : (DateOnly?)null;
        if (digest.Progress.Count > 1 && ChartRenderer.Progress(SchedulesTexts.ProgressChartTitle, digest.Progress, digest.Units.Count, due) is { } progress)
        {
            charts.Add(new OutgoingMessage("📈 " + SchedulesTexts.ProgressChartTitle + suffix, [], new ChatDocument("tien-do-nop-bao-cao.png", ChartRenderer.ContentType, progress)));
        }

        if (ChartRenderer.AchievementOf(digest.Tables ?? []) is { } bars && ChartRenderer.Achievement(bars.Title, bars.Bars, bars.WithoutResult) is { } png)
        {
            charts.Add(new OutgoingMessage("📊 " + bars.Title + suffix, [], new ChatDocument("ty-le-dat-ke-hoach.png", ChartRenderer.ContentType, png)));
        }

        return charts;
    }

    private void AppendOverview(StringBuilder text, DigestReport digest, bool several)
    {
        text.Append('\n').Append(several ? "\n━━ " : "").Append(digest.Campaign!.Name);
        if (digest.Deadlines.Count > 0)
        {
            text.Append("\nHạn nộp: ").Append(string.Join("; ", digest.Deadlines.Select(d => $"{d.Level} {SchedulesTexts.Date(d.Due)}" + DaysLeft(d.Due, digest.Today))));
        }

        var total = digest.Units.Count;
        text.Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"✅ Đã nộp: {digest.Submitted}/{total} đơn vị ({(total == 0 ? 0 : digest.Submitted * 100 / total)}%)");
        text.Append(CultureInfo.InvariantCulture, $"\n✏️ Đang soạn: {digest.InProgress} · ▫️ Chưa bắt đầu: {digest.NotStarted}");
        var overdue = digest.Units.Where(u => u.Overdue).OrderByDescending(u => u.DaysOverdue).ThenBy(u => u.Name, StringComparer.Ordinal)
            .Select(u => $"{u.Name} (quá {u.DaysOverdue} ngày)").ToList();
        AppendGroup(text, "⏰ Quá hạn", overdue, OverviewNames);

        text.Append(CultureInfo.InvariantCulture, $"\n🔔 Thay đổi từ {SchedulesTexts.Time(calendar.ToLocal(digest.Since))}:");
        var lines = ChangeLines(digest.Changes, OverviewNames);
        if (lines.Count == 0)
        {
            text.Append(" không có thay đổi đáng chú ý.");
        }

        foreach (var line in lines)
        {
            text.Append('\n').Append(line);
        }
    }

    /// <summary>
    /// What changed, each unit under one heading only (submitted, returned, newly overdue, started, in that order),
    /// with the answers it added since then in brackets; units that only added answers come last.
    /// </summary>
    public static IReadOnlyList<string> ChangeLines(DigestChanges changes, int max)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var answers = changes.MostActive.GroupBy(a => a.Unit).ToDictionary(g => g.Key, g => g.Sum(a => a.Answers), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lines = new List<string>();
        void Add(string label, IEnumerable<string> names)
        {
            var list = names.Where(seen.Add).Select(n => answers.TryGetValue(n, out var a) ? $"{n} (+{a} câu)" : n).ToList();
            if (list.Count > 0)
            {
                lines.Add($"{label}: {SchedulesTexts.Names(list, max)}");
            }
        }

        Add("📥 Đã nộp", changes.Submitted);
        Add("↩️ Bị trả lại", changes.Returned);
        Add("⏰ Mới quá hạn", changes.BecameOverdue);
        Add("🆕 Bắt đầu soạn", changes.Started);
        Add("✍️ Cập nhật thêm", changes.MostActive.Select(a => a.Unit));
        return lines;
    }

    private void AppendDetails(StringBuilder text, DigestReport digest, bool several)
    {
        var o = options.Value.Digest;
        text.Append("📋 CHI TIẾT").Append(several ? " – " + digest.Campaign!.Name : "");
        AppendList(text, "✏️ Đang soạn", digest.Units.Where(u => u.Status is ReportStatus.InProgress or ReportStatus.Returned)
            .OrderByDescending(u => u.Percent).ThenBy(u => u.Name, StringComparer.Ordinal)
            .Select(u => $"{u.Name} ({(u.Status == ReportStatus.Returned ? "trả lại, " : "")}{u.Percent}%)").ToList(), o.MaxNamesPerGroup);
        AppendGroup(text, "▫️ Chưa bắt đầu", digest.Units.Where(u => u.Status == ReportStatus.NotStarted).Select(u => u.Name).ToList(), o.MaxNamesPerGroup);
        AppendList(text, "⏰ Quá hạn", digest.Units.Where(u => u.Overdue).OrderByDescending(u => u.DaysOverdue).ThenBy(u => u.Name, StringComparer.Ordinal)
            .Select(u => $"{u.Name} (quá {u.DaysOverdue} ngày)").ToList(), o.MaxNamesPerGroup);

        if (digest.Groups.Count > 1 || (digest.Groups.Count == 1 && digest.Groups[0].Total > 1))
        {
            text.Append("\n\n📶 Theo đơn vị cấp trên (đã nộp/tổng số):");
            foreach (var g in digest.Groups)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n{SchedulesTexts.Bar(g.Submitted, g.Total)} {g.Submitted}/{g.Total} {g.Name}");
            }
        }

        foreach (var table in digest.Tables ?? [])
        {
            AppendTable(text, table, o.MaxTableRows);
        }

        if (digest.Proposals is { } proposals)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n\n📝 Kiến nghị mới hoặc chưa trả lời: {proposals.Count}");
            foreach (var p in proposals.Take(15))
            {
                text.Append(CultureInfo.InvariantCulture, $"\n• [{p.Reference}] {p.UnitName} – {p.SenderName} → {p.Addressee}: {p.Topic} ({p.Status})");
            }

            if (proposals.Count > 15)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n• … và {proposals.Count - 15} kiến nghị khác");
            }
        }
    }

    private static string DaysLeft(DateOnly due, DateOnly today) => (due.DayNumber - today.DayNumber) switch
    {
        > 0 and var d => $" (còn {d} ngày)",
        0 => " (hôm nay)",
        var d => $" (đã qua {-d} ngày)",
    };

    private static void AppendGroup(StringBuilder text, string label, List<string> names, int max)
    {
        text.Append(CultureInfo.InvariantCulture, $"\n{label}: {names.Count}");
        if (names.Count > 0)
        {
            text.Append(" – ").Append(SchedulesTexts.Names(names, max));
        }
    }

    /// <summary>A heading with its count, then one line per unit.</summary>
    private static void AppendList(StringBuilder text, string label, List<string> names, int max)
    {
        text.Append(CultureInfo.InvariantCulture, $"\n{label}: {names.Count}");
        foreach (var name in names.Take(max))
        {
            text.Append("\n• ").Append(name);
        }

        if (names.Count > max)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n• … và {names.Count - max} đơn vị khác");
        }
    }

    /// <summary>
    /// A table in the compact per-unit form of /chitieu (<c>• Đơn vị: KH giao 10 · kết quả 23 · đạt 230%</c>), worst
    /// achievement first; units without a figure yet on one line; the totals and the footnote last.
    /// </summary>
    private static void AppendTable(StringBuilder text, IndicatorTable table, int maxRows)
    {
        text.Append("\n\n📈 ").Append(table.Title);
        var percents = table.Columns.Select((c, i) => (c, i)).Where(x => x.c.Kind == IndicatorCellKind.Percent).Select(x => x.i).ToList();
        // Worst first: a unit's lowest achievement among the table's indicators.
        decimal? Worst(IndicatorRow r) => percents.Count == 0 ? 0 : percents.Select(i => r.Values[i]).Where(v => v is not null).Min();
        var withResult = table.Rows.Where(r => Worst(r) is not null).OrderBy(Worst).ToList();
        var without = table.Rows.Where(r => Worst(r) is null).Select(r => r.Display[ChartRenderer.NameColumn(table)]).ToList();
        foreach (var row in withResult.Take(maxRows))
        {
            text.Append("\n• ").Append(RowText(table, row, row.Display[ChartRenderer.NameColumn(table)]));
        }

        if (withResult.Count > maxRows)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n• … và {withResult.Count - maxRows} đơn vị khác (xem đủ trong tệp .xlsx)");
        }

        if (without.Count > 0)
        {
            text.Append("\n• ").Append(IndicatorTexts.NoResult[..1].ToUpperInvariant()).Append(IndicatorTexts.NoResult[1..])
                .Append(CultureInfo.InvariantCulture, $" ({without.Count}): ").Append(SchedulesTexts.Names(without, 10));
        }

        if (table.Totals is { } totals)
        {
            var label = totals.Display[ChartRenderer.NameColumn(table)];
            text.Append("\nΣ ").Append(RowText(table, totals, string.IsNullOrWhiteSpace(label) ? SchedulesTexts.Totals : label));
        }

        if (table.Footnote is { Length: > 0 } note)
        {
            text.Append("\nℹ️ ").Append(note);
        }
    }

    /// <summary>
    /// One unit as /chitieu writes it: "Đơn vị: KH giao 10 · kết quả 23 · đạt 230%" for a table of one indicator;
    /// with several, the unit's name and then a line per indicator.
    /// </summary>
    private static string RowText(IndicatorTable table, IndicatorRow row, string name)
    {
        var groups = table.Columns.Where(c => c.Group is not null).Select(c => c.Group).Distinct().Count();
        if (groups > 1)
        {
            var block = IndicatorTableRenderer.RowBlock(table, row, "");
            var newline = block.IndexOf('\n', StringComparison.Ordinal);
            return newline < 0 ? name : name + block[newline..];
        }

        var cells = table.Columns.Select((c, i) => (Column: c, Index: i))
            .Where(x => x.Column.Kind != IndicatorCellKind.Text && x.Index < row.Display.Count
                && !string.IsNullOrWhiteSpace(row.Display[x.Index]) && row.Display[x.Index] != IndicatorTexts.NoResult)
            .Select(x => $"{x.Column.Label ?? x.Column.Header} {row.Display[x.Index]}").ToList();
        var line = cells.Count == 0 ? name : name + ": " + string.Join(" · ", cells);
        return row.Note is { Length: > 0 } n ? $"{line} ({n})" : line;
    }

    private static List<IReadOnlyList<ChatButton>> Buttons(bool dailyOn, bool withDocuments)
    {
        var rows = new List<IReadOnlyList<ChatButton>>();
        if (withDocuments)
        {
            rows.Add([new ChatButton(SchedulesTexts.ButtonDetails, PayloadDetails)]);
            rows.Add([new ChatButton(SchedulesTexts.ButtonDocx, PayloadDocx), new ChatButton(SchedulesTexts.ButtonXlsx, PayloadXlsx)]);
        }

        rows.Add([dailyOn ? new ChatButton(SchedulesTexts.ButtonDigestOff, PayloadOff) : new ChatButton(SchedulesTexts.ButtonDigestOn, PayloadOn)]);
        return rows;
    }
}
