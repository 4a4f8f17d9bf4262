using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Input;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Persistence;
using T = UnionReview.Server.Features.Indicators.Import.TargetImportTexts;

namespace UnionReview.Server.Features.Indicators.Import;

/// <summary>A target the file sets: before is null when the unit had none for that indicator.</summary>
internal sealed record TargetChange(Unit Unit, IndicatorDefinition Indicator, decimal? Before, decimal After);

/// <summary>The outcome of an import: the problems (then nothing was written) or what changed.</summary>
internal sealed record TargetImportResult(string Campaign, IReadOnlyList<string> Errors, IReadOnlyList<TargetChange> Changes, int Unchanged, int Blank, bool DryRun)
{
    public bool Succeeded => Errors.Count == 0;
    public int Added => Changes.Count(c => c.Before is null);
    public int Changed => Changes.Count(c => c.Before is not null);
}

/// <summary>
/// Imports assigned targets (KH giao) of one campaign from a table. Two layouts: long (columns don_vi, chi_tieu,
/// kh_giao; one row per unit and indicator) and wide (column don_vi and one column per indicator). Every problem is
/// reported with its place; if there is any, nothing is written. Otherwise targets are added or replaced in one
/// SaveChanges, which raises the reference version so kept conversation sessions read the new targets.
/// </summary>
internal sealed class TargetImporter(IDbContextFactory<UnionReviewDb> factory, OutlineCatalog outlines, WriteGate gate)
{
    public const string UnitColumn = "don_vi";
    public const string IndicatorColumn = "chi_tieu";
    public const string TargetColumn = "kh_giao";

    // Columns a wide file may carry beside the indicators, for people reading it.
    private static readonly HashSet<string> InformationColumns = new(StringComparer.Ordinal) { "stt", "ten_don_vi", "ghi_chu" };

    public async Task<TargetImportResult> ImportAsync(int campaignId, TargetTable table, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var context = await CampaignTargetContext.LoadAsync(db, outlines, campaignId, cancellationToken);
        var errors = new List<string>();
        var rows = Read(context, table, errors, out var blank);
        if (errors.Count > 0)
        {
            return new TargetImportResult(context.Campaign.Name, errors, [], 0, blank, dryRun);
        }

        var existing = await db.IndicatorTargets.Where(t => t.CampaignId == campaignId).ToListAsync(cancellationToken);
        var byKey = existing.ToDictionary(t => (t.UnitId, t.IndicatorId));
        var changes = new List<TargetChange>();
        var unchanged = 0;
        foreach (var row in rows)
        {
            if (byKey.TryGetValue((row.Unit.Id, row.Indicator.Id), out var target))
            {
                if (target.Target == row.Value)
                {
                    unchanged++;
                    continue;
                }

                changes.Add(new TargetChange(row.Unit, row.Indicator, target.Target, row.Value));
                target.Target = row.Value;
            }
            else
            {
                changes.Add(new TargetChange(row.Unit, row.Indicator, null, row.Value));
                db.IndicatorTargets.Add(new IndicatorTarget { CampaignId = campaignId, UnitId = row.Unit.Id, IndicatorId = row.Indicator.Id, Target = row.Value });
            }
        }

        if (!dryRun && changes.Count > 0)
        {
            await gate.RunAsync(() => db.SaveChangesAsync(cancellationToken), cancellationToken);
        }

        return new TargetImportResult(context.Campaign.Name, [], changes, unchanged, blank, dryRun);
    }

    private sealed record TargetRow(Unit Unit, IndicatorDefinition Indicator, decimal Value);

