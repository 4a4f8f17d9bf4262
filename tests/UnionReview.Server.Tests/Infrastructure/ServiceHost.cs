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
/// host over the same file. With <c>kestrel: true</c> it listens on 127.0.0.1 (random port) for real HTTP.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configure;
    private readonly bool _kestrel;
    private WebApplicationFactory<Program> _factory;

    public ServiceHost(TestClock? clock = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null, bool kestrel = false)
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
            // Tests drive schedules through ScheduleRunner with the test clock; the Quartz jobs only where a test asks.
            ["Schedules:RunJobs"] = "false",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            _settings[k] = v;
        }

        _configure = configure;
        _kestrel = kestrel;
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

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public UnionReviewDb OpenDb() => Get<IDbContextFactory<UnionReviewDb>>().CreateDbContext();

    private WebApplicationFactory<Program> Create()
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            // Never the service's own port: a running service or a parallel test would hold it.
            b.UseSetting("Urls", "http://127.0.0.1:0");
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
            factory.UseKestrel(0);
            factory.StartServer();
        }

        return factory;
    }

    /// <summary>Stops the service and starts a new one over the same database file.</summary>
    public async Task Restart()
    {
        await _factory.DisposeAsync();
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
