using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using UnionReview.Channels.Tests.Telegram.Fake;
using UnionReview.Dialogs.Messages;
using UnionReview.Server;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Persistence;

namespace UnionReview.Benchmarks;

/// <summary>
/// The Telegram channel against the fake Bot API on 127.0.0.1.
/// Phase 1: 200 officers in private chats answer the real outline through long polling, each sending the next
/// input as soon as the first reply to the previous one arrives (closed loop): turns per second and latency from
/// the update being offered to the first reply. Telegram's overall limit is raised here to measure the service;
/// at Telegram's own 30 messages/s the replies, not the service, set the pace.
/// Phase 2: 2,000 proactive messages through the outbox against a fake enforcing 30 messages/s overall and
/// 1 per second per chat: sustained rate and 429 answers.
/// </summary>
public sealed class TelegramBenchmark : IBenchmark
{
    private const int Officers = 200;
    private const int OutboxMessages = 2_000;
    private const int OutboxChats = 400;

    public string Name => "telegram";

    public async Task RunAsync(string[] args)
    {
        // "telegram turns" runs the first phase only.
        await TurnsAsync(TimeSpan.FromSeconds(15));
        if (!args.Contains("turns", StringComparer.OrdinalIgnoreCase))
        {
            await OutboxAsync();
        }
    }