    private static List<TargetRow> Read(CampaignTargetContext context, TargetTable table, List<string> errors, out int blank)
    {
        blank = 0;
        if (table.Rows.Count == 0)
        {
            errors.Add(T.EmptyFile);
            return [];
        }

        // Title lines above the table ("KH GIAO NĂM 2026") are skipped: the header is the first row with a don_vi column.
        var headerIndex = Math.Max(0, table.Rows.ToList().FindIndex(r => r.Cells.Any(c => ColumnKey(c.Text) == UnitColumn)));
        var header = table.Rows[headerIndex];
        var columns = ReadHeader(context, table, header, errors);
        if (columns is null)
        {
            return [];
        }

        var result = new List<TargetRow>();
        var seen = new Dictionary<(int, string), string>();
        foreach (var row in table.Rows.Skip(headerIndex + 1))
        {
            if (row.Cells.Skip(header.Cells.Count).Any(c => !c.IsEmpty))
            {
                errors.Add($"{table.Row(row.Number)}: {T.TooManyCells}");
            }

            var unitCell = row[columns.Unit];
            var (unit, unitError) = context.ResolveUnit(unitCell.Text);
            if (unit is not null && !context.Participants.Contains(unit.Id))
            {
                unitError = T.NotInCampaign(unit.Name, unit.Id, context.Campaign.Name);
                unit = null;
            }

            if (unitError is not null)
            {
                errors.Add($"{table.Cell(row.Number, columns.Unit, header[columns.Unit].Text)}: {unitError}");
            }

            foreach (var (indicatorColumn, fixedIndicator, valueColumn) in columns.Values)
            {
                var indicator = fixedIndicator;
                if (indicator is null)
                {
                    var text = row[indicatorColumn].Text;
                    indicator = context.ResolveIndicator(text);
                    if (indicator is null)
                    {
                        errors.Add($"{table.Cell(row.Number, indicatorColumn, header[indicatorColumn].Text)}: {(text.Length == 0 ? T.EmptyIndicator : T.UnknownIndicator(text, context.Outline.Indicators))}");
                    }
                }

                var cell = row[valueColumn];
                var where = table.Cell(row.Number, valueColumn, header[valueColumn].Text);
                if (cell.IsEmpty)
                {
                    blank++;
                    continue;
                }

                // An Excel number cell holds the number itself; text is read as officers type numbers.
                var reading = cell.Number is { } number ? new NumberReading(number, null) : VietnameseNumberParser.Parse(cell.Text, indicator?.Unit);
                if (reading.Value is not { } value)
                {
                    errors.Add($"{where}: {reading.Error}");
                    continue;
                }

                if (value < 0)
                {
                    errors.Add($"{where}: {T.Negative(cell.Text)}");
                    continue;
                }

                if (unit is null || indicator is null)
                {
                    continue;
                }

                if (seen.TryGetValue((unit.Id, indicator.Id), out var first))
                {
                    errors.Add($"{where}: {T.Duplicate(first)}");
                    continue;
                }

                seen[(unit.Id, indicator.Id)] = table.Row(row.Number);
                result.Add(new TargetRow(unit, indicator, value));
            }
        }

        return result;
    }

    /// <summary>Where the unit is and, per target value, where its indicator comes from (a column, or the header in the wide layout).</summary>
    private sealed record Columns(int Unit, IReadOnlyList<(int IndicatorColumn, IndicatorDefinition? Indicator, int ValueColumn)> Values);

    private static Columns? ReadHeader(CampaignTargetContext context, TargetTable table, TableRow header, List<string> errors)
    {
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var before = errors.Count;
        for (var i = 0; i < header.Cells.Count; i++)
        {
            var key = ColumnKey(header[i].Text);
            if (key.Length == 0)
            {
                continue;
            }

            if (!keys.TryAdd(key, i))
            {
                errors.Add($"{table.Cell(header.Number, i, null)}: {T.DuplicateColumn(header[i].Text, table.Cell(header.Number, keys[key], null))}");
            }
        }

        var headerRow = table.Row(header.Number);
        if (keys.ContainsKey(IndicatorColumn) || keys.ContainsKey(TargetColumn))
        {
            foreach (var required in new[] { UnitColumn, IndicatorColumn, TargetColumn }.Where(c => !keys.ContainsKey(c)))
            {
                errors.Add($"{headerRow}: {T.MissingColumn(required)}");
            }

            return errors.Count > before ? null : new Columns(keys[UnitColumn], [(keys[IndicatorColumn], null, keys[TargetColumn])]);
        }

        if (!keys.TryGetValue(UnitColumn, out var unitColumn))
        {
            errors.Add($"{headerRow}: {T.MissingColumn(UnitColumn)}");
            return null;
        }

        var values = new List<(int, IndicatorDefinition?, int)>();
        var indicatorColumns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Cells.Count; i++)
        {
            var text = header[i].Text;
            if (i == unitColumn || text.Length == 0 || InformationColumns.Contains(ColumnKey(text)))
            {
                continue;
            }

            var indicator = context.ResolveIndicator(text);
            if (indicator is null)
            {
                errors.Add($"{table.Cell(header.Number, i, null)}: {T.UnknownIndicatorColumn(text, context.Outline.Indicators)}");
            }
            else if (!indicatorColumns.TryAdd(indicator.Id, i))
            {
                errors.Add($"{table.Cell(header.Number, i, null)}: {T.DuplicateColumn(text, table.Cell(header.Number, indicatorColumns[indicator.Id], null))}");
            }
            else
            {
                values.Add((i, indicator, i));
            }
        }

        if (values.Count == 0 && errors.Count == before)
        {
            errors.Add($"{headerRow}: {T.NoIndicatorColumns}");
        }

        return errors.Count > before ? null : new Columns(unitColumn, values);
    }

    /// <summary>A header as a key: "Đơn vị", "don vi" and "DON_VI" are all "don_vi".</summary>
    public static string ColumnKey(string header)
    {
        var key = new StringBuilder();
        foreach (var c in header.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var folded = c is 'đ' or 'Đ' ? 'd' : char.ToLowerInvariant(c);
            if (char.IsAsciiLetterOrDigit(folded))
            {
                key.Append(folded);
            }
            else if (key.Length > 0 && key[^1] != '_')
            {
                key.Append('_');
            }
        }

        return key.ToString().TrimEnd('_');
    }
}
