using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using UnionReview.Server;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Persistence;

namespace UnionReview.Benchmarks;

/// <summary>
/// The channel speed targets: the bot in this process, the other side (fake API and 200 officers, no think time)
/// in a peer process of its own, so that only the bot's CPU and allocations are counted here. Every answer is
/// durable (Synchronous=FULL).
/// Telegram: long polling against the fake Bot API (its overall limit raised to 1,000 messages/s: the service, not
/// Telegram's 30/s, is measured); first reply = from the update being offered to the bot's first new message.
/// Bot Framework: activities posted to /api/messages, replies sent to a fake Connector; a turn ends when the post
/// is answered (the replies have gone by then).
/// "channels tg" or "channels bf" runs one; a number sets the seconds of the closed loop (15).
/// </summary>
public sealed class ChannelTargetsBenchmark : IBenchmark
{
    private const int Officers = 200;

    public string Name => "channels";

    public async Task RunAsync(string[] args)
    {
        var seconds = args.Select(a => int.TryParse(a, out var s) ? s : 0).FirstOrDefault(s => s > 0);
        var duration = seconds > 0 ? seconds : 15;
        var only = args.FirstOrDefault(a => a is "tg" or "bf");
        if (only is null or "tg")
        {
            await TelegramAsync(duration);
        }

        if (only is null or "bf")
        {
            await BotFrameworkAsync(duration);
        }
    }

    private static async Task TelegramAsync(int seconds)
    {
        var folder = Directory.CreateTempSubdirectory("unionreview-bench-targets-").FullName;
        using var peer = PeerProcess.Start("telegram", await ScriptFileAsync(folder));
        var ready = (await peer.ExpectAsync("ready", TimeSpan.FromSeconds(60))).Split(' ');
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Database:Path"] = Path.Combine(folder, "bench.db");
        builder.Configuration["Database:Synchronous"] = "FULL";
        builder.Configuration["Telegram:BotToken"] = ready[1];
        builder.Configuration["Telegram:BaseUrl"] = ready[0];
        builder.Configuration["Telegram:PollTimeout"] = "00:00:05";
        builder.Configuration["Telegram:GlobalPerSecond"] = "1000";
        builder.Configuration["Outbox:PollInterval"] = "00:00:00.100";
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddDatabase();
        builder.AddConversations();
        builder.AddOutbox();
        builder.AddFeatureModules();
        using var host = builder.Build();
        await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        var people = await ConversationBenchmark.SeedOfficersAsync(host.Services);
        var chats = await LinkAsync(host.Services, people, ChannelNames.Telegram, id => (600_000 + id).ToString(CultureInfo.InvariantCulture), address: true);
        await host.StartAsync();
        await peer.SendAsync("chats " + string.Join(',', chats));
        var result = await MeasureAsync(peer, seconds);
        await host.StopAsync();
        Print("Telegram (long polling, fake Bot API in its own process)", result,
            sends: ["sendMessage", "sendDocument", "sendPhoto"], other: ["editMessageText", "editMessageReplyMarkup", "answerCallbackQuery", "sendChatAction"]);
        Cleanup(folder);
    }

    private static async Task BotFrameworkAsync(int seconds)
    {
        var folder = Directory.CreateTempSubdirectory("unionreview-bench-targets-").FullName;
        using var peer = PeerProcess.Start("botframework", await ScriptFileAsync(folder));
        await peer.ExpectAsync("ready", TimeSpan.FromSeconds(60));
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Database:Path"] = Path.Combine(folder, "bench.db");
        builder.Configuration["Database:Synchronous"] = "FULL";
        builder.Configuration["Outbox:PollInterval"] = "00:00:00.100";
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddDatabase();
        builder.AddConversations();
        builder.AddOutbox();
        builder.AddFeatureModules();
        await using var app = builder.Build();
        app.MapFeatureEndpoints();
        await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        var people = await ConversationBenchmark.SeedOfficersAsync(app.Services);
        // The endpoint knows a person by "channel:user id"; the conversation reference comes with each activity.
        var users = await LinkAsync(app.Services, people, ChannelNames.BotFramework, id => "emulator:bf-" + id.ToString(CultureInfo.InvariantCulture), address: false);
        await app.StartAsync();
        await peer.SendAsync("bot " + app.Urls.First());
        await peer.SendAsync("users " + string.Join(',', users.Select(u => u["emulator:".Length..])));
        var result = await MeasureAsync(peer, seconds);
        await app.StopAsync();
        Print("Bot Framework (/api/messages, fake Connector in its own process)", result, sends: ["reply", "send"], other: []);
        Cleanup(folder);
    }

