using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Tests.Infrastructure;
using static UnionReview.Server.Tests.Indicators.Import.TargetFiles;

namespace UnionReview.Server.Tests.Indicators.Import;

public sealed class TargetExampleFileTests
{
    private static string Example(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "docs", "examples", name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException(name);
    }

    [Theory]
    [InlineData("kh-giao.csv", 9)]
    [InlineData("kh-giao-theo-cot.csv", 10)]
    public async Task The_documented_example_files_import_into_the_demo_campaign(string name, int targets)
    {
        await using var host = new ServiceHost();
        int campaign;
        await using (var db = host.OpenDb())
        {
            campaign = await db.Campaigns.Where(c => c.OutlineId == "so-ket-giua-nhiem-ky").Select(c => c.Id).FirstAsync();
            // The counts below start from none, whatever the demo assigns.
            db.IndicatorTargets.RemoveRange(await db.IndicatorTargets.Where(t => t.CampaignId == campaign).ToListAsync());
            await db.SaveChangesAsync();
        }

        var run = await Run(host, "targets", "import", "--campaign", campaign.ToString(System.Globalization.CultureInfo.InvariantCulture), "--file", Example(name));

        Assert.True(run.ExitCode == 0, run.Errors);
        Assert.Contains($"thêm mới {targets}, thay đổi 0", run.Output, StringComparison.Ordinal);
        await using var check = host.OpenDb();
        Assert.Equal(targets, await check.IndicatorTargets.CountAsync(t => t.CampaignId == campaign));
    }

    [Fact]
    public async Task A_name_shared_with_a_unit_outside_the_campaign_means_the_participating_one()
    {
        await using var host = new ServiceHost();
        var c = await TargetCampaign.CreateAsync(host);
        await using (var db = host.OpenDb())
        {
            var level = await db.UnitLevels.FirstAsync();
            await Scope.AddUnitAsync(db, TargetCampaign.YTeName, null, level.Id, null, 99, CancellationToken.None);
        }

        var run = await Run(host, "targets", "import", "--campaign", c.Id, "--file", Write(host, "kh.csv", $"don_vi;chi_tieu;kh_giao\n{TargetCampaign.YTeName};tin-bai;12\n"));

        Assert.True(run.ExitCode == 0, run.Errors);
        Assert.Equal(new Dictionary<string, decimal> { [$"{c.YTe}/tin-bai"] = 12m }, await c.TargetsAsync(host));
    }
}
