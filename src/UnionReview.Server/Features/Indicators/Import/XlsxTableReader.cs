using System.Globalization;
using System.IO.Packaging;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using T = UnionReview.Server.Features.Indicators.Import.TargetImportTexts;

namespace UnionReview.Server.Features.Indicators.Import;

/// <summary>
/// Reads the first worksheet (or the one named) of an .xlsx file: shared strings, inline strings, numbers (kept as
/// numbers, so 0,125 typed in Excel is never re-read as text) and cached formula results. Rows keep Excel's row
/// numbers, so problems are reported as "Trang1!C7".
/// </summary>
internal static class XlsxTableReader
{
    public static TargetTable Read(Stream stream, string? sheetName, string source)
    {
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(stream, isEditable: false);
        }
        catch (Exception e) when (e is OpenXmlPackageException or FileFormatException or InvalidDataException)
        {
            throw new TargetFileException(T.NotAnXlsx(source));
        }

        using (document)
        {
            var workbook = document.WorkbookPart ?? throw new TargetFileException(T.NotAnXlsx(source));
            var sheets = workbook.Workbook?.Sheets?.Elements<Sheet>().ToList() ?? [];
            if (sheets.Count == 0)
            {
                throw new TargetFileException(T.NoWorksheet);
            }

            var sheet = sheetName is null
                ? sheets[0]
                : sheets.FirstOrDefault(s => string.Equals(s.Name?.Value?.Trim(), sheetName.Trim(), StringComparison.OrdinalIgnoreCase))
                  ?? throw new TargetFileException(T.NoSheet(sheetName, sheets.Select(s => s.Name?.Value ?? "")));
            if (sheet.Id?.Value is not { } partId || workbook.GetPartById(partId) is not WorksheetPart part)
            {
                throw new TargetFileException(T.NotAnXlsx(source));
            }

            var shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(ItemText).ToList() ?? [];
            return new TargetTable(ReadRows(part, shared), sheet.Name?.Value ?? "", source);
        }
    }

    private static List<TableRow> ReadRows(WorksheetPart part, List<string> shared)
    {
        var rows = new List<TableRow>();
        var rowNumber = 0;
        foreach (var row in part.Worksheet.Descendants<Row>())
        {
            rowNumber = row.RowIndex?.Value is { } r ? (int)r : rowNumber + 1;
            var cells = new List<TableCell>();
            var column = -1;
            foreach (var cell in row.Elements<Cell>())
            {
                column = cell.CellReference?.Value is { } reference ? ColumnOf(reference) : column + 1;
                while (cells.Count < column)
                {
                    cells.Add(TableCell.Empty);
                }

                cells.Add(Read(cell, shared));
            }

            if (cells.Any(c => !c.IsEmpty))
            {
                rows.Add(new TableRow(rowNumber, cells));
            }
        }

        return rows;
    }

    private static TableCell Read(Cell cell, List<string> shared)
    {
        var raw = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        string text;
        if (type == CellValues.SharedString)
        {
            text = int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < shared.Count ? shared[index] : "";
        }
        else if (type == CellValues.InlineString)
        {
            text = cell.InlineString is { } inline ? ItemText(inline) : raw;
        }
        else if (type == CellValues.Boolean)
        {
            text = raw == "1" ? "TRUE" : "FALSE";
        }
        else if (type is null or CellValues.Number && raw.Length > 0)
        {
            return new TableCell(raw, ReadNumber(raw));
        }
        else
        {
            text = raw;
        }

        return new TableCell(text.Normalize(NormalizationForm.FormC).Trim());
    }

    /// <summary>Excel stores doubles; rounding to 15 significant digits (what Excel shows) turns 0.30000000000000004 back into 0,3.</summary>
    private static decimal? ReadNumber(string raw)
    {
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || double.IsNaN(d) || double.IsInfinity(d) || Math.Abs(d) >= 7.9e28)
        {
            return null;
        }

        return (decimal)d;
    }

    /// <summary>The text of a shared or inline string: plain text and rich-text runs, without phonetic hints.</summary>
    private static string ItemText(OpenXmlElement item) =>
        string.Concat(item.ChildElements.Select(e => e switch
        {
            Text t => t.Text,
            Run run => run.Text?.Text ?? "",
            _ => "",
        }));

    /// <summary>"C7" → 2.</summary>
    private static int ColumnOf(string reference)
    {
        var column = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
            {
                break;
            }

            column = (column * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return column - 1;
    }
}
