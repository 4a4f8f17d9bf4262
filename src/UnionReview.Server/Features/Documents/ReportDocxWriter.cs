using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Indicators;

namespace UnionReview.Server.Features.Documents;

/// <summary>
/// The consolidated report as a Word document: the title block of an official union document (seed 000), the
/// submission table, then the outline's parts, sections and questions in order with every unit's answer under
/// each question (figures as tables), the indicator tables as Word tables, and the signature block. The body is
/// written with an <see cref="XmlWriter"/> straight into a zip entry of the package (parts, content types and
/// relationships of a minimal WordprocessingML package), so thousands of units neither build an element tree nor
/// hold the uncompressed document in memory.
/// </summary>
public static class ReportDocxWriter
{
    /// <summary>Paragraph style ids (also what tests read back).</summary>
    public const string TitleStyle = "Title", Heading1 = "Heading1", Heading2 = "Heading2", Heading3 = "Heading3", QuestionStyle = "Question", AnswerStyle = "Answer";

    private const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private const int TextWidth = 9355; // A4 minus the margins, in twentieths of a point

    public static void Write(ConsolidatedData data, DocumentOptions options, Stream output)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Entry(zip, "[Content_Types].xml", ContentTypes);
        Entry(zip, "_rels/.rels", PackageRelationships);
        Entry(zip, "word/_rels/document.xml.rels", DocumentRelationships);
        Entry(zip, "word/styles.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" + Styles().OuterXml);
        using (var core = zip.CreateEntry("docProps/core.xml", CompressionLevel.Fastest).Open())
        using (var x = XmlWriter.Create(core, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            x.WriteStartDocument(true);
            x.WriteStartElement("cp", "coreProperties", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties");
            x.WriteElementString("dc", "title", "http://purl.org/dc/elements/1.1/", Clean(data.Outline.Title));
            x.WriteElementString("dc", "creator", "http://purl.org/dc/elements/1.1/", "UnionReview");
            x.WriteEndElement();
        }

        using var stream = zip.CreateEntry("word/document.xml", CompressionLevel.Fastest).Open();
        using (var x = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            x.WriteStartDocument(true);
            x.WriteStartElement("w", "document", W);
            x.WriteStartElement("w", "body", W);
            WriteTitleBlock(x, data, options);
            WriteProgress(x, data);
            WriteOutline(x, data);
            if (data.Tables is { Count: > 0 } tables)
            {
                Para(x, DocumentsTexts.TablesHeading, Heading1);
                foreach (var table in tables)
                {
                    WriteIndicatorTable(x, table);
                }
            }

            WriteSignature(x, options);
            x.WriteStartElement("w", "sectPr", W);
            Empty(x, "pgSz", ("w", "11906"), ("h", "16838"));
            Empty(x, "pgMar", ("top", "1134"), ("right", "850"), ("bottom", "1134"), ("left", "1701"), ("header", "720"), ("footer", "720"), ("gutter", "0"));
            x.WriteEndElement();
            x.WriteEndElement();
            x.WriteEndElement();
            x.WriteEndDocument();
        }
    }

    private const string ContentTypes =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" +
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" +
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
        "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>" +
        "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>" +
        "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>" +
        "</Types>";

    private const string PackageRelationships =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" +
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>" +
        "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>" +
        "</Relationships>";

    private const string DocumentRelationships =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" +
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>" +
        "</Relationships>";

    private static void Entry(ZipArchive zip, string name, string content)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        var bytes = Encoding.UTF8.GetBytes(content);
        stream.Write(bytes);
    }

    private static void WriteTitleBlock(XmlWriter x, ConsolidatedData data, DocumentOptions options)
    {
        TwoColumns(x, 40,
            left =>
            {
                Para(left, data.Organisation.ToUpper(CultureInfo.GetCultureInfo("vi-VN")), null, "center");
                Para(left, options.Issuer, null, "center", bold: true);
                Para(left, options.Number, null, "center");
            },
            right =>
            {
                Para(right, DocumentsTexts.Nation, null, "center", bold: true);
                Para(right, DocumentsTexts.Motto, null, "center", bold: true);
                Para(right, DocumentsTexts.PlaceAndDate(options.Place, data.LocalTime), null, "center", italic: true);
            });
        Para(x, "", null);
        Para(x, DocumentsTexts.ReportWord, TitleStyle, "center");
        Para(x, data.Outline.Title, null, "center", bold: true);
        Para(x, DocumentsTexts.Subtitle(data.Campaign.Name, data.Units.Count, data.Submitted), null, "center", italic: true);
    }

    private static void WriteProgress(XmlWriter x, ConsolidatedData data)
    {
        Para(x, DocumentsTexts.ProgressHeading, Heading1);
        Para(x, DocumentsTexts.Summary(data.Units.Count, data.Submitted,
            data.Units.Count(u => u.Status is ReportStatus.InProgress or ReportStatus.Returned), data.Units.Count(u => u.Status == ReportStatus.NotStarted), data.LocalTime), AnswerStyle);
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
        GridTable(x,
            [DocumentsTexts.ColumnNumber, DocumentsTexts.ColumnUnit, DocumentsTexts.ColumnStatus, DocumentsTexts.ColumnDue, DocumentsTexts.ColumnSubmittedAt, DocumentsTexts.ColumnPercent],
            [6, 40, 16, 13, 13, 12], rows, totals: null, numeric: [false, false, false, false, false, true]);
    }

