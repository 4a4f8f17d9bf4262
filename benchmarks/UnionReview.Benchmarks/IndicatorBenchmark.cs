using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Model;
using UnionReview.Server;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Indicators;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Persistence;

namespace UnionReview.Benchmarks;

/// <summary>
/// Indicator tables for a province: the seed-004 demo campaign plus 2,000 more grassroots units taking part, each
/// with targets for every indicator and a result for most. Times building the three tables for the whole
/// province (IIndicatorTables) and rendering them as chat messages, and prints the size of the output.
/// </summary>
public sealed class IndicatorBenchmark : IBenchmark
{
    private const int ExtraUnits = 2_000;
    private const int Runs = 20;

    public string Name => "indicators";

    public async Task RunAsync(string[] args)
    {
        var folder = Directory.CreateTempSubdirectory("unionreview-bench-").FullName;
        using var host = await BenchHost.CreateAsync(folder, builder => builder.AddIndicators());
        var factory = host.Services.GetRequiredService<IDbContextFactory<UnionReviewDb>>();
        var (campaignId, scope) = await SeedAsync(factory);
        var tables = host.Services.GetRequiredService<IIndicatorTables>();

        var build = new List<double>();
        var render = new List<double>();
        IReadOnlyList<string> messages = [];
        IReadOnlyList<IndicatorTable> built = [];
        for (var i = 0; i < Runs; i++)
        {
            await using var db = await factory.CreateDbContextAsync();
            var sw = Stopwatch.StartNew();
            built = await tables.BuildAsync(db, campaignId, scope, CancellationToken.None);
            build.Add(sw.Elapsed.TotalMilliseconds);
            sw.Restart();
            messages = IndicatorTableRenderer.Render("Bảng chỉ tiêu", built);
            render.Add(sw.Elapsed.TotalMilliseconds);
        }

        build.Sort();
        render.Sort();
        Console.WriteLine($"{built.Sum(t => t.Rows.Count):N0} rows in {built.Count} tables over {scope.Count:N0} units: build p50 {Measure.Percentile(build, 50):F1} ms, max {build[^1]:F1} ms; " +
            $"render p50 {Measure.Percentile(render, 50):F1} ms into {messages.Count} messages (longest {messages.Max(m => m.Length):N0} characters); peak {Measure.PeakMegabytes():F0} MB");
    }

    private static async Task<(int CampaignId, List<int> Scope)> SeedAsync(IDbContextFactory<UnionReviewDb> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        var campaign = await db.Campaigns.SingleAsync(c => c.OutlineId == IndicatorDemoSeeder.OutlineId);
        var level = await db.UnitLevels.SingleAsync(l => l.Rank == 2);
        var parents = await db.Units.Where(u => u.LevelId != level.Id && u.ParentId != null).Select(u => u.Id).ToListAsync();
        var admin = await db.People.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        var random = new Random(4);
        var now = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < ExtraUnits; i++)
        {
            var unit = await Scope.AddUnitAsync(db, $"CĐCS thử nghiệm {i + 1}", null, level.Id, parents[i % parents.Count], i, CancellationToken.None);
            db.CampaignUnits.Add(new CampaignUnit { CampaignId = campaign.Id, UnitId = unit.Id });
            foreach (var (indicator, target) in new[] { ("cdcs-thanh-lap-moi", 1m), ("doan-vien-moi", 10m), ("tin-bai", 12m), ("quy-xa-hoi-so-doan-vien", random.Next(20, 400)) })
            {
                db.IndicatorTargets.Add(new IndicatorTarget { CampaignId = campaign.Id, UnitId = unit.Id, IndicatorId = indicator, Target = target });
            }

            var report = new Report { CampaignId = campaign.Id, UnitId = unit.Id, Status = ReportStatus.InProgress, CreatedAt = now, UpdatedAt = now };
            db.Reports.Add(report);
            await db.SaveChangesAsync();
            foreach (var (question, value) in new[] { ("ket-qua-doan-vien", random.Next(0, 30)), ("ket-qua-tin-bai", random.Next(0, 30)), ("ket-qua-quy-xa-hoi", random.Next(0, 400) * 50_000) })
            {
                if (random.Next(10) > 0)
                {
                    db.Answers.Add(new Answer { ReportId = report.Id, QuestionId = question, Value = StoredJson.Write(AnswerValue.OfNumber(value)), Number = value, PersonId = admin, Channel = "bench", AnsweredAt = now });
                }
            }
        }

        await db.SaveChangesAsync();
        var root = await db.Units.SingleAsync(u => u.ParentId == null);
        return (campaign.Id, await Scope.SubtreeUnitIdsAsync(db, [root.Id], CancellationToken.None));
    }
}
