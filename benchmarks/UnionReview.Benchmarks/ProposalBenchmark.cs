using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using UnionReview.Dialogs.Messages;
using UnionReview.Server;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Features.Proposals;
using UnionReview.Server.Persistence;

namespace UnionReview.Benchmarks;

/// <summary>
/// Proposals through the conversation service against a SQLite file (synchronous=FULL).
/// Phase 1: 200 officers each send 5 proposals at once (6 turns each): proposals per second, turn latency, and a
/// check that the 1,000 references are 0001…1000 without gaps or repeats.
/// Phase 2: with 20,000 more proposals stored, a provincial committee member's overview, "waiting" list and
/// opening one (each a whole turn), and the digest query over the whole province.
/// </summary>
public sealed class ProposalBenchmark : IBenchmark
{
    private const int Officers = 200;
    private const int PerOfficer = 5;
    private const int Extra = 20_000;

    public string Name => "proposals";

    public async Task RunAsync(string[] args)
    {
        var folder = Directory.CreateTempSubdirectory("unionreview-bench-").FullName;
        using var host = await BenchHost.CreateAsync(folder, builder => builder.AddProposals(), ("Proposals:NotifyCommitteeOnNew", "true"));
        var factory = host.Services.GetRequiredService<IDbContextFactory<UnionReviewDb>>();
        var (officers, committee) = await SeedAsync(factory);
        var service = host.Services.GetRequiredService<ConversationService>();

        // Phase 1: everyone sends at once.
        var latencies = new List<double>[Officers];
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Officers).Select(i => Task.Run(async () =>
        {
            latencies[i] = [];
            for (var k = 0; k < PerOfficer; k++)
            {
                foreach (var input in new[]
                {
                    IncomingInput.FromText("/kiennghi"), IncomingInput.FromButton("kn:to:3"), IncomingInput.FromText($"Chủ đề {k + 1} của đơn vị {i + 1}"),
                    IncomingInput.FromText("Đề nghị Liên đoàn Lao động tỉnh quan tâm hỗ trợ nhà ở cho đoàn viên có hoàn cảnh khó khăn."),
                    IncomingInput.FromText("xong"), IncomingInput.FromButton("kn:send"),
                })
                {
                    latencies[i].Add(await TurnAsync(service, officers[i], input));
                }
            }
        })));
        var elapsed = sw.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToList();
        await using (var db = await factory.CreateDbContextAsync())
        {
            var sequences = await db.Proposals.OrderBy(p => p.Sequence).Select(p => p.Sequence).ToListAsync();
            var gapless = sequences.SequenceEqual(Enumerable.Range(1, Officers * PerOfficer));
            Console.WriteLine($"send: {Officers} officers x {PerOfficer} proposals at once: {sequences.Count:N0} proposals in {elapsed:F1} s = {sequences.Count / elapsed:N0} proposals/s " +
                $"({all.Count:N0} turns); turn p50 {Measure.Percentile(all, 50):F2} ms, p99 {Measure.Percentile(all, 99):F2} ms; references 1…{sequences.Count} without gaps or repeats: {gapless}");
        }

        // Phase 2: a large store, read by the committee.
        await AddExtraAsync(factory);
        await TurnAsync(service, committee, IncomingInput.FromText("/dskiennghi"));
        int someId;
        await using (var db = await factory.CreateDbContextAsync())
        {
            someId = await db.Proposals.OrderBy(p => p.Id).Select(p => p.Id).Skip(Extra / 2).FirstAsync();
        }

        foreach (var (label, input) in new[]
        {
            ("overview /dskiennghi", IncomingInput.FromText("/dskiennghi")),
            ("list waiting, page 1", IncomingInput.FromButton("kn:l:u:0")),
            ("list by unit", IncomingInput.FromButton("kn:bu")),
            ("open one", IncomingInput.FromButton($"kn:o:{someId}")),
        })
        {
            var times = new List<double>();
            for (var k = 0; k < 100; k++)
            {
                times.Add(await TurnAsync(service, committee, input));
            }

            times.Sort();
            Console.WriteLine($"committee, {Officers * PerOfficer + Extra:N0} proposals stored, {label}: p50 {Measure.Percentile(times, 50):F2} ms, p99 {Measure.Percentile(times, 99):F2} ms");
        }

        var digest = host.Services.GetRequiredService<IProposalDigestSource>();
        var digestTimes = new List<double>();
        var count = 0;
        for (var k = 0; k < 50; k++)
        {
            await using var db = await factory.CreateDbContextAsync();
            var scope = await db.Units.Select(u => u.Id).ToListAsync();
            var start = Stopwatch.GetTimestamp();
            count = (await digest.NewOrUnansweredAsync(db, scope, TimeProvider.System.GetUtcNow().AddDays(-1), CancellationToken.None)).Count;
            digestTimes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        digestTimes.Sort();
        Console.WriteLine($"digest over the province ({count:N0} proposals returned): p50 {Measure.Percentile(digestTimes, 50):F2} ms, p99 {Measure.Percentile(digestTimes, 99):F2} ms");
        Console.WriteLine($"peak working set {Measure.PeakMegabytes():N0} MB");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<double> TurnAsync(ConversationService service, string externalId, IncomingInput input)
    {
        var start = Stopwatch.GetTimestamp();
        await service.HandleAsync(new InboundMessage(ChannelNames.Console, externalId, input) { Address = externalId }, CancellationToken.None);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static async Task<(string[] Officers, string Committee)> SeedAsync(IDbContextFactory<UnionReviewDb> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        var now = TimeProvider.System.GetUtcNow();
        var level = await db.UnitLevels.SingleAsync(l => l.Rank == 2);
        var parent = await db.Units.FirstAsync(u => u.ParentId != null);
        var ids = new string[Officers];
        for (var i = 0; i < Officers; i++)
        {
            var unit = await Scope.AddUnitAsync(db, $"CĐCS thử nghiệm {i + 1}", null, level.Id, parent.Id, i, CancellationToken.None);
            var person = new Person { FullName = $"Cán bộ thử nghiệm {i + 1}", CreatedAt = now };
            db.People.Add(person);
            await db.SaveChangesAsync();
            db.Memberships.Add(new Membership { PersonId = person.Id, UnitId = unit.Id, Role = Role.Officer });
            ids[i] = $"bench-{person.Id}";
            await InviteService.EnsureLinkedAsync(db, ChannelNames.Console, ids[i], person.Id, ids[i], now, CancellationToken.None);
        }

        var member = await db.Memberships.FirstAsync(m => m.Role == Role.Committee);
        var committee = $"bench-{member.PersonId}";
        await InviteService.EnsureLinkedAsync(db, ChannelNames.Console, committee, member.PersonId, committee, now, CancellationToken.None);
        await db.SaveChangesAsync();
        return (ids, committee);
    }

    /// <summary>Stores many more proposals directly: mixed statuses and ages, spread over the seeded units.</summary>
    private static async Task AddExtraAsync(IDbContextFactory<UnionReviewDb> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        var senders = await db.Memberships.Where(m => m.Role == Role.Officer).Select(m => new { m.PersonId, m.UnitId }).ToListAsync();
        var now = TimeProvider.System.GetUtcNow();
        var year = now.ToOffset(TimeSpan.FromHours(7)).Year;
        var next = await db.Proposals.Where(p => p.Year == year).MaxAsync(p => (int?)p.Sequence) ?? 0;
        var random = new Random(4);
        for (var k = 0; k < Extra; k++)
        {
            var sender = senders[k % senders.Count];
            var status = (ProposalStatus)random.Next(4);
            var created = now.AddHours(-random.Next(24 * 365));
            next++;
            db.Proposals.Add(new Proposal
            {
                Reference = $"KN-{year}-{next:0000}", Year = year, Sequence = next, SenderId = sender.PersonId, UnitId = sender.UnitId,
                Addressee = (ProposalAddressee)random.Next(5), Topic = $"Chủ đề lưu sẵn {k}", Text = "Nội dung kiến nghị lưu sẵn để đo.",
                Status = status, Channel = ChannelNames.Console, CreatedAt = created, UpdatedAt = created,
                LastAnsweredAt = status is ProposalStatus.Answered or ProposalStatus.Closed ? created.AddHours(1) : null,
            });
        }

        await db.SaveChangesAsync();
    }
}
