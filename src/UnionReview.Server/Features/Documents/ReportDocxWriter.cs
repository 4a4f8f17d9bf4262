using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UnionReview.Dialogs;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Indicators;

namespace UnionReview.Server.Features.Documents;

/// <summary>
/// The consolidated report as a Word document: the title block of an official union document (seed 000), the
/// submission table, then the outline's parts, sections and questions in order with every unit's answer under
/// each question (figures as tables), the indicator tables as Word tables, and the signature block. The body
/// is streamed with <see cref="OpenXmlWriter"/> so thousands of units do not build one huge DOM.
/// </summary>
public static class ReportDocxWriter
{
    /// <summary>Paragraph style ids (also what tests read back).</summary>
    public const string TitleStyle = "Title", Heading1 = "Heading1", Heading2 = "Heading2", Heading3 = "Heading3", QuestionStyle = "Question", AnswerStyle = "Answer";

    public static void Write(ConsolidatedData data, DocumentOptions options, Stream output)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        using var document = WordprocessingDocument.Create(output, WordprocessingDocumentType.Document);
        var main = document.AddMainDocumentPart();
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = Styles();
        styles.Styles.Save();
        document.PackageProperties.Title = data.Outline.Title;
        document.PackageProperties.Creator = "UnionReview";

        using var writer = OpenXmlWriter.Create(main);
        writer.WriteStartElement(new Document());
        writer.WriteStartElement(new Body());
        WriteTitleBlock(writer, data, options);
        WriteProgress(writer, data);
        WriteOutline(writer, data);
        if (data.Tables is { Count: > 0 } tables)
        {
            writer.WriteElement(Para(DocumentsTexts.TablesHeading, Heading1));
            foreach (var table in tables)
            {
                WriteIndicatorTable(writer, table);
            }
        }

