using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Persistence;

public sealed class SchemaTests
{
    private static UnionReviewDb Open(string path) =>
        new(new DbContextOptionsBuilder<UnionReviewDb>().UseSqlite($"Data Source={path};Pooling=False").Options);

    private static string TempDb() => Path.Combine(Directory.CreateTempSubdirectory("schema-").FullName, "s.db");

    [Fact]
    public async Task The_sql_scripts_create_exactly_the_tables_columns_and_unique_indexes_of_the_model()
    {
        await using var db = Open(TempDb());
        await SchemaMigrator.MigrateAsync(db, CancellationToken.None);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var problems = new List<string>();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table);
            var columns = Query(connection, $"PRAGMA table_info(\"{table}\")", r => (Name: r.GetString(1), Type: r.GetString(2), NotNull: r.GetInt64(3) == 1, Pk: r.GetInt64(5) > 0));
            if (columns.Count == 0)
            {
                problems.Add($"missing table {table}");
                continue;
            }

            foreach (var property in entity.GetProperties())
            {
                var name = property.GetColumnName(store)!;
                var column = columns.FirstOrDefault(c => c.Name == name);
                if (column.Name is null)
                {
                    problems.Add($"{table}.{name} missing");
                    continue;
                }

                if (!string.Equals(column.Type, property.GetColumnType(), StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{table}.{name} is {column.Type}, model says {property.GetColumnType()}");
                }

                if (column.NotNull == property.IsNullable && !column.Pk)
                {
                    problems.Add($"{table}.{name} nullability differs");
                }
            }

            foreach (var extra in columns.Where(c => entity.GetProperties().All(p => p.GetColumnName(store) != c.Name)))
            {
                problems.Add($"{table}.{extra.Name} is not in the model");
            }

            var uniqueIndexes = Query(connection, $"PRAGMA index_list(\"{table}\")", r => (Name: r.GetString(1), Unique: r.GetInt64(2) == 1))
                .Where(i => i.Unique)
                .Select(i => string.Join(",", Query(connection, $"PRAGMA index_info(\"{i.Name}\")", r => r.GetString(2))))
                .ToHashSet();
            foreach (var index in entity.GetIndexes().Where(i => i.IsUnique))
            {
                var key = string.Join(",", index.Properties.Select(p => p.GetColumnName(store)));
                if (!uniqueIndexes.Contains(key))
                {
                    problems.Add($"{table}: unique index on ({key}) missing");
                }
            }
        }

        Assert.Empty(problems);
    }

    [Fact]
    public async Task A_database_at_every_older_version_upgrades_in_place_keeping_its_data()
    {
        var versions = SchemaMigrator.Scripts.Select(s => s.Version).ToList();
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Count, versions.Distinct().Count());
        foreach (var from in versions)
        {
            var path = TempDb();
            await using (var old = Open(path))
            {
                await SchemaMigrator.MigrateAsync(old, CancellationToken.None, upTo: from);
                await old.Database.ExecuteSqlRawAsync("""
                    INSERT INTO unit_levels (Name, Rank) VALUES ('Công đoàn cơ sở', 2);
                    INSERT INTO units (Name, ShortName, LevelId, ParentId, Path, SortOrder) VALUES ('CĐCS Trường Tiểu học', NULL, 1, NULL, '/1/', 0);
                    INSERT INTO people (FullName, Phone, CreatedAt) VALUES ('Nguyễn Thị Cũ', NULL, 1700000000000);
                    INSERT INTO campaigns (Name, OutlineId, StartsOn, IsActive) VALUES ('Đợt cũ', 'so-ket-giua-nhiem-ky', '2020-10-01', 1);
                    INSERT INTO reports (CampaignId, UnitId, Status, CreatedAt, UpdatedAt) VALUES (1, 1, 'InProgress', 1700000000000, 1700000000000);
                    INSERT INTO answers (ReportId, QuestionId, Value, Number, Version, PersonId, Channel, AnsweredAt) VALUES (1, 'thuan-loi-kho-khan', '{{"text":"Câu trả lời từ phiên bản cũ"}}', NULL, 1, 1, 'web', 1700000000000);
                    """);
            }

            await using var upgraded = Open(path);
            var applied = await SchemaMigrator.MigrateAsync(upgraded, CancellationToken.None);
            Assert.Equal(versions.Count(v => v > from), applied);
            Assert.Equal(versions, await SchemaMigrator.AppliedVersionsAsync(upgraded, CancellationToken.None));
            var answer = await upgraded.Answers.SingleAsync();
            Assert.Equal("{\"text\":\"Câu trả lời từ phiên bản cũ\"}", answer.Value);
            Assert.Equal("Nguyễn Thị Cũ", (await upgraded.People.SingleAsync()).FullName);
            Assert.Equal(0, await SchemaMigrator.MigrateAsync(upgraded, CancellationToken.None));
        }
    }

    [Fact]
    public async Task The_service_opens_its_database_in_wal_mode()
    {
        await using var host = new ServiceHost();
        await using var db = host.OpenDb();
        await db.Database.OpenConnectionAsync();
        var mode = Query((SqliteConnection)db.Database.GetDbConnection(), "PRAGMA journal_mode", r => r.GetString(0)).Single();
        Assert.Equal("wal", mode);
    }

    private static List<T> Query<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            connection.Open();
        }

        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var list = new List<T>();
        while (reader.Read())
        {
            list.Add(read(reader));
        }

        return list;
    }
}
