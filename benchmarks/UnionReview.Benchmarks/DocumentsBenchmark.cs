using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Model;
using UnionReview.Server;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Digest;
using UnionReview.Server.Features.Documents;
using UnionReview.Server.Features.Indicators;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Features.Proposals;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Features.Schedules;
using UnionReview.Server.Persistence;

namespace UnionReview.Benchmarks;

/// <summary>
/// The committee's digest and both documents over 2,000 grassroots units with complete, submitted reports
/// (every question of the outline answered; text answers of a few hundred characters) under the demo province's
/// 17 upper-level unions, with a 2,000-row indicator table. Each is timed from reading the database to the
/// finished messages or file (5 runs; the first includes warm-up), then the process's peak working set.
/// Targets: digest under 1 s, .xlsx under 2 s, .docx under 5 s, peak memory under 500 MB.
/// </summary>
public sealed class DocumentsBenchmark : IBenchmark
{
    private const int Units = 2_000;
    private const int Runs = 5;

    public string Name => "documents";

    public async Task RunAsync(string[] args)
    {
        var folder = Directory.CreateTempSubdirectory("unionreview-bench-").FullName;
        using var host = await BenchHost.CreateAsync(folder, builder =>
        {
            builder.AddProposals();
            builder.AddSchedules();
            builder.Services.AddSingleton<IIndicatorTables, SyntheticIndicatorTable>();
        }, ("Database:Synchronous", "NORMAL"), ("Schedules:RunJobs", "false"));
        var factory = host.Services.GetRequiredService<IDbContextFactory<UnionReviewDb>>();
        var seeding = Stopwatch.StartNew();
        var answers = await SeedAsync(host.Services, factory);
        Console.WriteLine($"seeded {Units:N0} units with complete submitted reports ({answers:N0} answers) in {seeding.Elapsed.TotalSeconds:F1} s");
        GC.Collect();

        int root;
        List<int> scope;
        await using (var db = await factory.CreateDbContextAsync())
        {
            root = await db.Units.Where(u => u.ParentId == null).Select(u => u.Id).SingleAsync();
            scope = await Scope.SubtreeUnitIdsAsync(db, [root], CancellationToken.None);
        }

        var digests = host.Services.GetRequiredService<DigestBuilder>();
        var documents = host.Services.GetRequiredService<DocumentService>();
        var now = TimeProvider.System.GetUtcNow();
        var parts = 0;
        var longest = 0;
        await TimeAsync("digest (build + render)", 1_000, async () =>
        {
            await using var db = await factory.CreateDbContextAsync();
            var messages = digests.Render(await digests.BuildAsync(db, scope, now, now.AddDays(-1), CancellationToken.None), dailyOn: true);
            parts = messages.Count;
            longest = messages.Max(m => m.Text.Length);
        });
        Console.WriteLine($"  digest: {parts} message(s), longest {longest:N0} characters");

        foreach (var (kind, limit) in new[] { (DocumentKind.IndicatorTables, 2_000), (DocumentKind.Report, 5_000) })
        {
            var size = 0;
            double read = 0, write = 0;
            await TimeAsync(kind == DocumentKind.Report ? ".docx (read + write)" : ".xlsx (read + write)", limit, async () =>
            {
                await using var db = await factory.CreateDbContextAsync();
                var start = Stopwatch.GetTimestamp();
                var data = await documents.LoadAsync(db, null, [root], CancellationToken.None, withAnswers: kind == DocumentKind.Report);
                read = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                start = Stopwatch.GetTimestamp();
                size = documents.Build(data, kind).Content.Length;
                write = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            });
            Console.WriteLine($"  last run: read {read:N0} ms, write {write:N0} ms; size {size / 1024.0 / 1024.0:F1} MB");
        }

        var peak = Measure.PeakMegabytes();
        Console.WriteLine($"peak working set {peak:N0} MB (target < 500 MB: {(peak < 500 ? "met" : "NOT met")})");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static async Task TimeAsync(string label, int limitMs, Func<Task> work)
    {
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await work();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        var first = times[0];
        times.Sort();
        var median = Measure.Percentile(times, 50);
        Console.WriteLine($"{label}: first {first:N0} ms, median {median:N0} ms, max {times[^1]:N0} ms (target < {limitMs:N0} ms: {(times[^1] < limitMs ? "met" : "NOT met")})");
    }

    /// <summary>2,000 grassroots units spread over the demo's upper-level unions, each with every question answered and submitted.</summary>
    private static async Task<int> SeedAsync(IServiceProvider services, IDbContextFactory<UnionReviewDb> factory)
    {
        var outlines = services.GetRequiredService<OutlineCatalog>();
        var now = TimeProvider.System.GetUtcNow();
        int campaignId, levelId, personId;
        List<Unit> uppers;
        OutlineDefinition outline;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var campaign = await db.Campaigns.SingleAsync();
            campaignId = campaign.Id;
            outline = outlines.Get(campaign.OutlineId);
            levelId = await db.UnitLevels.Where(l => l.Rank == 2).Select(l => l.Id).SingleAsync();
            var upperLevel = await db.UnitLevels.Where(l => l.Name == "Công đoàn cấp trên trực tiếp cơ sở").Select(l => l.Id).SingleAsync();
            uppers = await db.Units.Where(u => u.LevelId == upperLevel).OrderBy(u => u.Id).ToListAsync();
            personId = await db.People.OrderBy(p => p.Id).Select(p => p.Id).FirstAsync();
        }

        var text = string.Concat(Enumerable.Repeat("Đơn vị đã triển khai đầy đủ các nội dung theo kế hoạch, tổ chức hội nghị, tuyên truyền đến đoàn viên. ", 3));
        var answers = 0;
        for (var batch = 0; batch < Units / 100; batch++)
        {
            await using var db = await factory.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var units = new List<Unit>();
            for (var i = 0; i < 100; i++)
            {
                var n = (batch * 100) + i;
                var parent = uppers[n % uppers.Count];
                var unit = new Unit { Name = $"CĐCS đơn vị thử nghiệm số {n + 1}", LevelId = levelId, ParentId = parent.Id, Path = parent.Path, SortOrder = n };
                db.Units.Add(unit);
                units.Add(unit);
            }

            await db.SaveChangesAsync();
            foreach (var unit in units)
            {
                unit.Path = $"{unit.Path}{unit.Id}/";
                db.Entry(unit).State = EntityState.Modified;
                db.CampaignUnits.Add(new CampaignUnit { CampaignId = campaignId, UnitId = unit.Id });
                db.Reports.Add(new Report { CampaignId = campaignId, UnitId = unit.Id, Status = ReportStatus.Submitted, SubmittedAt = now, SubmittedById = personId, CreatedAt = now, UpdatedAt = now });
            }

            await db.SaveChangesAsync();
            var reports = await db.Reports.Where(r => r.CampaignId == campaignId).Select(r => new { r.Id, r.UnitId }).ToListAsync();
            var ids = units.Select(u => u.Id).ToHashSet();
            foreach (var report in reports.Where(r => ids.Contains(r.UnitId)))
            {
                foreach (var q in outline.Questions)
                {
                    var value = q.Kind switch
                    {
                        QuestionKind.Text => AnswerValue.OfText($"{text} ({q.Id})"),
                        QuestionKind.Number or QuestionKind.Money or QuestionKind.Indicator => AnswerValue.OfNumber(100 + (report.Id % 50)),
                        QuestionKind.Choice => AnswerValue.OfChoices([q.Options[0].Value]),
                        _ => AnswerValue.OfFlag(true),
                    };
                    db.Answers.Add(new Answer { ReportId = report.Id, QuestionId = q.Id, Value = StoredJson.Write(value), Number = value.Number, PersonId = personId, Channel = ChannelNames.Console, AnsweredAt = now });
                    answers++;
                }
            }

            await db.SaveChangesAsync();
        }

        return answers;
    }

