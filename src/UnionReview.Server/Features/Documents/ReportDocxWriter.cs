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

    /// <summary>A chart put in the document: its caption and the PNG.</summary>
    public sealed record Chart(string Caption, byte[] Png, int Width, int Height);

    public static void Write(ConsolidatedData data, DocumentOptions options, Stream output) => Write(data, options, output, []);

    public static void Write(ConsolidatedData data, DocumentOptions options, Stream output, IReadOnlyList<Chart> charts)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(charts);
        // The submission-progress chart beside the achievement charts, as in the digest: progress first.
        if (ProgressChart(data) is { } progress)
        {
            charts = [progress, .. charts];
        }

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Entry(zip, "[Content_Types].xml", ContentTypes);
        Entry(zip, "_rels/.rels", PackageRelationships);
        Entry(zip, "word/_rels/document.xml.rels", DocumentRelationships(charts.Count));
        for (var i = 0; i < charts.Count; i++)
        {
            using var media = zip.CreateEntry($"word/media/chart{i + 1}.png", CompressionLevel.NoCompression).Open();
            media.Write(charts[i].Png);
        }

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
            x.WriteAttributeString("xmlns", "r", null, R);
            x.WriteAttributeString("xmlns", "wp", null, WP);
            x.WriteAttributeString("xmlns", "a", null, A);
            x.WriteAttributeString("xmlns", "pic", null, PIC);
            x.WriteStartElement("w", "body", W);
            WriteTitleBlock(x, data, options);
            WriteProgress(x, data);
            WriteOutline(x, data, options.IncludeDrafts);
            if (data.Tables is { Count: > 0 } tables)
            {
                Para(x, DocumentsTexts.TablesHeading, Heading1);
                foreach (var table in tables)
                {
                    WriteIndicatorTable(x, table);
                }
            }

            for (var i = 0; i < charts.Count; i++)
            {
                WriteChart(x, charts[i], i + 1);
            }

            WriteSignature(x, options);
            x.WriteStartElement("w", "sectPr", W);
            PageSize(x, landscape: false);
            x.WriteEndElement();
            x.WriteEndElement();
            x.WriteEndElement();
            x.WriteEndDocument();
        }
    }

    private const string R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
    private const string A = "http://schemas.openxmlformats.org/drawingml/2006/main";
    private const string PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture";
    private const int LandscapeWidth = 16838 - 1134 - 1134;

    /// <summary>A4 portrait or landscape with the margins of Nghị định 30/2020/NĐ-CP (top/bottom 2 cm, left 3 cm, right 1,5 cm).</summary>
    private static void PageSize(XmlWriter x, bool landscape)
    {
        if (landscape)
        {
            Empty(x, "pgSz", ("w", "16838"), ("h", "11906"), ("orient", "landscape"));
            Empty(x, "pgMar", ("top", "1134"), ("right", "1134"), ("bottom", "1134"), ("left", "1134"), ("header", "720"), ("footer", "720"), ("gutter", "0"));
        }
        else
        {
            Empty(x, "pgSz", ("w", "11906"), ("h", "16838"));
            Empty(x, "pgMar", ("top", "1134"), ("right", "850"), ("bottom", "1134"), ("left", "1701"), ("header", "720"), ("footer", "720"), ("gutter", "0"));
        }
    }

    /// <summary>Ends the current section (its page set-up given here) with an empty paragraph.</summary>
    private static void SectionBreak(XmlWriter x, bool landscape)
    {
        x.WriteStartElement("w", "p", W);
        x.WriteStartElement("w", "pPr", W);
        x.WriteStartElement("w", "sectPr", W);
        PageSize(x, landscape);
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndElement();
    }

    private const string ProgressChartTitle = "Tiến độ nộp báo cáo";
    private const int ProgressChartHeight = 460; // as ChartRenderer.Progress draws it

    /// <summary>
    /// Submitted reports by the end of each day, from the campaign's start (at most 60 days back) to the document's
    /// date, with the units covered as the line to reach and the latest deadline marked; null without chart fonts or
    /// when there is a single day to show. A report counts from its (latest) submission, so the line ends at the
    /// coverage sentence's "đã nộp".
    /// </summary>
    internal static Chart? ProgressChart(ConsolidatedData data)
    {
        var today = DateOnly.FromDateTime(data.LocalTime.DateTime);
        var submitted = data.Units.Where(u => u.Status == ReportStatus.Submitted)
            .Select(u => u.Report?.SubmittedAt is { } at ? DateOnly.FromDateTime(at.ToOffset(data.LocalTime.Offset).DateTime) : today)
            .Select(d => d > today ? today : d).ToList();
        var start = data.Campaign.StartsOn.DayNumber > 0 && data.Campaign.StartsOn <= today ? data.Campaign.StartsOn : today;
        if (submitted.Count > 0 && submitted.Min() < start)
        {
            start = submitted.Min();
        }

        if (start < today.AddDays(-60))
        {
            start = today.AddDays(-60);
        }

        var points = new List<Charts.ProgressPoint>();
        for (var day = start; day <= today; day = day.AddDays(1))
        {
            points.Add(new Charts.ProgressPoint(day, submitted.Count(d => d <= day)));
        }

        var due = data.Units.Select(u => u.DueOn).Where(d => d is not null).Max();
        return points.Count > 1 && Charts.ChartRenderer.Progress(ProgressChartTitle, points, data.Units.Count, due) is { } png
            ? new Chart("Biểu đồ: " + ProgressChartTitle, png, Charts.ChartRenderer.Width, ProgressChartHeight)
            : null;
    }

    private static void WriteChart(XmlWriter x, Chart chart, int number)
    {
        // Scaled to the text width, height kept in proportion; EMU: 635 per twentieth of a point.
        long cx = TextWidth * 635L;
        long cy = cx * chart.Height / Math.Max(1, chart.Width);
        Para(x, chart.Caption, Heading3);
        x.WriteStartElement("w", "p", W);
        ParagraphProperties(x, null, "center");
        x.WriteStartElement("w", "r", W);
        x.WriteRaw(string.Create(CultureInfo.InvariantCulture,
            $"<w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:docPr id=\"{number}\" name=\"Biểu đồ {number}\"/>" +
            $"<a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic><pic:nvPicPr><pic:cNvPr id=\"{number}\" name=\"chart{number}.png\"/><pic:cNvPicPr/></pic:nvPicPr>" +
            $"<pic:blipFill><a:blip r:embed=\"rIdChart{number}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>" +
            $"<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing>"));
        x.WriteEndElement();
        x.WriteEndElement();
    }

    private const string ContentTypes =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" +
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>" +
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
        "<Default Extension=\"png\" ContentType=\"image/png\"/>" +
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

    private static string DocumentRelationships(int charts) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" +
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>" +
        string.Concat(Enumerable.Range(1, charts).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"<Relationship Id=\"rIdChart{i}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/chart{i}.png\"/>"))) +
        "</Relationships>";

    private static void Entry(ZipArchive zip, string name, string content)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        var bytes = Encoding.UTF8.GetBytes(content);
        stream.Write(bytes);
    }

    /// <summary>Header widths of Nghị định 30/2020: issuer 6 cm on the left, the national title on the right.</summary>
    public const int HeaderLeft = 3600, HeaderRight = TextWidth - HeaderLeft;

    private static void WriteTitleBlock(XmlWriter x, ConsolidatedData data, DocumentOptions options)
    {
        TwoColumns(x, HeaderLeft,
            left =>
            {
                Para(left, data.Organisation.ToUpper(CultureInfo.GetCultureInfo("vi-VN")), null, "center");
                Para(left, options.Issuer, null, "center", bold: true);
                Rule(left, 1000);
                Para(left, options.Number, null, "center");
            },
            right =>
            {
                Para(right, DocumentsTexts.Nation, null, "center", bold: true, size: 24);
                Para(right, DocumentsTexts.Motto, null, "center", bold: true);
                Rule(right, 1150);
                Para(right, DocumentsTexts.PlaceAndDate(options.Place, data.LocalTime), null, "center", italic: true);
            });
        Para(x, DocumentsTexts.ReportWord, TitleStyle, "center");
        Para(x, DocumentsTexts.Subject(data.Outline.Title), null, "center", bold: true);
        Para(x, DocumentsTexts.Coverage(data.Units.Count, data.Submitted, options.IncludeDrafts), AnswerStyle, italic: true);
    }

    /// <summary>A short horizontal rule: an empty paragraph indented on both sides with a bottom border.</summary>
    private static void Rule(XmlWriter x, int indent)
    {
        x.WriteStartElement("w", "p", W);
        x.WriteStartElement("w", "pPr", W);
        x.WriteStartElement("w", "pBdr", W);
        Empty(x, "bottom", ("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto"));
        x.WriteEndElement();
        Empty(x, "spacing", ("before", "0"), ("after", "60"), ("line", "120"), ("lineRule", "exact"));
        Empty(x, "ind", ("left", indent.ToString(CultureInfo.InvariantCulture)), ("right", indent.ToString(CultureInfo.InvariantCulture)));
        x.WriteEndElement();
        x.WriteEndElement();
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
            [8, 35, 15, 15, 15, 12], rows, totals: null, numeric: [true, false, false, true, true, true]);
    }

    /// <summary>
    /// The body under the outline's own headings: a part, then each section's title (once: a section that repeats its
    /// part's numbered title is not printed again), a short synthesis, then the units' answers (figures as a table
    /// with their total). Only submitted reports, unless drafts are asked for; drafts are marked.
    /// </summary>
    private static void WriteOutline(XmlWriter x, ConsolidatedData data, bool includeDrafts)
    {
        var reports = data.Units.Where(u => u.Status == ReportStatus.Submitted || (includeDrafts && u.Answered > 0)).ToList();
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

                if (!SameTitle(part.Title, section))
                {
                    Para(x, section.Label, Heading3);
                }

                var answered = reports.Count(u => section.Questions.Any(q => u.Answers.GetValueOrDefault(q.Id) is { IsEmpty: false }));
                Para(x, DocumentsTexts.SectionSynthesis(answered, reports.Count), AnswerStyle, italic: true);
                foreach (var question in section.Questions.Where(q => q.IsNumeric))
                {
                    WriteFigures(x, reports, question);
                }

                foreach (var unit in reports)
                {
                    var texts = section.Questions.Where(q => !q.IsNumeric).Select(q => unit.Answers.GetValueOrDefault(q.Id) is { IsEmpty: false } a ? a.Display(q) : null)
                        .Where(t => t is not null).ToList();
                    if (texts.Count == 0)
                    {
                        continue;
                    }

                    var lines = texts.SelectMany(t => t!.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
                    x.WriteStartElement("w", "p", W);
                    ParagraphProperties(x, AnswerStyle, null);
                    Run(x, unit.Unit.Name + (unit.Status == ReportStatus.Submitted ? "" : DocumentsTexts.Draft) + ": ", bold: true, italic: false);
                    Run(x, lines.Count > 0 ? lines[0] : "", bold: false, italic: false);
                    x.WriteEndElement();
                    foreach (var line in lines.Skip(1))
                    {
                        Para(x, line, AnswerStyle);
                    }
                }
            }
        }
    }

    /// <summary>A section whose title only repeats its part's numbered title ("1. Các văn bản…" under "1. Các văn bản…").</summary>
    private static bool SameTitle(string partTitle, SectionDefinition section)
    {
        static string Bare(string t) => System.Text.RegularExpressions.Regex.Replace(t.Trim(), @"^[0-9IVXLC]+(\.[0-9]+)*\.?\s*", "").Trim();
        return string.Equals(Bare(partTitle), Bare(section.Title), StringComparison.OrdinalIgnoreCase)
            || string.Equals(Bare(partTitle), Bare(section.Label), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>One figure question: its name, then a row per unit and the total.</summary>
    private static void WriteFigures(XmlWriter x, IReadOnlyList<UnitAnswers> reports, QuestionDefinition question)
    {
        var given = reports.Select(u => (u, Answer: u.Answers.GetValueOrDefault(question.Id))).Where(a => a.Answer is { IsEmpty: false }).ToList();
        if (given.Count == 0)
        {
            return;
        }

        Para(x, question.Indicator?.Name ?? question.Prompt, QuestionStyle);
        var rows = given.Select((g, i) => (IReadOnlyList<string>)[(i + 1).ToString(CultureInfo.InvariantCulture), g.u.Unit.Name + (g.u.Status == ReportStatus.Submitted ? "" : DocumentsTexts.Draft), g.Answer!.Display(question)]);
        var sum = given.Select(g => g.Answer!.Number).Where(n => n is not null).Sum(n => n!.Value);
        GridTable(x, [DocumentsTexts.ColumnNumber, DocumentsTexts.ColumnUnit, DocumentsTexts.ColumnFigure], [8, 62, 30], rows,
            given.Count > 1 ? ["", DocumentsTexts.ColumnTotal, VietnameseFormat.Number(sum)] : null, numeric: [true, false, true]);
    }

    /// <summary>More columns than this go on a landscape page.</summary>
    public const int PortraitColumns = 6;

    private static void WriteIndicatorTable(XmlWriter x, IndicatorTable table)
    {
        var landscape = table.Columns.Count > PortraitColumns;
        if (landscape)
        {
            SectionBreak(x, landscape: false);
        }

        Para(x, table.Title, Heading3);
        // Stt narrow, the unit's full name wide, the figures share the rest (and never wrap mid-figure).
        var figures = table.Columns.Count(c => c.Kind != IndicatorCellKind.Text);
        var textColumns = table.Columns.Count - figures;
        var widths = table.Columns.Select((c, i) => c.Kind != IndicatorCellKind.Text ? 0 : c.Header == IndicatorTexts.ColumnNumber ? 8 : 0).ToArray();
        var nameWidth = figures == 0 ? 100 - widths.Sum() : Math.Max(24, 100 - widths.Sum() - figures * 13);
        for (var i = 0; i < widths.Length; i++)
        {
            if (table.Columns[i].Kind == IndicatorCellKind.Text && widths[i] == 0)
            {
                widths[i] = nameWidth / Math.Max(1, textColumns - widths.Count(w => w == 8));
            }
        }

        var rest = 100 - widths.Sum();
        for (var i = 0; i < widths.Length; i++)
        {
            if (table.Columns[i].Kind != IndicatorCellKind.Text)
            {
                widths[i] = rest / Math.Max(1, figures);
            }
        }

        GridTable(x,
            [.. table.Columns.Select(c => c.Header)],
            widths,
            table.Rows.Select(r => (IReadOnlyList<string>)[.. Enumerable.Range(0, table.Columns.Count).Select(i => i < r.Display.Count ? r.Display[i] : "")]),
            table.Totals is { } t ? [.. Enumerable.Range(0, table.Columns.Count).Select(i => i < t.Display.Count ? t.Display[i] : "")] : null,
            [.. table.Columns.Select(c => c.Kind != IndicatorCellKind.Text || c.Header == IndicatorTexts.ColumnNumber)],
            landscape ? LandscapeWidth : TextWidth);
        if (table.Footnote is { Length: > 0 } note)
        {
            Para(x, note, AnswerStyle, italic: true);
        }

        if (landscape)
        {
            SectionBreak(x, landscape: true);
        }
    }

    private static void WriteSignature(XmlWriter x, DocumentOptions options)
    {
        Para(x, "", null);
        TwoColumns(x, TextWidth / 2,
            left =>
            {
                Para(left, DocumentsTexts.Recipients, null, bold: true, italic: true, size: 24);
                foreach (var r in options.EffectiveRecipients)
                {
                    Para(left, r, null, size: 22);
                }
            },
            right =>
            {
                Para(right, options.SignOnBehalf, null, "center", bold: true);
                Para(right, options.SignerTitle, null, "center", bold: true);
                for (var i = 0; i < 4; i++)
                {
                    Para(right, "", null);
                }

                Para(right, options.SignerName.Length > 0 ? options.SignerName : DocumentsTexts.SignerPlaceholder, null, "center", bold: true);
            },
            keepTogether: true);
    }

    // ---- building blocks ---------------------------------------------------------------------

    private static void Para(XmlWriter x, string text, string? style, string? align = null, bool bold = false, bool italic = false, int? size = null)
    {
        x.WriteStartElement("w", "p", W);
        ParagraphProperties(x, style, align);
        Run(x, text, bold, italic, size);
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

    private static void Run(XmlWriter x, string text, bool bold, bool italic, int? size = null)
    {
        x.WriteStartElement("w", "r", W);
        if (bold || italic || size is not null)
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

            if (size is { } sz)
            {
                Empty(x, "sz", ("val", sz.ToString(CultureInfo.InvariantCulture)));
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
    private static void GridTable(XmlWriter x, IReadOnlyList<string> headers, IReadOnlyList<int> widths, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<string>? totals, IReadOnlyList<bool> numeric, int textWidth = TextWidth)
    {
        x.WriteStartElement("w", "tbl", W);
        x.WriteStartElement("w", "tblPr", W);
        Empty(x, "tblW", ("w", textWidth.ToString(CultureInfo.InvariantCulture)), ("type", "dxa"));
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
            Empty(x, "gridCol", ("w", (textWidth * w / 100).ToString(CultureInfo.InvariantCulture)));
        }

        x.WriteEndElement();
        Row(x, headers, widths, numeric, header: true, bold: true, textWidth);
        foreach (var row in rows)
        {
            Row(x, row, widths, numeric, header: false, bold: false, textWidth);
        }

        if (totals is not null)
        {
            Row(x, totals, widths, numeric, header: false, bold: true, textWidth);
        }

        x.WriteEndElement();
    }

    private static void Row(XmlWriter x, IReadOnlyList<string> cells, IReadOnlyList<int> widths, IReadOnlyList<bool> numeric, bool header, bool bold, int textWidth)
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
            Empty(x, "tcW", ("w", (textWidth * widths[i] / 100).ToString(CultureInfo.InvariantCulture)), ("type", "dxa"));
            if (!header && numeric[i])
            {
                Empty(x, "noWrap");
            }

            x.WriteEndElement();
            Para(x, cells[i], null, header ? "center" : numeric[i] ? "right" : "left", bold);
            x.WriteEndElement();
        }

        x.WriteEndElement();
    }

    /// <summary>A borderless two-column table of fixed widths in twentieths of a point (title block, signature block).</summary>
    private static void TwoColumns(XmlWriter x, int leftWidth, Action<XmlWriter> left, Action<XmlWriter> right, bool keepTogether = false)
    {
        var widths = new[] { leftWidth, TextWidth - leftWidth };
        x.WriteStartElement("w", "tbl", W);
        x.WriteStartElement("w", "tblPr", W);
        Empty(x, "tblW", ("w", TextWidth.ToString(CultureInfo.InvariantCulture)), ("type", "dxa"));
        x.WriteStartElement("w", "tblBorders", W);
        foreach (var side in new[] { "top", "left", "bottom", "right", "insideH", "insideV" })
        {
            Empty(x, side, ("val", "nil"));
        }

        x.WriteEndElement();
        Empty(x, "tblLayout", ("type", "fixed"));
        x.WriteEndElement();
        x.WriteStartElement("w", "tblGrid", W);
        foreach (var w in widths)
        {
            Empty(x, "gridCol", ("w", w.ToString(CultureInfo.InvariantCulture)));
        }

        x.WriteEndElement();
        x.WriteStartElement("w", "tr", W);
        if (keepTogether)
        {
            x.WriteStartElement("w", "trPr", W);
            Empty(x, "cantSplit");
            x.WriteEndElement();
        }

        foreach (var (width, content) in new[] { (widths[0], left), (widths[1], right) })
        {
            x.WriteStartElement("w", "tc", W);
            x.WriteStartElement("w", "tcPr", W);
            Empty(x, "tcW", ("w", width.ToString(CultureInfo.InvariantCulture)), ("type", "dxa"));
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
