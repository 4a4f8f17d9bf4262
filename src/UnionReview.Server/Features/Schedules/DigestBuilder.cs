using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;
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
        return new(campaign, today, since, [.. deadlines.Select(d => (d.Name, d.DueOn))], units, groups, tables, proposals, changes);
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

    /// <summary>The digests of several campaigns as one run of chat messages: one title, a part per campaign.</summary>
    public IReadOnlyList<OutgoingMessage> Render(IReadOnlyList<DigestReport> digests, bool dailyOn)
    {
        ArgumentNullException.ThrowIfNull(digests);
        var o = options.Value.Digest;
        var text = new StringBuilder();
        text.Append(SchedulesTexts.DigestTitle(digests[0].Today));
        if (digests[0].Campaign is null)
        {
            text.Append('\n').Append(SchedulesTexts.NoCampaign);
            return MessageSplitter.ToMessages(text.ToString(), o.MessageLimit, Buttons(dailyOn, withDocuments: false));
        }

        for (var i = 0; i < digests.Count; i++)
        {
            if (i > 0)
            {
                text.Append("\n\n━━━━━━━━━━");
            }

            AppendCampaign(text, digests[i]);
        }

        return MessageSplitter.ToMessages(text.ToString(), o.MessageLimit, Buttons(dailyOn, withDocuments: true));
    }

    private void AppendCampaign(StringBuilder text, DigestReport digest)
    {
        var o = options.Value.Digest;
        text.Append('\n').Append(digest.Campaign!.Name);
        if (digest.Deadlines.Count > 0)
        {
            text.Append("\nHạn nộp: ").Append(string.Join("; ", digest.Deadlines.Select(d => $"{d.Level} {SchedulesTexts.Date(d.Due)}" + DaysLeft(d.Due, digest.Today))));
        }

        var total = digest.Units.Count;
        text.Append("\n\n");
        text.Append(CultureInfo.InvariantCulture, $"✅ Đã nộp: {digest.Submitted}/{total} đơn vị ({(total == 0 ? 0 : digest.Submitted * 100 / total)}%)");
        AppendGroup(text, "✏️ Đang soạn", digest.Units.Where(u => u.Status is ReportStatus.InProgress or ReportStatus.Returned)
            .Select(u => $"{u.Name} ({(u.Status == ReportStatus.Returned ? "trả lại, " : "")}{u.Percent}%)").ToList(), o.MaxNamesPerGroup);
        AppendGroup(text, "▫️ Chưa bắt đầu", digest.Units.Where(u => u.Status == ReportStatus.NotStarted).Select(u => u.Name).ToList(), o.MaxNamesPerGroup);
        AppendGroup(text, "⏰ Quá hạn", digest.Units.Where(u => u.Overdue).OrderByDescending(u => u.DaysOverdue)
            .Select(u => $"{u.Name} (quá {u.DaysOverdue} ngày)").ToList(), o.MaxNamesPerGroup);

        if (digest.Groups.Count > 0)
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

        text.Append(CultureInfo.InvariantCulture, $"\n\n🔔 Thay đổi từ {SchedulesTexts.Time(calendar.ToLocal(digest.Since))}:");
        var c = digest.Changes;
        if (!c.Any)
        {
            text.Append("\nKhông có thay đổi đáng chú ý.");
        }

        AppendChange(text, "📥 Đã nộp", c.Submitted, o.MaxNamesPerGroup);
        AppendChange(text, "↩️ Bị trả lại", c.Returned, o.MaxNamesPerGroup);
        AppendChange(text, "🆕 Bắt đầu soạn", c.Started, o.MaxNamesPerGroup);
        AppendChange(text, "⏰ Mới quá hạn", c.BecameOverdue, o.MaxNamesPerGroup);
        if (c.MostActive.Count > 0)
        {
            text.Append("\n✍️ Cập nhật nhiều nhất: ").Append(string.Join(", ", c.MostActive.Select(a => $"{a.Unit} (+{a.Answers} câu)")));
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

    private static void AppendChange(StringBuilder text, string label, IReadOnlyList<string> names, int max)
    {
        if (names.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{label}: ").Append(SchedulesTexts.Names(names, max));
        }
    }

    private static void AppendTable(StringBuilder text, IndicatorTable table, int maxRows)
    {
        text.Append("\n\n📈 ").Append(table.Title);
        foreach (var row in table.Rows.Take(maxRows))
        {
            text.Append("\n• ").Append(RowText(table, row));
        }

        if (table.Rows.Count > maxRows)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n• … và {table.Rows.Count - maxRows} dòng khác (xem đủ trong tệp .xlsx)");
        }

        if (table.Totals is { } totals)
        {
            var line = RowText(table, totals);
            text.Append('\n').Append(line.StartsWith(':') || line.Length == 0 ? SchedulesTexts.Totals + line : line);
        }

        if (table.Footnote is { Length: > 0 } note)
        {
            text.Append('\n').Append(note);
        }
    }

    private static string RowText(IndicatorTable table, IndicatorRow row)
    {
        var labels = new List<string>();
        var figures = new List<string>();
        for (var i = 0; i < table.Columns.Count && i < row.Display.Count; i++)
        {
            var shown = row.Display[i];
            if (string.IsNullOrWhiteSpace(shown))
            {
                continue;
            }

            if (table.Columns[i].Kind == IndicatorCellKind.Text)
            {
                labels.Add(shown);
            }
            else
            {
                figures.Add($"{table.Columns[i].Header} {shown}");
            }
        }

        var line = string.Join(" ", labels) + (figures.Count > 0 ? ": " + string.Join(" · ", figures) : "");
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
