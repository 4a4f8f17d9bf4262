using System.Globalization;
using ScottPlot;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Indicators;

namespace UnionReview.Server.Features.Charts;

/// <summary>One bar of the achievement chart: a unit and its % of the target.</summary>
public sealed record AchievementBar(string Unit, decimal Percent);

/// <summary>Submitted reports at the end of one day.</summary>
public sealed record ProgressPoint(DateOnly Day, int Submitted);

/// <summary>
/// The committee's charts as PNG with Vietnamese labels: % achievement by unit (sorted bars, the target line at
/// 100%) and submission progress over time. Drawn with ScottPlot and the fonts of <see cref="ChartFonts"/>;
/// nothing is drawn (null) when no font is found, since the chart would have no labels.
/// </summary>
public static class ChartRenderer
{
    public const int Width = 900;
    public const string ContentType = "image/png";
    private static readonly Color Reached = Color.FromHex("#2E7D32"), Near = Color.FromHex("#F9A825"), Far = Color.FromHex("#C62828");

    /// <summary>
    /// The bars of one % column of the tables, the most telling one: the column with the most units that have a
    /// result, then the widest spread of achievement. Null when no unit has a result.
    /// </summary>
    public static (string Title, IReadOnlyList<AchievementBar> Bars, int WithoutResult)? AchievementOf(IEnumerable<IndicatorTable> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        (string Title, IReadOnlyList<AchievementBar> Bars, int WithoutResult)? best = null;
        foreach (var table in tables)
        {
            foreach (var (column, index) in table.Columns.Select((c, i) => (c, i)).Where(x => x.c.Kind == IndicatorCellKind.Percent))
            {
                var bars = new List<AchievementBar>();
                var without = 0;
                foreach (var row in table.Rows)
                {
                    if (row.Values[index] is { } p)
                    {
                        bars.Add(new AchievementBar(row.Display[NameColumn(table)], p));
                    }
                    else
                    {
                        without++;
                    }
                }

                if (bars.Count == 0)
                {
                    continue;
                }

                static decimal Spread(IReadOnlyList<AchievementBar> b) => b.Max(x => x.Percent) - b.Min(x => x.Percent);
                if (best is null || bars.Count > best.Value.Bars.Count || (bars.Count == best.Value.Bars.Count && Spread(bars) > Spread(best.Value.Bars)))
                {
                    best = ($"{column.Group ?? table.Title}: % so với kế hoạch", bars, without);
                }
            }
        }

        return best;
    }

    /// <summary>The column with the unit's name: the last of the leading text columns (after "Stt" where there is one).</summary>
    public static int NameColumn(IndicatorTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var leading = table.Columns.TakeWhile(c => c.Kind == IndicatorCellKind.Text).Count();
        return Math.Max(0, leading - 1);
    }

    /// <summary>% achievement by unit, sorted (best at the top), a dashed target line at 100%; null without fonts.</summary>
    public static byte[]? Achievement(string title, IReadOnlyList<AchievementBar> bars, int withoutResult = 0, bool drawText = true)
    {
        ArgumentNullException.ThrowIfNull(bars);
        if (bars.Count == 0 || (drawText && !ChartFonts.Available))
        {
            return null;
        }

        var sorted = bars.OrderBy(b => b.Percent).ThenByDescending(b => b.Unit, StringComparer.Ordinal).ToList();
        var plot = NewPlot();
        var max = (double)Math.Max(sorted.Max(b => b.Percent), 100m);
        var items = sorted.Select((b, i) => new Bar
        {
            Position = i,
            Value = (double)b.Percent,
            FillColor = b.Percent >= 100 ? Reached : b.Percent >= 80 ? Near : Far,
            LineWidth = 0,
            Label = drawText ? VietnameseFormat.Percent(Math.Round(b.Percent, 1, MidpointRounding.AwayFromZero)) : "",
            Size = 0.7,
        }).ToList();
        var barPlot = plot.Add.Bars(items);
        barPlot.Horizontal = true;
        barPlot.ValueLabelStyle.FontSize = 13;
        barPlot.ValueLabelStyle.Bold = true;

        var target = plot.Add.VerticalLine(100);
        target.LinePattern = LinePattern.Dashed;
        target.LineWidth = 2;
        target.Color = Colors.Black;

        Ticks(plot.Axes.Left, sorted.Select((b, i) => ((double)i, drawText ? Shorten(b.Unit, 34) : "")));
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.SetLimits(0, max * 1.15, -0.6, sorted.Count - 0.4);
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        if (drawText)
        {
            plot.Title(title);
            plot.XLabel(withoutResult > 0 ? $"% thực hiện so với KH giao (vạch đứt: 100%; {withoutResult} đơn vị chưa có kết quả)" : "% thực hiện so với KH giao (vạch đứt: 100%)");
        }

        return plot.GetImageBytes(Width, 120 + 30 * sorted.Count, ImageFormat.Png);
    }

