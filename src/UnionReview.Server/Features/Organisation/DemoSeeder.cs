using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Organisation;

/// <summary>Demo settings (section "Demo").</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seed the demo organisation into an empty database.</summary>
    public bool Seed { get; set; } = true;
}

/// <summary>
/// The demo organisation: the provincial federation and the units named in seed 004, a few grassroots unions,
/// the mid-term review campaign of seed 000 (grassroots by 25/11, upper level in December), demo officers,
/// a committee member and an admin. Runs only when the database has no units.
/// </summary>
internal sealed class DemoSeeder(Microsoft.Extensions.Options.IOptions<DemoOptions> options, TimeProvider clock) : IDatabaseSeeder
{
    public const string OutlineId = "so-ket-giua-nhiem-ky";

    /// <summary>Upper-level unions of seed 004 (district federations and sector unions), in the seed's news-table order.</summary>
    public static readonly string[] UpperLevelUnits =
    [
        "LĐLĐ Thành phố", "LĐLĐ Thạch An", "LĐLĐ Phục Hòa", "LĐLĐ Quảng Uyên", "LĐLĐ Trà Lĩnh", "LĐLĐ Hạ Lang", "LĐLĐ Hà Quảng",
        "LĐLĐ Hòa An", "LĐLĐ Nguyên Bình", "LĐLĐ Bảo Lạc", "LĐLĐ Bảo Lâm", "LĐLĐ Thông Nông", "LĐLĐ Trùng Khánh",
        "CĐVC tỉnh", "CĐ ngành GD&ĐT", "CĐ ngành NN", "CĐ ngành Y tế",
    ];

    /// <summary>Departments of the provincial federation (they appear in the news-items table).</summary>
    public static readonly string[] Departments = ["Ban CSPL - Kiểm tra", "Ban TCTGNNC", "Ban Tài chính", "Văn phòng"];

    public async Task SeedAsync(UnionReviewDb db, CancellationToken cancellationToken)
    {
        if (!options.Value.Seed || await db.Units.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow();
        var province = new UnitLevel { Name = "Liên đoàn Lao động tỉnh", Rank = 0 };
        var upper = new UnitLevel { Name = "Công đoàn cấp trên trực tiếp cơ sở", Rank = 1 };
        var department = new UnitLevel { Name = "Ban, Văn phòng LĐLĐ tỉnh", Rank = 1 };
        var grassroots = new UnitLevel { Name = "Công đoàn cơ sở", Rank = 2 };
        db.UnitLevels.AddRange(province, upper, department, grassroots);
        await db.SaveChangesAsync(cancellationToken);

        var root = await Scope.AddUnitAsync(db, "Liên đoàn Lao động tỉnh Cao Bằng", "LĐLĐ tỉnh", province.Id, null, 0, cancellationToken);
        // Sort order as the seed lists units: the federation's departments first, then the upper-level unions.
        var order = Departments.Length;
        var uppers = new Dictionary<string, Unit>();
        foreach (var name in UpperLevelUnits)
        {
            uppers[name] = await Scope.AddUnitAsync(db, name, name, upper.Id, root.Id, ++order, cancellationToken);
        }

        order = 0;
        foreach (var name in Departments)
        {
            await Scope.AddUnitAsync(db, name, name, department.Id, root.Id, ++order, cancellationToken);
        }

        var school = await Scope.AddUnitAsync(db, "CĐCS Trường THPT Thành phố Cao Bằng", "CĐCS THPT TP", grassroots.Id, uppers["LĐLĐ Thành phố"].Id, 1, cancellationToken);
        var hospital = await Scope.AddUnitAsync(db, "CĐCS Bệnh viện Đa khoa tỉnh", "CĐCS BVĐK tỉnh", grassroots.Id, uppers["CĐ ngành Y tế"].Id, 1, cancellationToken);
        var company = await Scope.AddUnitAsync(db, "CĐCS Công ty Cổ phần Xi măng Phục Hòa", "CĐCS XM Phục Hòa", grassroots.Id, uppers["LĐLĐ Phục Hòa"].Id, 1, cancellationToken);

        var year = clock.GetLocalNow().Year;
        var campaign = new Campaign { Name = $"Sơ kết giữa nhiệm kỳ thực hiện Nghị quyết Đại hội Công đoàn ({year})", OutlineId = OutlineId, StartsOn = new DateOnly(year, 10, 1) };
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(cancellationToken);
        db.CampaignDeadlines.AddRange(
            new CampaignDeadline { CampaignId = campaign.Id, LevelId = grassroots.Id, DueOn = new DateOnly(year, 11, 25) },
            new CampaignDeadline { CampaignId = campaign.Id, LevelId = upper.Id, DueOn = new DateOnly(year, 12, 31) });
        foreach (var unit in uppers.Values.Append(school).Append(hospital).Append(company))
        {
            db.CampaignUnits.Add(new CampaignUnit { CampaignId = campaign.Id, UnitId = unit.Id });
        }

        Person Add(string name, params (Unit Unit, Role Role)[] roles)
        {
            var p = new Person { FullName = name, CreatedAt = now };
            db.People.Add(p);
            db.SaveChanges();
            foreach (var (unit, role) in roles)
            {
                db.Memberships.Add(new Membership { PersonId = p.Id, UnitId = unit.Id, Role = role });
            }

            return p;
        }

        Add("Nguyễn Văn An", (school, Role.Officer));
        Add("Hoàng Thị Bình", (uppers["LĐLĐ Phục Hòa"], Role.Officer));
        Add("Nông Văn Đức", (hospital, Role.Officer));
        Add("Lê Văn Cường", (root, Role.Committee));
        Add("Phạm Thị Dung", (root, Role.Admin));
        await db.SaveChangesAsync(cancellationToken);
    }
}
