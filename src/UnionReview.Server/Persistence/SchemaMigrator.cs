using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace UnionReview.Server.Persistence;

/// <summary>
/// Upgrades the schema in place by applying the numbered SQL scripts embedded from Persistence/Migrations,
/// each once, in order, each in its own transaction, recording them in <c>schema_history</c>.
/// </summary>
/// <remarks>
/// EF Core's design-time tooling does not restore here, so migrations are plain SQL; a test checks that
/// the scripts produce exactly the tables and columns of the EF model, and another upgrades an old file.
/// </remarks>
public static class SchemaMigrator
{
    /// <summary>The embedded scripts, ordered by their number.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts { get; } = LoadScripts();

    private static List<(int, string, string)> LoadScripts()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        const string prefix = "UnionReview.Server.Persistence.Migrations.";
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..^4];
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return (int.Parse(name.AsSpan(0, 4), System.Globalization.CultureInfo.InvariantCulture), name, reader.ReadToEnd());
            })
            .OrderBy(s => s.Item1)];
    }

    /// <summary>Applies pending scripts up to <paramref name="upTo"/> (all by default); returns how many ran.</summary>
    public static async Task<int> MigrateAsync(UnionReviewDb db, CancellationToken cancellationToken, int upTo = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
        }

        await ExecAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken);
        await ExecAsync(connection, null, "CREATE TABLE IF NOT EXISTS schema_history (Version INTEGER NOT NULL PRIMARY KEY, Name TEXT NOT NULL, AppliedAt TEXT NOT NULL);", cancellationToken);
        var applied = new HashSet<int>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT Version FROM schema_history";
            using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var count = 0;
        foreach (var (version, name, sql) in Scripts.Where(s => s.Version <= upTo && !applied.Contains(s.Version)))
        {
            using var tx = connection.BeginTransaction();
            await ExecAsync(connection, tx, sql, cancellationToken);
            using var record = connection.CreateCommand();
            record.Transaction = tx;
            record.CommandText = "INSERT INTO schema_history (Version, Name, AppliedAt) VALUES ($v, $n, strftime('%Y-%m-%dT%H:%M:%SZ','now'))";
            record.Parameters.AddWithValue("$v", version);
            record.Parameters.AddWithValue("$n", name);
            await record.ExecuteNonQueryAsync(cancellationToken);
            tx.Commit();
            count++;
        }

        return count;
    }

    /// <summary>Versions recorded as applied.</summary>
    public static async Task<IReadOnlyList<int>> AppliedVersionsAsync(UnionReviewDb db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Database.SqlQueryRaw<int>("SELECT Version AS Value FROM schema_history ORDER BY Version").ToListAsync(cancellationToken);
    }

    private static async Task ExecAsync(SqliteConnection connection, SqliteTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