    /// <summary>Reports submitted by the end of each day, the number of units as the line to reach, the deadline marked.</summary>
    public static byte[]? Progress(string title, IReadOnlyList<ProgressPoint> points, int total, DateOnly? due = null, bool drawText = true)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0 || (drawText && !ChartFonts.Available))
        {
            return null;
        }

        var plot = NewPlot();
        var first = points[0].Day;
        var xs = points.Select(p => (double)(p.Day.DayNumber - first.DayNumber)).ToArray();
        var ys = points.Select(p => (double)p.Submitted).ToArray();
        var line = plot.Add.Scatter(xs, ys);
        line.LineWidth = 3;
        line.MarkerSize = 7;
        line.Color = Color.FromHex("#1565C0");
        line.ConnectStyle = ConnectStyle.StepHorizontal;

        var all = plot.Add.HorizontalLine(total);
        all.LinePattern = LinePattern.Dashed;
        all.LineWidth = 2;
        all.Color = Reached;
        if (drawText)
        {
            all.LegendText = $"Tổng số đơn vị: {total}";
            line.LegendText = "Đã nộp";
        }

        if (due is { } d && d.DayNumber >= first.DayNumber)
        {
            var deadline = plot.Add.VerticalLine(d.DayNumber - first.DayNumber);
            deadline.LinePattern = LinePattern.Dotted;
            deadline.LineWidth = 2;
            deadline.Color = Far;
            if (drawText)
            {
                deadline.LegendText = "Hạn nộp " + d.ToString("dd/MM", CultureInfo.InvariantCulture);
            }
        }

        var last = Math.Max(xs[^1], due is { } dd ? dd.DayNumber - first.DayNumber : 0);
        var step = Math.Max(1, (int)Math.Ceiling((last + 1) / 10));
        var ticks = new List<(double, string)>();
        for (var x = 0; x <= last; x += step)
        {
            ticks.Add((x, drawText ? first.AddDays(x).ToString("dd/MM", CultureInfo.InvariantCulture) : ""));
        }

        Ticks(plot.Axes.Bottom, ticks);
        plot.Axes.SetLimits(-0.5, last + 0.5, 0, Math.Max(total, 1) * 1.12);
        if (drawText)
        {
            plot.Title(title);
            plot.YLabel("Số đơn vị đã nộp");
            plot.XLabel("Ngày");
            plot.ShowLegend(Alignment.UpperLeft);
            plot.Legend.FontSize = 13;
        }

        return plot.GetImageBytes(Width, 460, ImageFormat.Png);
    }

    private static Plot NewPlot()
    {
        var plot = new Plot();
        if (ChartFonts.Available)
        {
            plot.Font.Set(ChartFonts.Family);
        }

        plot.Axes.Title.Label.FontSize = 17;
        plot.Axes.Title.Label.Bold = true;
        return plot;
    }

    private static void Ticks(IAxis axis, IEnumerable<(double Position, string Label)> ticks)
    {
        var generator = new ScottPlot.TickGenerators.NumericManual();
        foreach (var (position, label) in ticks)
        {
            generator.AddMajor(position, label);
        }

        axis.TickGenerator = generator;
        axis.TickLabelStyle.FontSize = 13;
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
