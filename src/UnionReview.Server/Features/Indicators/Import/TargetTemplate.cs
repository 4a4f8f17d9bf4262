using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Persistence;
using T = UnionReview.Server.Features.Indicators.Import.TargetImportTexts;

namespace UnionReview.Server.Features.Indicators.Import;

/// <summary>
/// Writes a file for staff to fill in: one row per participating unit (tree order) and indicator (outline order),
/// in the long layout, with the current target where there is one. CSV is UTF-8 with a byte order mark and ";"
/// so Excel opens it with the right diacritics; .xlsx keeps numbers as numbers.
/// </summary>
internal sealed class TargetTemplate(IDbContextFactory<UnionReviewDb> factory, OutlineCatalog outlines)
{
    /// <summary>Writes the template; returns the number of units and indicators.</summary>
    public async Task<(int Units, int Indicators)> WriteAsync(int campaignId, string path, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var context = await CampaignTargetContext.LoadAsync(db, outlines, campaignId, cancellationToken);
        var targets = await db.IndicatorTargets.AsNoTracking().Where(t => t.CampaignId == campaignId)
            .ToDictionaryAsync(t => (t.UnitId, t.IndicatorId), t => t.Target, cancellationToken);
        var units = context.ParticipantsInTreeOrder();
        var rows = new List<(string Unit, IndicatorDefinition Indicator, decimal? Target)>();
        foreach (var unit in units)
        {
            foreach (var indicator in context.Outline.Indicators)
            {
                rows.Add((context.TemplateName(unit), indicator, targets.TryGetValue((unit.Id, indicator.Id), out var t) ? t : null));
            }
        }

        switch (Path.GetExtension(path).ToUpperInvariant())
        {
            case ".CSV":
                await File.WriteAllTextAsync(path, Csv(rows), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), cancellationToken);
                break;
            case ".XLSX":
                WriteXlsx(path, rows);
                break;
            default:
                throw new TargetFileException(T.UnsupportedExtension(path));
        }

        return (units.Count, context.Outline.Indicators.Count);
    }

    private static string Csv(List<(string Unit, IndicatorDefinition Indicator, decimal? Target)> rows)
    {
        var text = new StringBuilder();
        text.AppendJoin(';', T.TemplateHeader).Append("\r\n");
        foreach (var (unit, indicator, target) in rows)
        {
            text.AppendJoin(';', new[] { unit, indicator.Id, target is { } t ? VietnameseFormat.Number(t) : "", indicator.Name, indicator.Unit }.Select(Quote)).Append("\r\n");
        }

        return text.ToString();
    }

    private static string Quote(string value) =>
        value.IndexOfAny([';', '"', '\r', '\n']) >= 0 || value != value.Trim() ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static void WriteXlsx(string path, List<(string Unit, IndicatorDefinition Indicator, decimal? Target)> rows)
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var part = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        part.Worksheet = new Worksheet(
            new Columns(
                new Column { Min = 1, Max = 1, Width = 40, CustomWidth = true },
                new Column { Min = 2, Max = 2, Width = 20, CustomWidth = true },
                new Column { Min = 3, Max = 3, Width = 16, CustomWidth = true },
                new Column { Min = 4, Max = 4, Width = 45, CustomWidth = true },
                new Column { Min = 5, Max = 5, Width = 12, CustomWidth = true }),
            data);
        workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = 1, Name = T.TemplateSheet }));

        data.Append(Row(1, T.TemplateHeader.Select(h => (h, (decimal?)null))));
        var number = 1;
        foreach (var (unit, indicator, target) in rows)
        {
            data.Append(Row(++number, [(unit, null), (indicator.Id, null), ("", target), (indicator.Name, null), (indicator.Unit, null)]));
        }

        workbook.Workbook.Save();
    }

    private static Row Row(int number, IEnumerable<(string Text, decimal? Number)> cells)
    {
        var row = new Row { RowIndex = (uint)number };
        var column = 0;
        foreach (var (text, value) in cells)
        {
            var reference = TargetTable.ColumnName(column++) + number.ToString(CultureInfo.InvariantCulture);
            if (value is { } v)
            {
                row.Append(new Cell { CellReference = reference, CellValue = new CellValue(v.ToString(CultureInfo.InvariantCulture)) });
            }
            else if (text.Length > 0)
            {
                row.Append(new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(text)) });
            }
        }

        return row;
    }
}
