using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using UnionReview.Dialogs.Engine;
using UnionReview.Server.Features.Indicators;

namespace UnionReview.Server.Features.Documents;

/// <summary>
/// The indicator workbook: a progress sheet (every unit, answered questions, % as a formula, totals as SUM) and
/// one sheet per indicator table with its figures as numbers, % achievement as formulas (result ÷ target) and a
/// totals row of SUM formulas. Cached values are written with every formula, so a reader that does not
/// recalculate still shows the figures. Sheets are streamed with <see cref="OpenXmlWriter"/>.
/// </summary>
public static class IndicatorXlsxWriter
{
    /// <summary>Cell style indexes of the stylesheet below.</summary>
    internal const uint StyleText = 0, StyleHeader = 1, StyleNumber = 2, StylePercent = 3, StyleTotalNumber = 4, StyleTotalPercent = 5, StyleTotalText = 6, StyleTitle = 7;

    public static void Write(ConsolidatedData data, Stream output)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = Stylesheet();
        styles.Stylesheet.Save();
        var sheets = new Sheets();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        uint sheetId = 1;

        void AddSheet(string title, Action<OpenXmlWriter> body, IReadOnlyList<double> widths)
        {
            var part = workbookPart.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(part))
            {
                writer.WriteStartElement(new Worksheet());
                var columns = new Columns();
                for (var i = 0; i < widths.Count; i++)
                {
                    columns.Append(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = widths[i], CustomWidth = true });
                }

