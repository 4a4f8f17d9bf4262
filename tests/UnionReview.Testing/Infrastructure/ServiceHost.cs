using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Tests.Infrastructure;

/// <summary>
/// The real service over a real SQLite file in a temp folder. <see cref="Restart"/> stops it and starts a new
/// host over the same file. With <c>kestrel: true</c> it listens on 127.0.0.1 for real HTTP, on <c>port</c> or a free one (kept across restarts).
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configure;
    private readonly bool _kestrel;
    private readonly int _port;
    private WebApplicationFactory<Program> _factory;

    public ServiceHost(TestClock? clock = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null, bool kestrel = false, int port = 0)
    {
        Folder = Directory.CreateTempSubdirectory("unionreview-test-").FullName;
        DatabasePath = Path.Combine(Folder, "test.db");
        Clock = clock ?? new TestClock();
        _settings = new Dictionary<string, string?>
        {
            ["Database:Path"] = DatabasePath,
            ["Database:Synchronous"] = "NORMAL",
            ["Outbox:PollInterval"] = "00:00:00.050",
            ["Logging:LogLevel:Default"] = "Warning",
            // A random loopback port (with kestrel: true) rather than the configured 5080, so parallel test runs on one machine do not collide.
            ["Urls"] = "http://127.0.0.1:0",
            // The seed-004 demo campaign only where a test asks for it (Indicators:SeedDemo = true).
            ["Indicators:SeedDemo"] = "false",
            // Tests drive schedules through ScheduleRunner with the test clock; the Quartz jobs only where a test asks.
            ["Schedules:RunJobs"] = "false",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            _settings[k] = v;
        }

        _configure = configure;
        _kestrel = kestrel;
        _port = kestrel && port == 0 ? FreePort() : port;
        if (kestrel)
        {
            // The port must win over the address in appsettings.json, or every host would share that one port.
            _settings["Urls"] = $"http://127.0.0.1:{_port}";
        }
        _factory = Create();
        _ = _factory.Services; // start now
    }

    public string Folder { get; }
    public string DatabasePath { get; }
    public TestClock Clock { get; }
    public IServiceProvider Services => _factory.Services;

    /// <summary>Base address: 127.0.0.1 with Kestrel, the in-memory test server otherwise.</summary>
    public Uri BaseAddress => _kestrel ? new Uri(_factory.ClientOptions.BaseAddress.ToString()) : _factory.Server.BaseAddress;

    public HttpClient CreateClient() => _factory.CreateClient();

    /// <summary>A free TCP port on 127.0.0.1, for a service whose address must be known before it starts.</summary>
    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public UnionReviewDb OpenDb() => Get<IDbContextFactory<UnionReviewDb>>().CreateDbContext();

    private WebApplicationFactory<Program> Create()
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            foreach (var (k, v) in _settings)
            {
                b.UseSetting(k, v);
            }

            b.ConfigureServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Clock);
                _configure?.Invoke(services);
            });
        });
        if (_kestrel)
        {
            factory.UseKestrel(_port);
            factory.StartServer();
        }

        return factory;
    }

    /// <summary>Stops the service and starts a new one over the same database file.</summary>
    public async Task Restart()
    {
        await Stop();
        Start();
    }

    /// <summary>Stops the service; <see cref="Start"/> starts it again over the same database file.</summary>
    public async Task Stop() => await _factory.DisposeAsync();

    /// <summary>Starts the service again after <see cref="Stop"/>.</summary>
    public void Start()
    {
        _factory = Create();
        _ = _factory.Services;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finished host is only temp litter.
        }
    }
}
