using System.Net;
using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.WebApp;

/// <summary>The office's admin pages over real HTTP on a real SQLite file: changes, their audit, and the admin's subtree.</summary>
public sealed class WebAdminTests
{
    private static async Task<int> AddPersonAsync(ServiceHost host, string name, string unitName, Role role)
    {
        await using var db = host.OpenDb();
        var unit = await db.Units.SingleAsync(u => u.Name == unitName);
        var person = new Person { FullName = name, CreatedAt = host.Clock.GetUtcNow() };
        db.People.Add(person);
        await db.SaveChangesAsync();
        db.Memberships.Add(new Membership { PersonId = person.Id, UnitId = unit.Id, Role = role });
        await db.SaveChangesAsync();
        return person.Id;
    }

    private static async Task<int> UnitIdAsync(ServiceHost host, string name)
    {
        await using var db = host.OpenDb();
        return (await db.Units.SingleAsync(u => u.Name == name)).Id;
    }

    [Fact]
    public async Task An_admin_adds_renames_moves_and_retires_a_unit_and_each_change_is_audited_with_before_and_after()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var admin = await WebAppSecurityTests.SignedInAsync(host, Demo.Admin);
        Assert.Contains("/app/admin/", await admin.GetPageAsync("/app/"), StringComparison.Ordinal);
        var city = await UnitIdAsync(host, "LĐLĐ Thành phố");
        var phucHoa = await UnitIdAsync(host, "LĐLĐ Phục Hòa");
        int level;
        await using (var db = host.OpenDb())
        {
            level = (await db.UnitLevels.SingleAsync(l => l.Name == "Công đoàn cơ sở")).Id;
        }

