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
    internal const uint StyleText = 0, StyleHeader = 1, StyleNumber = 2, StylePercent = 3, StyleTotalNumber = 4, StyleTotalPercent = 5, StyleTotalText = 6, StyleTitle = 7, StyleNote = 8, StyleCount = 9;

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

        var definedNames = new DefinedNames();
        void AddSheet(string title, Func<OpenXmlWriter, IReadOnlyList<string>> body, IReadOnlyList<double> widths)
        {
            var part = workbookPart.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(part))
            {
                writer.WriteStartElement(new Worksheet());
                // Fit to one page wide (as many pages down as needed), landscape, the header rows frozen and repeated.
                writer.WriteElement(new SheetProperties(new PageSetupProperties { FitToPage = true }));
                writer.WriteElement(new SheetViews(new SheetView(
                    new Pane { VerticalSplit = HeaderRows, TopLeftCell = $"A{HeaderRows + 1}", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                    new Selection { Pane = PaneValues.BottomLeft, ActiveCell = $"A{HeaderRows + 1}", SequenceOfReferences = new ListValue<StringValue> { InnerText = $"A{HeaderRows + 1}" } })
                { WorkbookViewId = 0U }));
                var columns = new Columns();
                for (var i = 0; i < widths.Count; i++)
                {
                    columns.Append(new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = widths[i], CustomWidth = true });
                }

                writer.WriteElement(columns);
                writer.WriteStartElement(new SheetData());
                var merges = body(writer);
                writer.WriteEndElement();
                if (merges.Count > 0)
                {
                    writer.WriteElement(new MergeCells(merges.Select(m => new MergeCell { Reference = m })) { Count = (uint)merges.Count });
                }

                writer.WriteElement(new PageMargins { Left = 0.5, Right = 0.5, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
                writer.WriteElement(new PageSetup { PaperSize = 9U, Orientation = OrientationValues.Landscape, FitToWidth = 1U, FitToHeight = 0U });
                writer.WriteEndElement();
            }

            var name = SheetName(title, names);
            definedNames.Append(new DefinedName($"'{name.Replace("'", "''", StringComparison.Ordinal)}'!$1:${HeaderRows}") { Name = "_xlnm.Print_Titles", LocalSheetId = sheetId - 1 });
            sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = sheetId++, Name = name });
        }

        AddSheet(DocumentsTexts.ProgressSheet, w => WriteProgress(w, data), ProgressWidths);
        foreach (var table in data.Tables ?? [])
        {
            var widths = Widths(table);
            AddSheet(table.Title, w => WriteTable(w, table, widths), widths);
        }

        workbookPart.Workbook = new Workbook(sheets, definedNames, new CalculationProperties { CalculationId = 191029U, FullCalculationOnLoad = true });
        workbookPart.Workbook.Save();
    }

    /// <summary>Rows above the figures (title, column headers): frozen on screen and repeated on every printed page.</summary>
    public const int HeaderRows = 2;

    internal static readonly double[] ProgressWidths = [6, 40, 14, 12, 13, 12, 11];

    /// <summary>Column widths that fit: Stt narrow, the unit's full name, figures as wide as their longest value.</summary>
    internal static double[] Widths(IndicatorTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rows = table.Rows.Concat(table.Totals is { } t ? [t] : []).ToList();
        return [.. table.Columns.Select((c, i) =>
        {
            if (c.Header == IndicatorTexts.ColumnNumber)
            {
                return 6d;
            }

            var longest = rows.Select(r => i < r.Display.Count ? r.Display[i].Length : 0).DefaultIfEmpty(0).Max();
            return c.Kind == IndicatorCellKind.Text ? Math.Clamp(longest + 3, 24, 45) : Math.Clamp(longest + 4, 12, 20);
        })];
    }

    /// <summary>A long line (title, footnote) merged across the table's columns, wrapped, with a row tall enough for it.</summary>
    private static void LongLine(OpenXmlWriter writer, int row, string text, double[] widths, uint style, List<string> merges)
    {
        var width = widths.Sum();
        var lines = Math.Max(1, (int)Math.Ceiling(text.Length * 1.15 / Math.Max(1, width)));
        writer.WriteStartElement(new Row { RowIndex = (uint)row, Height = 17.5 * lines + (style == StyleTitle ? 4 : 0), CustomHeight = true });
        writer.WriteElement(Text($"A{row}", text, style));
        writer.WriteEndElement();
        if (widths.Length > 1)
        {
            merges.Add($"A{row}:{Column(widths.Length - 1)}{row}");
        }
    }

    private static List<string> WriteProgress(OpenXmlWriter writer, ConsolidatedData data)
    {
        var merges = new List<string>();
        var total = data.Outline.Questions.Count;
        LongLine(writer, 1, $"{DocumentsTexts.ProgressHeading} – {data.Campaign.Name}", ProgressWidths, StyleTitle, merges);
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
                Number($"A{r}", ++i, StyleCount),
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
        return merges;
    }

    private static List<string> WriteTable(OpenXmlWriter writer, IndicatorTable table, double[] widths)
    {
        var merges = new List<string>();
        LongLine(writer, 1, table.Title, widths, StyleTitle, merges);
        // Headers wrap inside their column: the row is as tall as the longest needs.
        var headerLines = table.Columns.Select((c, i) => (int)Math.Ceiling(c.Header.Length * 1.1 / Math.Max(1, widths[i] - 1))).DefaultIfEmpty(1).Max();
        Row(writer, 2, [.. table.Columns.Select((c, i) => Text($"{Column(i)}2", c.Header, StyleHeader))], 16.5 * Math.Max(1, headerLines) + 2);
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
            LongLine(writer, r + 1, note, widths, StyleNote, merges);
        }

        return merges;
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
            case IndicatorCellKind.Text when column.Header == IndicatorTexts.ColumnNumber && int.TryParse(shown, NumberStyles.None, CultureInfo.InvariantCulture, out var number):
                return Number(reference, number, StyleCount);
            default:
                return Text(reference, total && index == 0 && string.IsNullOrEmpty(shown) ? DocumentsTexts.Total : shown, total ? StyleTotalText : StyleText);
        }
    }

    private static void Row(OpenXmlWriter writer, int index, IReadOnlyList<Cell> cells, double? height = null)
    {
        writer.WriteStartElement(height is { } h ? new Row { RowIndex = (uint)index, Height = h, CustomHeight = true } : new Row { RowIndex = (uint)index });
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

    /// <summary>
    /// A valid, unique sheet name of at most 31 characters (none of []:*?/\) that still says what the sheet is:
    /// common long words shortened (đoàn viên → ĐV, "năm 2019" → 2019), then cut at a word with "…".
    /// </summary>
    internal static string SheetName(string title, HashSet<string> used)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(used);
        var clean = new string([.. title.Select(c => "[]:*?/\\".Contains(c, StringComparison.Ordinal) ? '-' : c)]).Trim().Trim('\'');
        clean = clean.Length == 0 ? "Biểu" : clean;
        if (clean.Length > 31)
        {
            foreach (var (from, to) in Abbreviations)
            {
                clean = System.Text.RegularExpressions.Regex.Replace(clean, from, to, System.Text.RegularExpressions.RegexOptions.IgnoreCase);
            }
        }

        var name = Fit(clean, 31);
        for (var i = 2; !used.Add(name); i++)
        {
            var suffix = $" ({i})";
            name = Fit(clean, 31 - suffix.Length) + suffix;
        }

        return name;
    }

    private static readonly (string From, string To)[] Abbreviations =
    [
        (@"\bnăm (\d{4})\b", "$1"), (@"\bcông đoàn cơ sở\b", "CĐCS"), (@"\bđoàn viên\b", "ĐV"), (@"\btrang thông tin điện tử\b", "trang TTĐT"),
        (@"\bcông nhân, viên chức, lao động\b", "CNVCLĐ"), (@"\bLiên đoàn Lao động\b", "LĐLĐ"), (@"\s+", " "),
    ];

    private static string Fit(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text[..(max - 1)];
        var space = cut.LastIndexOf(' ');
        return (space > max / 2 ? cut[..space] : cut).TrimEnd(' ', ',', ';', '-') + "…";
    }

    private static Stylesheet Stylesheet() => new(
        new NumberingFormats(
            new NumberingFormat { NumberFormatId = 164U, FormatCode = "#,##0" },
            new NumberingFormat { NumberFormatId = 165U, FormatCode = "0.0%" })
        { Count = 2U },
        new Fonts(
            new Font(new FontSize { Val = 12 }, new FontName { Val = "Times New Roman" }),
            new Font(new Bold(), new FontSize { Val = 12 }, new FontName { Val = "Times New Roman" }),
            new Font(new Bold(), new FontSize { Val = 14 }, new FontName { Val = "Times New Roman" }),
            new Font(new Italic(), new FontSize { Val = 12 }, new FontName { Val = "Times New Roman" }))
        { Count = 4U },
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
            new CellFormat { FontId = 2U, FillId = 0U, BorderId = 0U, ApplyFont = true, ApplyAlignment = true, Alignment = new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Center } },
            new CellFormat { FontId = 3U, FillId = 0U, BorderId = 0U, ApplyFont = true, ApplyAlignment = true, Alignment = new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top } },
            new CellFormat { NumberFormatId = 1U, FontId = 0U, FillId = 0U, BorderId = 1U, ApplyNumberFormat = true, ApplyBorder = true, ApplyAlignment = true, Alignment = new Alignment { Horizontal = HorizontalAlignmentValues.Center, Vertical = VerticalAlignmentValues.Top } })
        { Count = 10U });
}
