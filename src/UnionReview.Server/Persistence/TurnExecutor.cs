using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace UnionReview.Server.Persistence;

/// <summary>
/// Runs conversation turns one after another on a single SQLite writer connection with group commit:
/// the turns waiting at the same moment run in one transaction, each inside its own savepoint (so a
/// failing turn rolls back alone), and one commit makes them all durable before any of them replies.
/// With synchronous=FULL that is one fsync for a whole batch instead of one per turn.
/// </summary>
public sealed class TurnExecutor : IAsyncDisposable
{
    private const int MaxBatch = 128;
    private const int SafetyCheckpointPages = 10_000;
    private const int RestartPages = 1_000;
    private const long WalSizeLimit = 8 * 1024 * 1024;
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RestartWait = TimeSpan.FromMilliseconds(20);
    private readonly Channel<WorkItem> _queue = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly WriteGate _gate;
    private readonly ILogger<TurnExecutor> _logger;
    private readonly SqliteConnection _connection;
    private readonly PooledDbContextFactory<UnionReviewDb> _contexts;
    private readonly string _synchronous;
    private readonly WriterSql _sql;
    private readonly Task _loop;
    private readonly Task _checkpoints;
    private readonly CancellationTokenSource _stop = new();
    private long _walRestarts;
    private long _lastCommit;
    private int _queued;

    public TurnExecutor(IOptions<DatabaseOptions> options, WriteGate gate, ILogger<TurnExecutor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _gate = gate;
        _logger = logger;
        _connection = new SqliteConnection(DatabaseRegistration.ConnectionString(options.Value));
        // Contexts on the writer connection are pooled: a fresh context per turn (its own change tracker) without
        // building a new internal service scope each time, which cost more than the turn's SQL.
        _contexts = new PooledDbContextFactory<UnionReviewDb>(new DbContextOptionsBuilder<UnionReviewDb>().UseSqlite(_connection).Options, poolSize: 8);
        _synchronous = options.Value.Synchronous;
        using (var probe = _contexts.CreateDbContext())
        {
            _sql = new WriterSql(_connection, new ModelSql(probe.Model));
        }

        _loop = Task.Run(RunAsync);
        _checkpoints = Task.Run(CheckpointAsync);
    }

    /// <summary>
    /// Keeps the WAL small from a connection of its own, a few times a second. A passive checkpoint copies the
    /// committed pages into the database file without blocking the writer or readers; under steady load it never
    /// catches up with the end of the log, though, and SQLite starts writing the log from its beginning again only
    /// once every page has been copied. So when the log has grown past <see cref="RestartPages"/>, the checkpointer
    /// takes the write gate between two group commits and copies the few pages added since (a restart checkpoint,
    /// waiting at most <see cref="RestartWait"/> for readers of older pages): the next commit then writes the log from
    /// its beginning and trims the file to <see cref="WalSizeLimit"/>. SQLite's own checkpoint inside a commit (at
    /// <see cref="SafetyCheckpointPages"/>) is left only as a safety net.
    /// </summary>
    private async Task CheckpointAsync()
    {
        try
        {
            await using var connection = new SqliteConnection(_connection.ConnectionString);
            await using var passive = connection.CreateCommand();
            await using var restart = connection.CreateCommand();
            using var timer = new PeriodicTimer(CheckpointInterval);
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    // Opened after the writer's first turn: by then the schema is migrated and the file in WAL mode.
                    if (connection.State != System.Data.ConnectionState.Open)
                    {
                        if (_connection.State != System.Data.ConnectionState.Open)
                        {
                            continue;
                        }

                        await connection.OpenAsync(_stop.Token);
                        passive.CommandText = $"PRAGMA synchronous={_synchronous}; PRAGMA busy_timeout={(int)RestartWait.TotalMilliseconds}; SELECT count(*) FROM sqlite_master;";
                        await passive.ExecuteNonQueryAsync(_stop.Token);
                        passive.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                        restart.CommandText = "PRAGMA wal_checkpoint(RESTART);";
                    }

                    var (_, log, _) = await CheckpointStepAsync(passive);
                    if (log >= RestartPages)
                    {
                        var (busy, _, _) = await _gate.RunAsync(() => CheckpointStepAsync(restart), _stop.Token);
                        if (busy == 0)
                        {
                            Interlocked.Increment(ref _walRestarts);
                        }
                    }
                }
                catch (SqliteException e)
                {
                    _logger.LogDebug(e, "Background WAL checkpoint skipped");
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Runs a checkpoint; returns SQLite's (busy, pages in the log, pages copied).</summary>
    private async Task<(long Busy, long Log, long Copied)> CheckpointStepAsync(SqliteCommand checkpoint)
    {
        await using var reader = await checkpoint.ExecuteReaderAsync(_stop.Token);
        return await reader.ReadAsync(_stop.Token) ? (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)) : (1, 0, 0);
    }

    /// <summary>How many times the background checkpoint had the WAL written from its beginning again.</summary>
    public long WalRestarts => Interlocked.Read(ref _walRestarts);

    /// <summary>Turns waiting for the writer (shown at /health).</summary>
    public int QueueDepth => Math.Max(0, Volatile.Read(ref _queued));

    /// <summary>Time since the last group commit, <c>null</c> before the first (shown at /health).</summary>
    public TimeSpan? SinceLastCommit => Interlocked.Read(ref _lastCommit) is var t and not 0 ? System.Diagnostics.Stopwatch.GetElapsedTime(t) : null;

    /// <summary>Runs <paramref name="work"/> inside the next group transaction; completes after the commit.</summary>
    public async Task<T> ExecuteAsync<T>(Func<UnionReviewDb, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var item = new WorkItem(async (db, _, ct) => await work(db, ct), null, cancellationToken);
        await _queue.Writer.WriteAsync(item, cancellationToken);
        return (T)(await item.Completion.Task)!;
    }

    /// <summary>
    /// Runs <paramref name="work"/> inside the next group transaction with both an EF Core context and plain SQL on the
    /// writer connection (a turn written as generated SQL that also queues messages through EF Core); completes after the commit.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(Func<UnionReviewDb, WriterSql, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var item = new WorkItem(async (db, sql, ct) => await work(db, sql, ct), null, cancellationToken);
        await _queue.Writer.WriteAsync(item, cancellationToken);
        Interlocked.Increment(ref _queued);
        return (T)(await item.Completion.Task)!;
    }