        int id;
        using (var added = await admin.PostFromPageAsync("/app/admin/units", "/app/admin/units", new() { ["parent"] = $"{city}", ["level"] = $"{level}", ["name"] = "CĐCS Trường Tiểu học Hợp Giang", ["short"] = "" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
            id = int.Parse(added.Headers.Location!.OriginalString.Split('/')[^1].Split('?')[0], System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.Contains("CĐCS Trường Tiểu học Hợp Giang", await admin.GetPageAsync("/app/admin/units"), StringComparison.Ordinal);
        using (var renamed = await admin.PostFromPageAsync($"/app/admin/units/{id}", $"/app/admin/units/{id}/rename", new() { ["name"] = "CĐCS Trường Tiểu học Hợp Giang (mới)", ["short"] = "CĐCS TH HG" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        }

        using (var moved = await admin.PostFromPageAsync($"/app/admin/units/{id}", $"/app/admin/units/{id}/move", new() { ["parent"] = $"{phucHoa}" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        }

        // A unit cannot move under its own subtree.
        using (var loop = await admin.PostFromPageAsync($"/app/admin/units/{city}", $"/app/admin/units/{city}/move", new() { ["parent"] = $"{await UnitIdAsync(host, "CĐCS Trường THPT Thành phố Cao Bằng")}" }))
        {
            Assert.Contains("error=move-into-itself", loop.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        using (var retired = await admin.PostFromPageAsync($"/app/admin/units/{id}", $"/app/admin/units/{id}/retire", []))
        {
            Assert.Equal(HttpStatusCode.Redirect, retired.StatusCode);
        }

        await using (var db = host.OpenDb())
        {
            var unit = await db.Units.SingleAsync(u => u.Id == id);
            var parent = await db.Units.SingleAsync(u => u.Id == phucHoa);
            Assert.Equal("CĐCS Trường Tiểu học Hợp Giang (mới)", unit.Name);
            Assert.Equal(phucHoa, unit.ParentId);
            Assert.Equal($"{parent.Path}{id}/", unit.Path);
            Assert.True(await db.UnitRetirements.AnyAsync(r => r.UnitId == id && r.RetiredById == Demo.Admin));
            var audit = await db.AuditEntries.Where(a => a.Subject == $"unit:{id}").OrderBy(a => a.Id).ToListAsync();
            Assert.Equal(["unit-added", "unit-renamed", "unit-moved", "unit-retired"], audit.Select(a => a.Action));
            Assert.All(audit, a => Assert.Equal(Demo.Admin, a.PersonId));
            Assert.Contains("Hợp Giang\"", audit[1].Before!, StringComparison.Ordinal);
            Assert.Contains("Hợp Giang (mới)", audit[1].After!, StringComparison.Ordinal);
            Assert.Contains($"\"ParentId\":{city}", audit[2].Before!, StringComparison.Ordinal);
            Assert.Contains($"\"ParentId\":{phucHoa}", audit[2].After!, StringComparison.Ordinal);
        }

        var log = await admin.GetPageAsync("/app/admin/audit");
        Assert.Contains("Chuyển đơn vị", log, StringComparison.Ordinal);
        Assert.Contains("Phạm Thị Dung", log, StringComparison.Ordinal);

        // Levels are data: a new level appears in the choice of levels.
        using (var newLevel = await admin.PostFromPageAsync("/app/admin/units", "/app/admin/levels", new() { ["name"] = "Tổ công đoàn", ["rank"] = "3" }))
        {
            Assert.Contains("ok=level-added", newLevel.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        Assert.Contains("<option value=\"", (await admin.GetPageAsync("/app/admin/units")).Split("Tổ công đoàn")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_district_admin_sees_and_changes_only_their_subtree_and_other_roles_are_refused()
    {
        await using var host = new ServiceHost(kestrel: true);
        var district = await AddPersonAsync(host, "Vi Thị Hằng", "LĐLĐ Thành phố", Role.Admin);
        var hospital = await UnitIdAsync(host, "CĐCS Bệnh viện Đa khoa tỉnh");
        var school = await UnitIdAsync(host, "CĐCS Trường THPT Thành phố Cao Bằng");
        var phucHoa = await UnitIdAsync(host, "LĐLĐ Phục Hòa");
        using var admin = await WebAppSecurityTests.SignedInAsync(host, district);

        var units = await admin.GetPageAsync("/app/admin/units");
        Assert.Contains("CĐCS Trường THPT Thành phố Cao Bằng", units, StringComparison.Ordinal);
        Assert.DoesNotContain("Bệnh viện", units, StringComparison.Ordinal);
        Assert.DoesNotContain("action=\"/app/admin/levels\"", units, StringComparison.Ordinal);
        var people = await admin.GetPageAsync("/app/admin/people");
        Assert.Contains("Nguyễn Văn An", people, StringComparison.Ordinal);
        Assert.DoesNotContain("Nông Văn Đức", people, StringComparison.Ordinal);

        using (var outside = await admin.Http.GetAsync($"/app/admin/units/{hospital}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        }

        using (var person = await admin.Http.GetAsync($"/app/admin/people/{Demo.HospitalOfficer}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, person.StatusCode);
        }

        using (var rename = await admin.PostFromPageAsync("/app/admin/units", $"/app/admin/units/{hospital}/rename", new() { ["name"] = "Đổi trộm" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, rename.StatusCode);
        }

        using (var move = await admin.PostFromPageAsync("/app/admin/units", $"/app/admin/units/{school}/move", new() { ["parent"] = $"{phucHoa}" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, move.StatusCode);
        }

        using (var grant = await admin.PostFromPageAsync("/app/admin/people", $"/app/admin/people/{Demo.GrassrootsOfficer}/roles", new() { ["unit"] = $"{hospital}", ["role"] = "Admin" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, grant.StatusCode);
        }

        using (var level = await admin.PostFromPageAsync("/app/admin/units", "/app/admin/levels", new() { ["name"] = "Cấp mới", ["rank"] = "4" }))
        {
            Assert.Contains("error=levels-top-only", level.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        await using (var db = host.OpenDb())
        {
            Assert.Equal("CĐCS Bệnh viện Đa khoa tỉnh", (await db.Units.SingleAsync(u => u.Id == hospital)).Name);
            Assert.NotEqual(phucHoa, (await db.Units.SingleAsync(u => u.Id == school)).ParentId);
            Assert.False(await db.Memberships.AnyAsync(m => m.UnitId == hospital && m.Role == Role.Admin));
            Assert.False(await db.UnitLevels.AnyAsync(l => l.Name == "Cấp mới"));
            Assert.False(await db.AuditEntries.AnyAsync());
        }

        // Within the subtree the district admin does change things.
        using (var ok = await admin.PostFromPageAsync($"/app/admin/units/{school}", $"/app/admin/units/{school}/rename", new() { ["name"] = "CĐCS Trường THPT Thành phố", ["short"] = "" }))
        {
            Assert.Contains("ok=unit-renamed", ok.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        // An officer and a committee member get no admin page at all.
        foreach (var personId in new[] { Demo.GrassrootsOfficer, Demo.CommitteeMember })
        {
            using var other = await WebAppSecurityTests.SignedInAsync(host, personId);
            foreach (var path in new[] { "/app/admin/", "/app/admin/units", $"/app/admin/people/{Demo.GrassrootsOfficer}", "/app/admin/audit" })
            {
                using var response = await other.Http.GetAsync(path);
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            }
        }
    }

    [Fact]
    public async Task An_invite_made_on_the_person_page_shows_its_code_and_a_QR_code_and_is_audited()
    {
        await using var host = new ServiceHost(kestrel: true);
        var school = await UnitIdAsync(host, "CĐCS Trường THPT Thành phố Cao Bằng");
        using var admin = await WebAppSecurityTests.SignedInAsync(host, Demo.Admin);
        int personId;
        using (var added = await admin.PostFromPageAsync("/app/admin/people", "/app/admin/people", new() { ["name"] = "Lục Văn Giang", ["phone"] = "0912 345 678", ["unit"] = $"{school}", ["role"] = "Officer" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
            personId = int.Parse(added.Headers.Location!.OriginalString.Split('/')[^1].Split('?')[0], System.Globalization.CultureInfo.InvariantCulture);
        }

        string location;
        using (var made = await admin.PostFromPageAsync($"/app/admin/people/{personId}", $"/app/admin/people/{personId}/invites", new() { ["days"] = "7" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
            location = made.Headers.Location!.OriginalString;
        }

        var page = await admin.GetPageAsync(location);
        await using var db = host.OpenDb();
        var invite = await db.InviteCodes.SingleAsync(i => i.PersonId == personId);
        Assert.Contains(invite.Code, page, StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.Contains("Mã QR của đường dẫn mời", page, StringComparison.Ordinal);
        Assert.Equal(["person-added", "invite-created"], await db.AuditEntries.Where(a => a.Subject == $"person:{personId}").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.True(await db.Memberships.AnyAsync(m => m.PersonId == personId && m.UnitId == school && m.Role == Role.Officer));
    }

    [Fact]
    public async Task Campaigns_show_outline_units_and_deadlines_and_outlines_show_their_validation_result()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var admin = await WebAppSecurityTests.SignedInAsync(host, Demo.Admin);
        var campaigns = await admin.GetPageAsync("/app/admin/campaigns");
        Assert.Contains("Sơ kết giữa nhiệm kỳ", campaigns, StringComparison.Ordinal);
        Assert.Contains("Công đoàn cơ sở: 25/11/", campaigns, StringComparison.Ordinal);
        Assert.Contains("CĐCS Bệnh viện Đa khoa tỉnh", campaigns, StringComparison.Ordinal);
        var outlines = await admin.GetPageAsync("/app/admin/outlines");
        Assert.Contains("so-ket-giua-nhiem-ky.yaml", outlines, StringComparison.Ordinal);
        Assert.Contains("✓ Hợp lệ", outlines, StringComparison.Ordinal);
        Assert.DoesNotContain("✗", outlines, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_outline_file_is_listed_with_its_line_and_problem()
    {
        var folder = Directory.CreateTempSubdirectory("outlines-").FullName;
        var source = UnionReview.Server.Features.Reports.OutlineCatalog.ResolveDirectory(null);
        File.Copy(Path.Combine(source, "so-ket-giua-nhiem-ky.yaml"), Path.Combine(folder, "so-ket-giua-nhiem-ky.yaml"));
        File.Copy(Path.Combine(source, "thao-luan-hoi-nghi-bch.yaml"), Path.Combine(folder, "thao-luan-hoi-nghi-bch.yaml"));
        await using var host = new ServiceHost(kestrel: true, settings: new Dictionary<string, string?> { ["Dialogs:Path"] = folder });
        // Broken after start-up (the service refuses to start on a broken file): the page shows where.
        await File.WriteAllTextAsync(Path.Combine(folder, "nhap.yaml"), "id: nhap\ntitle: Nháp\nparts:\n  - id: a\n    sections: 5\n");
        using var admin = await WebAppSecurityTests.SignedInAsync(host, Demo.Admin);
        var outlines = await admin.GetPageAsync("/app/admin/outlines");
        Assert.Contains("nhap.yaml", outlines, StringComparison.Ordinal);
        Assert.Contains("✗ Có lỗi", outlines, StringComparison.Ordinal);
        Assert.Matches("Dòng [1-9]", outlines);
    }
}
