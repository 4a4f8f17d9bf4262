using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UnionReview.Channels.Tests.Zalo.Fake;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Model;
using UnionReview.Server;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Features.Zalo;
using UnionReview.Server.Persistence;

namespace UnionReview.Benchmarks;

/// <summary>
/// The Zalo channel against the fake Zalo Bot API on 127.0.0.1, by webhook over real HTTP (Kestrel), with
/// Synchronous=FULL: every answer is on disk before its reply. 200 officers answer the real outline by typing only
/// (numbers, choices by number, texts ended by "xong"), each sending the next message as soon as the first reply
/// to the previous one arrives (closed loop). Prints turns per second, CPU per turn (the whole process: the fake
/// Zalo server and its webhook client included), bot messages per turn and latency from the webhook POST to the
/// first reply. The pace limit is raised here to measure the service, not Zalo's (unpublished) limit.
/// </summary>
public sealed class ZaloBenchmark : IBenchmark
{
    private const int Officers = 200;

    public string Name => "zalo";

    public async Task RunAsync(string[] args)
    {
        await using var fake = await FakeZaloApi.StartAsync();
        var folder = Directory.CreateTempSubdirectory("unionreview-bench-zalo-").FullName;
        var port = FreePort();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Configuration["Database:Path"] = Path.Combine(folder, "bench.db");
        builder.Configuration["Database:Synchronous"] = "FULL";
        builder.Configuration["Schedules:RunJobs"] = "false";
        builder.Configuration["Zalo:BotToken"] = fake.Token;
        builder.Configuration["Zalo:BaseUrl"] = fake.BaseUrl.ToString();
        builder.Configuration["Zalo:Mode"] = "Webhook";
        builder.Configuration["Zalo:WebhookUrl"] = $"http://127.0.0.1:{port}/api/zalo/webhook";
        builder.Configuration["Zalo:WebhookSecret"] = "bi-mat-benchmark-zalo";
        builder.Configuration["Zalo:GlobalPerSecond"] = "1000";
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddDatabase();
        builder.AddConversations();
        builder.AddOutbox();
        builder.AddFeatureModules();
        await using var app = builder.Build();
        app.MapZalo();
        await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        var people = await ConversationBenchmark.SeedOfficersAsync(app.Services);
        var chats = await LinkZaloAsync(app.Services, people);
        await app.StartAsync();
        await FakeZaloApi.WaitUntilAsync(() => fake.WebhookUrl is not null, TimeSpan.FromSeconds(30), "setWebhook");
        var outline = app.Services.GetRequiredService<OutlineCatalog>().Get(DemoSeeder.OutlineId);
        var script = TypedAnswers(outline);

        var latencies = new List<double>[Officers];
        var sentBefore = fake.BotMessageCount;
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Officers).Select(i => Task.Run(async () =>
        {
            latencies[i] = [];
            foreach (var (text, replies) in script)
            {
                latencies[i].Add(await TurnAsync(fake, chats[i], text, replies));
            }
        })));
        // A long message goes in several parts, so a turn may bring one reply more than counted: wait for the inbox to drain.
        var factory = app.Services.GetRequiredService<IDbContextFactory<UnionReviewDb>>();
        for (var i = 0; i < 600; i++)
        {
            await using var check = await factory.CreateDbContextAsync();
            if (!await check.InboundReceipts.AnyAsync(r => r.Channel == "zalo" && r.HandledAt == null) && app.Services.GetRequiredService<UnionReview.Server.Features.Inbox.Inbox>().InFlight("zalo") == 0)
            {
                break;
            }

            await Task.Delay(50);
        }

        sw.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var all = latencies.SelectMany(l => l).Order().ToList();
        var messages = fake.BotMessageCount - sentBefore;
        int answers, submitted;
        await using (var db = await factory.CreateDbContextAsync())
        {
            answers = await db.Answers.CountAsync();
            submitted = await db.Reports.CountAsync(r => r.Status == ReportStatus.Submitted);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"turns through Zalo (200 officers, webhook over HTTP, Synchronous=FULL, closed loop): {all.Count} turns in {sw.Elapsed.TotalSeconds:F1} s = {all.Count / sw.Elapsed.TotalSeconds:F0} turns/s; " +
            $"CPU {cpu.TotalMilliseconds / all.Count:F2} ms per turn (whole process, fake Zalo included); {(double)messages / all.Count:F2} bot messages per turn; " +
            $"webhook POST to the turn's last reply p50 {Measure.Percentile(all, 50):F1} ms p95 {Measure.Percentile(all, 95):F1} ms p99 {Measure.Percentile(all, 99):F1} ms; " +
            $"answers stored {answers}, reports submitted {submitted}/{Officers}; Bot API violations {fake.Violations.Count}; peak {Measure.PeakMegabytes():F0} MB"));
        await app.StopAsync();
    }

    /// <summary>
    /// The outline typed in order, then /nop and "có", each with the number of replies it brings: a piece of a long
    /// text one ("received"), a finished answer two (saved, next question), /baocao two (welcome, first question).
    /// </summary>
    private static List<(string Text, int Replies)> TypedAnswers(OutlineDefinition outline)
    {
        var inputs = new List<(string, int)> { ("/baocao", 2) };
        foreach (var q in outline.Questions)
        {
            inputs.AddRange(q.Kind switch
            {
                QuestionKind.Text => [("Đơn vị đã triển khai đầy đủ, kịp thời các văn bản chỉ đạo của cấp trên.", 1), ("Giải pháp: tăng cường bồi dưỡng cán bộ công đoàn.", 1), ("xong", 2)],
                QuestionKind.Money => [("1,5 triệu", 2)],
                QuestionKind.Choice => [("1", 2)],
                QuestionKind.YesNo => [("có", 2)],
                _ => [("12", 2)],
            });
        }

        inputs.Add(("/nop", 1));
        inputs.Add(("có", 1));
        return inputs;
    }

    /// <summary>Sends one message by webhook and waits for all the replies it brings (so the next one follows a finished turn).</summary>
    private static async Task<double> TurnAsync(FakeZaloApi fake, string chat, string text, int replies)
    {
        var before = fake.BotMessageCountIn(chat);
        var start = Stopwatch.GetTimestamp();
        await fake.UserSendsAsync(chat, text);
        await fake.WaitForBotMessagesAsync(chat, before + replies, TimeSpan.FromSeconds(60));
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>Links each seeded officer to a Zalo chat (user id = chat id).</summary>
    private static async Task<string[]> LinkZaloAsync(IServiceProvider services, string[] people)
    {
        var factory = services.GetRequiredService<IDbContextFactory<UnionReviewDb>>();
        await using var db = await factory.CreateDbContextAsync();
        var chats = new string[people.Length];
        for (var i = 0; i < people.Length; i++)
        {
            var personId = int.Parse(people[i]["bench-".Length..], CultureInfo.InvariantCulture);
            chats[i] = "z" + personId.ToString("x19", CultureInfo.InvariantCulture);
            await InviteService.EnsureLinkedAsync(db, ChannelNames.Zalo, chats[i], personId, chats[i], TimeProvider.System.GetUtcNow(), CancellationToken.None);
        }

        return chats;
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
