using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Indicators;

/// <summary>
/// The demo campaign of seed 004: the 6th executive-committee conference, its discussion guide
/// (dialogs/thao-luan-hoi-nghi-bch.yaml) and the 2019 figures it reviews. Targets are the seed's KH giao (members
/// recruited and grassroots unions founded per district federation; 12 news items a year for every unit; the number
/// of members the social fund is assessed on); each unit's results are stored as answers of its report, entered by
/// the demo admin. Units the seed shows without a result get no answer. Runs once, into a fresh demo database.
/// </summary>
internal sealed class IndicatorDemoSeeder(IOptions<IndicatorOptions> options, OutlineCatalog outlines, TimeProvider clock) : IDatabaseSeeder
{
    public const string OutlineId = "thao-luan-hoi-nghi-bch";
    public const string CampaignName = "Hội nghị BCH LĐLĐ tỉnh lần thứ 6: thảo luận, đánh giá thực hiện chỉ tiêu năm 2019";
    public const string SeedChannel = "demo";

    /// <summary>Plan 2019 (Quyết định 187/QĐ-LĐLĐ): (unit, KH CĐCS, KH đoàn viên, KQ CĐCS, KQ đoàn viên); null = no result yet.</summary>
    public static readonly (string Unit, int TargetUnions, int TargetMembers, int? Unions, int? Members)[] Recruitment =
    [
        ("LĐLĐ Phục Hòa", 1, 10, 1, 23), ("LĐLĐ Trà Lĩnh", 1, 10, 1, 20), ("LĐLĐ Nguyên Bình", 1, 10, 1, 16), ("LĐLĐ Bảo Lạc", 1, 10, 1, 16),
        ("LĐLĐ Thành phố", 1, 10, 1, 13), ("LĐLĐ Hà Quảng", 1, 5, null, null), ("LĐLĐ Bảo Lâm", 1, 10, null, null), ("LĐLĐ Hòa An", 1, 10, null, null),
        ("LĐLĐ Trùng Khánh", 1, 10, null, null), ("LĐLĐ Quảng Uyên", 1, 9, null, null),
    ];

    /// <summary>News items per unit in 2019 (01/01–31/12); the plan is 12 a year for every unit.</summary>
    public static readonly (string Unit, int Items)[] News =
    [
        ("Ban CSPL - Kiểm tra", 12), ("Ban TCTGNNC", 28), ("Ban Tài chính", 7), ("Văn phòng", 12), ("LĐLĐ Thành phố", 16), ("LĐLĐ Thạch An", 10),
        ("LĐLĐ Phục Hòa", 7), ("LĐLĐ Quảng Uyên", 10), ("LĐLĐ Trà Lĩnh", 7), ("LĐLĐ Hạ Lang", 9), ("LĐLĐ Hà Quảng", 16), ("LĐLĐ Hòa An", 13),
        ("LĐLĐ Nguyên Bình", 13), ("LĐLĐ Bảo Lạc", 17), ("LĐLĐ Bảo Lâm", 12), ("LĐLĐ Thông Nông", 15), ("LĐLĐ Trùng Khánh", 10), ("CĐVC tỉnh", 13),
        ("CĐ ngành GD&ĐT", 13), ("CĐ ngành NN", 10), ("CĐ ngành Y tế", 28),
    ];

    /// <summary>The plan's news items per unit and year.</summary>
    public const int NewsTarget = 12;

    /// <summary>Social fund 2019: (unit, members the fund is assessed on, amount paid, the unit's note).</summary>
    public static readonly (string Unit, int Members, long Paid, string? Note)[] SocialFund =
    [
        ("LĐLĐ Bảo Lạc", 1576, 80_750_000, null), ("LĐLĐ Phục Hòa", 775, 39_600_000, null), ("LĐLĐ Thông Nông", 1167, 58_400_000, null),
        ("CĐ ngành GD&ĐT", 1890, 94_300_000, null), ("LĐLĐ Nguyên Bình", 1547, 77_150_000, null), ("LĐLĐ Thành phố", 1729, 85_010_000, null),
        ("LĐLĐ Hạ Lang", 1003, 49_300_000, null), ("CĐ ngành Y tế", 3423, 165_710_000, null), ("LĐLĐ Trùng Khánh", 1456, 70_250_000, null),
        ("LĐLĐ Thạch An", 1228, 58_800_000, null), ("LĐLĐ Quảng Uyên", 1278, 60_750_000, null), ("LĐLĐ Hà Quảng", 1380, 65_900_000, null),
        ("CĐVC tỉnh", 2741, 124_460_000, "Giảm số lượng ĐV"), ("LĐLĐ Hòa An", 1730, 78_520_000, null), ("LĐLĐ Bảo Lâm", 1858, 80_000_000, null),
        ("CĐ ngành NN", 1310, 54_250_000, "Giảm số lượng ĐV"), ("LĐLĐ Trà Lĩnh", 899, 30_000_000, null),
    ];

