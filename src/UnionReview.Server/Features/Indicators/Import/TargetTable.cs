using T = UnionReview.Server.Features.Indicators.Import.TargetImportTexts;

namespace UnionReview.Server.Features.Indicators.Import;

/// <summary>One cell: its text (trimmed, NFC) and its number when the file stored one (an Excel numeric cell).</summary>
internal sealed record TableCell(string Text, decimal? Number = null)
{
    public static readonly TableCell Empty = new("");

    public bool IsEmpty => Number is null && Text.Length == 0;
}

/// <summary>A non-empty row: its line (CSV) or row number (Excel) and its cells by column, from the first column.</summary>
internal sealed record TableRow(int Number, IReadOnlyList<TableCell> Cells)
{
    public TableCell this[int column] => column < Cells.Count ? Cells[column] : TableCell.Empty;
}

/// <summary>
/// Rows read from a CSV file or an Excel sheet, with the way to name a place in it: "dòng 7, cột 3" for CSV,
/// "Trang1!C7" for Excel, so every problem points at the cell to fix.
/// </summary>
internal sealed record TargetTable(IReadOnlyList<TableRow> Rows, string? Sheet, string Source)
{
    public string Cell(int row, int column, string? header) =>
        Sheet is null ? T.CsvLocation(row, column + 1, header) : T.SheetLocation(Sheet, ColumnName(column) + row.ToString(System.Globalization.CultureInfo.InvariantCulture), header);

    public string Row(int row) => Sheet is null ? T.CsvRowLocation(row) : T.SheetRowLocation(Sheet, row);

    /// <summary>Excel's column letters: 0 → A, 25 → Z, 26 → AA.</summary>
    public static string ColumnName(int column)
    {
        var name = "";
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }
}

/// <summary>A file or command that cannot be used at all (not found, not a spreadsheet, unknown campaign); exit code 2.</summary>
internal sealed class TargetFileException(string message) : Exception(message);
