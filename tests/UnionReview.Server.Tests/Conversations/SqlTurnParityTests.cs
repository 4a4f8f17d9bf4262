using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Conversations;

/// <summary>
/// An ordinary report turn from a kept session is committed as plain SQL, not through EF Core. These tests check
/// that those rows are stored exactly as EF Core stores the same values (column types and text), so every other
/// part of the service reads them back unchanged.
/// </summary>
public sealed class SqlTurnParityTests
{
    private const string Question = "so-doan-vien-hien-nay";

    [Fact]
    public async Task Answers_revisions_events_and_the_report_written_as_sql_are_stored_as_ef_core_stores_them()
    {
        await using var host = new ServiceHost();
        var chat = new ChatDriver(host, Demo.GrassrootsOfficer, ChannelNames.Web);
        var service = host.Get<ConversationService>();
        await chat.Say("/baocao");
        var before = service.PathCounts.SqlTurns;
        await chat.Send(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.Edit, Question).ToPayload()));
        await chat.Say("1.483.900");
        host.Clock.Advance(TimeSpan.FromMinutes(5));
        await chat.Send(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.Edit, Question).ToPayload()));
        await chat.Say("1,5 triệu");
        Assert.True(service.PathCounts.SqlTurns - before >= 3, "the turns after the first should be committed as SQL");

        // The same rows for another unit's report, written by EF Core from the values read back.
        int sqlReportId, efReportId;
        await using (var db = host.OpenDb())
        {
            var answer = await db.Answers.AsNoTracking().SingleAsync(a => a.QuestionId == Question);
            var revision = await db.AnswerRevisions.AsNoTracking().SingleAsync(r => r.ReportId == answer.ReportId);
            var started = await db.ReportEvents.AsNoTracking().SingleAsync(e => e.ReportId == answer.ReportId);
            var report = await db.Reports.AsNoTracking().SingleAsync(r => r.Id == answer.ReportId);
            Assert.Equal(1_500_000m, answer.Number);
            Assert.Equal(2, answer.Version);
            Assert.Equal(1_483_900m, StoredJson.Read<AnswerValue>(revision.Value).Number);
            Assert.Equal(ReportStatus.InProgress, report.Status);
            Assert.Equal(host.Clock.GetUtcNow(), report.UpdatedAt);
            sqlReportId = report.Id;

            var other = new Report { CampaignId = report.CampaignId, UnitId = await OtherUnitAsync(db, report), Status = report.Status, CreatedAt = report.CreatedAt, UpdatedAt = report.UpdatedAt };
            db.Reports.Add(other);
            await db.SaveChangesAsync();
            efReportId = other.Id;
            db.Answers.Add(new Answer { ReportId = efReportId, QuestionId = Question, Value = answer.Value, Number = answer.Number, Version = answer.Version, PersonId = answer.PersonId, Channel = answer.Channel, AnsweredAt = answer.AnsweredAt });
            db.AnswerRevisions.Add(new AnswerRevision { ReportId = efReportId, QuestionId = Question, Version = revision.Version, Value = revision.Value, PersonId = revision.PersonId, Channel = revision.Channel, AnsweredAt = revision.AnsweredAt, ReplacedAt = revision.ReplacedAt });
            db.ReportEvents.Add(new ReportEvent { ReportId = efReportId, Kind = started.Kind, PersonId = started.PersonId, Channel = started.Channel, At = started.At });
            await db.SaveChangesAsync();
        }

        // Every mapped column but the keys, straight from the model: a column added later is compared too.
        var model = host.OpenDb().Model;
        string ColumnsOf<T>(params string[] except) => string.Join(", ", model.FindEntityType(typeof(T))!.GetProperties().Select(p => p.GetColumnName()).Where(c => !except.Contains(c)));
        await using var connection = new SqliteConnection($"Data Source={host.DatabasePath}");
        await connection.OpenAsync();
        foreach (var (table, columns) in new[]
        {
            ("answers", ColumnsOf<Answer>("Id", "ReportId")),
            ("answer_revisions", ColumnsOf<AnswerRevision>("Id", "ReportId")),
            ("report_events", ColumnsOf<ReportEvent>("Id", "ReportId")),
        })
        {
            Assert.Equal(await StoredAsync(connection, table, columns, "ReportId", efReportId), await StoredAsync(connection, table, columns, "ReportId", sqlReportId));
        }

        var reportColumns = ColumnsOf<Report>("Id", "UnitId", "Version", "CreatedAt");
        Assert.Equal(await StoredAsync(connection, "reports", reportColumns, "Id", efReportId), await StoredAsync(connection, "reports", reportColumns, "Id", sqlReportId));
    }

    [Fact]
    public async Task A_submission_is_written_by_the_same_generated_sql_with_the_committee_notice_in_its_savepoint()
    {
        await using var host = new ServiceHost();
        var chat = new ChatDriver(host, Demo.GrassrootsOfficer);
        var service = host.Get<ConversationService>();
        await new ChatDriver(host, Demo.CommitteeMember).Say("/donvi"); // a chat the notice can reach
        await chat.Say("/baocao");
        await Answerer.AnswerAll(host, chat, Demo.GrassrootsOfficer);
        await chat.Press("Nộp báo cáo");

        var before = service.PathCounts.SqlTurns;
        await chat.Press("Xác nhận nộp");

        Assert.Contains("Đã nộp báo cáo", chat.LastText, StringComparison.Ordinal);
        Assert.Equal(1, service.PathCounts.SqlTurns - before);
        await using var db = host.OpenDb();
        var report = await db.Reports.SingleAsync(r => r.Status == ReportStatus.Submitted);
        Assert.Equal((Demo.GrassrootsOfficer, host.Clock.GetUtcNow()), (report.SubmittedById, report.SubmittedAt));
        Assert.True(await db.ReportEvents.AnyAsync(e => e.ReportId == report.Id && e.Kind == "submitted"));
        Assert.True(await db.Outbox.AnyAsync(o => o.PersonId == Demo.CommitteeMember && o.DedupeKey!.StartsWith("submitted:" + report.Id + ":")));
    }

    /// <summary>The entities a prepared turn writes as plain SQL.</summary>
    public static TheoryData<Type> WrittenAsSql => [typeof(Report), typeof(Conversation), typeof(Answer), typeof(AnswerRevision), typeof(ReportEvent), typeof(ChannelAccount)];

    [Theory]
    [MemberData(nameof(WrittenAsSql))]
    public async Task The_generated_statements_write_every_mapped_column(Type entity)
    {
        await using var host = new ServiceHost();
        await using var db = host.OpenDb();
        var type = db.Model.FindEntityType(entity)!;
        var table = new ModelSql(db.Model).For(entity);
        Assert.Equal(type.GetTableName(), table.Table);
        var inserted = table.InsertSql[(table.InsertSql.IndexOf('(', StringComparison.Ordinal) + 1)..table.InsertSql.IndexOf(") VALUES", StringComparison.Ordinal)].Split(", ");
        Assert.Equal(table.Columns.Order(), type.GetProperties().Select(p => p.GetColumnName()).Order());
        foreach (var property in type.GetProperties())
        {
            var column = property.GetColumnName();
            Assert.Matches($@"\b{column} = \$p", table.UpdateSql); // a key in the WHERE, any other column in the SET
            if (!(property.IsPrimaryKey() && property.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.OnAdd))
            {
                Assert.Contains(column, inserted);
            }
        }

        if (type.GetProperties().SingleOrDefault(p => p.IsConcurrencyToken) is { } token)
        {
            // The version is raised in the statement's one rule: set to the next value where the value read is still stored.
            Assert.Matches($@"SET .*\b{token.GetColumnName()} = \$p\d+ WHERE .* AND {token.GetColumnName()} = \$p\d+$", table.UpdateSql);
        }
    }

    [Fact]
    public async Task The_conversation_row_written_as_sql_resumes_after_a_restart()
    {
        await using var host = new ServiceHost();
        var chat = new ChatDriver(host, Demo.GrassrootsOfficer);
        await chat.Say("/baocao");
        await chat.Say("Đoạn thứ nhất của câu trả lời.");        // kept only in the dialog state, written as SQL
        await host.Restart();

        await chat.Say("xong");

        await using var db = host.OpenDb();
        var answer = await db.Answers.SingleAsync(a => a.QuestionId == "thuan-loi-kho-khan");
        Assert.Equal("Đoạn thứ nhất của câu trả lời.", StoredJson.Read<AnswerValue>(answer.Value).Text);
        var conversation = await db.Conversations.SingleAsync(c => c.PersonId == Demo.GrassrootsOfficer);
        Assert.Equal(ChannelNames.Console, conversation.LastChannel);
        Assert.True(conversation.Version >= 2); // inserted by the first turn, raised by each later one
    }

    private static async Task<int> OtherUnitAsync(UnionReviewDb db, Report report) =>
        await db.CampaignUnits.Where(cu => cu.CampaignId == report.CampaignId && cu.UnitId != report.UnitId && !db.Reports.Any(r => r.CampaignId == cu.CampaignId && r.UnitId == cu.UnitId))
            .Select(cu => cu.UnitId).FirstAsync();

    /// <summary>Each column as SQLite stores it: its storage class and its literal.</summary>
    private static async Task<List<string>> StoredAsync(SqliteConnection connection, string table, string columns, string keyColumn, int key)
    {
        var names = columns.Split(", ");
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", names.Select(n => $"typeof({n}) || ':' || quote({n})"))} FROM {table} WHERE {keyColumn} = $key ORDER BY Id";
        command.Parameters.AddWithValue("$key", key);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, names.Length).Select(i => $"{names[i]}={reader.GetString(i)}")));
        }

        Assert.NotEmpty(rows);
        return rows;
    }
}