    /// <summary>The warm-up, then the closed loop with this process's CPU, allocations and collections around it.</summary>
    private static async Task<Figures> MeasureAsync(PeerProcess peer, int seconds)
    {
        await peer.ExpectAsync("warm", TimeSpan.FromMinutes(2));
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: false);
        var gen0 = GC.CollectionCount(0);
        var gen2 = GC.CollectionCount(2);
        await peer.SendAsync("go " + seconds.ToString(CultureInfo.InvariantCulture));
        var json = await peer.ExpectAsync("result", TimeSpan.FromSeconds(seconds + 120));
        process.Refresh();
        return new Figures(
            JsonSerializer.Deserialize<Peer.Result>(json)!,
            process.TotalProcessorTime - cpu,
            GC.GetTotalAllocatedBytes(precise: false) - allocated,
            GC.CollectionCount(0) - gen0,
            GC.CollectionCount(2) - gen2);
    }

    private sealed record Figures(Peer.Result Peer, TimeSpan Cpu, long Allocated, int Gen0, int Gen2);

    private static void Print(string title, Figures f, string[] sends, string[] other)
    {
        var r = f.Peer;
        var turns = Math.Max(1, r.Turns);
        double PerTurn(params string[] methods) => methods.Sum(m => r.Calls.GetValueOrDefault(m)) / (double)turns;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{title}, {Officers} officers, closed loop, Synchronous=FULL: {r.Turns:N0} turns in {r.Seconds:F1} s = {r.Turns / r.Seconds:F0} turns/s; " +
            $"first reply p50 {r.P50:F1} ms p95 {r.P95:F1} ms p99 {r.P99:F1} ms"));
        var others = string.Join("", other.Where(m => r.Calls.ContainsKey(m)).Select(m => string.Create(CultureInfo.InvariantCulture, $", {m} {PerTurn(m):F2}")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  per turn: bot CPU {f.Cpu.TotalMilliseconds / turns:F3} ms, messages {PerTurn(sends):F2}{others}" +
            $", allocated {f.Allocated / 1024.0 / turns:F1} KB; GCs gen0 {f.Gen0}, gen2 {f.Gen2}; API violations {r.Violations}; peak {Measure.PeakMegabytes():F0} MB"));
    }

    private static async Task<string> ScriptFileAsync(string folder)
    {
        // The outline as the service loads it, written out for the peer (every officer follows the same script).
        var file = Path.Combine(folder, "script.txt");
        using var host = await BenchHost.CreateAsync(folder, _ => { }, ("Database:Path", Path.Combine(folder, "outline-only.db")));
        var outline = host.Services.GetRequiredService<OutlineCatalog>().Get(DemoSeeder.OutlineId);
        await File.WriteAllLinesAsync(file, new ConversationBenchmark.Script(outline).ToLines());
        return file;
    }

    /// <summary>Links each seeded officer to an account on the channel; returns the external ids.</summary>
    private static async Task<string[]> LinkAsync(IServiceProvider services, string[] people, string channel, Func<int, string> externalId, bool address)
    {
        var factory = services.GetRequiredService<IDbContextFactory<UnionReviewDb>>();
        await using var db = await factory.CreateDbContextAsync();
        var ids = new string[people.Length];
        for (var i = 0; i < people.Length; i++)
        {
            var personId = int.Parse(people[i]["bench-".Length..], CultureInfo.InvariantCulture);
            ids[i] = externalId(personId);
            await InviteService.EnsureLinkedAsync(db, channel, ids[i], personId, address ? ids[i] : null, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        }

        return ids;
    }

    private static void Cleanup(string folder)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