    /// <summary>
    /// Runs <paramref name="work"/> as plain SQL on the writer connection inside the next group transaction (no
    /// EF Core context: for the hottest turn, whose few statements are known); completes after the commit.
    /// </summary>
    public async Task<T> ExecuteSqlAsync<T>(Func<WriterSql, T> work, CancellationToken cancellationToken)
    {
        var item = new WorkItem(null, sql => work(sql), cancellationToken);
        await _queue.Writer.WriteAsync(item, cancellationToken);
        Interlocked.Increment(ref _queued);
        return (T)(await item.Completion.Task)!;
    }

    private async Task RunAsync()
    {
        var batch = new List<(WorkItem Item, object? Result)>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stop.Token))
            {
                await _gate.RunAsync(async () =>
                {
                    await EnsureOpenAsync();
                    await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(_stop.Token);
                    _sql.Transaction = tx;
                    batch.Clear();
                    while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
                    {
                        Interlocked.Decrement(ref _queued);
                        if (item.CancellationToken.IsCancellationRequested)
                        {
                            item.Completion.TrySetCanceled(item.CancellationToken);
                            continue;
                        }

                        _sql.Execute("SAVEPOINT turn");
                        try
                        {
                            object? result;
                            if (item.Sql is not null)
                            {
                                result = item.Sql(_sql);
                            }
                            else
                            {
                                await using var db = _contexts.CreateDbContext();
                                await db.Database.UseTransactionAsync(tx, _stop.Token);
                                result = await item.Work!(db, _sql, item.CancellationToken);
                            }

                            _sql.Execute("RELEASE turn");
                            batch.Add((item, result));
                        }
                        catch (Exception e)
                        {
                            _sql.Execute("ROLLBACK TO turn");
                            _sql.Execute("RELEASE turn");
                            item.Completion.TrySetException(e);
                        }
                    }

                    try
                    {
                        await tx.CommitAsync(_stop.Token);
                        Interlocked.Exchange(ref _lastCommit, System.Diagnostics.Stopwatch.GetTimestamp());
                        foreach (var (item, result) in batch)
                        {
                            item.Completion.TrySetResult(result);
                        }
                    }
                    catch (Exception e)
                    {
                        _logger.LogError(e, "Commit of {Count} turns failed; none of them is stored", batch.Count);
                        foreach (var (item, _) in batch)
                        {
                            item.Completion.TrySetException(e);
                        }
                    }

                    return 0;
                }, _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            while (_queue.Reader.TryRead(out var left))
            {
                left.Completion.TrySetCanceled();
            }
        }
    }

    private async Task EnsureOpenAsync()
    {
        if (_connection.State == System.Data.ConnectionState.Open)
        {
            return;
        }

        await _connection.OpenAsync(_stop.Token);
        await using var cmd = _connection.CreateCommand();
        // The writer checkpoints the WAL itself only as a safety net (about 40 MB); CheckpointAsync does it in the background.
        // After the log restarts from its beginning, the commit trims the file to the size limit.
        cmd.CommandText = $"PRAGMA synchronous={_synchronous}; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint={SafetyCheckpointPages}; PRAGMA journal_size_limit={WalSizeLimit};";
        await cmd.ExecuteNonQueryAsync(_stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stop.CancelAsync();
        try
        {
            await _loop;
            await _checkpoints;
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting.
        }

        _sql.Dispose();
        await _connection.DisposeAsync();
        _stop.Dispose();
    }

    private sealed record WorkItem(Func<UnionReviewDb, WriterSql, CancellationToken, Task<object?>>? Work, Func<WriterSql, object?>? Sql, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>
/// Plain SQL on the writer connection, inside the writer's current transaction. Statements are prepared once and
/// kept, so a turn pays for binding and stepping only. Parameters are positional: <c>$p0</c>, <c>$p1</c>, ….
/// </summary>
public sealed class WriterSql(SqliteConnection connection, ModelSql rows) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>Statements generated from the EF Core model, one table at a time (<see cref="ModelSql"/>).</summary>
    public ModelSql Rows => rows;

    internal SqliteTransaction? Transaction { get; set; }

    /// <summary>Runs a statement; returns the number of rows it changed.</summary>
    public int Execute(string sql, params ReadOnlySpan<object?> values) => Bind(sql, values).ExecuteNonQuery();

    /// <summary>Runs a statement that returns one value (an INSERT … RETURNING Id, say).</summary>
    public long Scalar(string sql, params ReadOnlySpan<object?> values) => Convert.ToInt64(Bind(sql, values).ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs a statement that may return one value or no row (an INSERT … ON CONFLICT DO NOTHING RETURNING Id).</summary>
    public long? ScalarOrNull(string sql, params ReadOnlySpan<object?> values) =>
        Bind(sql, values).ExecuteScalar() is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    private SqliteCommand Bind(string sql, ReadOnlySpan<object?> values)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter("$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), null));
            }

            _commands[sql] = command;
        }

        command.Transaction = Transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
