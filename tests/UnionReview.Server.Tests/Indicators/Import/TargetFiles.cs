using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Cli;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Indicators.Import;

/// <summary>What the <c>targets</c> verb printed and returned.</summary>
public sealed record CliRun(int ExitCode, string Output, string Errors);

/// <summary>
/// A campaign of its own beside the demo data (so demo changes cannot move these tests), with units whose names
/// carry the diacritics that encodings get wrong, two units with the same name, and one unit outside the campaign.
/// </summary>
public sealed record TargetCampaign(int CampaignId, int PhucHoa, int BaoLac, int YTe, int Outsider, int Twin1, int Twin2)
{
    public const string PhucHoaName = "Liên đoàn Lao động huyện Phục Hòa";
    public const string BaoLacName = "Liên đoàn Lao động huyện Bảo Lạc";
    public const string YTeName = "Công đoàn ngành Y tế tỉnh";
    public const string OutsiderName = "Công đoàn Viên chức tỉnh (thử)";
    public const string TwinName = "Công đoàn cơ sở Trường Tiểu học Hợp Giang";

    public static async Task<TargetCampaign> CreateAsync(ServiceHost host)
    {
        var ct = CancellationToken.None;
        await using var db = host.OpenDb();
        var level = await db.UnitLevels.OrderBy(l => l.Rank).FirstAsync();
        var root = await Scope.AddUnitAsync(db, "Liên đoàn Lao động tỉnh (thử nhập KH giao)", null, level.Id, null, 90, ct);
        var phucHoa = await Scope.AddUnitAsync(db, PhucHoaName, "LĐLĐ huyện Phục Hòa", level.Id, root.Id, 2, ct);
        var baoLac = await Scope.AddUnitAsync(db, BaoLacName, null, level.Id, root.Id, 1, ct);
        var yTe = await Scope.AddUnitAsync(db, YTeName, null, level.Id, root.Id, 3, ct);
        var outsider = await Scope.AddUnitAsync(db, OutsiderName, null, level.Id, root.Id, 4, ct);
        var twin1 = await Scope.AddUnitAsync(db, TwinName, null, level.Id, phucHoa.Id, 1, ct);
        var twin2 = await Scope.AddUnitAsync(db, TwinName, null, level.Id, baoLac.Id, 1, ct);
        var campaign = new Campaign { Name = "Thử nhập KH giao", OutlineId = "so-ket-giua-nhiem-ky", StartsOn = new DateOnly(2026, 1, 1) };
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();
        foreach (var unit in new[] { phucHoa, baoLac, yTe, twin1, twin2 })
        {
            db.CampaignUnits.Add(new CampaignUnit { CampaignId = campaign.Id, UnitId = unit.Id });
        }

        await db.SaveChangesAsync();
        return new TargetCampaign(campaign.Id, phucHoa.Id, baoLac.Id, yTe.Id, outsider.Id, twin1.Id, twin2.Id);
    }

    public string Id => CampaignId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The campaign's targets as "unit/indicator" → value.</summary>
    public async Task<Dictionary<string, decimal>> TargetsAsync(ServiceHost host)
    {
        await using var db = host.OpenDb();
        return await db.IndicatorTargets.Where(t => t.CampaignId == CampaignId).ToDictionaryAsync(t => $"{t.UnitId}/{t.IndicatorId}", t => t.Target);
    }
}

public static class TargetFiles
{
    /// <summary>Runs the command line in-process, as the service's entry point does, keeping stdout and stderr apart.</summary>
    public static async Task<CliRun> Run(ServiceHost host, params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var errors = new StringWriter(CultureInfo.InvariantCulture);
        var code = await CommandLine.RunAsync(host.Services, args, TextReader.Null, output, errors, CancellationToken.None);
        return new CliRun(code, output.ToString(), errors.ToString());
    }

    public static async Task<long> ReferenceVersionAsync(ServiceHost host)
    {
        await using var db = host.OpenDb();
        return await db.DataVersions.Where(v => v.Name == DataVersion.Reference).Select(v => v.Version).SingleAsync();
    }

    public static string Write(ServiceHost host, string name, string text, Encoding? encoding = null)
    {
        var path = Path.Combine(host.Folder, name);
        File.WriteAllBytes(path, (encoding ?? new UTF8Encoding(false)).GetBytes(text));
        return path;
    }