        WriteSignature(writer, options);
        writer.WriteElement(new SectionProperties(
            new PageSize { Width = 11906U, Height = 16838U },
            new PageMargin { Top = 1134, Bottom = 1134, Left = 1701U, Right = 850U, Header = 720U, Footer = 720U, Gutter = 0U }));
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.Close();
    }

    private static void WriteTitleBlock(OpenXmlWriter writer, ConsolidatedData data, DocumentOptions options)
    {
        var left = new List<Paragraph>
        {
            Para(data.Organisation.ToUpper(CultureInfo.GetCultureInfo("vi-VN")), null, JustificationValues.Center),
            Para(options.Issuer, null, JustificationValues.Center, bold: true),
            Para(options.Number, null, JustificationValues.Center),
        };
        var right = new List<Paragraph>
        {
            Para(DocumentsTexts.Nation, null, JustificationValues.Center, bold: true),
            Para(DocumentsTexts.Motto, null, JustificationValues.Center, bold: true),
            Para(DocumentsTexts.PlaceAndDate(options.Place, data.LocalTime), null, JustificationValues.Center, italic: true),
        };
        writer.WriteElement(BorderlessTable(left, right, 40));
        writer.WriteElement(Para("", null));
        writer.WriteElement(Para(DocumentsTexts.ReportWord, TitleStyle, JustificationValues.Center));
        writer.WriteElement(Para(data.Outline.Title, null, JustificationValues.Center, bold: true));
        writer.WriteElement(Para(DocumentsTexts.Subtitle(data.Campaign.Name, data.Units.Count, data.Submitted), null, JustificationValues.Center, italic: true));
    }

    private static void WriteProgress(OpenXmlWriter writer, ConsolidatedData data)
    {
        writer.WriteElement(Para(DocumentsTexts.ProgressHeading, Heading1));
        writer.WriteElement(Para(DocumentsTexts.Summary(data.Units.Count, data.Submitted,
            data.Units.Count(u => u.Status is ReportStatus.InProgress or ReportStatus.Returned), data.Units.Count(u => u.Status == ReportStatus.NotStarted), data.LocalTime), AnswerStyle));
        var total = data.Outline.Questions.Count;
        var rows = data.Units.Select((u, i) => (IReadOnlyList<string>)
        [
            (i + 1).ToString(CultureInfo.InvariantCulture),
            u.Unit.Name,
            DocumentsTexts.Status(u.Status),
            u.DueOn?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) ?? "",
            u.Report?.SubmittedAt is { } at && u.Status == ReportStatus.Submitted ? at.ToOffset(data.LocalTime.Offset).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) : "",
            VietnameseFormat.Percent(total == 0 ? 0 : u.Answered * 100m / total),
        ]);
        writer.WriteElement(GridTable(
            [DocumentsTexts.ColumnNumber, DocumentsTexts.ColumnUnit, DocumentsTexts.ColumnStatus, DocumentsTexts.ColumnDue, DocumentsTexts.ColumnSubmittedAt, DocumentsTexts.ColumnPercent],
            [6, 40, 16, 13, 13, 12], rows, totals: null, numeric: [false, false, false, false, false, true]));
    }

    private static void WriteOutline(OpenXmlWriter writer, ConsolidatedData data)
    {
        foreach (var part in data.Outline.Parts)
        {
            writer.WriteElement(Para(part.Title, Heading1));
            if (part.Subtitle is { Length: > 0 } subtitle)
            {
                writer.WriteElement(Para(subtitle, null, JustificationValues.Center, bold: true));
            }

            foreach (var section in part.Sections)
            {
                if (section.Heading is { Length: > 0 } heading)
                {
                    writer.WriteElement(Para(heading, Heading2));
                }

                writer.WriteElement(Para(section.Label, Heading3));
                foreach (var question in section.Questions)
                {
                    writer.WriteElement(Para(question.Prompt, QuestionStyle));
                    WriteAnswers(writer, data, question);
                }
            }
        }
    }

    private static void WriteAnswers(OpenXmlWriter writer, ConsolidatedData data, QuestionDefinition question)
    {
        var given = data.Units.Select(u => (u.Unit, Answer: u.Answers.GetValueOrDefault(question.Id))).Where(x => x.Answer is { IsEmpty: false }).ToList();
        if (given.Count == 0)
        {
            writer.WriteElement(Para(DocumentsTexts.NoAnswer, AnswerStyle, italic: true));
            return;
        }

        if (question.IsNumeric)
        {
            var rows = given.Select((g, i) => (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), g.Unit.Name, g.Answer!.Display(question)]);
            writer.WriteElement(GridTable([DocumentsTexts.ColumnNumber, DocumentsTexts.ColumnUnit, DocumentsTexts.ColumnFigure], [8, 56, 36], rows, totals: null, numeric: [false, false, true]));
            return;
        }

        foreach (var (unit, answer) in given)
        {
            var lines = answer!.Display(question).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var first = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = AnswerStyle }),
                Run(unit.Name + ": ", bold: true),
                Run(lines.FirstOrDefault() ?? ""));
            writer.WriteElement(first);
            foreach (var line in lines.Skip(1))
            {
                writer.WriteElement(Para(line, AnswerStyle));
            }
        }
    }

    private static void WriteIndicatorTable(OpenXmlWriter writer, IndicatorTable table)
    {
        writer.WriteElement(Para(table.Title, Heading3));
        var widths = table.Columns.Select(c => c.Kind == IndicatorCellKind.Text ? 30 : 14).ToArray();
        writer.WriteElement(GridTable(
            [.. table.Columns.Select(c => c.Header)],
            widths,
            table.Rows.Select(r => (IReadOnlyList<string>)[.. Enumerable.Range(0, table.Columns.Count).Select(i => i < r.Display.Count ? r.Display[i] : "")]),
            table.Totals is { } t ? [.. Enumerable.Range(0, table.Columns.Count).Select(i => i < t.Display.Count ? t.Display[i] : "")] : null,
            [.. table.Columns.Select(c => c.Kind != IndicatorCellKind.Text)]));
        if (table.Footnote is { Length: > 0 } note)
        {
            writer.WriteElement(Para(note, AnswerStyle, italic: true));
        }
    }

    private static void WriteSignature(OpenXmlWriter writer, DocumentOptions options)
    {
        writer.WriteElement(Para("", null));
        var left = new List<Paragraph> { Para(DocumentsTexts.Recipients, null, bold: true, italic: true) };
        left.AddRange(options.EffectiveRecipients.Select(r => Para(r, null)));
        var right = new List<Paragraph>
        {
            Para(options.SignOnBehalf, null, JustificationValues.Center, bold: true),
            Para(options.SignerTitle, null, JustificationValues.Center, bold: true),
            Para("", null), Para("", null), Para("", null),
            Para(options.SignerName, null, JustificationValues.Center, bold: true),
        };
        writer.WriteElement(BorderlessTable(left, right, 50));
    }

    // ---- building blocks ---------------------------------------------------------------------

    internal static Paragraph Para(string text, string? style, JustificationValues? align = null, bool bold = false, bool italic = false)
    {
        var properties = new ParagraphProperties();
        if (style is not null)
        {
            properties.Append(new ParagraphStyleId { Val = style });
        }

        if (align is { } a)
        {
            properties.Append(new Justification { Val = a });
        }

        return new Paragraph(properties, Run(text, bold, italic));
    }

    private static Run Run(string text, bool bold = false, bool italic = false)
    {
        var properties = new RunProperties();
        if (bold)
        {
            properties.Append(new Bold());
        }

        if (italic)
        {
            properties.Append(new Italic());
        }

        return new Run(properties, new Text(Clean(text)) { Space = SpaceProcessingModeValues.Preserve });
    }

    /// <summary>Removes characters XML cannot carry (control characters pasted into answers).</summary>
    internal static string Clean(string text)
    {
        if (!text.Any(c => c < 0x20 && c is not '\t' and not '\n' and not '\r' || c is '\uFFFE' or '\uFFFF'))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!(c < 0x20 && c is not '\t' and not '\n' and not '\r') && c is not '\uFFFE' and not '\uFFFF')
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>A bordered table with a repeated header row; widths in percent of the text width.</summary>
    private static Table GridTable(IReadOnlyList<string> headers, IReadOnlyList<int> widths, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<string>? totals, IReadOnlyList<bool> numeric)
    {
        const int textWidth = 9355; // A4 minus the margins, in twentieths of a point
        var table = new Table(new TableProperties(
            new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4U },
                new BottomBorder { Val = BorderValues.Single, Size = 4U },
                new LeftBorder { Val = BorderValues.Single, Size = 4U },
                new RightBorder { Val = BorderValues.Single, Size = 4U },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4U },
                new InsideVerticalBorder { Val = BorderValues.Single, Size = 4U }),
            new TableLayout { Type = TableLayoutValues.Fixed }));
        var grid = new TableGrid();
        foreach (var w in widths)
        {
            grid.Append(new GridColumn { Width = (textWidth * w / 100).ToString(CultureInfo.InvariantCulture) });
        }

        table.Append(grid);
        table.Append(Row(headers, widths, numeric, header: true, bold: true));
        foreach (var row in rows)
        {
            table.Append(Row(row, widths, numeric, header: false, bold: false));
        }

        if (totals is not null)
        {
            table.Append(Row(totals, widths, numeric, header: false, bold: true));
        }

        return table;
    }

    private static TableRow Row(IReadOnlyList<string> cells, IReadOnlyList<int> widths, IReadOnlyList<bool> numeric, bool header, bool bold)
    {
        var row = new TableRow();
        if (header)
        {
            row.Append(new TableRowProperties(new TableHeader()));
        }

        for (var i = 0; i < cells.Count; i++)
        {
            var align = header ? JustificationValues.Center : numeric[i] ? JustificationValues.Right : JustificationValues.Left;
            row.Append(new TableCell(
                new TableCellProperties(new TableCellWidth { Width = (widths[i] * 50).ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Pct }),
                Para(cells[i], null, align, bold)));
        }

        return row;
    }

    private static Table BorderlessTable(IReadOnlyList<Paragraph> left, IReadOnlyList<Paragraph> right, int leftPercent)
    {
        var none = new TableBorders(
            new TopBorder { Val = BorderValues.Nil }, new BottomBorder { Val = BorderValues.Nil },
            new LeftBorder { Val = BorderValues.Nil }, new RightBorder { Val = BorderValues.Nil },
            new InsideHorizontalBorder { Val = BorderValues.Nil }, new InsideVerticalBorder { Val = BorderValues.Nil });
        var table = new Table(
            new TableProperties(new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct }, none),
            new TableGrid(new GridColumn { Width = (9355 * leftPercent / 100).ToString(CultureInfo.InvariantCulture) }, new GridColumn { Width = (9355 * (100 - leftPercent) / 100).ToString(CultureInfo.InvariantCulture) }));
        var leftCell = new TableCell(new TableCellProperties(new TableCellWidth { Width = (leftPercent * 50).ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Pct }));
        leftCell.Append(left);
        var rightCell = new TableCell(new TableCellProperties(new TableCellWidth { Width = ((100 - leftPercent) * 50).ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Pct }));
        rightCell.Append(right);
        table.Append(new TableRow(leftCell, rightCell));
        return table;
    }

    private static Styles Styles()
    {
        static Style Paragraph(string id, string name, int halfPoints, bool bold, bool italic = false, int? outline = null, JustificationValues? align = null, int spaceBefore = 0)
        {
            var pPr = new StyleParagraphProperties(new SpacingBetweenLines { Before = spaceBefore.ToString(CultureInfo.InvariantCulture), After = "60" });
            if (align is { } a)
            {
                pPr.Append(new Justification { Val = a });
            }

            if (outline is { } level)
            {
                pPr.Append(new OutlineLevel { Val = level });
            }

            var rPr = new StyleRunProperties(new FontSize { Val = halfPoints.ToString(CultureInfo.InvariantCulture) });
            if (bold)
            {
                rPr.Append(new Bold());
            }

            if (italic)
            {
                rPr.Append(new Italic());
            }

            return new Style(new StyleName { Val = name }, new BasedOn { Val = "Normal" }, new NextParagraphStyle { Val = "Normal" }, pPr, rPr)
            {
                Type = StyleValues.Paragraph,
                StyleId = id,
            };
        }

        return new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(
                    new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", ComplexScript = "Times New Roman", EastAsia = "Times New Roman" },
                    new FontSize { Val = "26" },
                    new Languages { Val = "vi-VN" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "60", Line = "276", LineRule = LineSpacingRuleValues.Auto }))),
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            Paragraph(TitleStyle, "Title", 32, bold: true, align: JustificationValues.Center, spaceBefore: 240),
            Paragraph(Heading1, "heading 1", 28, bold: true, outline: 0, align: JustificationValues.Center, spaceBefore: 360),
            Paragraph(Heading2, "heading 2", 26, bold: true, outline: 1, spaceBefore: 240),
            Paragraph(Heading3, "heading 3", 26, bold: true, italic: false, outline: 2, spaceBefore: 180),
            Paragraph(QuestionStyle, "Câu hỏi", 26, bold: true, italic: true, spaceBefore: 120),
            Paragraph(AnswerStyle, "Trả lời", 26, bold: false, align: JustificationValues.Both));
    }
}
