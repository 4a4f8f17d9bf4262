using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Indicators;

/// <summary>
/// Builds a campaign's indicator tables from its outline (indicators and table layouts), the assigned targets and
/// the figures stored as answers. Derived columns are computed: a target derived from a basis (the social fund's
/// amount due = members × 50.000đ), the amount still owed (empty where a unit paid more), the achievement
/// percentages (by <see cref="VietnameseFormat.Achievement"/>, the one rounding rule) and the totals.
/// </summary>
public sealed class IndicatorTables(OutlineCatalog outlines) : IIndicatorTables
{
    /// <summary>The first two columns of every table.</summary>
    public const int NumberColumn = 0, UnitColumn = 1;

    public async Task<IReadOnlyList<IndicatorTable>> BuildAsync(UnionReviewDb db, int campaignId, IReadOnlyCollection<int> scopeUnitIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scopeUnitIds);
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null || outlines.Find(campaign.OutlineId) is not { } outline || outline.Indicators.Count == 0)
        {
            return [];
        }

        var scope = scopeUnitIds.ToHashSet();
        var units = await (from cu in db.CampaignUnits
                           join u in db.Units on cu.UnitId equals u.Id
                           where cu.CampaignId == campaignId
                           select u).AsNoTracking().ToListAsync(cancellationToken);
        units = [.. units.Where(u => scope.Contains(u.Id))];
        var unitIds = units.Select(u => u.Id).ToList();
        var targets = (await db.IndicatorTargets.AsNoTracking().Where(t => t.CampaignId == campaignId && unitIds.Contains(t.UnitId)).ToListAsync(cancellationToken))
            .GroupBy(t => t.UnitId)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, decimal>)g.GroupBy(t => t.IndicatorId).ToDictionary(x => x.Key, x => x.Sum(t => t.Target), StringComparer.Ordinal));

        var questionToIndicator = outline.Questions.Where(q => q.Indicator is not null).GroupBy(q => q.Id).ToDictionary(g => g.Key, g => g.First().Indicator!.Id, StringComparer.Ordinal);
        var questionIds = questionToIndicator.Keys.ToList();
        var answers = await (from a in db.Answers
                             join r in db.Reports on a.ReportId equals r.Id
                             where r.CampaignId == campaignId && unitIds.Contains(r.UnitId) && questionIds.Contains(a.QuestionId)
                             select new { r.UnitId, a.QuestionId, a.Number, a.Value }).AsNoTracking().ToListAsync(cancellationToken);
        var figures = new Dictionary<(int Unit, string Indicator), Figure>();
        foreach (var a in answers)
        {
            // The figure is its own column; the JSON is read only for an explanation.
            var note = a.Value.Contains("\"note\"", StringComparison.Ordinal) ? StoredJson.Read<AnswerValue>(a.Value).Note?.Trim() : null;
            if (a.Number is { } number)
            {
                figures[(a.UnitId, questionToIndicator[a.QuestionId])] = new Figure(number, string.IsNullOrEmpty(note) ? null : note);
            }
        }

        var order = TreeOrder(await db.Units.AsNoTracking().Select(u => new UnitKey(u.Id, u.Path, u.SortOrder)).ToListAsync(cancellationToken));
        var data = new CampaignData(units, targets, figures, order);
        return [.. Layouts(outline).Select(layout => Build(layout, outline, data)).Where(t => t is not null).Select(t => t!)];
    }

    /// <summary>The outline's tables, then one table for each indicator no table shows (bases of other indicators excluded).</summary>
    public static IReadOnlyList<IndicatorTableDefinition> Layouts(OutlineDefinition outline)
    {
        ArgumentNullException.ThrowIfNull(outline);
        var shown = outline.Tables.SelectMany(t => t.IndicatorIds).ToHashSet(StringComparer.Ordinal);
        var bases = outline.Indicators.Where(i => i.Basis is not null).Select(i => i.Basis!).ToHashSet(StringComparer.Ordinal);
        return [.. outline.Tables, .. outline.Indicators.Where(i => !shown.Contains(i.Id) && !bases.Contains(i.Id)).Select(i => new IndicatorTableDefinition(i.Id, i.Name, [i.Id]))];
    }

    private sealed record Figure(decimal Value, string? Note);

    private sealed record UnitKey(int Id, string Path, int SortOrder);

    private sealed record CampaignData(List<Unit> Units, Dictionary<int, IReadOnlyDictionary<string, decimal>> Targets, Dictionary<(int Unit, string Indicator), Figure> Figures, Dictionary<int, string> Order);

    /// <summary>A sort key per unit that follows the tree: parents before children, siblings by their sort order.</summary>
    private static Dictionary<int, string> TreeOrder(List<UnitKey> all)
    {
        var byId = all.ToDictionary(u => u.Id);
        return all.ToDictionary(u => u.Id, u => string.Join('/', u.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture))
            .Select(id => byId.TryGetValue(id, out var a) ? $"{a.SortOrder + 1_000_000:D8}.{id:D9}" : $"{id:D9}")));
    }

    /// <summary>What one indicator contributes: its columns and, per unit, their values.</summary>
    private sealed record Block(IndicatorDefinition Indicator, IndicatorDefinition? Basis);

    private static IndicatorTable? Build(IndicatorTableDefinition layout, OutlineDefinition outline, CampaignData data)
    {
        var blocks = layout.IndicatorIds.Select(id => outline.Indicators.First(i => i.Id == id))
            .Select(i => new Block(i, i.Basis is null ? null : outline.Indicators.FirstOrDefault(b => b.Id == i.Basis))).ToList();

        // Columns: number, unit; then targets of every indicator; then result and % of every indicator (the seed's layout).
        var columns = new List<IndicatorColumn> { new(IndicatorTexts.ColumnNumber, IndicatorCellKind.Text), new(IndicatorTexts.ColumnUnit, IndicatorCellKind.Text) };
        var targetColumn = new Dictionary<string, int>(StringComparer.Ordinal);
        var basisColumn = new Dictionary<string, int>(StringComparer.Ordinal);
        var resultColumn = new Dictionary<string, int>(StringComparer.Ordinal);
        var percentColumn = new Dictionary<string, int>(StringComparer.Ordinal);
        var owedColumn = new Dictionary<string, int>(StringComparer.Ordinal);
        var single = blocks.Count == 1;
        foreach (var b in blocks)
        {
            var kind = Kind(b.Indicator);
            var group = b.Indicator.Name;
            if (b.Basis is { } basis)
            {
                basisColumn[b.Indicator.Id] = columns.Count;
                columns.Add(new(IndicatorTexts.BasisHeader(basis), Kind(basis), Total: true, Group: group, Label: IndicatorTexts.BasisLabel(basis)));
                targetColumn[b.Indicator.Id] = columns.Count;
                columns.Add(new(IndicatorTexts.DueHeader, kind, Total: true, Group: group, Label: IndicatorTexts.DueLabel));
            }
            else
            {
                targetColumn[b.Indicator.Id] = columns.Count;
                columns.Add(new(IndicatorTexts.TargetHeader(b.Indicator, single), kind, Total: true, Group: group, Label: IndicatorTexts.TargetLabel));
            }
        }

        foreach (var b in blocks)
        {
            var kind = Kind(b.Indicator);
            var group = b.Indicator.Name;
            resultColumn[b.Indicator.Id] = columns.Count;
            columns.Add(new(IndicatorTexts.ResultHeader(b.Indicator, single, b.Basis is not null), kind, Total: true, Group: group, Label: b.Basis is null ? IndicatorTexts.ResultLabel : IndicatorTexts.PaidLabel));
            if (b.Basis is not null)
            {
                owedColumn[b.Indicator.Id] = columns.Count;
                columns.Add(new(IndicatorTexts.OwedHeader, kind, Total: true, Group: group, Label: IndicatorTexts.OwedLabel));
            }

            percentColumn[b.Indicator.Id] = columns.Count;
            columns.Add(new(IndicatorTexts.PercentHeader(b.Indicator, single), IndicatorCellKind.Percent, resultColumn[b.Indicator.Id], targetColumn[b.Indicator.Id], Group: group, Label: IndicatorTexts.PercentLabel));
        }

        // Rows: units with a target or a figure for any of the table's indicators.
        var rows = new List<(Unit Unit, decimal?[] Values, string? Note, decimal? SortRatio)>();
        foreach (var unit in data.Units)
        {
            var assigned = data.Targets.GetValueOrDefault(unit.Id) ?? new Dictionary<string, decimal>();
            var values = new decimal?[columns.Count];
            var notes = new List<string>();
            var any = false;
            decimal? sortRatio = null;
            foreach (var b in blocks)
            {
                var id = b.Indicator.Id;
                var target = b.Indicator.TargetFrom(assigned);
                var figure = data.Figures.GetValueOrDefault((unit.Id, id));
                any |= target is not null || figure is not null;
                if (b.Basis is { } basis && assigned.TryGetValue(basis.Id, out var members))
                {
                    values[basisColumn[id]] = members;
                }

                values[targetColumn[id]] = target;
                values[resultColumn[id]] = figure?.Value;
                if (figure is not null && target is { } t)
                {
                    values[percentColumn[id]] = VietnameseFormat.Achievement(figure.Value, t, layout.PercentDecimals);
                    if (b.Basis is not null)
                    {
                        values[owedColumn[id]] = figure.Value < t ? t - figure.Value : null;
                    }
                }

                if (figure?.Note is { } note)
                {
                    notes.Add(blocks.Count == 1 ? note : $"{b.Indicator.Name}: {note}");
                }

                if (id == layout.SortBy && figure is not null && target is > 0)
                {
                    sortRatio = figure.Value / target.Value;
                }
            }

            if (any)
            {
                rows.Add((unit, values, notes.Count == 0 ? null : string.Join("; ", notes), sortRatio));
            }
        }

        if (rows.Count == 0)
        {
            return null;
        }

        // Order: by the sort indicator's achievement, highest first, units without a result after; ties and the rest in tree order.
        var ordered = layout.SortBy is null
            ? rows.OrderBy(r => data.Order[r.Unit.Id], StringComparer.Ordinal).ToList()
            : rows.OrderBy(r => r.SortRatio is null ? 1 : 0).ThenByDescending(r => r.SortRatio ?? 0).ThenBy(r => data.Order[r.Unit.Id], StringComparer.Ordinal).ToList();

        var built = new List<IndicatorRow>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var (unit, values, note, _) = ordered[i];
            values[NumberColumn] = i + 1;
            built.Add(new IndicatorRow(values, Display(columns, values, blocks, resultColumn, layout.PercentDecimals, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), unit.ShortName ?? unit.Name), note, unit.Id));
        }

        var totals = Totals(columns, blocks, built, resultColumn, targetColumn, percentColumn, [.. basisColumn.Values], layout.PercentDecimals);
        var missing = built.Count(r => blocks.Any(b => r.Values[resultColumn[b.Indicator.Id]] is null));
        var footnote = string.Join("\n", new[] { layout.Footnote, missing > 0 ? IndicatorTexts.MissingFootnote(missing) : null }.Where(f => f is not null));
        return new IndicatorTable(layout.Id, layout.Title, columns, built, totals, footnote.Length == 0 ? null : footnote);
    }

    private static IndicatorCellKind Kind(IndicatorDefinition indicator) => indicator.Unit == "đồng" ? IndicatorCellKind.Money : IndicatorCellKind.Number;

    /// <summary>
    /// The totals row: each indicator's targets and results aggregated over the rows by the indicator's own rule
    /// (sum, average of the rows with a figure, or largest), derived columns summed, % recomputed from the totals.
    /// </summary>
    private static IndicatorRow Totals(List<IndicatorColumn> columns, List<Block> blocks, List<IndicatorRow> rows, Dictionary<string, int> resultColumn, Dictionary<string, int> targetColumn, Dictionary<string, int> percentColumn, HashSet<int> basisColumns, int decimals)
    {
        var values = new decimal?[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            if (!columns[c].Total)
            {
                continue;
            }

            var block = blocks.First(b => b.Indicator.Name == columns[c].Group);
            var aggregate = basisColumns.Contains(c) && block.Basis is not null ? block.Basis.Aggregate : block.Indicator.Aggregate;
            var present = rows.Select(r => r.Values[c]).Where(v => v is not null).Select(v => v!.Value).ToList();
            values[c] = present.Count == 0 ? null : aggregate switch
            {
                IndicatorAggregate.Average => Math.Round(present.Average(), 2, MidpointRounding.AwayFromZero),
                IndicatorAggregate.Max => present.Max(),
                _ => present.Sum(),
            };
        }

        foreach (var b in blocks)
        {
            var id = b.Indicator.Id;
            if (values[resultColumn[id]] is { } result && values[targetColumn[id]] is { } target)
            {
                values[percentColumn[id]] = VietnameseFormat.Achievement(result, target, decimals);
            }
        }

        return new IndicatorRow(values, Display(columns, values, blocks, resultColumn, decimals, "", IndicatorTexts.TotalsLabel(rows.Count)), null);
    }

    private static string[] Display(List<IndicatorColumn> columns, decimal?[] values, List<Block> blocks, Dictionary<string, int> resultColumn, int decimals, string number, string unit)
    {
        var noResult = blocks.Where(b => values[resultColumn[b.Indicator.Id]] is null).Select(b => resultColumn[b.Indicator.Id]).ToHashSet();
        var display = new string[columns.Count];
        display[NumberColumn] = number;
        display[UnitColumn] = unit;
        for (var c = 2; c < columns.Count; c++)
        {
            display[c] = values[c] is { } v
                ? columns[c].Kind == IndicatorCellKind.Percent ? VietnameseFormat.Percent(v, decimals) : VietnameseFormat.Number(v)
                : noResult.Contains(c) ? IndicatorTexts.NoResult : "";
        }

        return display;
    }
}