                writer.WriteElement(columns);
                writer.WriteStartElement(new SheetData());
                body(writer);
                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = sheetId++, Name = SheetName(title, names) });
        }

        AddSheet(DocumentsTexts.ProgressSheet, w => WriteProgress(w, data), [6, 45, 14, 12, 14, 12, 11]);
        foreach (var table in data.Tables ?? [])
        {
            AddSheet(table.Title, w => WriteTable(w, table), [.. table.Columns.Select(c => c.Kind == IndicatorCellKind.Text ? 40d : 16d)]);
        }

        workbookPart.Workbook = new Workbook(sheets, new CalculationProperties { CalculationId = 191029U, FullCalculationOnLoad = true });
        workbookPart.Workbook.Save();
    }

    private static void WriteProgress(OpenXmlWriter writer, ConsolidatedData data)
    {
        var total = data.Outline.Questions.Count;
        Row(writer, 1, [Text("A1", $"{DocumentsTexts.ProgressHeading} – {data.Campaign.Name}", StyleTitle)]);
        Row(writer, 2,
        [
            Text("A2", DocumentsTexts.ColumnNumber, StyleHeader), Text("B2", DocumentsTexts.ColumnUnit, StyleHeader), Text("C2", DocumentsTexts.ColumnStatus, StyleHeader),
            Text("D2", DocumentsTexts.ColumnDue, StyleHeader), Text("E2", DocumentsTexts.ColumnAnswered, StyleHeader), Text("F2", DocumentsTexts.ColumnQuestions, StyleHeader),
            Text("G2", DocumentsTexts.ColumnPercent, StyleHeader),
        ]);
        var r = 3;
        var i = 0;
        foreach (var unit in data.Units)
        {
            Row(writer, r,
            [
                Number($"A{r}", ++i, StyleText),
                Text($"B{r}", unit.Unit.Name),
                Text($"C{r}", DocumentsTexts.Status(unit.Status)),
                Text($"D{r}", unit.DueOn?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? ""),
                Number($"E{r}", unit.Answered, StyleNumber),
                Number($"F{r}", total, StyleNumber),
                Formula($"G{r}", $"IF(F{r}>0,E{r}/F{r},0)", total == 0 ? 0 : (double)unit.Answered / total, StylePercent),
            ]);
            r++;
        }

        var last = r - 1;
        var answered = data.Units.Sum(u => u.Answered);
        var questions = (long)total * data.Units.Count;
        Row(writer, r,
        [
            Text($"A{r}", "", StyleTotalText),
            Text($"B{r}", $"{DocumentsTexts.Total} ({data.Submitted}/{data.Units.Count} đã nộp)", StyleTotalText),
            Formula($"C{r}", $"COUNTIF(C3:C{last},\"{DocumentsTexts.Status(ReportStatus.Submitted)}\")", data.Submitted, StyleTotalNumber),
            Text($"D{r}", "", StyleTotalText),
            Formula($"E{r}", $"SUM(E3:E{last})", answered, StyleTotalNumber),
            Formula($"F{r}", $"SUM(F3:F{last})", questions, StyleTotalNumber),
            Formula($"G{r}", $"IF(F{r}>0,E{r}/F{r},0)", questions == 0 ? 0 : (double)answered / questions, StyleTotalPercent),
        ]);
    }

    private static void WriteTable(OpenXmlWriter writer, IndicatorTable table)
    {
        Row(writer, 1, [Text("A1", table.Title, StyleTitle)]);
        Row(writer, 2, [.. table.Columns.Select((c, i) => Text($"{Column(i)}2", c.Header, StyleHeader))]);
        var first = 3;
        var r = first;
        foreach (var row in table.Rows)
        {
            Row(writer, r, [.. table.Columns.Select((c, i) => Cell(c, i, r, row, total: false, first, 0))]);
            r++;
        }

        var last = r - 1;
        if (table.Totals is { } totals)
        {
            Row(writer, r, [.. table.Columns.Select((c, i) => Cell(c, i, r, totals, total: true, first, last))]);
            r++;
        }

        if (table.Footnote is { Length: > 0 } note)
        {
            Row(writer, r + 1, [Text($"A{r + 1}", note)]);
        }
    }

    /// <summary>One cell of an indicator table: text, a figure, a % formula, or in the totals row a SUM.</summary>
    private static Cell Cell(IndicatorColumn column, int index, int row, IndicatorRow values, bool total, int first, int last)
    {
        var reference = $"{Column(index)}{row}";
        var value = index < values.Values.Count ? values.Values[index] : null;
        var shown = index < values.Display.Count ? values.Display[index] : "";
        switch (column.Kind)
        {
            case IndicatorCellKind.Percent when column.NumeratorColumn is { } num && column.DenominatorColumn is { } den:
                var n = $"{Column(num)}{row}";
                var d = $"{Column(den)}{row}";
                // Blank (not 0%) when there is no target or no result, as the service prints "chưa có kết quả".
                return Formula(reference, $"IF(AND(ISNUMBER({n}),ISNUMBER({d}),{d}>0),{n}/{d},\"\")", value is { } p ? (double)(p / 100m) : null, total ? StyleTotalPercent : StylePercent);
            case IndicatorCellKind.Number or IndicatorCellKind.Money or IndicatorCellKind.Percent when total && column.Total && last >= first:
                return Formula(reference, $"SUM({Column(index)}{first}:{Column(index)}{last})", value is { } s ? (double)s : 0, column.Kind == IndicatorCellKind.Percent ? StyleTotalPercent : StyleTotalNumber);
            case IndicatorCellKind.Number or IndicatorCellKind.Money:
                return value is { } v ? Number(reference, (double)v, total ? StyleTotalNumber : StyleNumber) : Text(reference, shown, total ? StyleTotalText : StyleText);
            case IndicatorCellKind.Percent:
                return value is { } pv ? Number(reference, (double)(pv / 100m), total ? StyleTotalPercent : StylePercent) : Text(reference, shown, total ? StyleTotalText : StyleText);
            default:
                return Text(reference, total && index == 0 && string.IsNullOrEmpty(shown) ? DocumentsTexts.Total : shown, total ? StyleTotalText : StyleText);
        }
    }

    private static void Row(OpenXmlWriter writer, int index, IReadOnlyList<Cell> cells)
    {
        writer.WriteStartElement(new Row { RowIndex = (uint)index });
        foreach (var cell in cells)
        {
            writer.WriteElement(cell);
        }

        writer.WriteEndElement();
    }

    private static Cell Text(string reference, string text, uint style = StyleText) =>
        new(new InlineString(new Text(ReportDocxWriter.Clean(text)) { Space = SpaceProcessingModeValues.Preserve }))
        {
            CellReference = reference, DataType = CellValues.InlineString, StyleIndex = style,
        };

    private static Cell Number(string reference, double value, uint style) =>
        new(new CellValue(value.ToString("R", CultureInfo.InvariantCulture))) { CellReference = reference, StyleIndex = style };

    private static Cell Formula(string reference, string formula, double? cached, uint style)
    {
        var cell = new Cell(new CellFormula(formula)) { CellReference = reference, StyleIndex = style };
        if (cached is { } c)
        {
            cell.Append(new CellValue(c.ToString("R", CultureInfo.InvariantCulture)));
        }
        else
        {
            cell.DataType = CellValues.String;
            cell.Append(new CellValue(""));
        }

        return cell;
    }

    /// <summary>Spreadsheet column letters for a 0-based index (A, B, …, Z, AA…).</summary>
    internal static string Column(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    /// <summary>A valid, unique sheet name: at most 31 characters, none of []:*?/\.</summary>
    private static string SheetName(string title, HashSet<string> used)
    {
        var clean = new string([.. title.Select(c => "[]:*?/\\".Contains(c, StringComparison.Ordinal) ? '-' : c)]).Trim().Trim('\'');
        clean = clean.Length == 0 ? "Biểu" : clean;
        var name = clean.Length > 31 ? clean[..31] : clean;
        for (var i = 2; !used.Add(name); i++)
        {
            var suffix = $" ({i})";
            name = (clean.Length + suffix.Length > 31 ? clean[..(31 - suffix.Length)] : clean) + suffix;
        }

        return name;
    }

    private static Stylesheet Stylesheet() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164U, FormatCode = "#,##0" },
            new NumberingFormat { NumberFormatId = 165U, FormatCode = "0.0%" })
        { Count = 2U },
        new Fonts(
            new Font(new FontSize { Val = 12 }, new FontName { Val = "Times New Roman" }),
            new Font(new Bold(), new FontSize { Val = 12 }, new FontName { Val = "Times New Roman" }),
            new Font(new Bold(), new FontSize { Val = 14 }, new FontName { Val = "Times New Roman" }))
        { Count = 3U },
        new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFDDEBF7" }) { PatternType = PatternValues.Solid }))
        { Count = 3U },
        new Borders(
            new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
            new Border(
                new LeftBorder { Style = BorderStyleValues.Thin }, new RightBorder { Style = BorderStyleValues.Thin },
                new TopBorder { Style = BorderStyleValues.Thin }, new BottomBorder { Style = BorderStyleValues.Thin }, new DiagonalBorder()))
        { Count = 2U },
        new CellFormats(
            new CellFormat { FontId = 0U, FillId = 0U, BorderId = 1U, ApplyBorder = true, Alignment = new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top } },
            new CellFormat { FontId = 1U, FillId = 2U, BorderId = 1U, ApplyFont = true, ApplyFill = true, ApplyBorder = true, Alignment = new Alignment { WrapText = true, Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Center } },
            new CellFormat { NumberFormatId = 164U, FontId = 0U, FillId = 0U, BorderId = 1U, ApplyNumberFormat = true, ApplyBorder = true },
            new CellFormat { NumberFormatId = 165U, FontId = 0U, FillId = 0U, BorderId = 1U, ApplyNumberFormat = true, ApplyBorder = true },
            new CellFormat { NumberFormatId = 164U, FontId = 1U, FillId = 0U, BorderId = 1U, ApplyNumberFormat = true, ApplyFont = true, ApplyBorder = true },
            new CellFormat { NumberFormatId = 165U, FontId = 1U, FillId = 0U, BorderId = 1U, ApplyNumberFormat = true, ApplyFont = true, ApplyBorder = true },
            new CellFormat { FontId = 1U, FillId = 0U, BorderId = 1U, ApplyFont = true, ApplyBorder = true },
            new CellFormat { FontId = 2U, FillId = 0U, BorderId = 0U, ApplyFont = true })
        { Count = 8U });
}
