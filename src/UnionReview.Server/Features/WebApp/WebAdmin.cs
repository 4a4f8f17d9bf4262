using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.WebApp;

/// <summary>A unit the office has retired: kept with its reports and history, no longer a parent or a new participant.</summary>
public sealed class UnitRetirement
{
    public int UnitId { get; set; }
    public DateTimeOffset RetiredAt { get; set; }
    public int RetiredById { get; set; }
}

internal sealed class UnitRetirementConfiguration : IEntityTypeConfiguration<UnitRetirement>
{
    public void Configure(EntityTypeBuilder<UnitRetirement> b)
    {
        b.ToTable("unit_retirements");
        b.HasKey(r => r.UnitId);
        b.Property(r => r.UnitId).ValueGeneratedNever();
    }
}

/// <summary>What an admin change came to: done, or refused with a key of <see cref="WebAdminTexts.Problems"/>.</summary>
public sealed record AdminOutcome(bool Ok, string Key, int? Id = null)
{
    public static AdminOutcome Done(string key, int? id = null) => new(true, key, id);

    public static AdminOutcome Refused(string key) => new(false, key);
}

/// <summary>
/// The office's changes on the web. An admin acts only inside the subtree of their admin memberships (the chat's
/// <see cref="Scope"/>); every change is written to the audit log with who, when, what, and the state before and after.
/// </summary>
public sealed class WebAdmin(TimeProvider clock, InviteService invites)
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>The units an admin may change: the subtrees of their admin memberships only.</summary>
    public static Task<List<int>> AdminScopeAsync(UnionReviewDb db, int personId, CancellationToken ct) =>
        Scope.SubtreeUnitIdsAsync(db, db.Memberships.Where(m => m.PersonId == personId && m.Role == Role.Admin).Select(m => m.UnitId).ToList(), ct);

    /// <summary>People with at least one membership inside <paramref name="scope"/>.</summary>
    public static IQueryable<Person> PeopleIn(UnionReviewDb db, IReadOnlyCollection<int> scope) =>
        db.People.Where(p => db.Memberships.Any(m => m.PersonId == p.Id && scope.Contains(m.UnitId)));

    /// <summary>Levels are shared by the whole tree, so only an admin of a top unit changes them.</summary>
    public static Task<bool> MayEditLevelsAsync(UnionReviewDb db, IReadOnlyCollection<int> scope, CancellationToken ct) =>
        db.Units.AnyAsync(u => u.ParentId == null && scope.Contains(u.Id), ct);

    private void Audit(UnionReviewDb db, int personId, string action, string subject, object? before, object? after) =>
        db.AuditEntries.Add(new AuditEntry
        {
            PersonId = personId, At = clock.GetUtcNow(), Action = action, Subject = subject,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        });

    private static string? Clean(string? text, int max)
    {
        var t = (text ?? "").Trim();
        return t.Length == 0 || t.Length > max ? null : t;
    }

    private static Task<bool> RetiredAsync(UnionReviewDb db, int unitId, CancellationToken ct) => db.UnitRetirements.AnyAsync(r => r.UnitId == unitId, ct);

    public async Task<AdminOutcome> AddUnitAsync(UnionReviewDb db, int adminId, int parentId, string? name, string? shortName, int levelId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var scope = await AdminScopeAsync(db, adminId, ct);
        var clean = Clean(name, 200);
        if (!scope.Contains(parentId) || await RetiredAsync(db, parentId, ct))
        {
            return AdminOutcome.Refused("not-found");
        }

        if (clean is null)
        {
            return AdminOutcome.Refused("name-required");
        }

        if (!await db.UnitLevels.AnyAsync(l => l.Id == levelId, ct))
        {
            return AdminOutcome.Refused("level-required");
        }

        var order = await db.Units.Where(u => u.ParentId == parentId).Select(u => (int?)u.SortOrder).MaxAsync(ct) ?? 0;
        var unit = await Scope.AddUnitAsync(db, clean, Clean(shortName, 60), levelId, parentId, order + 1, ct);
        Audit(db, adminId, "unit-added", $"unit:{unit.Id}", null, new { unit.Name, unit.ShortName, unit.LevelId, unit.ParentId });
        await db.SaveChangesAsync(ct);
        return AdminOutcome.Done("unit-added", unit.Id);
    }

    public async Task<AdminOutcome> RenameUnitAsync(UnionReviewDb db, int adminId, int unitId, string? name, string? shortName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var scope = await AdminScopeAsync(db, adminId, ct);
        var unit = scope.Contains(unitId) ? await db.Units.FirstOrDefaultAsync(u => u.Id == unitId, ct) : null;
        if (unit is null)
        {
            return AdminOutcome.Refused("not-found");
        }

        var clean = Clean(name, 200);
        if (clean is null)
        {
            return AdminOutcome.Refused("name-required");
        }

        var before = new { unit.Name, unit.ShortName };
        unit.Name = clean;
        unit.ShortName = Clean(shortName, 60);
        Audit(db, adminId, "unit-renamed", $"unit:{unit.Id}", before, new { unit.Name, unit.ShortName });
        await db.SaveChangesAsync(ct);
        return AdminOutcome.Done("unit-renamed", unit.Id);
    }

    /// <summary>Moves a unit and its subtree under another unit of the admin's scope (never under itself).</summary>
    public async Task<AdminOutcome> MoveUnitAsync(UnionReviewDb db, int adminId, int unitId, int parentId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var scope = await AdminScopeAsync(db, adminId, ct);
        var unit = scope.Contains(unitId) ? await db.Units.FirstOrDefaultAsync(u => u.Id == unitId, ct) : null;
        var parent = scope.Contains(parentId) ? await db.Units.FirstOrDefaultAsync(u => u.Id == parentId, ct) : null;
        if (unit is null || parent is null || await RetiredAsync(db, parentId, ct))
        {
            return AdminOutcome.Refused("not-found");
        }

        if (parent.Path.StartsWith(unit.Path, StringComparison.Ordinal))
        {
            return AdminOutcome.Refused("move-into-itself");
        }

        if (unit.ParentId == parentId)
        {
            return AdminOutcome.Done("nothing-changed", unit.Id);
        }

        var oldPath = unit.Path;
        var newPath = $"{parent.Path}{unit.Id}/";
        var before = new { unit.ParentId, Path = oldPath };
        var subtree = await db.Units.Where(u => u.Path.StartsWith(oldPath)).ToListAsync(ct);
        foreach (var u in subtree)
        {
            u.Path = newPath + u.Path[oldPath.Length..];
        }

        unit.ParentId = parentId;
        Audit(db, adminId, "unit-moved", $"unit:{unit.Id}", before, new { unit.ParentId, unit.Path });
        await db.SaveChangesAsync(ct);
        return AdminOutcome.Done("unit-moved", unit.Id);
    }

    /// <summary>
    /// Retires a unit with no active units below it: it stays with its reports, and leaves the active campaigns in
    /// which it has not started a report.
    /// </summary>
    public async Task<AdminOutcome> RetireUnitAsync(UnionReviewDb db, int adminId, int unitId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var scope = await AdminScopeAsync(db, adminId, ct);
        var unit = scope.Contains(unitId) ? await db.Units.FirstOrDefaultAsync(u => u.Id == unitId, ct) : null;
        if (unit is null || await RetiredAsync(db, unitId, ct))
        {
            return AdminOutcome.Refused("not-found");
        }

        if (unit.ParentId is null || await db.Memberships.AnyAsync(m => m.PersonId == adminId && m.Role == Role.Admin && m.UnitId == unitId, ct))
        {
            return AdminOutcome.Refused("retire-own-root");
        }

        if (await db.Units.AnyAsync(u => u.ParentId == unitId && !db.UnitRetirements.Any(r => r.UnitId == u.Id), ct))
        {
            return AdminOutcome.Refused("retire-has-children");
        }

        var leaving = await db.CampaignUnits
            .Where(cu => cu.UnitId == unitId && db.Campaigns.Any(c => c.Id == cu.CampaignId && c.IsActive)
                         && !db.Reports.Any(r => r.UnitId == unitId && r.CampaignId == cu.CampaignId))
            .ToListAsync(ct);
        db.CampaignUnits.RemoveRange(leaving);
        db.UnitRetirements.Add(new UnitRetirement { UnitId = unitId, RetiredAt = clock.GetUtcNow(), RetiredById = adminId });
        Audit(db, adminId, "unit-retired", $"unit:{unit.Id}", new { unit.Name, Campaigns = leaving.Select(l => l.CampaignId).ToList() }, new { unit.Name, Retired = true });
        await db.SaveChangesAsync(ct);
        return AdminOutcome.Done("unit-retired", unit.Id);
    }

    public async Task<AdminOutcome> AddLevelAsync(UnionReviewDb db, int adminId, string? name, int rank, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await MayEditLevelsAsync(db, await AdminScopeAsync(db, adminId, ct), ct))
        {
            return AdminOutcome.Refused("levels-top-only");
        }

        var clean = Clean(name, 120);
        if (clean is null || rank is < 0 or > 20)
        {
            return AdminOutcome.Refused("name-required");
        }

        var level = new UnitLevel { Name = clean, Rank = rank };
        db.UnitLevels.Add(level);
        await db.SaveChangesAsync(ct);
        Audit(db, adminId, "level-added", $"level:{level.Id}", null, new { level.Name, level.Rank });
        await db.SaveChangesAsync(ct);
        return AdminOutcome.Done("level-added", level.Id);
    }

    public async Task<AdminOutcome> RenameLevelAsync(UnionReviewDb db, int adminId, int levelId, string? name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await MayEditLevelsAsync(db, await AdminScopeAsync(db, adminId, ct), ct))
        {
            return AdminOutcome.Refused("levels-top-only");
        }

        var level = await db.UnitLevels.FirstOrDefaultAsync(l => l.Id == levelId, ct);
        var clean = Clean(name, 120);
        if (level is null)
        {
            return AdminOutcome.Refused("not-found");
        }

        if (clean is null)
        {
            return AdminOutcome.Refused("name-required");
        }

        var before = new { level.Name };
        level.Name = clean;
        Audit(db, adminId, "level-renamed", $"level:{level.Id}", before, new { level.Name });
        await db.SaveChangesAsync(ct);
        return AdminOutcome.Done("level-renamed", level.Id);
    }

    /// <summary>A new person with a first role in a unit of the admin's scope.</summary>
    public async Task<AdminOutcome> AddPersonAsync(UnionReviewDb db, int adminId, string? name, string? phone, int unitId, Role role, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var scope = await AdminScopeAsync(db, adminId, ct);
        if (!scope.Contains(unitId) || await RetiredAsync(db, unitId, ct))
        {
            return AdminOutcome.Refused("not-found");
        }

        var clean = Clean(name, 120);
        if (clean is null)
        {
            return AdminOutcome.Refused("name-required");
        }

        var person = new Person { FullName = clean, Phone = Clean(phone, 30), CreatedAt = clock.GetUtcNow() };
        db.People.Add(person);
        await db.SaveChangesAsync(ct);
        db.Memberships.Add(new Membership { PersonId = person.Id, UnitId = unitId, Role = role });
        Audit(db, adminId, "person-added", $"person:{person.Id}", null, new { person.FullName, person.Phone, UnitId = unitId, Role = role.ToString() });
        await db.SaveChangesAsync(ct);
        return AdminOutcome.Done("person-added", person.Id);
    }

    public async Task<AdminOutcome> AddMembershipAsync(UnionReviewDb db, int adminId, int personId, int unitId, Role role, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var scope = await AdminScopeAsync(db, adminId, ct);
        if (!scope.Contains(unitId) || await RetiredAsync(db, unitId, ct) || !await PeopleIn(db, scope).AnyAsync(p => p.Id == personId, ct))
        {
            return AdminOutcome.Refused("not-found");
        }

        if (await db.Memberships.AnyAsync(m => m.PersonId == personId && m.UnitId == unitId && m.Role == role, ct))
        {
            return AdminOutcome.Done("nothing-changed", personId);
        }

        var membership = new Membership { PersonId = personId, UnitId = unitId, Role = role };
        db.Memberships.Add(membership);
        await db.SaveChangesAsync(ct);
        Audit(db, adminId, "role-granted", $"person:{personId}", null, new { MembershipId = membership.Id, UnitId = unitId, Role = role.ToString() });
        await db.SaveChangesAsync(ct);
        return AdminOutcome.Done("role-granted", personId);
    }

    public async Task<AdminOutcome> RemoveMembershipAsync(UnionReviewDb db, int adminId, int membershipId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var scope = await AdminScopeAsync(db, adminId, ct);
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.Id == membershipId, ct);
        if (membership is null || !scope.Contains(membership.UnitId))
        {
            return AdminOutcome.Refused("not-found");
        }

        if (membership.PersonId == adminId && membership.Role == Role.Admin)
        {
            return AdminOutcome.Refused("remove-own-admin");
        }

        db.Memberships.Remove(membership);
        Audit(db, adminId, "role-removed", $"person:{membership.PersonId}", new { MembershipId = membership.Id, membership.UnitId, Role = membership.Role.ToString() }, null);
        await db.SaveChangesAsync(ct);
        return AdminOutcome.Done("role-removed", membership.PersonId);
    }

    /// <summary>A single-use invite code for a person of the admin's scope.</summary>
    public async Task<(AdminOutcome Outcome, InviteCode? Invite)> CreateInviteAsync(UnionReviewDb db, int adminId, int personId, int days, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var scope = await AdminScopeAsync(db, adminId, ct);
        if (!await PeopleIn(db, scope).AnyAsync(p => p.Id == personId, ct))
        {
            return (AdminOutcome.Refused("not-found"), null);
        }

        if (days is < 1 or > 90)
        {
            return (AdminOutcome.Refused("days-range"), null);
        }

        var invite = await invites.CreateAsync(db, personId, TimeSpan.FromDays(days), ct);
        Audit(db, adminId, "invite-created", $"person:{personId}", null, new { InviteId = invite.Id, invite.ExpiresAt });
        await db.SaveChangesAsync(ct);
        return (AdminOutcome.Done("invite-created", personId), invite);
    }
}