    private static IHost Build(FakeBotApi fake, string folder, int globalPerSecond)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Database:Path"] = Path.Combine(folder, "bench.db");
        builder.Configuration["Database:Synchronous"] = "NORMAL";
        builder.Configuration["Telegram:BotToken"] = fake.Token;
        builder.Configuration["Telegram:BaseUrl"] = fake.BaseUrl.ToString();
        builder.Configuration["Telegram:PollTimeout"] = "00:00:05";
        builder.Configuration["Telegram:GlobalPerSecond"] = globalPerSecond.ToString(CultureInfo.InvariantCulture);
        builder.Configuration["Outbox:PollInterval"] = "00:00:00.100";
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddDatabase();
        builder.AddConversations();
        builder.AddOutbox();
        builder.AddFeatureModules();
        return builder.Build();
    }

    private static async Task TurnsAsync(TimeSpan duration)
    {
        await using var fake = await FakeBotApi.StartAsync();
        var folder = Directory.CreateTempSubdirectory("unionreview-bench-tg-").FullName;
        using var host = Build(fake, folder, globalPerSecond: 1_000);
        await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        var people = await ConversationBenchmark.SeedOfficersAsync(host.Services);
        var chats = await LinkTelegramAsync(host.Services, people);
        await host.StartAsync();
        var outline = host.Services.GetRequiredService<OutlineCatalog>().Get(DemoSeeder.OutlineId);
        var scripts = chats.Select(_ => new ConversationBenchmark.Script(outline)).ToArray();

        // One "/baocao" each first, so every chat has a bot message and an open report.
        await Task.WhenAll(chats.Select(chat => TurnAsync(fake, chat, IncomingInput.FromText("/baocao"))));
        var latencies = new List<double>[Officers];
        var callsBefore = fake.Calls.Count;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Officers).Select(i => Task.Run(async () =>
        {
            latencies[i] = [];
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                latencies[i].Add(await TurnAsync(fake, chats[i], scripts[i].Next()));
            }
        })));
        sw.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var calls = fake.Calls.Skip(callsBefore).ToList();
        var all = latencies.SelectMany(l => l).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"turns through Telegram (200 officers, long polling, closed loop, {sw.Elapsed.TotalSeconds:F1} s): {all.Count} turns, {all.Count / sw.Elapsed.TotalSeconds:F0} turns/s, " +
            $"first reply p50 {Measure.Percentile(all, 50):F1} ms p95 {Measure.Percentile(all, 95):F1} ms p99 {Measure.Percentile(all, 99):F1} ms; " +
            $"Bot API calls {fake.Calls.Count}, violations {fake.Violations.Count}, peak {Measure.PeakMegabytes():F0} MB"));
        // CPU of the whole process (service and the fake Bot API together) per turn; what each turn sent.
        double PerTurn(params string[] methods) => calls.Count(c => methods.Contains(c.Method)) / (double)Math.Max(1, all.Count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  per turn: CPU {cpu.TotalMilliseconds / Math.Max(1, all.Count):F2} ms, messages {PerTurn("sendMessage", "sendDocument"):F2}, " +
            $"edits {PerTurn("editMessageText", "editMessageReplyMarkup"):F2}, callback answers {PerTurn("answerCallbackQuery"):F2}, all Bot API calls {PerTurn(calls.Select(c => c.Method).Distinct().ToArray()):F2}"));
        await host.StopAsync();
    }

    private static async Task<double> TurnAsync(FakeBotApi fake, long chat, IncomingInput input)
    {
        var before = fake.BotMessageCountIn(chat);
        var start = Stopwatch.GetTimestamp();
        if (input.ButtonPayload is { } payload)
        {
            fake.UserPressesOnNewest(chat, payload);
        }
        else
        {
            fake.UserSends(chat, input.Text!);
        }

        await fake.WaitForBotMessagesAsync(chat, before + 1, TimeSpan.FromSeconds(30));
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>Links each seeded officer to a Telegram chat (user id = chat id).</summary>
    private static async Task<long[]> LinkTelegramAsync(IServiceProvider services, string[] people)
    {
        var factory = services.GetRequiredService<IDbContextFactory<UnionReviewDb>>();
        await using var db = await factory.CreateDbContextAsync();
        var chats = new long[people.Length];
        for (var i = 0; i < people.Length; i++)
        {
            var personId = int.Parse(people[i]["bench-".Length..], CultureInfo.InvariantCulture);
            chats[i] = 600_000 + personId;
            var id = chats[i].ToString(CultureInfo.InvariantCulture);
            await InviteService.EnsureLinkedAsync(db, ChannelNames.Telegram, id, personId, id, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        }

        return chats;
    }

    private static async Task OutboxAsync()
    {
        await using var fake = await FakeBotApi.StartAsync();
        fake.GlobalPerSecond = 30;
        fake.PerChatInterval = TimeSpan.FromSeconds(1);
        var folder = Directory.CreateTempSubdirectory("unionreview-bench-tg-").FullName;
        using var host = Build(fake, folder, globalPerSecond: 30);
        await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        await host.StartAsync();
        var factory = host.Services.GetRequiredService<IDbContextFactory<UnionReviewDb>>();
        var writer = host.Services.GetRequiredService<OutboxWriter>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            for (var i = 0; i < OutboxMessages; i++)
            {
                var chat = (700_000 + (i % OutboxChats)).ToString(CultureInfo.InvariantCulture);
                await writer.EnqueueAsync(db, null, ChannelNames.Telegram, chat, OutgoingMessage.Plain($"Nhắc hạn nộp báo cáo sơ kết, tin số {i + 1}"), $"bench:{i}", CancellationToken.None);
            }

            await db.SaveChangesAsync();
        }

        var sw = Stopwatch.StartNew();
        while (fake.BotMessageCount < OutboxMessages && sw.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        var sends = fake.CallsOf("sendMessage").Where(c => c.Status == 200).Select(c => c.Timestamp).Order().ToList();
        var span = sends.Count > 1 ? Stopwatch.GetElapsedTime(sends[0], sends[^1]).TotalSeconds : 0;
        // Messages per full 10-second window from the first delivery (the last, partial window left out).
        var windows = sends.GroupBy(t => (int)(Stopwatch.GetElapsedTime(sends[0], t).TotalSeconds / 10)).Where(g => (g.Key + 1) * 10 <= span).Select(g => g.Count() / 10.0).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"outbox through Telegram ({OutboxMessages} messages to {OutboxChats} chats, fake enforcing 30/s overall and 1/s per chat): " +
            $"{sends.Count} delivered in {span:F1} s = {(span > 0 ? (sends.Count - 1) / span : 0):F1} messages/s sustained; " +
            $"10-s windows from {(windows.Count > 0 ? windows.Min() : 0):F1} to {(windows.Count > 0 ? windows.Max() : 0):F1} messages/s; 429 answers {fake.TooManyRequests}"));
        await host.StopAsync();
    }
}
