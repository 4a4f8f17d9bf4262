using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Persistence;

namespace UnionReview.Benchmarks;

/// <summary>
/// How fast the service is ready after a start: the server runs as its own process, as in production, from a
/// plain "dotnet build" output and from a ReadyToRun publish; printed are the time from starting the process until
/// GET /health answers 200, and until the first turn is done (an officer's "/baocao" posted to /api/messages,
/// answered after the reply reached a fake Connector on 127.0.0.1).
/// Arguments: "startup [plain=PATH] [r2r=PATH] [runs=N]", PATH the server's .dll or executable. Defaults: the
/// build output under src/UnionReview.Server/bin/Release/net10.0 and the publish folder artifacts/publish-r2r
/// (see docs: dotnet publish src/UnionReview.Server -c Release -r linux-x64 -o artifacts/publish-r2r).
/// </summary>
public sealed class StartupBenchmark : IBenchmark
{
    public string Name => "startup";

    public async Task RunAsync(string[] args)
    {
        var root = RepositoryRoot();
        string Arg(string name, string fallback) => args.FirstOrDefault(a => a.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..] ?? fallback;
        var runs = int.Parse(Arg("runs", "3"), CultureInfo.InvariantCulture);
        var variants = new[]
        {
            ("dotnet build (JIT)", Arg("plain", Path.Combine(root, "src/UnionReview.Server/bin/Release/net10.0/UnionReview.Server.dll"))),
            ("publish ReadyToRun", Arg("r2r", Path.Combine(root, "artifacts/publish-r2r/UnionReview.Server"))),
        };

        await using var connector = await FakeConnector.StartAsync();
        foreach (var (title, path) in variants)
        {
            if (!File.Exists(path))
            {
                Console.WriteLine($"{title}: {path} not found, skipped");
                continue;
            }

            var figures = new List<(double Ready, double FirstTurn, double Cpu)>();
            for (var run = 0; run < runs; run++)
            {
                figures.Add(await StartOnceAsync(path, connector));
            }

            static double Median(IEnumerable<double> values)
            {
                var sorted = values.Order().ToList();
                return sorted[sorted.Count / 2];
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{title} ({path}), median of {runs}: start to /health 200 {Median(figures.Select(f => f.Ready)):F0} ms, " +
                $"start to first turn done {Median(figures.Select(f => f.FirstTurn)):F0} ms, server CPU by then {Median(figures.Select(f => f.Cpu)):F0} ms " +
                $"(runs: {string.Join("; ", figures.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Ready:F0}/{f.FirstTurn:F0}")))})"));
        }
    }

    private static async Task<(double Ready, double FirstTurn, double Cpu)> StartOnceAsync(string path, FakeConnector connector)
    {
        var folder = Directory.CreateTempSubdirectory("unionreview-bench-start-").FullName;
        var database = Path.Combine(folder, "start.db");
        // The schema, the demo data and one officer linked on the emulator channel, made before the clock starts.
        using (var prepared = await BenchHost.CreateAsync(folder, _ => { }, ("Database:Path", database)))
        {
            var people = await ConversationBenchmark.SeedOfficersAsync(prepared.Services);
            await using var db = await prepared.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<UnionReviewDb>>().CreateDbContextAsync();
            await InviteService.EnsureLinkedAsync(db, ChannelNames.BotFramework, "emulator:officer-1", int.Parse(people[0]["bench-".Length..], CultureInfo.InvariantCulture), null, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var port = FreePort();
        var info = new ProcessStartInfo { UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(path))!, RedirectStandardOutput = true, RedirectStandardError = true };
        if (path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            info.FileName = "dotnet";
            info.ArgumentList.Add(path);
        }
        else
        {
            info.FileName = path;
        }

        info.Environment["Urls"] = $"http://127.0.0.1:{port}";
        info.Environment["Database__Path"] = database;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30), BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            double ready = 0;
            while (clock.Elapsed < TimeSpan.FromMinutes(2) && !process.HasExited)
            {
                try
                {
                    using var health = await http.GetAsync("/health");
                    if (health.StatusCode == HttpStatusCode.OK)
                    {
                        ready = clock.Elapsed.TotalMilliseconds;
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(10);
            }

            if (ready == 0)
            {
                throw new InvalidOperationException($"{path} did not answer /health within 2 minutes (exit code {(process.HasExited ? process.ExitCode : null)})");
            }

            var activity = new JsonObject
            {
                ["type"] = "message",
                ["id"] = "first-1",
                ["serviceUrl"] = connector.ServiceUrl,
                ["channelId"] = "emulator",
                ["from"] = new JsonObject { ["id"] = "officer-1", ["name"] = "Cán bộ" },
                ["conversation"] = new JsonObject { ["id"] = "conv-officer-1", ["conversationType"] = "personal" },
                ["recipient"] = new JsonObject { ["id"] = "bot-1", ["role"] = "bot" },
                ["text"] = "/baocao",
            };
            var before = connector.Received;
            using var content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await http.PostAsync("/api/messages", content);
            response.EnsureSuccessStatusCode();
            var firstTurn = clock.Elapsed.TotalMilliseconds;
            if (connector.Received == before)
            {
                throw new InvalidOperationException("the first turn was answered without a reply at the Connector");
            }

            process.Refresh();
            return (ready, firstTurn, process.TotalProcessorTime.TotalMilliseconds);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "UnionReview.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run the benchmark from inside the repository (UnionReview.sln not found above the working directory)");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A Bot Framework Connector on 127.0.0.1 that takes the bot's replies and counts them.</summary>
    private sealed class FakeConnector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _received;

        private FakeConnector(WebApplication app) => _app = app;

        public string ServiceUrl { get; private set; } = "";

        public int Received => Volatile.Read(ref _received);

        public static async Task<FakeConnector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var connector = new FakeConnector(app);
            app.MapPost("/v3/conversations/{conversation}/activities/{replyTo?}", () =>
            {
                Interlocked.Increment(ref connector._received);
                return Results.Json(new { id = "r" + connector.Received.ToString(CultureInfo.InvariantCulture) });
            });
            await app.StartAsync();
            connector.ServiceUrl = app.Urls.First().TrimEnd('/');
            return connector;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