    public async Task SeedAsync(UnionReviewDb db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!options.Value.SeedDemo || outlines.Find(OutlineId) is not { } outline
            || await db.Campaigns.AnyAsync(c => c.OutlineId == OutlineId, cancellationToken) || await db.Reports.AnyAsync(cancellationToken))
        {
            return;
        }

        var names = DemoSeeder.UpperLevelUnits.Concat(DemoSeeder.Departments).ToList();
        var units = await db.Units.Where(u => names.Contains(u.Name)).ToDictionaryAsync(u => u.Name, StringComparer.Ordinal, cancellationToken);
        var admin = await db.Memberships.Where(m => m.Role == Role.Admin).OrderBy(m => m.Id).Select(m => (int?)m.PersonId).FirstOrDefaultAsync(cancellationToken);
        if (units.Count != names.Count || admin is null)
        {
            return; // not the demo organisation
        }

        var now = clock.GetUtcNow();
        var campaign = new Campaign { Name = CampaignName, OutlineId = OutlineId, StartsOn = DateOnly.FromDateTime(clock.GetLocalNow().Date) };
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var unit in units.Values)
        {
            db.CampaignUnits.Add(new CampaignUnit { CampaignId = campaign.Id, UnitId = unit.Id });
        }

        void Target(string unit, string indicator, decimal value) =>
            db.IndicatorTargets.Add(new IndicatorTarget { CampaignId = campaign.Id, UnitId = units[unit].Id, IndicatorId = indicator, Target = value });

        var results = new List<(string Unit, string Indicator, decimal Value, string? Note)>();
        foreach (var r in Recruitment)
        {
            Target(r.Unit, "cdcs-thanh-lap-moi", r.TargetUnions);
            Target(r.Unit, "doan-vien-moi", r.TargetMembers);
            if (r.Unions is { } unions)
            {
                results.Add((r.Unit, "cdcs-thanh-lap-moi", unions, null));
            }

            if (r.Members is { } members)
            {
                results.Add((r.Unit, "doan-vien-moi", members, null));
            }
        }

        foreach (var n in News)
        {
            Target(n.Unit, "tin-bai", NewsTarget);
            results.Add((n.Unit, "tin-bai", n.Items, null));
        }

        foreach (var f in SocialFund)
        {
            Target(f.Unit, "quy-xa-hoi-so-doan-vien", f.Members);
            results.Add((f.Unit, "quy-xa-hoi", f.Paid, f.Note));
        }

        var questionOf = outline.Questions.Where(q => q.Indicator is not null).GroupBy(q => q.Indicator!.Id).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        foreach (var byUnit in results.GroupBy(r => r.Unit))
        {
            var report = new Report { CampaignId = campaign.Id, UnitId = units[byUnit.Key].Id, Status = ReportStatus.InProgress, CreatedAt = now, UpdatedAt = now };
            db.Reports.Add(report);
            await db.SaveChangesAsync(cancellationToken);
            db.ReportEvents.Add(new ReportEvent { ReportId = report.Id, Kind = "started", PersonId = admin.Value, Channel = SeedChannel, At = now });
            foreach (var (_, indicator, value, note) in byUnit)
            {
                var answer = AnswerValue.OfNumber(value) with { Note = note };
                db.Answers.Add(new Answer
                {
                    ReportId = report.Id, QuestionId = questionOf[indicator], Value = StoredJson.Write(answer), Number = value,
                    PersonId = admin.Value, Channel = SeedChannel, AnsweredAt = now,
                });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
