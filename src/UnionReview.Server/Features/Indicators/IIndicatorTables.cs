using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Indicators;

/// <summary>How a column's values are written and what they mean.</summary>
public enum IndicatorCellKind
{
    /// <summary>A label (unit name, row number).</summary>
    Text,
    /// <summary>A count (người, CĐCS, tin bài).</summary>
    Number,
    /// <summary>An amount in đồng.</summary>
    Money,
    /// <summary>Achievement vs. plan: <see cref="IndicatorColumn.NumeratorColumn"/> / <see cref="IndicatorColumn.DenominatorColumn"/> × 100.</summary>
    Percent,
}

/// <summary>
/// A column of an indicator table. Percent columns name the columns they divide (so a spreadsheet can write a
/// formula); <see cref="Total"/> columns are summed in the totals row. <see cref="Group"/> names the indicator the
/// column belongs to and <see cref="Label"/> its short name within that group (for chat text).
/// </summary>
public sealed record IndicatorColumn(string Header, IndicatorCellKind Kind, int? NumeratorColumn = null, int? DenominatorColumn = null, bool Total = false, string? Group = null, string? Label = null);

/// <summary>
/// One row: a value per column (null where there is no figure, e.g. a unit with no result yet) and the text
/// as the service prints it (Vietnamese number format; "chưa có kết quả" rather than 0%).
/// </summary>
public sealed record IndicatorRow(IReadOnlyList<decimal?> Values, IReadOnlyList<string> Display, string? Note = null, int? UnitId = null);

/// <summary>A rendered indicator table like those of seed 004: unit, target, result, % achievement, totals.</summary>
public sealed record IndicatorTable(string Key, string Title, IReadOnlyList<IndicatorColumn> Columns, IReadOnlyList<IndicatorRow> Rows, IndicatorRow? Totals, string? Footnote = null);

/// <summary>Builds the indicator tables of a campaign for the units in a scope (digests, documents, briefings).</summary>
public interface IIndicatorTables
{
    Task<IReadOnlyList<IndicatorTable>> BuildAsync(UnionReviewDb db, int campaignId, IReadOnlyCollection<int> scopeUnitIds, CancellationToken cancellationToken);
}
