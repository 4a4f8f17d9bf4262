using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace UnionReview.Server.Persistence;

/// <summary>Database settings (section "Database").</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>SQLite file path, relative to the working directory.</summary>
    public string Path { get; set; } = "data/unionreview.db";

    /// <summary>SQLite synchronous mode: FULL (fsync on every commit) or NORMAL (WAL: durable across process crashes, not power loss).</summary>
    public string Synchronous { get; set; } = "FULL";
}

/// <summary>
/// Serialises writers. SQLite has one writer at a time; queuing in process keeps latency predictable
/// instead of letting writers spin on SQLITE_BUSY.
/// </summary>
public sealed class WriteGate : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Runs <paramref name="work"/> as the only writer.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await work();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}

/// <summary>
/// Sets per-connection pragmas once per physical connection. Pooled connections are opened and closed around
/// every query, so the handle (which survives in the pool) is remembered instead of repeating the pragmas.
/// </summary>
internal sealed class SqlitePragmaInterceptor(string synchronous) : DbConnectionInterceptor
{
    private readonly string _sql = $"PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle } && _configured.TryGetValue(handle, out _))
        {
            return;
        }

        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = _sql;
            cmd.ExecuteNonQuery();
        }

        if (connection is SqliteConnection { Handle: { } opened })
        {
            _configured.AddOrUpdate(opened, this);
        }
    }
}

public static class DatabaseRegistration
{
    /// <summary>The SQLite connection string for the configured file; creates its folder.</summary>
    public static string ConnectionString(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var full = System.IO.Path.GetFullPath(options.Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        return new SqliteConnectionStringBuilder { DataSource = full, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    /// <summary>Registers the SQLite database, the write gate and start-up migration.</summary>
    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DatabaseOptions>().Bind(builder.Configuration.GetSection(DatabaseOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.Path), "Database:Path không được để trống.")
            .Validate(o => o.Synchronous is "FULL" or "NORMAL", "Database:Synchronous phải là FULL hoặc NORMAL.")
            .ValidateOnStart();
        builder.Services.AddSingleton<WriteGate>();
        builder.Services.AddSingleton<TurnExecutor>();
        builder.Services.AddPooledDbContextFactory<UnionReviewDb>((sp, options) =>
        {
            var o = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            options.UseSqlite(ConnectionString(o)).AddInterceptors(new SqlitePragmaInterceptor(o.Synchronous));
        });
        builder.Services.AddHostedService<DatabaseInitializer>();
        return builder;
    }
}

/// <summary>Migrates the schema and seeds the demo organisation (only into an empty database) before anything else runs.</summary>
public sealed class DatabaseInitializer(IDbContextFactory<UnionReviewDb> factory, IEnumerable<IDatabaseSeeder> seeders, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => InitializeAsync(cancellationToken);

    /// <summary>Migrates and seeds; safe to call more than once.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var applied = await SchemaMigrator.MigrateAsync(db, cancellationToken);
        logger.LogInformation("Database ready at {Path}; {Count} migration script(s) applied", db.Database.GetDbConnection().DataSource, applied);
        foreach (var seeder in seeders)
        {
            await seeder.SeedAsync(db, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Puts initial data into the database at start-up; must do nothing when its data is already there.</summary>
public interface IDatabaseSeeder
{
    Task SeedAsync(UnionReviewDb db, CancellationToken cancellationToken);
}
