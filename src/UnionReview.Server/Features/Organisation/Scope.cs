using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Organisation;

/// <summary>Which units a person may see: the units of their memberships and everything below them.</summary>
public static class Scope
{
    /// <summary>Ids of the units in the subtrees of <paramref name="roots"/>.</summary>
    public static async Task<List<int>> SubtreeUnitIdsAsync(UnionReviewDb db, IEnumerable<int> roots, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rootIds = roots.Distinct().ToList();
        var paths = await db.Units.Where(u => rootIds.Contains(u.Id)).Select(u => u.Path).ToListAsync(cancellationToken);
        var all = await db.Units.Select(u => new { u.Id, u.Path }).ToListAsync(cancellationToken);
        return [.. all.Where(u => paths.Any(p => u.Path.StartsWith(p, StringComparison.Ordinal))).Select(u => u.Id)];
    }

    /// <summary>Active campaigns in which at least one of <paramref name="unitIds"/> takes part.</summary>
    public static IQueryable<Campaign> ActiveCampaigns(UnionReviewDb db, IReadOnlyCollection<int> unitIds)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Campaigns.Where(c => c.IsActive && db.CampaignUnits.Any(cu => cu.CampaignId == c.Id && unitIds.Contains(cu.UnitId)));
    }

    /// <summary>The campaign with this id, or the newest active campaign when <paramref name="campaignId"/> is null; null if none.</summary>
    public static Task<Campaign?> CampaignOrNewestActiveAsync(UnionReviewDb db, int? campaignId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return campaignId is { } id
            ? db.Campaigns.FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
            : db.Campaigns.Where(c => c.IsActive).OrderByDescending(c => c.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Units in the scope of a person's committee or admin memberships.</summary>
    public static Task<List<int>> CommitteeScopeAsync(UnionReviewDb db, IEnumerable<Membership> memberships, CancellationToken cancellationToken) =>
        SubtreeUnitIdsAsync(db, memberships.Where(m => m.Role is Role.Committee or Role.Admin).Select(m => m.UnitId), cancellationToken);

    /// <summary>Adds a unit under <paramref name="parentId"/> with its materialised path.</summary>
    public static async Task<Unit> AddUnitAsync(UnionReviewDb db, string name, string? shortName, int levelId, int? parentId, int sortOrder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var parentPath = parentId is { } pid ? (await db.Units.SingleAsync(u => u.Id == pid, cancellationToken)).Path : "/";
        var unit = new Unit { Name = name, ShortName = shortName, LevelId = levelId, ParentId = parentId, SortOrder = sortOrder, Path = parentPath };
        db.Units.Add(unit);
        await db.SaveChangesAsync(cancellationToken);
        unit.Path = $"{parentPath}{unit.Id}/";
        await db.SaveChangesAsync(cancellationToken);
        return unit;
    }
}
