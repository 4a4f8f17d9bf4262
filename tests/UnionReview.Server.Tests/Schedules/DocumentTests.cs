using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Documents;
using UnionReview.Server.Features.Indicators;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Tests.Infrastructure;
using static UnionReview.Server.Tests.Schedules.ScheduleSteps;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace UnionReview.Server.Tests.Schedules;

public sealed class DocumentTests
{
    private const string School = "CĐCS Trường THPT Thành phố Cao Bằng", Hospital = "CĐCS Bệnh viện Đa khoa tỉnh";

    private static ServiceHost Host(bool kestrel = false) =>
        new(configure: s => s.AddSingleton<IIndicatorTables, FixedIndicatorTables>(), kestrel: kestrel);

    /// <summary>The school answers four questions; the hospital submits without answers.</summary>
    private static async Task<List<QuestionDefinition>> PrepareAsync(ServiceHost host)
    {
        host.Clock.Set(At(11, 20, 10));
        var school = new ChatDriver(host, Demo.GrassrootsOfficer, ChannelNames.Web);
        await school.Say("/baocao");
        var answered = new List<QuestionDefinition>();
        for (var i = 0; i < 4; i++)
        {
            var q = (await Answerer.CurrentQuestion(host, Demo.GrassrootsOfficer))!;
            await Answerer.AnswerCurrent(school, q);
            answered.Add(q);
        }

        await SubmitAsync(host, Hospital, Demo.HospitalOfficer);
        return answered;
    }

    private static async Task<BuiltDocument> BuildAsync(ServiceHost host, DocumentKind kind)
    {
        await using var db = host.OpenDb();
        var root = await db.Units.Where(u => u.ParentId == null).Select(u => u.Id).SingleAsync();
        return await host.Get<DocumentService>().BuildAsync(db, kind, null, [root], CancellationToken.None);
    }

