using System.Globalization;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Persistence;
using T = UnionReview.Server.Features.Indicators.Import.TargetImportTexts;

namespace UnionReview.Server.Features.Indicators.Import;

/// <summary>What import, listing and templates need to know about a campaign: its outline's indicators and its units.</summary>
internal sealed class CampaignTargetContext
{
    private CampaignTargetContext(Campaign campaign, OutlineDefinition outline, List<Unit> units, HashSet<int> participants)
    {
        Campaign = campaign;
        Outline = outline;
        Units = units;
        Participants = participants;
        UnitsById = units.ToDictionary(u => u.Id);
        _byName = units.ToLookup(u => u.Name, StringComparer.Ordinal);
        _byShortName = units.Where(u => u.ShortName is not null).ToLookup(u => u.ShortName!, StringComparer.Ordinal);
    }

    private readonly ILookup<string, Unit> _byName;
    private readonly ILookup<string, Unit> _byShortName;

    public Campaign Campaign { get; }
    public OutlineDefinition Outline { get; }
    public IReadOnlyList<Unit> Units { get; }
    public IReadOnlyDictionary<int, Unit> UnitsById { get; }
    public IReadOnlySet<int> Participants { get; }

    public static async Task<CampaignTargetContext> LoadAsync(UnionReviewDb db, OutlineCatalog outlines, int campaignId, CancellationToken cancellationToken)
    {
        var campaign = await db.Campaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken)
            ?? throw new TargetFileException(T.NoCampaign(campaignId));
        var outline = outlines.Find(campaign.OutlineId) ?? throw new TargetFileException(T.NoOutline(campaign.OutlineId, campaign.Name));
        if (outline.Indicators.Count == 0)
        {
            throw new TargetFileException(T.NoIndicators(outline.Id));
        }

        var units = await db.Units.AsNoTracking().ToListAsync(cancellationToken);
        var participants = await db.CampaignUnits.Where(c => c.CampaignId == campaignId).Select(c => c.UnitId).ToListAsync(cancellationToken);
        return new CampaignTargetContext(campaign, outline, units, [.. participants]);
    }

    /// <summary>
    /// A unit by id (digits) or by exact name, else exact short name (NFC, trimmed; case and diacritics count). When a
    /// name fits several units and exactly one of them takes part in the campaign, that one is meant.
    /// </summary>
    public (Unit? Unit, string? Error) ResolveUnit(string text)
    {
        if (text.Length == 0)
        {
            return (null, T.EmptyUnit);
        }

        if (text.All(char.IsAsciiDigit))
        {
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && UnitsById.TryGetValue(id, out var byId) ? (byId, null) : (null, T.UnknownUnitId(text));
        }

        var matches = _byName[text].ToList();
        if (matches.Count == 0)
        {
            matches = [.. _byShortName[text]];
        }

        if (matches.Count > 1)
        {
            var inCampaign = matches.Where(u => Participants.Contains(u.Id)).ToList();
            return inCampaign.Count == 1 ? (inCampaign[0], null) : (null, T.AmbiguousUnit(text, matches.Select(u => u.Id).Order()));
        }

        return matches.Count == 1 ? (matches[0], null) : (null, T.UnknownUnitName(text));
    }

    /// <summary>An indicator of the campaign's outline by id (case ignored) or by exact name (NFC, trimmed).</summary>
    public IndicatorDefinition? ResolveIndicator(string text) =>
        Outline.Indicators.FirstOrDefault(i => string.Equals(i.Id, text, StringComparison.OrdinalIgnoreCase))
        ?? Outline.Indicators.FirstOrDefault(i => string.Equals(i.Name.Normalize(System.Text.NormalizationForm.FormC).Trim(), text, StringComparison.Ordinal));

    /// <summary>How a template names a unit: its name, or its id where the name would be ambiguous.</summary>
    public string TemplateName(Unit unit) => ResolveUnit(unit.Name).Unit?.Id == unit.Id ? unit.Name : unit.Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The participating units in tree order (parents before children, siblings by their sort order).</summary>
    public List<Unit> ParticipantsInTreeOrder() =>
        [.. Units.Where(u => Participants.Contains(u.Id)).OrderBy(TreeKey, StringComparer.Ordinal)];

    private string TreeKey(Unit unit) =>
        string.Concat(unit.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && UnitsById.TryGetValue(id, out var u) ? u : null)
            .Select(u => u is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{u.SortOrder:D9}.{u.Id:D9}/")));
}
