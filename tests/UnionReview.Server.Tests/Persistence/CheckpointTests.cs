using Microsoft.Data.Sqlite;
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