    private static void WriteOutline(XmlWriter x, ConsolidatedData data)
    {
        foreach (var part in data.Outline.Parts)
        {
            Para(x, part.Title, Heading1);
            if (part.Subtitle is { Length: > 0 } subtitle)
            {
                Para(x, subtitle, null, "center", bold: true);
            }

            foreach (var section in part.Sections)
            {
                if (section.Heading is { Length: > 0 } heading)
                {
                    Para(x, heading, Heading2);
                }

                Para(x, section.Label, Heading3);
                foreach (var question in section.Questions)
                {
                    Para(x, question.Prompt, QuestionStyle);
                    WriteAnswers(x, data, question);
                }
            }
        }
    }

    private static void WriteAnswers(XmlWriter x, ConsolidatedData data, QuestionDefinition question)
    {
        var given = data.Units.Select(u => (u.Unit, Answer: u.Answers.GetValueOrDefault(question.Id))).Where(a => a.Answer is { IsEmpty: false }).ToList();
        if (given.Count == 0)
        {
            Para(x, DocumentsTexts.NoAnswer, AnswerStyle, italic: true);
            return;
        }

        if (question.IsNumeric)
        {
            var rows = given.Select((g, i) => (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), g.Unit.Name, g.Answer!.Display(question)]);
            GridTable(x, [DocumentsTexts.ColumnNumber, DocumentsTexts.ColumnUnit, DocumentsTexts.ColumnFigure], [8, 56, 36], rows, totals: null, numeric: [false, false, true]);
            return;
        }

