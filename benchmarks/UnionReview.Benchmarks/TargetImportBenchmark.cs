using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using UnionReview.Server;
using UnionReview.Server.Cli;
using UnionReview.Server.Features.Indicators.Import;
using UnionReview.Server.Persistence;

namespace UnionReview.Benchmarks;

/// <summary>
/// Target import at the size of a large province: 2,000 participating units × 4 indicators = 8,000 targets, through
/// the command line as staff run it. Times: a dry run, the first import (all added), a re-import (all unchanged),
/// an import changing every target, writing an .xlsx template and importing it back; and a file whose every row is
/// bad (all 8,000 problems found, nothing written).
/// </summary>
public sealed class TargetImportBenchmark : IBenchmark
{
    private const int Units = 2_000;

    public string Name => "targets";

    public async Task RunAsync(string[] args)
    {
        var folder = Directory.CreateTempSubdirectory("unionreview-bench-").FullName;
        using var host = await BenchHost.CreateAsync(folder, builder => builder.AddTargetImport());
        var campaign = await SeedAsync(host.Services.GetRequiredService<IDbContextFactory<UnionReviewDb>>());
        string[] indicators = ["doan-vien-moi", "cdcs-thanh-lap-moi", "tin-bai", "quy-xa-hoi"];

        string Csv(string name, Func<int, int, string> value)
        {
            var text = new StringBuilder("don_vi;chi_tieu;kh_giao\n");
            for (var u = 0; u < Units; u++)
            {
                for (var i = 0; i < indicators.Length; i++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"CĐCS Đơn vị số {u + 1:D4};{indicators[i]};{value(u, i)}\n");
                }
            }

            var path = Path.Combine(folder, name);
            File.WriteAllText(path, text.ToString(), new UTF8Encoding(true));
            return path;
        }

        var first = Csv("first.csv", (u, i) => i == 3 ? $"{(u % 90) + 10}.000.000đ" : ((u % 30) + 1).ToString(CultureInfo.InvariantCulture));
        var changed = Csv("changed.csv", (u, i) => i == 3 ? $"{(u % 90) + 11},5 triệu" : ((u % 30) + 2).ToString(CultureInfo.InvariantCulture));
        var bad = Csv("bad.csv", (u, i) => "-" + (u + i + 1).ToString(CultureInfo.InvariantCulture));
        var xlsx = Path.Combine(folder, "template.xlsx");
        var id = campaign.ToString(CultureInfo.InvariantCulture);

        Console.WriteLine($"{Units:N0} units × {indicators.Length} indicators = {Units * indicators.Length:N0} targets per file");
        await TimeAsync(host.Services, "dry run (all new)", ["targets", "import", "--campaign", id, "--file", first, "--dry-run"]);
        await TimeAsync(host.Services, "import, all added", ["targets", "import", "--campaign", id, "--file", first]);
        await TimeAsync(host.Services, "re-import, all unchanged", ["targets", "import", "--campaign", id, "--file", first]);
        await TimeAsync(host.Services, "import, all changed", ["targets", "import", "--campaign", id, "--file", changed]);
        await TimeAsync(host.Services, "template .xlsx written", ["targets", "template", "--campaign", id, "--file", xlsx]);
        await TimeAsync(host.Services, "template .xlsx imported back", ["targets", "import", "--campaign", id, "--file", xlsx]);
        await TimeAsync(host.Services, "every row bad (rejected)", ["targets", "import", "--campaign", id, "--file", bad]);
        Console.WriteLine($"peak working set: {Measure.PeakMegabytes():N0} MB");
        Directory.Delete(folder, recursive: true);
    }

    private static async Task TimeAsync(IServiceProvider services, string label, string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var errors = new StringWriter(CultureInfo.InvariantCulture);
        var sw = Stopwatch.StartNew();
        var code = await CommandLine.RunAsync(services, args, TextReader.Null, output, errors, CancellationToken.None);
        sw.Stop();
        var summary = (code == 0 ? output.ToString() : errors.ToString()).Split('\n').FirstOrDefault(l => l.Contains("thêm mới", StringComparison.Ordinal) || l.Contains("lỗi", StringComparison.Ordinal) || l.Contains("tệp mẫu", StringComparison.Ordinal)) ?? "";
        Console.WriteLine($"{label,-30} exit {code}  {sw.Elapsed.TotalMilliseconds,8:N0} ms  {summary.Trim()}");
    }

    private static async Task<int> SeedAsync(IDbContextFactory<UnionReviewDb> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        var level = new UnitLevel { Name = "Công đoàn cơ sở (đo)", Rank = 5 };
        db.UnitLevels.Add(level);
        await db.SaveChangesAsync();
        var units = Enumerable.Range(1, Units).Select(i => new Unit { Name = $"CĐCS Đơn vị số {i:D4}", LevelId = level.Id, SortOrder = i }).ToList();
        db.Units.AddRange(units);
        await db.SaveChangesAsync();
        units.ForEach(u => u.Path = $"/{u.Id}/");
        var campaign = new Campaign { Name = "Đo nhập KH giao", OutlineId = "so-ket-giua-nhiem-ky", StartsOn = new DateOnly(2026, 1, 1) };
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();
        db.CampaignUnits.AddRange(units.Select(u => new CampaignUnit { CampaignId = campaign.Id, UnitId = u.Id }));
        await db.SaveChangesAsync();
        return campaign.Id;
    }
}
