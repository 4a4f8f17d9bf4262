using Microsoft.Data.Sqlite;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Persistence;

/// <summary>The writer leaves WAL checkpoints to a background task; committed turns still reach the database file promptly.</summary>
public sealed class CheckpointTests
{
    [Fact]
    public async Task Committed_answers_reach_the_database_file_itself_in_the_background()
    {
        await using var host = new ServiceHost();
        var chat = new ChatDriver(host, Demo.GrassrootsOfficer);
        await chat.Say("/baocao");
        await chat.Say("Câu trả lời cần có trong chính tệp cơ sở dữ liệu.");
        await chat.Say("xong");

        // A copy of the main file alone (no -wal beside it) holds only checkpointed pages.
        var copy = Path.Combine(host.Folder, "copy-without-wal.db");
        var found = false;
        for (var attempt = 0; attempt < 40 && !found; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            File.Copy(host.DatabasePath, copy, overwrite: true);
            found = await CountAnswersAsync(copy, "thuan-loi-kho-khan") == 1;
        }

        Assert.True(found, "the answer should be checkpointed into the database file within 4 s");
    }

    [Fact]
    public async Task Under_steady_writes_the_wal_is_started_again_from_its_beginning_and_stays_small()
    {
        await using var host = new ServiceHost();
        var executor = host.Get<TurnExecutor>();
        var wal = host.DatabasePath + "-wal";
        var filler = new string('x', 4_000);

        // About 20 MB of pages in 50 commits: far past the 1,000 pages at which the background checkpoint restarts the log.
        for (var batch = 0; batch < 50; batch++)
        {
            await executor.ExecuteSqlAsync(sql =>
            {
                for (var i = 0; i < 50; i++)
                {
                    sql.Execute("INSERT INTO inbound_receipts (Channel, MessageId, ReceivedAt) VALUES ($p0, $p1, $p2)", "test", $"{batch}-{i}-{filler}", 0L);
                }

                return 0;
            }, CancellationToken.None);
        }

        // A commit after a restart writes the log from its beginning and trims the file to 8 MB.
        var size = long.MaxValue;
        for (var attempt = 0; attempt < 40 && size > 8 * 1024 * 1024; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            await executor.ExecuteSqlAsync(sql => sql.Execute("INSERT INTO inbound_receipts (Channel, MessageId, ReceivedAt) VALUES ($p0, $p1, $p2)", "test", $"tick-{attempt}", 0L), CancellationToken.None);
            size = new FileInfo(wal).Length;
        }

        Assert.True(size <= 8 * 1024 * 1024, $"the WAL should be trimmed to 8 MB within 4 s; it is {size / 1048576.0:F1} MB");
    }

    private static async Task<long> CountAnswersAsync(string path, string questionId)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM answers WHERE QuestionId = $q";
        command.Parameters.AddWithValue("$q", questionId);
        try
        {
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (SqliteException)
        {
            return 0; // a copy taken mid-write can be unreadable; try again
        }
    }
}
