using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Text;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Charts;
using UnionReview.Server.Features.Committee;
using UnionReview.Server.Features.Indicators;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Features.Proposals;
using UnionReview.Server.Features.Schedules;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Digest;

/// <summary>The digest written as chat messages: overview, charts, details and its buttons.</summary>
public sealed partial class DigestBuilder
{
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
        overview.Append(DigestTexts.DigestTitle(digests[0].Today));
        if (digests[0].Campaign is null)
        {
            overview.Append('\n').Append(DigestTexts.NoCampaign);
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
        if (digest.Progress.Count > 1 && ChartRenderer.Progress(DigestTexts.ProgressChartTitle, digest.Progress, digest.Units.Count, due) is { } progress)
        {
            charts.Add(new OutgoingMessage("📈 " + DigestTexts.ProgressChartTitle + suffix, [], new ChatDocument("tien-do-nop-bao-cao.png", ChartRenderer.ContentType, progress)));
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
            text.Append("\nHạn nộp: ").Append(string.Join("; ", digest.Deadlines.Select(d => $"{d.Level} {DigestTexts.Date(d.Due)}" + DaysLeft(d.Due, digest.Today))));
        }

        var total = digest.Units.Count;
        text.Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"✅ Đã nộp: {digest.Submitted}/{total} đơn vị ({(total == 0 ? 0 : digest.Submitted * 100 / total)}%)");
        text.Append(CultureInfo.InvariantCulture, $"\n✏️ Đang soạn: {digest.InProgress} · ▫️ Chưa bắt đầu: {digest.NotStarted}");
        var overdue = digest.Units.Where(u => u.Overdue).OrderByDescending(u => u.DaysOverdue).ThenBy(u => u.Name, StringComparer.Ordinal)
            .Select(u => $"{u.Name} (quá {u.DaysOverdue} ngày)").ToList();
        AppendGroup(text, "⏰ Quá hạn", overdue, OverviewNames);

        text.Append(CultureInfo.InvariantCulture, $"\n🔔 Thay đổi từ {DigestTexts.Time(calendar.ToLocal(digest.Since))}:");
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
                lines.Add($"{label}: {DigestTexts.Names(list, max)}");
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
                text.Append(CultureInfo.InvariantCulture, $"\n{DigestTexts.Bar(g.Submitted, g.Total)} {g.Submitted}/{g.Total} {g.Name}");
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
            text.Append(" – ").Append(DigestTexts.Names(names, max));
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
                .Append(CultureInfo.InvariantCulture, $" ({without.Count}): ").Append(DigestTexts.Names(without, 10));
        }

        if (table.Totals is { } totals)
        {
            var label = totals.Display[ChartRenderer.NameColumn(table)];
            text.Append("\nΣ ").Append(RowText(table, totals, string.IsNullOrWhiteSpace(label) ? DigestTexts.Totals : label));
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
            rows.Add([new ChatButton(DigestTexts.ButtonDetails, PayloadDetails)]);
            rows.Add([new ChatButton(DigestTexts.ButtonDocx, PayloadDocx), new ChatButton(DigestTexts.ButtonXlsx, PayloadXlsx)]);
        }

        rows.Add([dailyOn ? new ChatButton(DigestTexts.ButtonDigestOff, PayloadOff) : new ChatButton(DigestTexts.ButtonDigestOn, PayloadOn)]);
        return rows;
    }
}