    public static string Write(ServiceHost host, string name, byte[] bytes)
    {
        var path = Path.Combine(host.Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>
    /// Vietnamese text the way Windows-1258 spells it: base letters (â, ê, ô, ơ, ư, ă may be precomposed) followed by a
    /// separate combining tone mark, since the code page has no precomposed "ụ" or "ộ".
    /// </summary>
    public static string Windows1258Form(string text)
    {
        var tones = new HashSet<char> { '\u0300', '\u0301', '\u0303', '\u0309', '\u0323' };
        var result = new StringBuilder();
        var cluster = new StringBuilder();
        var toneMarks = new StringBuilder();
        void Flush()
        {
            result.Append(cluster.ToString().Normalize(NormalizationForm.FormC)).Append(toneMarks);
            cluster.Clear();
            toneMarks.Clear();
        }

        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (tones.Contains(c))
            {
                toneMarks.Append(c);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                cluster.Append(c);
            }
            else
            {
                Flush();
                cluster.Append(c);
            }
        }

        Flush();
        return result.ToString();
    }

    public static Encoding Windows1258()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1258, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }
}

/// <summary>Builds .xlsx files the way Excel writes them: shared strings for text, numeric cells for numbers; <see cref="Inline"/> for inline strings.</summary>
public static class TestWorkbook
{
    public sealed record Inline(string Text);

    /// <summary>A shared string written as rich-text runs (part of the cell formatted differently), with a phonetic hint Excel may add.</summary>
    public sealed record Rich(params string[] Runs);

    /// <summary>A formula cell with the result Excel cached when it last calculated.</summary>
    public sealed record Formula(string Expression, decimal Cached);

    public static string Create(ServiceHost host, string name, params (string Sheet, object?[][] Rows)[] sheets)
    {
        var path = Path.Combine(host.Folder, name);
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook(new Sheets());
        var sharedPart = workbook.AddNewPart<SharedStringTablePart>();
        sharedPart.SharedStringTable = new SharedStringTable();
        var shared = new List<string>();
        uint sheetId = 0;
        foreach (var (sheetName, rows) in sheets)
        {
            var part = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            part.Worksheet = new Worksheet(data);
            for (var r = 0; r < rows.Length; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    var reference = $"{(char)('A' + c)}{r + 1}";
                    switch (rows[r][c])
                    {
                        case null:
                            break;
                        case string s:
                            var index = shared.IndexOf(s);
                            if (index < 0)
                            {
                                shared.Add(s);
                                sharedPart.SharedStringTable.AppendChild(new SharedStringItem(new Text(s)));
                                index = shared.Count - 1;
                            }

                            row.Append(new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index.ToString(CultureInfo.InvariantCulture)) });
                            break;
                        case Inline inline:
                            row.Append(new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(inline.Text)) });
                            break;
                        case Rich rich:
                            var item = new SharedStringItem(rich.Runs.Select(t => new Run(new Text(t) { Space = SpaceProcessingModeValues.Preserve })));
                            item.Append(new PhoneticRun(new Text("phiên âm")) { BaseTextStartIndex = 0, EndingBaseIndex = 1 });
                            sharedPart.SharedStringTable.AppendChild(item);
                            shared.Add("\0rich" + shared.Count);
                            row.Append(new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue((shared.Count - 1).ToString(CultureInfo.InvariantCulture)) });
                            break;
                        case Formula f:
                            row.Append(new Cell { CellReference = reference, CellFormula = new CellFormula(f.Expression), CellValue = new CellValue(f.Cached.ToString(CultureInfo.InvariantCulture)) });
                            break;
                        case IFormattable number:
                            row.Append(new Cell { CellReference = reference, CellValue = new CellValue(number.ToString(null, CultureInfo.InvariantCulture)) });
                            break;
                        default:
                            throw new ArgumentException($"Unsupported cell {rows[r][c]}");
                    }
                }

                data.Append(row);
            }

            workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = ++sheetId, Name = sheetName });
        }

        workbook.Workbook.Save();
        return path;
    }

    /// <summary>Sets column C of the rows whose A and B cells read <paramref name="unit"/> and <paramref name="indicator"/> (inline strings, as the template writes them).</summary>
    public static void Fill(string path, string unit, string indicator, decimal value)
    {
        using var document = SpreadsheetDocument.Open(path, isEditable: true);
        var sheetData = document.WorkbookPart!.WorksheetParts.Single().Worksheet.GetFirstChild<SheetData>()!;
        var row = sheetData.Elements<Row>().Single(r =>
        {
            var cells = r.Elements<Cell>().ToList();
            return cells.Count >= 2 && cells[0].InnerText == unit && cells[1].InnerText == indicator;
        });
        var reference = $"C{row.RowIndex!.Value}";
        var existing = row.Elements<Cell>().FirstOrDefault(c => c.CellReference == reference);
        var cell = new Cell { CellReference = reference, CellValue = new CellValue(value.ToString(CultureInfo.InvariantCulture)) };
        if (existing is not null)
        {
            existing.Remove();
        }

        row.InsertAt(cell, 2);
        document.WorkbookPart.WorksheetParts.Single().Worksheet.Save();
    }
}
