using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Persistence;

namespace UnionReview.Benchmarks;

/// <summary>
/// A crowd of first-time officers: 1,000 linked officers, none of whom has a conversation or a report yet, arrive
/// within one second (each at a random moment of it) and send their first message (<c>/baocao</c>); each then keeps
/// answering the real outline, one turn a second, until the run ends. Sixty other officers' first turns run before,
/// one at a time, so the service is warm as a running one is (the last thirty show what a first turn costs alone).
/// Prints p50/p99/max of the first turns and of all turns, stall seconds (a second in which no turn completed while
/// at least one was waiting) and the WAL file's size (largest seen, sampled every 50 ms, and at the end). Every turn
/// is committed before its reply returns.
/// </summary>
public sealed class CrowdBenchmark : IBenchmark
{
    private const int Officers = 1_000;
    private const int WarmUpOfficers = 60;
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ThinkTime = TimeSpan.FromSeconds(1);

    public string Name => "crowd";

    public async Task RunAsync(string[] args)
    {
        var seconds = args.Select(a => int.TryParse(a, out var s) ? s : 0).FirstOrDefault(s => s > 0);
        await RunOnceAsync("FULL", TimeSpan.FromSeconds(seconds > 0 ? seconds : 30));
    }

    private static async Task RunOnceAsync(string synchronous, TimeSpan duration)
    {
        var folder = Directory.CreateTempSubdirectory("unionreview-bench-").FullName;
        using var host = await BenchHost.CreateAsync(folder, _ => { }, ("Database:Synchronous", synchronous));
        var all = await SeedOfficersAsync(host.Services, Officers + WarmUpOfficers);
        var service = host.Services.GetRequiredService<ConversationService>();
        var outline = host.Services.GetRequiredService<OutlineCatalog>().Get(DemoSeeder.OutlineId);

        // A running service, not a cold one: other officers' first turns first (code compiled, queries cached); then
        // more of them one at a time, to show what a first turn costs alone.
        var alone = TimeSpan.Zero;
        var aloneCpu = TimeSpan.Zero;
        for (var k = Officers; k < all.Length; k++)
        {
            var measured = k - Officers >= WarmUpOfficers / 2;
            var cpuBefore = CpuTime();
            var before = Stopwatch.GetTimestamp();
            await service.HandleAsync(new InboundMessage(ChannelNames.Console, all[k], new ConversationBenchmark.Script(outline).Next()), CancellationToken.None);
            if (measured)
            {
                alone += Stopwatch.GetElapsedTime(before);
                aloneCpu += CpuTime() - cpuBefore;
            }
        }

        var aloneCount = WarmUpOfficers - WarmUpOfficers / 2;
        Console.WriteLine($"[synchronous={synchronous}] a first turn alone (after warm-up): {alone.TotalMilliseconds / aloneCount:F2} ms, CPU {aloneCpu.TotalMilliseconds / aloneCount:F2} ms");

        var people = all[..Officers];
        var (warmSql, warmStale) = service.PathCounts;
        var firstsDone = 0;
        var cpuStart = CpuTime();
        var cpuFirsts = TimeSpan.Zero;

        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var seconds = (int)Math.Ceiling(duration.TotalSeconds) + 30;
        var completedPerSecond = new int[seconds];
        var pendingIn = new bool[seconds];
        var firsts = new double[Officers];
        var latencies = new ConcurrentBag<double>();
        var failures = 0;
        using var wal = WalSampler.Start(host.Services);

        var turns = await Task.WhenAll(Enumerable.Range(0, Officers).Select(i => Task.Run(async () =>
        {
            var script = new ConversationBenchmark.Script(outline);
            var next = started + (long)(Random.Shared.NextDouble() * Arrival.TotalSeconds * Stopwatch.Frequency);
            var count = 0;
            while (true)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                if (count > 0 && Stopwatch.GetTimestamp() >= stopAt)
                {
                    return count;
                }

                var start = Stopwatch.GetTimestamp();
                try
                {
                    await service.HandleAsync(new InboundMessage(ChannelNames.Console, people[i], script.Next()), CancellationToken.None);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failures);
                }

                var end = Stopwatch.GetTimestamp();
                for (var s = (int)Stopwatch.GetElapsedTime(started, start).TotalSeconds; s <= Math.Min(seconds - 1, (int)Stopwatch.GetElapsedTime(started, end).TotalSeconds); s++)
                {
                    pendingIn[s] = true;
                }

                var ms = Stopwatch.GetElapsedTime(start, end).TotalMilliseconds;
                if (count == 0)
                {
                    firsts[i] = ms;
                }


                latencies.Add(ms);
                if (count == 0 && Interlocked.Increment(ref firstsDone) == Officers)
                {
                    cpuFirsts = CpuTime() - cpuStart;
                }

                Interlocked.Increment(ref completedPerSecond[Math.Min(seconds - 1, (int)Stopwatch.GetElapsedTime(started, end).TotalSeconds)]);
                count++;
                next = Math.Max(next + (long)(ThinkTime.TotalSeconds * Stopwatch.Frequency), end);
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;

        // A second is a stall when some turn was waiting during it and none completed in it.
        var lastSecond = (int)Math.Ceiling(elapsed);
        var stalls = 0;
        var sorted = latencies.Order().ToList();
        for (var s = 0; s < Math.Min(lastSecond, seconds); s++)
        {
            if (pendingIn[s] && completedPerSecond[s] == 0)
            {
                stalls++;
            }
        }

        var first = firsts.Order().ToList();
        Console.WriteLine($"[synchronous={synchronous}] {Officers:N0} new officers arriving within {Arrival.TotalSeconds:0} s, then one turn a second each, {duration.TotalSeconds:0} s: {sorted.Count:N0} turns in {elapsed:F1} s = {sorted.Count / elapsed:N0} turns/s; failed {failures}");
        Console.WriteLine($"[synchronous={synchronous}] first turns: p50 {Measure.Percentile(first, 50):F1} ms, p99 {Measure.Percentile(first, 99):F1} ms, max {first[^1]:F1} ms; CPU until the last first turn was answered: {cpuFirsts.TotalMilliseconds:N0} ms ({cpuFirsts.TotalMilliseconds / Officers:F2} ms per officer, later turns included)");
        Console.WriteLine($"[synchronous={synchronous}] all turns:   p50 {Measure.Percentile(sorted, 50):F1} ms, p99 {Measure.Percentile(sorted, 99):F1} ms, max {sorted[^1]:F1} ms");
        Console.WriteLine($"[synchronous={synchronous}] stall seconds (a turn waiting, none completed): {stalls} of {lastSecond}; turns completed per second: {string.Join(" ", completedPerSecond.Take(lastSecond))}");
        Console.WriteLine($"[synchronous={synchronous}] WAL: {await wal.StopAsync()}; restarted from its beginning by the background checkpoint {host.Services.GetRequiredService<TurnExecutor>().WalRestarts:N0} times");
        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<UnionReviewDb>>().CreateDbContextAsync())
        {
            var (sqlTurns, staleTurns) = service.PathCounts;
            Console.WriteLine($"[synchronous={synchronous}] stored: {await db.Reports.CountAsync():N0} reports, {await db.Conversations.CountAsync():N0} conversations, {await db.Answers.CountAsync():N0} answers; turns committed as plain SQL: {sqlTurns - warmSql:N0} of {sorted.Count:N0}; prepared but stale: {staleTurns - warmStale:N0}");
        }

        Console.WriteLine($"[synchronous={synchronous}] peak working set {Measure.PeakMegabytes():N0} MB");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Officers each in a unit of their own taking part in the mid-term report, linked on the console channel; no conversation yet.</summary>
    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static async Task<string[]> SeedOfficersAsync(IServiceProvider services, int count)
    {
        var factory = services.GetRequiredService<IDbContextFactory<UnionReviewDb>>();
        await using var db = await factory.CreateDbContextAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var campaign = await db.Campaigns.OrderBy(c => c.Id).FirstAsync(); // the mid-term report, seeded first
        var level = await db.UnitLevels.SingleAsync(l => l.Rank == 2);
        var parent = await db.Units.FirstAsync(u => u.ParentId != null);
        var ids = new string[count];
        var now = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < count; i++)
        {
            var unit = await Scope.AddUnitAsync(db, $"CĐCS đông người {i + 1}", null, level.Id, parent.Id, i, CancellationToken.None);
            var person = new Person { FullName = $"Cán bộ mới {i + 1}", CreatedAt = now };
            db.People.Add(person);
            db.CampaignUnits.Add(new CampaignUnit { CampaignId = campaign.Id, UnitId = unit.Id });
            await db.SaveChangesAsync();
            db.Memberships.Add(new Membership { PersonId = person.Id, UnitId = unit.Id, Role = Role.Officer });
            ids[i] = $"crowd-{person.Id}";
            await InviteService.EnsureLinkedAsync(db, ChannelNames.Console, ids[i], person.Id, null, now, CancellationToken.None);
        }

        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return ids;
    }
}