    /// <summary>A 2,000-row table of fixed figures (target, result, % achievement) to measure rendering, not to compute indicators.</summary>
    private sealed class SyntheticIndicatorTable : IIndicatorTables
    {
        public Task<IReadOnlyList<IndicatorTable>> BuildAsync(UnionReviewDb db, int campaignId, IReadOnlyCollection<int> scopeUnitIds, CancellationToken cancellationToken)
        {
            var rows = Enumerable.Range(1, Units).Select(i =>
            {
                decimal target = 100 + (i % 40), result = 80 + (i % 55);
                var percent = VietnameseFormat.Achievement(result, target)!.Value;
                return new IndicatorRow([null, target, result, percent], [$"CĐCS đơn vị thử nghiệm số {i}", VietnameseFormat.Number(target), VietnameseFormat.Number(result), VietnameseFormat.Percent(percent)]);
            }).ToList();
            var totalTarget = rows.Sum(r => r.Values[1]!.Value);
            var totalResult = rows.Sum(r => r.Values[2]!.Value);
            var totalPercent = VietnameseFormat.Achievement(totalResult, totalTarget)!.Value;
            IndicatorTable table = new("bench", "Biểu thử nghiệm: phát triển đoàn viên",
                [new("Đơn vị", IndicatorCellKind.Text), new("KH giao", IndicatorCellKind.Number, Total: true), new("Kết quả", IndicatorCellKind.Number, Total: true), new("% đạt", IndicatorCellKind.Percent, 2, 1)],
                rows, new IndicatorRow([null, totalTarget, totalResult, totalPercent], ["Tổng cộng", VietnameseFormat.Number(totalTarget), VietnameseFormat.Number(totalResult), VietnameseFormat.Percent(totalPercent)]));
            return Task.FromResult<IReadOnlyList<IndicatorTable>>([table]);
        }
    }
}
