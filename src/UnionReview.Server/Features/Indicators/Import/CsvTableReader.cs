using System.Text;
using T = UnionReview.Server.Features.Indicators.Import.TargetImportTexts;

namespace UnionReview.Server.Features.Indicators.Import;

/// <summary>
/// Reads a CSV file (RFC 4180 quoting, fields may span lines) whose separator is whatever the header line uses
/// most: ";" (Excel on Vietnamese or European Windows), "," or a tab. Blank lines are skipped; every row keeps the
/// number of the line it starts on, so problems are reported where an editor shows them.
/// </summary>
internal static class CsvTableReader
{
    private static readonly char[] Separators = [';', '\t', ','];

    public static (TargetTable Table, string EncodingName) Read(byte[] bytes, string source)
    {
        var (text, encoding) = TextDecoding.Decode(bytes);
        return (Parse(text, source), encoding);
    }

    public static TargetTable Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var separator = DetectSeparator(text);
        var rows = new List<TableRow>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var quotedCell = false;

        void EndRecord()
        {
            cells.Add(cell.ToString());
            cell.Clear();
            var trimmed = cells.Select(c => new TableCell(c.Trim())).ToList();
            if (trimmed.Any(c => !c.IsEmpty))
            {
                rows.Add(new TableRow(recordLine, trimmed));
            }

            cells = [];
            quotedCell = false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    cell.Append(c);
                }

                continue;
            }

            if (c == '"' && !quotedCell && string.IsNullOrWhiteSpace(cell.ToString()))
            {
                // A quote opening a field (spaces before it are ignored); a quote inside a field is an ordinary character.
                cell.Clear();
                inQuotes = true;
                quotedCell = true;
            }
            else if (c == separator)
            {
                cells.Add(cell.ToString());
                cell.Clear();
                quotedCell = false;
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                EndRecord();
                line++;
                recordLine = line;
            }
            else
            {
                cell.Append(c);
            }
        }

        if (inQuotes)
        {
            throw new TargetFileException($"{T.CsvRowLocation(recordLine)}: {T.UnclosedQuote}");
        }

        if (cell.Length > 0 || cells.Count > 0)
        {
            EndRecord();
        }

        return new TargetTable(rows, null, source);
    }

    /// <summary>The separator used most often, outside quotes, on the first non-blank line; ties go to ";", then tab.</summary>
    private static char DetectSeparator(string text)
    {
        var counts = new Dictionary<char, int>();
        var inQuotes = false;
        var seenContent = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes && c is '\r' or '\n')
            {
                if (seenContent)
                {
                    break;
                }
            }
            else if (!inQuotes && Separators.Contains(c))
            {
                counts[c] = counts.GetValueOrDefault(c) + 1;
                seenContent = true;
            }
            else if (!char.IsWhiteSpace(c))
            {
                seenContent = true;
            }
        }

        var best = ';';
        foreach (var s in Separators)
        {
            if (counts.GetValueOrDefault(s) > counts.GetValueOrDefault(best))
            {
                best = s;
            }
        }

        return best;
    }
}