        foreach (var (unit, answer) in given)
        {
            var lines = answer!.Display(question).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            x.WriteStartElement("w", "p", W);
            ParagraphProperties(x, AnswerStyle, null);
            Run(x, unit.Name + ": ", bold: true, italic: false);
            Run(x, lines.Length > 0 ? lines[0] : "", bold: false, italic: false);
            x.WriteEndElement();
            foreach (var line in lines.Skip(1))
            {
                Para(x, line, AnswerStyle);
            }
        }
    }

    private static void WriteIndicatorTable(XmlWriter x, IndicatorTable table)
    {
        Para(x, table.Title, Heading3);
        var widths = table.Columns.Select(c => c.Kind == IndicatorCellKind.Text ? 30 : 14).ToArray();
        GridTable(x,
            [.. table.Columns.Select(c => c.Header)],
            widths,
            table.Rows.Select(r => (IReadOnlyList<string>)[.. Enumerable.Range(0, table.Columns.Count).Select(i => i < r.Display.Count ? r.Display[i] : "")]),
            table.Totals is { } t ? [.. Enumerable.Range(0, table.Columns.Count).Select(i => i < t.Display.Count ? t.Display[i] : "")] : null,
            [.. table.Columns.Select(c => c.Kind != IndicatorCellKind.Text)]);
        if (table.Footnote is { Length: > 0 } note)
        {
            Para(x, note, AnswerStyle, italic: true);
        }
    }

    private static void WriteSignature(XmlWriter x, DocumentOptions options)
    {
        Para(x, "", null);
        TwoColumns(x, 50,
            left =>
            {
                Para(left, DocumentsTexts.Recipients, null, bold: true, italic: true);
                foreach (var r in options.EffectiveRecipients)
                {
                    Para(left, r, null);
                }
            },
            right =>
            {
                Para(right, options.SignOnBehalf, null, "center", bold: true);
                Para(right, options.SignerTitle, null, "center", bold: true);
                Para(right, "", null);
                Para(right, "", null);
                Para(right, "", null);
                Para(right, options.SignerName, null, "center", bold: true);
            });
    }

    // ---- building blocks ---------------------------------------------------------------------

    private static void Para(XmlWriter x, string text, string? style, string? align = null, bool bold = false, bool italic = false)
    {
        x.WriteStartElement("w", "p", W);
        ParagraphProperties(x, style, align);
        Run(x, text, bold, italic);
        x.WriteEndElement();
    }

    private static void ParagraphProperties(XmlWriter x, string? style, string? align)
    {
        if (style is null && align is null)
        {
            return;
        }

        x.WriteStartElement("w", "pPr", W);
        if (style is not null)
        {
            Empty(x, "pStyle", ("val", style));
        }

        if (align is not null)
        {
            Empty(x, "jc", ("val", align));
        }

        x.WriteEndElement();
    }

    private static void Run(XmlWriter x, string text, bool bold, bool italic)
    {
        x.WriteStartElement("w", "r", W);
        if (bold || italic)
        {
            x.WriteStartElement("w", "rPr", W);
            if (bold)
            {
                Empty(x, "b");
            }

            if (italic)
            {
                Empty(x, "i");
            }

            x.WriteEndElement();
        }

        x.WriteStartElement("w", "t", W);
        x.WriteAttributeString("xml", "space", null, "preserve");
        x.WriteString(Clean(text));
        x.WriteEndElement();
        x.WriteEndElement();
    }

    private static void Empty(XmlWriter x, string name, params (string Name, string Value)[] attributes)
    {
        x.WriteStartElement("w", name, W);
        foreach (var (n, v) in attributes)
        {
            x.WriteAttributeString("w", n, W, v);
        }

        x.WriteEndElement();
    }

    /// <summary>Removes what XML cannot carry: control characters pasted into answers and unpaired surrogates.</summary>
    internal static string Clean(string text)
    {
        var clean = true;
        for (var i = 0; i < text.Length && clean; i++)
        {
            var c = text[i];
            clean = !(c < 0x20 && c is not '\t' and not '\n' and not '\r') && c is not '\uFFFE' and not '\uFFFF'
                && (!char.IsSurrogate(c) || (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[++i])));
        }

        if (clean)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (!char.IsSurrogate(c) && !(c < 0x20 && c is not '\t' and not '\n' and not '\r') && c is not '\uFFFE' and not '\uFFFF')
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>A bordered table with a repeated header row; widths in percent of the text width.</summary>
    private static void GridTable(XmlWriter x, IReadOnlyList<string> headers, IReadOnlyList<int> widths, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<string>? totals, IReadOnlyList<bool> numeric)
    {
        x.WriteStartElement("w", "tbl", W);
        x.WriteStartElement("w", "tblPr", W);
        Empty(x, "tblW", ("w", "5000"), ("type", "pct"));
        x.WriteStartElement("w", "tblBorders", W);
        foreach (var side in new[] { "top", "left", "bottom", "right", "insideH", "insideV" })
        {
            Empty(x, side, ("val", "single"), ("sz", "4"), ("space", "0"), ("color", "auto"));
        }

        x.WriteEndElement();
        Empty(x, "tblLayout", ("type", "fixed"));
        x.WriteEndElement();
        x.WriteStartElement("w", "tblGrid", W);
        foreach (var w in widths)
        {
            Empty(x, "gridCol", ("w", (TextWidth * w / 100).ToString(CultureInfo.InvariantCulture)));
        }

        x.WriteEndElement();
        Row(x, headers, widths, numeric, header: true, bold: true);
        foreach (var row in rows)
        {
            Row(x, row, widths, numeric, header: false, bold: false);
        }

        if (totals is not null)
        {
            Row(x, totals, widths, numeric, header: false, bold: true);
        }

        x.WriteEndElement();
    }

    private static void Row(XmlWriter x, IReadOnlyList<string> cells, IReadOnlyList<int> widths, IReadOnlyList<bool> numeric, bool header, bool bold)
    {
        x.WriteStartElement("w", "tr", W);
        if (header)
        {
            x.WriteStartElement("w", "trPr", W);
            Empty(x, "tblHeader");
            x.WriteEndElement();
        }

        for (var i = 0; i < cells.Count; i++)
        {
            x.WriteStartElement("w", "tc", W);
            x.WriteStartElement("w", "tcPr", W);
            Empty(x, "tcW", ("w", (widths[i] * 50).ToString(CultureInfo.InvariantCulture)), ("type", "pct"));
            x.WriteEndElement();
            Para(x, cells[i], null, header ? "center" : numeric[i] ? "right" : "left", bold);
            x.WriteEndElement();
        }

        x.WriteEndElement();
    }

    /// <summary>A borderless two-column table (title block, signature block).</summary>
    private static void TwoColumns(XmlWriter x, int leftPercent, Action<XmlWriter> left, Action<XmlWriter> right)
    {
        x.WriteStartElement("w", "tbl", W);
        x.WriteStartElement("w", "tblPr", W);
        Empty(x, "tblW", ("w", "5000"), ("type", "pct"));
        x.WriteStartElement("w", "tblBorders", W);
        foreach (var side in new[] { "top", "left", "bottom", "right", "insideH", "insideV" })
        {
            Empty(x, side, ("val", "nil"));
        }

        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteStartElement("w", "tblGrid", W);
        Empty(x, "gridCol", ("w", (TextWidth * leftPercent / 100).ToString(CultureInfo.InvariantCulture)));
        Empty(x, "gridCol", ("w", (TextWidth * (100 - leftPercent) / 100).ToString(CultureInfo.InvariantCulture)));
        x.WriteEndElement();
        x.WriteStartElement("w", "tr", W);
        foreach (var (percent, content) in new[] { (leftPercent, left), (100 - leftPercent, right) })
        {
            x.WriteStartElement("w", "tc", W);
            x.WriteStartElement("w", "tcPr", W);
            Empty(x, "tcW", ("w", (percent * 50).ToString(CultureInfo.InvariantCulture)), ("type", "pct"));
            x.WriteEndElement();
            content(x);
            x.WriteEndElement();
        }

        x.WriteEndElement();
        x.WriteEndElement();
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