    [Fact]
    public async Task The_consolidated_docx_is_a_draft_to_sign_header_subject_coverage_submitted_reports_only_tables_chart_and_signature()
    {
        await using var host = Host();
        await PrepareAsync(host);
        var built = await BuildAsync(host, DocumentKind.Report);
        Assert.Equal(DocumentService.DocxType, built.ContentType);
        Assert.EndsWith(".docx", built.FileName, StringComparison.Ordinal);
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "unionreview-report.docx"), built.Content);

        using var doc = WordprocessingDocument.Open(new MemoryStream(built.Content), false);
        var outline = host.Get<OutlineCatalog>().Get("so-ket-giua-nhiem-ky");
        var body = doc.MainDocumentPart!.Document.Body!;

        // Header: a borderless table of fixed widths, issuer left with a rule under it, the national title right.
        var header = body.Elements<W.Table>().First();
        Assert.Equal(W.TableLayoutValues.Fixed, header.GetFirstChild<W.TableProperties>()!.TableLayout!.Type!.Value);
        Assert.All(header.GetFirstChild<W.TableProperties>()!.TableBorders!.Elements<W.BorderType>(), b => Assert.Equal(W.BorderValues.Nil, b.Val!.Value));
        Assert.Equal(["3600", "5755"], header.GetFirstChild<W.TableGrid>()!.Elements<W.GridColumn>().Select(c => c.Width!.Value));
        var cells = header.Descendants<W.TableCell>().Select(c => c.Elements<W.Paragraph>().ToList()).ToList();
        Assert.Equal(["LIÊN ĐOÀN LAO ĐỘNG TỈNH CAO BẰNG", "BAN THƯỜNG VỤ", "", "Số:        /BC-LĐLĐ"], cells[0].Select(p => p.InnerText));
        Assert.Equal(["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "", "Cao Bằng, ngày 20 tháng 11 năm 2026"], cells[1].Select(p => p.InnerText));
        Assert.NotNull(cells[0][2].ParagraphProperties!.ParagraphBorders!.BottomBorder);
        Assert.NotNull(cells[1][2].ParagraphProperties!.ParagraphBorders!.BottomBorder);

        string? Style(W.Paragraph p) => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
        var paragraphs = body.Elements<W.Paragraph>().ToList();
        var title = paragraphs.FindIndex(p => Style(p) == ReportDocxWriter.TitleStyle);
        Assert.Equal("BÁO CÁO", paragraphs[title].InnerText);
        Assert.Equal(DocumentsTexts.Subject(outline.Title), paragraphs[title + 1].InnerText);
        Assert.DoesNotContain(paragraphs.Skip(title + 1), p => p.InnerText.StartsWith("Báo cáo", StringComparison.OrdinalIgnoreCase));
        Assert.StartsWith("Tổng hợp từ 20 đơn vị; 1 đơn vị đã nộp, 19 chưa nộp.", paragraphs[title + 2].InnerText, StringComparison.Ordinal);

        // The body: the outline's section titles once each, not the questions; the school's unsubmitted answers left out.
        var headings = paragraphs.Where(p => Style(p) == ReportDocxWriter.Heading3).Select(p => p.InnerText).Where(t => !t.StartsWith("Biểu", StringComparison.Ordinal)).ToList();
        Assert.Equal(outline.Sections.Select(s => s.Label), headings);
        Assert.DoesNotContain(paragraphs, p => p.InnerText.StartsWith(School, StringComparison.Ordinal));
        Assert.DoesNotContain(outline.Questions.Where(q => !q.IsNumeric), q => paragraphs.Any(p => p.InnerText == q.Prompt));

        // Indicator table: fixed widths, figures never wrapped; the chart is a picture in the document.
        var indicator = body.Elements<W.Table>().Single(t => t.InnerText.Contains("KH giao", StringComparison.Ordinal));
        Assert.All(indicator.Elements<W.TableRow>().Skip(1).SelectMany(r => r.Elements<W.TableCell>().Skip(1)), c => Assert.NotNull(c.TableCellProperties!.NoWrap));
        // Two pictures: the submission progress over time and the % achievement by unit, each under its caption.
        Assert.Equal(2, doc.MainDocumentPart.ImageParts.Count());
        Assert.Equal(2, body.Descendants<DocumentFormat.OpenXml.Drawing.Pictures.Picture>().Count());
        var captions = paragraphs.Where(p => Style(p) == ReportDocxWriter.Heading3 && p.InnerText.StartsWith("Biểu đồ", StringComparison.Ordinal)).Select(p => p.InnerText).ToList();
        Assert.Equal("Biểu đồ: Tiến độ nộp báo cáo", captions[0]);
        Assert.Contains("% so với kế hoạch", captions[1], StringComparison.Ordinal);
        Assert.All(doc.MainDocumentPart.ImageParts, i =>
        {
            using var png = i.GetStream();
            using var copy = new MemoryStream();
            png.CopyTo(copy);
            Assert.True(copy.Length > 10_000, $"{i.Uri}: {copy.Length} bytes");
            Assert.Equal([0x89, 0x50, 0x4E, 0x47], copy.ToArray()[..4]);
        });

        // Signature block: "Nơi nhận" upward and "Lưu: VT", the signer with room to sign, in a row that is not split.
        var signature = body.Elements<W.Table>().Last();
        Assert.NotNull(signature.Descendants<W.CantSplit>().SingleOrDefault());
        Assert.Contains("Nơi nhận:", signature.InnerText, StringComparison.Ordinal);
        Assert.Contains("- Lưu: VT.", signature.InnerText, StringComparison.Ordinal);
        Assert.Contains("TM. BAN THƯỜNG VỤ", signature.InnerText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drafts_go_in_only_when_asked_and_are_marked()
    {
        await using var host = new ServiceHost(settings: new Dictionary<string, string?> { ["Documents:IncludeDrafts"] = "true" }, configure: s => s.AddSingleton<IIndicatorTables, FixedIndicatorTables>());
        var answered = await PrepareAsync(host);
        var built = await BuildAsync(host, DocumentKind.Report);
        using var doc = WordprocessingDocument.Open(new MemoryStream(built.Content), false);
        var body = doc.MainDocumentPart!.Document.Body!;
        Assert.Contains(body.Descendants<W.Paragraph>(), p => p.InnerText.StartsWith(School + " (bản nháp)", StringComparison.Ordinal));
        Assert.Contains("bản nháp", body.Elements<W.Paragraph>().First(p => p.InnerText.StartsWith("Tổng hợp từ", StringComparison.Ordinal)).InnerText, StringComparison.Ordinal);
        Assert.NotEmpty(answered);
    }

    [Fact]
    public async Task A_wide_indicator_table_goes_on_a_landscape_page_and_numbered_titles_are_not_printed_twice()
    {
        await using var host = new ServiceHost(settings: new Dictionary<string, string?> { ["Indicators:SeedDemo"] = "true" });
        await using var db = host.OpenDb();
        var campaign = await db.Campaigns.SingleAsync(c => c.Name == IndicatorDemoSeeder.CampaignName);
        var root = await db.Units.Where(u => u.ParentId == null).Select(u => u.Id).SingleAsync();
        var built = await host.Get<DocumentService>().BuildAsync(db, DocumentKind.Report, campaign.Id, [root], CancellationToken.None);
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "unionreview-conference.docx"), built.Content);
        using var doc = WordprocessingDocument.Open(new MemoryStream(built.Content), false);
        var body = doc.MainDocumentPart!.Document.Body!;
        var sections = body.Descendants<W.SectionProperties>().ToList();
        Assert.Contains(sections, s => s.GetFirstChild<W.PageSize>()!.Orient?.Value == W.PageOrientationValues.Landscape);
        Assert.Null(sections[^1].GetFirstChild<W.PageSize>()!.Orient);
        var texts = body.Elements<W.Paragraph>().Select(p => p.InnerText).ToList();
        Assert.Single(texts, t => t.StartsWith("1. Các văn bản dự thảo", StringComparison.Ordinal));

        // Stt is narrow and the unit's name wide in the indicator tables.
        var table = body.Elements<W.Table>().First(t => t.InnerText.Contains("Tin, bài", StringComparison.Ordinal) || t.Elements<W.TableRow>().First().InnerText.StartsWith("Stt", StringComparison.Ordinal));
        var grid = table.GetFirstChild<W.TableGrid>()!.Elements<W.GridColumn>().Select(c => int.Parse(c.Width!.Value!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(grid[0] * 10 <= grid.Sum() && grid[0] < grid[1], string.Join(",", grid));
        Assert.NotEmpty(doc.MainDocumentPart.ImageParts);
    }

    [Fact]
    public async Task The_indicator_xlsx_holds_every_figure_with_formulas_for_achievement_and_totals()
    {
        await using var host = Host();
        await PrepareAsync(host);
        var built = await BuildAsync(host, DocumentKind.IndicatorTables);
        Assert.Equal(DocumentService.XlsxType, built.ContentType);
        using var doc = SpreadsheetDocument.Open(new MemoryStream(built.Content), false);
        var book = doc.WorkbookPart!;
        var sheets = book.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(["Tiến độ", "Biểu 1- Phát triển đoàn viên"], sheets.Select(s => s.Name!.Value));
        Assert.Equal(2, book.Workbook.DefinedNames!.Elements<DefinedName>().Count(d => d.Name == "_xlnm.Print_Titles"));

        Dictionary<string, Cell> Cells(Sheet sheet) =>
            ((WorksheetPart)book.GetPartById(sheet.Id!)).Worksheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!);
        static string Text(Cell c) => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "";
        static double Number(Cell c) => double.Parse(c.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture);

        var table = Cells(sheets[1]);
        Assert.Equal(["Đơn vị", "KH giao", "Kết quả", "% đạt"], "ABCD".Select(c => Text(table[$"{c}2"])));
        var rows = FixedIndicatorTables.Table.Rows;
        for (var i = 0; i < rows.Count; i++)
        {
            var r = i + 3;
            Assert.Equal(rows[i].Display[0], Text(table[$"A{r}"]));
            Assert.Equal((double)rows[i].Values[1]!.Value, Number(table[$"B{r}"]));
            if (rows[i].Values[2] is { } result)
            {
                Assert.Equal((double)result, Number(table[$"C{r}"]));
                Assert.Equal((double)rows[i].Values[3]!.Value / 100, Number(table[$"D{r}"]), 6);
            }
            else
            {
                Assert.Equal("", Text(table[$"C{r}"]));
            }

            Assert.Equal($"IF(AND(ISNUMBER(C{r}),ISNUMBER(B{r}),B{r}>0),C{r}/B{r},\"\")", table[$"D{r}"].CellFormula!.Text);
        }

        Assert.Equal("SUM(B3:B5)", table["B6"].CellFormula!.Text);
        Assert.Equal(400, Number(table["B6"]));
        Assert.Equal("SUM(C3:C5)", table["C6"].CellFormula!.Text);
        Assert.Equal(282, Number(table["C6"]));
        Assert.Equal("IF(AND(ISNUMBER(C6),ISNUMBER(B6),B6>0),C6/B6,\"\")", table["D6"].CellFormula!.Text);
        Assert.Equal(0.705, Number(table["D6"]), 6);

        // Progress: every participating unit, % answered as a formula, totals as SUM and COUNTIF.
        var progress = Cells(sheets[0]);
        Assert.Equal(Enumerable.Range(3, 20).Select(r => $"IF(F{r}>0,E{r}/F{r},0)"), Enumerable.Range(3, 20).Select(r => progress[$"G{r}"].CellFormula!.Text));
        Assert.Equal("SUM(E3:E22)", progress["E23"].CellFormula!.Text);
        Assert.Equal(4, Number(progress["E23"]));
        Assert.Equal(1, Number(progress["C23"]));
        Assert.StartsWith("COUNTIF(C3:C22,", progress["C23"].CellFormula!.Text, StringComparison.Ordinal);
        var schoolRow = Enumerable.Range(3, 20).Single(r => Text(progress[$"B{r}"]) == School);
        Assert.Equal(4, Number(progress[$"E{schoolRow}"]));
    }

    [Fact]
    public async Task The_demo_workbook_prints_landscape_one_page_wide_with_frozen_repeated_headers_fitting_columns_and_whole_footnotes()
    {
        await using var host = new ServiceHost(settings: new Dictionary<string, string?> { ["Indicators:SeedDemo"] = "true" });
        await using var db = host.OpenDb();
        var campaign = await db.Campaigns.SingleAsync(c => c.Name == IndicatorDemoSeeder.CampaignName);
        var root = await db.Units.Where(u => u.ParentId == null).Select(u => u.Id).SingleAsync();
        var built = await host.Get<DocumentService>().BuildAsync(db, DocumentKind.IndicatorTables, campaign.Id, [root], CancellationToken.None);
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "unionreview-conference.xlsx"), built.Content);
        using var doc = SpreadsheetDocument.Open(new MemoryStream(built.Content), false);
        var book = doc.WorkbookPart!;
        var sheets = book.Workbook.Sheets!.Elements<Sheet>().ToList();
        Assert.Equal(["Tiến độ", "Phát triển ĐV, thành lập CĐCS…", "Tin, bài trên trang TTĐT 2019", "Thu Quỹ Xã hội năm 2019"], sheets.Select(s => s.Name!.Value));
        Assert.All(sheets, s => Assert.True(s.Name!.Value!.Length <= 31));
        var titles = book.Workbook.DefinedNames!.Elements<DefinedName>().ToList();
        Assert.Equal(sheets.Count, titles.Count(d => d.Name == "_xlnm.Print_Titles"));
        Assert.Equal("'Thu Quỹ Xã hội năm 2019'!$1:$2", titles.Single(d => d.LocalSheetId!.Value == 3).Text);

        foreach (var sheet in sheets)
        {
            var ws = ((WorksheetPart)book.GetPartById(sheet.Id!)).Worksheet;
            var setup = ws.GetFirstChild<PageSetup>()!;
            Assert.Equal((OrientationValues.Landscape, 1U, 0U), (setup.Orientation!.Value, setup.FitToWidth!.Value, setup.FitToHeight!.Value));
            Assert.True(ws.GetFirstChild<SheetProperties>()!.PageSetupProperties!.FitToPage!.Value);
            var pane = ws.Descendants<Pane>().Single();
            Assert.Equal((PaneStateValues.Frozen, 2d, "A3"), (pane.State!.Value, pane.VerticalSplit!.Value, pane.TopLeftCell!.Value));
        }

        var fund = ((WorksheetPart)book.GetPartById(sheets[3].Id!)).Worksheet;
        var cells = fund.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!);
        // Stt is a number; the unit's name column is wide and Stt narrow; % and totals are formulas.
        Assert.Equal(DocumentFormat.OpenXml.Spreadsheet.CellValues.InlineString, cells["B3"].DataType!.Value);
        Assert.Null(cells["A3"].DataType);
        Assert.Equal("1", cells["A3"].CellValue!.Text);
        var widths = fund.Descendants<Column>().Select(c => c.Width!.Value).ToList();
        Assert.True(widths[0] <= 6 && widths[1] >= 24, string.Join(",", widths));
        Assert.Contains(cells.Values, c => c.CellFormula?.Text.StartsWith("SUM(", StringComparison.Ordinal) == true);
        // The footnote spans the table (merged) in a row tall enough to show it whole.
        var note = cells.Values.Single(c => c.InlineString?.InnerText.StartsWith("Số tiền phải nộp =", StringComparison.Ordinal) == true);
        var row = note.CellReference!.Value![1..];
        Assert.Contains(fund.Descendants<MergeCell>(), m => m.Reference!.Value == $"A{row}:{IndicatorXlsxWriterColumn(widths.Count - 1)}{row}");
    }

    private static string IndicatorXlsxWriterColumn(int index) => ((char)('A' + index)).ToString();

    [Fact]
    public async Task A_member_gets_the_documents_in_chat_from_the_digest_buttons()
    {
        await using var host = Host();
        await LinkAsync(host, Demo.CommitteeMember);
        await PrepareAsync(host);
        var member = new ChatDriver(host, Demo.CommitteeMember, ChannelNames.Web);
        await member.Say("/tonghop");
        await member.Press("Biểu chỉ tiêu (.xlsx)");
        Assert.Contains("Đang lập biểu chỉ tiêu (.xlsx)", member.LastText, StringComparison.Ordinal);
        await member.Say("/tonghop");
        await member.Press("Báo cáo tổng hợp (.docx)");

        List<OutgoingMessage> documents = [];
        for (var i = 0; i < 200 && documents.Count < 2; i++)
        {
            await Task.Delay(100);
            documents = [.. (await MessagesForAsync(host, Demo.CommitteeMember)).Where(m => m.Document is not null)];
        }

        Assert.Equal(2, documents.Count);
        var xlsx = documents.Single(d => d.Document!.ContentType == DocumentService.XlsxType);
        using (var book = SpreadsheetDocument.Open(new MemoryStream(xlsx.Document!.Content), false))
        {
            Assert.Equal(2, book.WorkbookPart!.Workbook.Sheets!.Count());
        }

        var docx = documents.Single(d => d.Document!.ContentType == DocumentService.DocxType);
        Assert.StartsWith("📄 Báo cáo tổng hợp – Sơ kết giữa nhiệm kỳ", docx.Text, StringComparison.Ordinal);
        using var word = WordprocessingDocument.Open(new MemoryStream(docx.Document!.Content), false);
        Assert.Contains(School, word.MainDocumentPart!.Document.Body!.InnerText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_documents_download_from_the_local_web_page_for_committee_members_only()
    {
        await using var host = Host(kestrel: true);
        await PrepareAsync(host);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        Assert.Contains("href=\"/documents\"", await http.GetStringAsync("/chat"), StringComparison.Ordinal);
        var page = await http.GetStringAsync("/documents");
        var links = DownloadLinks(page);
        Assert.Contains(links, l => l.StartsWith($"/api/documents/report.docx?personId={Demo.CommitteeMember}&", StringComparison.Ordinal));

        using var docx = await http.GetAsync(Link(links, "report.docx", Demo.CommitteeMember));
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        Assert.Equal(DocumentService.DocxType, docx.Content.Headers.ContentType!.MediaType);
        using (var word = WordprocessingDocument.Open(new MemoryStream(await docx.Content.ReadAsByteArrayAsync()), false))
        {
            Assert.Contains("BÁO CÁO", word.MainDocumentPart!.Document.Body!.InnerText, StringComparison.Ordinal);
        }

        using var xlsx = await http.GetAsync(Link(links, "tables.xlsx", Demo.Admin));
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.DoesNotContain(links, l => l.Contains($"personId={Demo.GrassrootsOfficer}&", StringComparison.Ordinal));

        // Only the page's own links work: an address made up from a person's id, or a member's link with another id, does not.
        var memberLink = Link(links, "report.docx", Demo.CommitteeMember);
        foreach (var guess in new[]
        {
            $"/api/documents/report.docx?personId={Demo.CommitteeMember}",
            $"/api/documents/report.docx?personId={Demo.CommitteeMember}&campaignId=1",
            $"/api/documents/tables.xlsx?personId={Demo.GrassrootsOfficer}",
            memberLink.Replace($"personId={Demo.CommitteeMember}&", $"personId={Demo.Admin}&", StringComparison.Ordinal),
            memberLink.Replace("report.docx", "tables.xlsx", StringComparison.Ordinal),
        })
        {
            using var refused = await http.GetAsync(guess);
            Assert.True(refused.StatusCode == HttpStatusCode.NotFound, $"{guess}: {(int)refused.StatusCode}");
            Assert.Contains("Liên kết tải tài liệu không đúng", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var unknown = await http.GetAsync(memberLink.Replace("report.docx", "other.pdf", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var proxied = new HttpRequestMessage(HttpMethod.Get, $"/api/documents/report.docx?personId={Demo.CommitteeMember}") { Headers = { { "X-Forwarded-For", "203.0.113.9" } } };
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(proxied)).StatusCode);
    }

    [Fact]
    public async Task A_document_request_pending_when_the_service_stops_is_delivered_once_after_it_starts_again()
    {
        var folder = Directory.CreateTempSubdirectory("unionreview-documents-").FullName;
        try
        {
            var settings = new Dictionary<string, string?> { ["Database:Path"] = Path.Combine(folder, "shared.db") };
            var clock = new TestClock(At(11, 20, 10));
            int root;
            await using (var before = new ServiceHost(clock, settings))
            {
                await LinkAsync(before, Demo.CommitteeMember);
                await using var db = before.OpenDb();
                root = await db.Units.Where(u => u.ParentId == null).Select(u => u.Id).SingleAsync();
            }

            // Stored as the turn that asked for it would store it, while no service runs.
            var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<UnionReview.Server.Persistence.UnionReviewDb>()
                .UseSqlite($"Data Source={settings["Database:Path"]}").Options;
            await using (var db = new UnionReview.Server.Persistence.UnionReviewDb(options))
            {
                DocumentRequests.Add(db, new DocumentRequest(Demo.CommitteeMember, DocumentKind.IndicatorTables, [root], clock.GetUtcNow()));
                await db.SaveChangesAsync();
            }

            await using var host = new ServiceHost(clock, settings);
            List<OutgoingMessage> documents = [];
            for (var i = 0; i < 200 && documents.Count == 0; i++)
            {
                await Task.Delay(100);
                documents = [.. (await MessagesForAsync(host, Demo.CommitteeMember)).Where(m => m.Document is not null)];
            }

            Assert.Equal(DocumentService.XlsxType, Assert.Single(documents).Document!.ContentType);
            await host.Restart();
            Assert.Equal(0, await host.Get<DocumentRequests>().DeliverPendingAsync(CancellationToken.None));
            Assert.Single(await MessagesForAsync(host, Demo.CommitteeMember), m => m.Document is not null);
            await using var check = host.OpenDb();
            Assert.NotNull((await check.DocumentRequests.SingleAsync()).DeliveredAt);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task With_two_active_campaigns_a_member_gets_a_document_for_each_and_the_page_links_both()
    {
        await using var host = new ServiceHost(kestrel: true, settings: new Dictionary<string, string?> { ["Indicators:SeedDemo"] = "true" });
        await LinkAsync(host, Demo.CommitteeMember);
        var member = new ChatDriver(host, Demo.CommitteeMember, ChannelNames.Web);
        await member.Say("/tonghop");
        await member.Press("Biểu chỉ tiêu (.xlsx)");

        List<OutgoingMessage> documents = [];
        for (var i = 0; i < 200 && documents.Count < 2; i++)
        {
            await Task.Delay(100);
            documents = [.. (await MessagesForAsync(host, Demo.CommitteeMember)).Where(m => m.Document is not null)];
        }

        Assert.Equal(2, documents.Count);
        Assert.Contains(documents, d => d.Text.Contains("Sơ kết giữa nhiệm kỳ", StringComparison.Ordinal));
        Assert.Contains(documents, d => d.Text.Contains(UnionReview.Server.Features.Indicators.IndicatorDemoSeeder.CampaignName, StringComparison.Ordinal));

        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var page = await http.GetStringAsync("/documents");
        Assert.Contains("campaignId=1", page, StringComparison.Ordinal);
        Assert.Contains("campaignId=2", page, StringComparison.Ordinal);
        var fund = await http.GetByteArrayAsync(DownloadLinks(page).Single(l => l.StartsWith($"/api/documents/tables.xlsx?personId={Demo.CommitteeMember}&campaignId=2&", StringComparison.Ordinal)));
        using var book = SpreadsheetDocument.Open(new MemoryStream(fund), false);
        Assert.Contains(book.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>(), s => s.Name!.Value!.Contains("Quỹ Xã hội", StringComparison.Ordinal));
    }

    /// <summary>The download links of the /documents page, decoded.</summary>
    private static List<string> DownloadLinks(string page) =>
        [.. System.Text.RegularExpressions.Regex.Matches(page, "href=\"(/api/documents/[^\"]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    private static string Link(List<string> links, string file, int personId) =>
        links.First(l => l.StartsWith($"/api/documents/{file}?personId={personId}&", StringComparison.Ordinal));
}
