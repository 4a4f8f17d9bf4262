using System.Text;
using UnionReview.Dialogs.Text;

namespace UnionReview.Server.Features.Indicators;

/// <summary>
/// Indicator tables as chat text: one short block per unit (name, then one line per indicator with target, result
/// and %), readable in any font and any chat app, no column alignment needed. Long tables are split between
/// units, never inside one, and each continuation repeats the table title.
/// </summary>
public static class IndicatorTableRenderer
{
    /// <summary>Text per message, below every chat app's limit (Telegram: 4.096 characters).</summary>
    public const int DefaultMessageLimit = 3_500;

    /// <summary>Renders the tables; <paramref name="rowFilter"/> keeps only some rows (totals and footnotes always shown).</summary>
    public static IReadOnlyList<string> Render(string heading, IReadOnlyList<IndicatorTable> tables, Func<IndicatorRow, bool>? rowFilter = null, int limit = DefaultMessageLimit)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var messages = new List<string>();
        var current = new StringBuilder(heading);
        void Add(string block, string continuation)
        {
            if (current.Length > 0 && current.Length + 2 + block.Length > limit)
            {
                messages.Add(current.ToString().TrimEnd());
                current.Clear().Append(continuation);
            }

            if (current.Length > 0)
            {
                current.Append(current[^1] == '\n' ? "\n" : "\n\n");
            }

            current.Append(block);
        }

        foreach (var table in tables)
        {
            var title = IndicatorTexts.TableTitle(table.Title);
            var blocks = table.Rows.Where(r => rowFilter?.Invoke(r) ?? true).Select(r => RowBlock(table, r, r.Display[IndicatorTables.NumberColumn] + ". ")).ToList();
            if (table.Totals is { } totals)
            {
                blocks.Add(RowBlock(table, totals, "Σ "));
            }

            if (table.Footnote is { } footnote)
            {
                blocks.Add("ℹ️ " + footnote);
            }

            var continuation = title + " " + IndicatorTexts.Continued + "\n";
            Add(title + "\n" + blocks[0], continuation);
            foreach (var block in blocks.Skip(1))
            {
                Add(block, continuation);
            }
        }

        if (current.Length > 0)
        {
            messages.Add(current.ToString().TrimEnd());
        }

        // A single block longer than the limit (a very long note) still goes out whole, in pieces.
        return [.. messages.SelectMany(m => m.Length <= limit ? new List<string> { m } : [.. MessageSplitter.Split(m, limit)])];
    }

    /// <summary>One unit (or the totals): its name, then one line per indicator group, then its note.</summary>
    public static string RowBlock(IndicatorTable table, IndicatorRow row, string prefix)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(row);
        var text = new StringBuilder(prefix).Append(row.Display[IndicatorTables.UnitColumn]);
        var groups = table.Columns.Select((c, i) => (Column: c, Index: i)).Where(x => x.Column.Group is not null).GroupBy(x => x.Column.Group!).ToList();
        foreach (var group in groups)
        {
            var cells = group.Where(x => row.Display[x.Index].Length > 0)
                .Select(x => row.Display[x.Index] == IndicatorTexts.NoResult ? IndicatorTexts.NoResult : $"{x.Column.Label ?? x.Column.Header} {row.Display[x.Index]}")
                .ToList();
            if (cells.Count == 0)
            {
                continue;
            }

            text.Append("\n   • ");
            if (groups.Count > 1)
            {
                text.Append(group.Key).Append(": ");
            }

            text.Append(string.Join(" · ", cells));
        }

        if (row.Note is { } note)
        {
            text.Append("\n   ").Append(IndicatorTexts.NoteMark).Append(' ').Append(note);
        }

        return text.ToString();
    }
}
