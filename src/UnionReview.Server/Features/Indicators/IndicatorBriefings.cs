using System.Text;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Indicators;

/// <summary>
/// Before a question that names a table (<c>table:</c> in the outline), shows the unit's own rows of that table
/// (its rank, target, result and %) and the totals, so the officer comments on the figures in front of them.
/// </summary>
public sealed class IndicatorBriefings(IIndicatorTables tables) : IBriefingProvider
{
    public async Task<IReadOnlyDictionary<string, string>> BriefingsAsync(UnionReviewDb db, Campaign campaign, Unit unit, OutlineDefinition outline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(outline);
        var asking = outline.Questions.Where(q => q.Table is not null).ToList();
        if (asking.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        // Ranks and totals are those of the whole campaign; only this unit's rows are shown.
        var everyone = await db.CampaignUnits.Where(cu => cu.CampaignId == campaign.Id).Select(cu => cu.UnitId).ToListAsync(cancellationToken);
        var built = (await tables.BuildAsync(db, campaign.Id, everyone, cancellationToken)).ToDictionary(t => t.Key, StringComparer.Ordinal);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var q in asking)
        {
            texts[q.Id] = built.TryGetValue(q.Table!, out var table) ? Briefing(table, unit) : IndicatorTexts.BriefingNoRow(unit.ShortName ?? unit.Name);
        }

        return texts;
    }

    /// <summary>The unit's rows and the totals of one table.</summary>
    public static string Briefing(IndicatorTable table, Unit unit)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(unit);
        var name = unit.ShortName ?? unit.Name;
        var rows = table.Rows.Where(r => r.UnitId == unit.Id).ToList();
        if (rows.Count == 0)
        {
            return IndicatorTexts.BriefingNoRow(name) + "\n" + IndicatorTexts.TableTitle(table.Title);
        }

        var text = new StringBuilder(IndicatorTexts.BriefingIntro(name)).Append('\n').Append(IndicatorTexts.TableTitle(table.Title));
        foreach (var row in rows)
        {
            text.Append('\n').Append(IndicatorTableRenderer.RowBlock(table, row, $"{row.Display[IndicatorTables.NumberColumn]}/{table.Rows.Count}. "));
        }

        if (table.Totals is { } totals)
        {
            text.Append('\n').Append(IndicatorTableRenderer.RowBlock(table, totals, "Σ "));
        }

        return text.ToString();
    }
}
