using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Conversations;

/// <summary>
/// First turns (the conversation and the report created) are prepared outside the single writer like later ones,
/// and a turn found stale is prepared again outside it: the dialog engine, which parses what the person typed,
/// never runs inside the writer for a report turn.
/// </summary>
public sealed class FirstTurnTests
{
    [Fact]
    public async Task Four_simultaneous_first_messages_from_one_person_over_the_web_chat_are_all_answered()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var people = new[] { Demo.GrassrootsOfficer, Demo.HospitalOfficer };

        var responses = await Task.WhenAll(people.SelectMany(person => Enumerable.Range(0, 4).Select(i =>
            http.PostAsJsonAsync("/api/webchat/messages", new { personId = person, text = "/baocao", clientMessageId = $"first-{person}-{i}" }))));

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Câu 1/", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            response.Dispose();
        }

        await using var db = host.OpenDb();
        foreach (var person in people)
        {
            Assert.Equal(1, await db.ChannelAccounts.CountAsync(a => a.PersonId == person && a.Channel == ChannelNames.Web));
            Assert.Equal(1, await db.Conversations.CountAsync(c => c.PersonId == person));
            var unitId = await db.Memberships.Where(m => m.PersonId == person && m.Role == Role.Officer).Select(m => m.UnitId).FirstAsync();
            Assert.Equal(1, await db.Reports.CountAsync(r => r.UnitId == unitId));
        }

        Assert.Equal(0, host.Get<ConversationService>().EngineRunsInWriter);
    }

    [Fact]
    public async Task A_first_turn_is_prepared_outside_the_writer_and_creates_the_conversation_and_the_report()
    {
        await using var host = new ServiceHost();
        var chat = new ChatDriver(host, Demo.GrassrootsOfficer);
        var service = host.Get<ConversationService>();

        await chat.Say("Xin chào");
        await chat.Say("/baocao");
        await chat.Say("Đoạn đầu");
        await chat.Say("xong");

        Assert.Contains("Đã lưu", chat.LastText, StringComparison.Ordinal);
        Assert.Equal(0, service.EngineRunsInWriter);
        Assert.Equal(4, service.PathCounts.SqlTurns);
        await using var db = host.OpenDb();
        var conversation = await db.Conversations.SingleAsync(c => c.PersonId == Demo.GrassrootsOfficer);
        var report = await db.Reports.SingleAsync(r => r.Id == conversation.ReportId);
        Assert.Equal(ReportStatus.InProgress, report.Status);
        Assert.Equal("Đoạn đầu", StoredJson.Read<AnswerValue>((await db.Answers.SingleAsync(a => a.ReportId == report.Id)).Value).Text);
        Assert.Equal(1, await db.ReportEvents.CountAsync(e => e.ReportId == report.Id && e.Kind == "started"));
    }

    [Fact]
    public async Task A_turn_made_stale_by_a_colleague_is_prepared_again_outside_the_writer()
    {
        await using var host = new ServiceHost();
        var colleagueId = await AddColleagueAsync(host, Demo.GrassrootsOfficer);
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        var colleague = new ChatDriver(host, colleagueId);
        await officer.Say("/baocao");
        await officer.Say("Đoạn đầu");                              // the officer's session is kept from here on
        await colleague.Say("/baocao");
        await colleague.Say("Ý kiến của đồng chí Hoa.");
        var service = host.Get<ConversationService>();
        var prepared = 0;
        service.AfterPrepare = async message =>
        {
            // Between the officer's read and write, the colleague finishes an answer in the same report.
            if (message.ExternalUserId == $"person-{Demo.GrassrootsOfficer}" && ++prepared == 1)
            {
                await colleague.Say("xong");
            }
        };

        await officer.Say("xong");

        Assert.Equal(2, prepared);
        Assert.Equal(1, service.PathCounts.StaleTurns);
        Assert.Equal(0, service.EngineRunsInWriter);
        await using var db = host.OpenDb();
        var answer = await db.Answers.SingleAsync(a => a.QuestionId == "thuan-loi-kho-khan");
        Assert.Equal("Đoạn đầu", StoredJson.Read<AnswerValue>(answer.Value).Text);
        Assert.Equal(1, await db.AnswerRevisions.CountAsync(r => r.QuestionId == "thuan-loi-kho-khan"));
    }

    [Fact]
    public async Task Two_colleagues_first_turns_colliding_on_the_new_report_make_one_report()
    {
        await using var host = new ServiceHost();
        var colleagueId = await AddColleagueAsync(host, Demo.GrassrootsOfficer);
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        var colleague = new ChatDriver(host, colleagueId);
        var service = host.Get<ConversationService>();
        var prepared = 0;
        service.AfterPrepare = async message =>
        {
            if (message.ExternalUserId == $"person-{Demo.GrassrootsOfficer}" && ++prepared == 1)
            {
                await colleague.Say("/baocao");                       // creates the unit's report first
            }
        };

        await officer.Say("/baocao");

        Assert.Contains("Câu 1/", officer.LastText, StringComparison.Ordinal);
        Assert.Contains("Câu 1/", colleague.LastText, StringComparison.Ordinal);
        Assert.Equal(1, service.PathCounts.StaleTurns);
        Assert.Equal(0, service.EngineRunsInWriter);
        await using var db = host.OpenDb();
        var reportIds = await db.Conversations.Where(c => c.PersonId == Demo.GrassrootsOfficer || c.PersonId == colleagueId).Select(c => c.ReportId).ToListAsync();
        Assert.Equal(2, reportIds.Count);
        Assert.Single(reportIds.Distinct());
    }

    [Fact]
    public async Task A_turn_stale_every_time_is_refused_politely_after_a_few_attempts_and_nothing_is_stored()
    {
        await using var host = new ServiceHost();
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        await officer.Say("/baocao");
        await officer.Say("Đoạn đầu");
        var service = host.Get<ConversationService>();
        var prepared = 0;
        service.AfterPrepare = async _ =>
        {
            prepared++;
            await using var db = host.OpenDb();
            await db.Database.ExecuteSqlRawAsync("UPDATE reports SET Version = Version + 1");
        };

        await officer.Say("xong");

        Assert.Equal(ConversationService.MaxAttempts, prepared);
        Assert.Equal(ServerTexts.TurnNotSaved, officer.LastText);
        Assert.Equal(0, service.EngineRunsInWriter);
        await using var check = host.OpenDb();
        Assert.False(await check.Answers.AnyAsync());
    }

    private static async Task<int> AddColleagueAsync(ServiceHost host, int officerId)
    {
        await using var db = host.OpenDb();
        var unitId = await db.Memberships.Where(m => m.PersonId == officerId && m.Role == Role.Officer).Select(m => m.UnitId).FirstAsync();
        var person = new Person { FullName = "Trần Thị Hoa", CreatedAt = host.Clock.GetUtcNow() };
        db.People.Add(person);
        await db.SaveChangesAsync();
        db.Memberships.Add(new Membership { PersonId = person.Id, UnitId = unitId, Role = Role.Officer });
        await db.SaveChangesAsync();
        return person.Id;
    }
}
