using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using UnionReview.Channels.Tests.Telegram.Fake;
using UnionReview.Dialogs.Messages;

namespace UnionReview.Benchmarks;

/// <summary>
/// The other side of a channel benchmark, in a process of its own so that its CPU is not counted as the bot's:
/// the fake Telegram Bot API or a fake Bot Framework Connector on 127.0.0.1, and the officers who talk to the bot
/// through it. It talks to the benchmark over standard input and output, one line a step:
/// it prints "ready …", reads the officers' addresses, warms each chat with "/baocao", prints "warm", reads
/// "go SECONDS", runs the closed loop and prints "result {json}", then exits when its input closes.
/// </summary>
internal static class Peer
{
    /// <summary>What the peer measured in the closed loop.</summary>
    internal sealed record Result(int Turns, double Seconds, double P50, double P95, double P99, Dictionary<string, int> Calls, int Violations);

    public static async Task<int> RunAsync(string[] args)
    {
        return args[1] switch
        {
            "telegram" => await TelegramAsync(args[2]),
            "botframework" => await BotFrameworkAsync(args[2]),
            _ => 2,
        };
    }

    private static async Task<int> TelegramAsync(string scriptFile)
    {
        await using var fake = await FakeBotApi.StartAsync();
        Console.WriteLine($"ready {fake.BaseUrl} {fake.Token}");
        var chats = (await ExpectAsync("chats")).Split(',').Select(c => long.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        await Task.WhenAll(chats.Select(chat => TelegramTurnAsync(fake, chat, IncomingInput.FromText("/baocao"))));
        Console.WriteLine("warm");
        var seconds = double.Parse(await ExpectAsync("go"), CultureInfo.InvariantCulture);
        var callsBefore = fake.Calls.Count;
        var result = await ClosedLoopAsync(chats.Length, scriptFile, seconds, (i, input) => TelegramTurnAsync(fake, chats[i], input));
        // The officers stopped at their first reply; what else their last turns send (and any backlog behind the
        // rate limiter) belongs to the turns counted, so the count waits until the bot has been quiet for a second.
        var drain = Stopwatch.StartNew();
        var quiet = Stopwatch.StartNew();
        for (var count = fake.Calls.Count; drain.Elapsed < TimeSpan.FromSeconds(30) && quiet.Elapsed < TimeSpan.FromSeconds(1);)
        {
            await Task.Delay(100);
            var now = fake.Calls.Count;
            if (now != count)
            {
                count = now;
                quiet.Restart();
            }
        }

        var calls = fake.Calls.Skip(callsBefore).ToList();
        result = result with
        {
            Calls = calls.GroupBy(c => c.Method).ToDictionary(g => g.Key, g => g.Count()),
            Violations = calls.Sum(c => c.Violations.Count),
        };
        Console.WriteLine("result " + JsonSerializer.Serialize(result));
        if (Environment.GetEnvironmentVariable("UNIONREVIEW_PEER_SHOW") is "1")
        {
            // What one officer read, to see a conversation as the bot rendered it.
            foreach (var m in fake.BotMessages(chats[0]).Take(40))
            {
                await Console.Error.WriteLineAsync($"--- #{m.MessageId} edits {m.Edits} buttons {m.Buttons.Count}\n{m.Text}");
            }
        }

        await Console.In.ReadToEndAsync();
        return 0;
    }

    private static async Task<double> TelegramTurnAsync(FakeBotApi fake, long chat, IncomingInput input)
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

    /// <summary>
    /// A Bot Framework Connector that takes the bot's activities (replies and conversation posts) and counts them;
    /// the officers post their activities to the bot's /api/messages, and a turn ends when the bot answers the post
    /// (it sends its replies to the Connector before that).
    /// </summary>
    private static async Task<int> BotFrameworkAsync(string scriptFile)
    {
        var received = new ConcurrentDictionary<string, int>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        var nextId = 0L;
        app.MapPost("/v3/conversations/{conversation}/activities/{replyTo?}", async (HttpContext http) =>
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body);
            received.AddOrUpdate(http.Request.RouteValues["replyTo"] is null ? "send" : "reply", 1, (_, n) => n + 1);
            return Results.Json(new { id = "a" + Interlocked.Increment(ref nextId).ToString(CultureInfo.InvariantCulture) });
        });
        await app.StartAsync();
        var serviceUrl = app.Urls.First().TrimEnd('/');
        Console.WriteLine($"ready {serviceUrl}");
        var target = new Uri(new Uri(await ExpectAsync("bot")), "/api/messages");
        var users = (await ExpectAsync("users")).Split(',');
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { Timeout = TimeSpan.FromSeconds(30) };
        var sequence = 0L;
        async Task<double> TurnAsync(int i, IncomingInput input)
        {
            var activity = new JsonObject
            {
                ["type"] = "message",
                ["id"] = "m" + Interlocked.Increment(ref sequence).ToString(CultureInfo.InvariantCulture),
                ["timestamp"] = TimeProvider.System.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
                ["serviceUrl"] = serviceUrl,
                ["channelId"] = "emulator",
                ["from"] = new JsonObject { ["id"] = users[i], ["name"] = "Cán bộ", ["role"] = "user" },
                ["conversation"] = new JsonObject { ["id"] = "conv-" + users[i], ["conversationType"] = "personal" },
                ["recipient"] = new JsonObject { ["id"] = "bot-1", ["name"] = "Trợ lý báo cáo", ["role"] = "bot" },
                ["locale"] = "vi-VN",
                ["textFormat"] = "plain",
            };
            if (input.ButtonPayload is { } payload)
            {
                activity["value"] = new JsonObject { ["payload"] = payload };
            }
            else
            {
                activity["text"] = input.Text;
            }

            var start = Stopwatch.GetTimestamp();
            using var content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(target, content);
            response.EnsureSuccessStatusCode();
            return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        await Task.WhenAll(users.Select((_, i) => TurnAsync(i, IncomingInput.FromText("/baocao"))));
        Console.WriteLine("warm");
        var seconds = double.Parse(await ExpectAsync("go"), CultureInfo.InvariantCulture);
        var before = new Dictionary<string, int>(received);
        var result = await ClosedLoopAsync(users.Length, scriptFile, seconds, TurnAsync);
        result = result with { Calls = received.ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key)) };
        Console.WriteLine("result " + JsonSerializer.Serialize(result));
        await Console.In.ReadToEndAsync();
        await app.StopAsync();
        return 0;
    }

    /// <summary>Every officer sends the next input of the script as soon as the previous turn ended, until the time is up.</summary>
    private static async Task<Result> ClosedLoopAsync(int officers, string scriptFile, double seconds, Func<int, IncomingInput, Task<double>> turn)
    {
        var lines = await File.ReadAllLinesAsync(scriptFile);
        var scripts = Enumerable.Range(0, officers).Select(_ => ConversationBenchmark.Script.FromLines(lines)).ToArray();
        foreach (var script in scripts)
        {
            script.Next(); // "/baocao", sent in the warm-up
        }

        var latencies = new List<double>[officers];
        var stopAt = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, officers).Select(i => Task.Run(async () =>
        {
            latencies[i] = [];
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                latencies[i].Add(await turn(i, scripts[i].Next()));
            }
        })));
        sw.Stop();
        var all = latencies.SelectMany(l => l).Order().ToList();
        return new Result(all.Count, sw.Elapsed.TotalSeconds, Measure.Percentile(all, 50), Measure.Percentile(all, 95), Measure.Percentile(all, 99), [], 0);
    }

    private static async Task<string> ExpectAsync(string word)
    {
        var line = await Console.In.ReadLineAsync() ?? throw new InvalidOperationException($"expected “{word}”, input closed");
        return line.StartsWith(word + " ", StringComparison.Ordinal) ? line[(word.Length + 1)..] : throw new InvalidOperationException($"expected “{word}”, got “{line}”");
    }
}

/// <summary>A peer process seen from the benchmark: started with a role, spoken to line by line.</summary>
internal sealed class PeerProcess : IDisposable
{
    private readonly Process _process;

    private PeerProcess(Process process) => _process = process;

    public static PeerProcess Start(string role, string scriptFile)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        // As this benchmark was started: its own executable, or "dotnet UnionReview.Benchmarks.dll".
        var self = Environment.ProcessPath!;
        info.FileName = self;
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(Peer).Assembly.Location);
        }

        foreach (var arg in new[] { "peer", role, scriptFile })
        {
            info.ArgumentList.Add(arg);
        }

        return new PeerProcess(Process.Start(info)!);
    }

    /// <summary>Waits for the peer's next line, which must start with <paramref name="word"/>; returns the rest.</summary>
    public async Task<string> ExpectAsync(string word, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var line = await _process.StandardOutput.ReadLineAsync(cts.Token) ?? throw new InvalidOperationException($"the peer stopped before “{word}”");
        return line == word ? "" : line.StartsWith(word + " ", StringComparison.Ordinal) ? line[(word.Length + 1)..] : throw new InvalidOperationException($"expected “{word}” from the peer, got “{line}”");
    }

    public async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public void Dispose()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
