using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;
using UnionReview.Server;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Persistence;

namespace UnionReview.Benchmarks;


/// <summary>
/// Many simulated officers answering the real outline through the conversation service against a SQLite file.
/// Phase 1 (closed loop): 200 officers send turns back to back: the most turns per second the service sustains.
/// Phase 2 (open loop): 200 officers each send a turn every 100 ms (2,000 turns/s offered), then every 80 ms
/// (2,500 turns/s): achieved rate and latency.
/// Every turn is committed (WAL) before its reply returns.
/// </summary>
public sealed class ConversationBenchmark : IBenchmark
{
    private const int Officers = 200;
    /// <summary>Open loop: each officer's rate; 200 × 10 = 2,000 turns/s offered, the target load.</summary>
    private const int TurnsPerSecondPerOfficer = 10;

    public string Name => "conversation";

    public async Task RunAsync(string[] args)
    {
        // An optional number sets each phase's seconds (10 by default).
        var seconds = args.Select(a => int.TryParse(a, out var s) ? s : 0).FirstOrDefault(s => s > 0);
        foreach (var synchronous in new[] { "FULL", "NORMAL" })
        {
            await RunOnceAsync(synchronous, TimeSpan.FromSeconds(seconds > 0 ? seconds : 10));
        }
    }

    private static async Task RunOnceAsync(string synchronous, TimeSpan duration)
    {
        var folder = Directory.CreateTempSubdirectory("unionreview-bench-").FullName;
        using var host = await BenchHost.CreateAsync(folder, _ => { }, ("Database:Synchronous", synchronous));
        var people = await SeedOfficersAsync(host.Services);
        var service = host.Services.GetRequiredService<ConversationService>();
        var outline = host.Services.GetRequiredService<OutlineCatalog>().Get(DemoSeeder.OutlineId);
        var scripts = people.Select(_ => new Script(outline)).ToArray();
        using var wal = WalSampler.Start(host.Services);

        // Phase 1: closed loop.
        var cpu = CpuTime();
        var gc = GcCounts.Now();
        var latencies = new List<double>[Officers];
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Officers).Select(i => Task.Run(async () =>
        {
            latencies[i] = [];
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                latencies[i].Add(await TurnAsync(service, people[i], scripts[i].Next()));
            }
        })));
        var closedElapsed = sw.Elapsed.TotalSeconds;
        var closed = latencies.SelectMany(l => l).Order().ToList();
        Console.WriteLine($"[synchronous={synchronous}] closed loop, {Officers} officers, no think time: {closed.Count:N0} turns in {closedElapsed:F1} s = {closed.Count / closedElapsed:N0} turns/s; p50 {Measure.Percentile(closed, 50):F2} ms, p99 {Measure.Percentile(closed, 99):F2} ms; CPU {(CpuTime() - cpu).TotalMilliseconds / closed.Count:F3} ms/turn; {GcCounts.Now().Since(gc, closed.Count)}");

        // Phase 2: open loop at the target load, then with a quarter more offered for headroom.
        var open = 0;
        foreach (var perOfficer in new[] { TurnsPerSecondPerOfficer, TurnsPerSecondPerOfficer * 1.25 })
        {
            open += await OpenLoopAsync(service, people, scripts, perOfficer, duration, synchronous);
        }

        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<UnionReviewDb>>().CreateDbContextAsync())
        {
            Console.WriteLine($"[synchronous={synchronous}] stored: {await db.Answers.CountAsync():N0} answers, {await db.AnswerRevisions.CountAsync():N0} earlier versions, {await db.Reports.CountAsync(r => r.Status == ReportStatus.InProgress):N0} reports in progress");
            var (sqlTurns, staleTurns) = service.PathCounts;
            Console.WriteLine($"[synchronous={synchronous}] turns committed as plain SQL from a kept session: {sqlTurns:N0} of {closed.Count + open:N0}; prepared but stale: {staleTurns:N0}");
        }

        Console.WriteLine($"[synchronous={synchronous}] WAL: {await wal.StopAsync()}; restarted from its beginning by the background checkpoint {host.Services.GetRequiredService<TurnExecutor>().WalRestarts:N0} times");
        Console.WriteLine($"[synchronous={synchronous}] peak working set {Measure.PeakMegabytes():N0} MB");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Each officer sends a turn at a fixed rate whether or not the last one was slow; returns the turns sent.</summary>
    private static async Task<int> OpenLoopAsync(ConversationService service, string[] people, Script[] scripts, double perOfficer, TimeSpan duration, string synchronous)
    {
        var interval = TimeSpan.FromSeconds(1.0 / perOfficer);
        var latencies = new List<double>[Officers];
        var lastDone = new long[Officers];
        var cpu = CpuTime();
        var gc = GcCounts.Now();
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, Officers).Select(i => Task.Run(async () =>
        {
            latencies[i] = [];
            var next = Stopwatch.GetTimestamp() + (long)(Random.Shared.NextDouble() * interval.TotalSeconds * Stopwatch.Frequency);
            while (true)
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                if (Stopwatch.GetTimestamp() >= stopAt)
                {
                    break;
                }

                latencies[i].Add(await TurnAsync(service, people[i], scripts[i].Next()));
                lastDone[i] = Stopwatch.GetTimestamp();
                next += (long)(interval.TotalSeconds * Stopwatch.Frequency);
            }
        })));

        // From the start to the last answered turn (not to the officers' next tick after the window closed).
        var elapsed = Stopwatch.GetElapsedTime(started, lastDone.Max()).TotalSeconds;
        var open = latencies.SelectMany(l => l).Order().ToList();
        Console.WriteLine($"[synchronous={synchronous}] open loop, {Officers} officers x {perOfficer:0.##} turns/s = {Officers * perOfficer:N0} turns/s offered: {open.Count:N0} turns in {elapsed:F1} s = {open.Count / elapsed:N0} turns/s; p50 {Measure.Percentile(open, 50):F2} ms, p99 {Measure.Percentile(open, 99):F2} ms, max {open[^1]:F2} ms; CPU {(CpuTime() - cpu).TotalMilliseconds / open.Count:F3} ms/turn; {GcCounts.Now().Since(gc, open.Count)}");
        return open.Count;
    }

    /// <summary>Allocations and collections over a phase: what decides the latency tail once the writer keeps up.</summary>
    private readonly record struct GcCounts(long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan Paused)
    {
        public static GcCounts Now() => new(GC.GetTotalAllocatedBytes(precise: false), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

        public string Since(GcCounts start, int turns) =>
            $"allocated {(Allocated - start.Allocated) / 1024.0 / Math.Max(1, turns):F1} KB/turn; GCs gen0 {Gen0 - start.Gen0}, gen1 {Gen1 - start.Gen1}, gen2 {Gen2 - start.Gen2}, paused {(Paused - start.Paused).TotalMilliseconds:F0} ms";
    }

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static async Task<double> TurnAsync(ConversationService service, string externalId, IncomingInput input)
    {
        var start = Stopwatch.GetTimestamp();
        await service.HandleAsync(new InboundMessage(ChannelNames.Console, externalId, input), CancellationToken.None);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    internal static async Task<string[]> SeedOfficersAsync(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IDbContextFactory<UnionReviewDb>>();
        await using var db = await factory.CreateDbContextAsync();
        var campaign = await db.Campaigns.OrderBy(c => c.Id).FirstAsync(); // the mid-term report, seeded first
        var level = await db.UnitLevels.SingleAsync(l => l.Rank == 2);
        var parent = await db.Units.FirstAsync(u => u.ParentId != null);
        var ids = new string[Officers];
        for (var i = 0; i < Officers; i++)
        {
            var unit = await Scope.AddUnitAsync(db, $"CĐCS thử nghiệm {i + 1}", null, level.Id, parent.Id, i, CancellationToken.None);
            var person = new Person { FullName = $"Cán bộ thử nghiệm {i + 1}", CreatedAt = TimeProvider.System.GetUtcNow() };
            db.People.Add(person);
            db.CampaignUnits.Add(new CampaignUnit { CampaignId = campaign.Id, UnitId = unit.Id });
            await db.SaveChangesAsync();
            db.Memberships.Add(new Membership { PersonId = person.Id, UnitId = unit.Id, Role = Role.Officer });
            ids[i] = $"bench-{person.Id}";
            await InviteService.EnsureLinkedAsync(db, ChannelNames.Console, ids[i], person.Id, null, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        }

        await db.SaveChangesAsync();
        return ids;
    }

    /// <summary>
    /// What an officer types: the outline in order (text in two messages then "xong"), then edits in cycles, each
    /// edit a changed answer (so every edit keeps the earlier version as a revision).
    /// </summary>
    internal sealed class Script
    {
        private readonly List<IncomingInput> _first = [];
        private readonly List<IncomingInput>[] _edits = [[], []];
        private int _position = -1;

        public Script(OutlineDefinition outline)
        {
            _first.Add(IncomingInput.FromText("/baocao"));
            foreach (var q in outline.Questions)
            {
                _first.AddRange(Answer(q, edited: false));
                foreach (var (edits, edited) in new[] { (_edits[0], true), (_edits[1], false) })
                {
                    edits.Add(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.Edit, q.Id).ToPayload()));
                    edits.AddRange(Answer(q, edited));
                }
            }
        }

        private static IEnumerable<IncomingInput> Answer(QuestionDefinition q, bool edited) => q.Kind switch
        {
            QuestionKind.Text => [IncomingInput.FromText("Đơn vị đã triển khai đầy đủ, kịp thời các văn bản chỉ đạo của cấp trên; tổ chức tốt các hoạt động chăm lo cho đoàn viên."), IncomingInput.FromText(edited ? "Đã khắc phục một phần hạn chế về biên chế." : "Còn một số hạn chế do biên chế mỏng."), IncomingInput.FromText("xong")],
            QuestionKind.Money => [IncomingInput.FromText(edited ? "1,6 triệu" : "1,5 triệu")],
            QuestionKind.Choice => [IncomingInput.FromText(edited ? "2" : "1")],
            QuestionKind.YesNo => [IncomingInput.FromText(edited ? "không" : "có")],
            _ => [IncomingInput.FromText(edited ? "13" : "12")],
        };

        private Script(List<IncomingInput> first, List<IncomingInput> edits0, List<IncomingInput> edits1)
        {
            _first = first;
            _edits = [edits0, edits1];
        }

        /// <summary>The script as lines ("T text" typed, "B payload" pressed; "--" between the first pass and each edit cycle), for a peer process.</summary>
        public IEnumerable<string> ToLines() =>
            _first.Select(Line).Append("--").Concat(_edits[0].Select(Line)).Append("--").Concat(_edits[1].Select(Line));

        public static Script FromLines(IEnumerable<string> lines)
        {
            var parts = new List<List<IncomingInput>> { new() };
            foreach (var line in lines)
            {
                if (line == "--")
                {
                    parts.Add([]);
                }
                else if (line.Length > 2)
                {
                    parts[^1].Add(line[0] == 'B' ? IncomingInput.FromButton(line[2..]) : IncomingInput.FromText(line[2..].Replace("\\n", "\n", StringComparison.Ordinal)));
                }
            }

            return new Script(parts[0], parts[1], parts[2]);
        }

        private static string Line(IncomingInput input) =>
            input.ButtonPayload is { } payload ? "B " + payload : "T " + input.Text!.Replace("\n", "\\n", StringComparison.Ordinal);

        /// <summary>The next input; after the first pass, cycles of edits alternate between changed and first answers.</summary>
        public IncomingInput Next()
        {
            _position++;
            if (_position < _first.Count)
            {
                return _first[_position];
            }

            var k = _position - _first.Count;
            var edits = _edits[k / _edits[0].Count % 2];
            return edits[k % edits.Count];
        }
    }
}
