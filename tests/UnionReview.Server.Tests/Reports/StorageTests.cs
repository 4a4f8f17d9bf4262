using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Reports;


public sealed class StorageTests
{
    [Fact]
    public async Task A_new_host_over_the_same_file_continues_the_conversation_where_it_stopped()
    {
        await using var host = new ServiceHost();
        var chat = new ChatDriver(host, Demo.GrassrootsOfficer);
        await chat.Say("/baocao");
        await chat.Say("Thuận lợi: được cấp ủy quan tâm.");
        await chat.Say("xong");
        await chat.Say("Phần đầu về số lượng CNVCLĐ");   // half-written long answer, not yet finished

        await host.Restart();
        chat = new ChatDriver(host, Demo.GrassrootsOfficer);
        await chat.Say("Phần sau về chất lượng");
        await chat.Say("xong");

        await using var db = host.OpenDb();
        var answers = await db.Answers.OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(2, answers.Count);
        Assert.Equal("Thuận lợi: được cấp ủy quan tâm.", StoredJson.Read<AnswerValue>(answers[0].Value).Text);
        Assert.Equal("Phần đầu về số lượng CNVCLĐ\nPhần sau về chất lượng", StoredJson.Read<AnswerValue>(answers[1].Value).Text);
        Assert.Contains("Câu 3/62", chat.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_an_answer_keeps_the_earlier_version_with_who_when_and_channel()
    {
        await using var host = new ServiceHost();
        var chat = new ChatDriver(host, Demo.GrassrootsOfficer, ChannelNames.Web);
        await chat.Say("/baocao");
        await chat.Say("Bản đầu");
        await chat.Say("xong");
        host.Clock.Advance(TimeSpan.FromHours(3));
        var console = new ChatDriver(host, Demo.GrassrootsOfficer, ChannelNames.Console);
        await console.Send(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.Edit, "thuan-loi-kho-khan").ToPayload()));
        await console.Say("Bản sửa");
        await console.Say("xong");

        await using var db = host.OpenDb();
        var answer = await db.Answers.SingleAsync(a => a.QuestionId == "thuan-loi-kho-khan");
        Assert.Equal(2, answer.Version);
        Assert.Equal("Bản sửa", StoredJson.Read<AnswerValue>(answer.Value).Text);
        Assert.Equal(ChannelNames.Console, answer.Channel);
        var earlier = await db.AnswerRevisions.SingleAsync(r => r.QuestionId == "thuan-loi-kho-khan");
        Assert.Equal(1, earlier.Version);
        Assert.Equal("Bản đầu", StoredJson.Read<AnswerValue>(earlier.Value).Text);
        Assert.Equal(ChannelNames.Web, earlier.Channel);
        Assert.Equal(Demo.GrassrootsOfficer, earlier.PersonId);
        Assert.Equal(host.Clock.GetUtcNow(), earlier.ReplacedAt);
        Assert.Equal(host.Clock.GetUtcNow() - TimeSpan.FromHours(3), earlier.AnsweredAt);
    }

    [Fact]
    public async Task A_repeated_message_id_is_handled_once()
    {
        await using var host = new ServiceHost();
        var chat = new ChatDriver(host, Demo.GrassrootsOfficer);
        await chat.Say("/baocao");
        var service = host.Get<ConversationService>();
        var message = new InboundMessage(ChannelNames.Console, $"person-{Demo.GrassrootsOfficer}", IncomingInput.FromText("Một lần thôi")) { MessageId = "m-1" };
        var first = await service.HandleAsync(message, CancellationToken.None);
        var second = await service.HandleAsync(message, CancellationToken.None);
        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        Assert.Empty(second.Messages);
        await chat.Say("xong");
        await using var db = host.OpenDb();
        Assert.Equal("Một lần thôi", StoredJson.Read<AnswerValue>((await db.Answers.SingleAsync()).Value).Text);
    }

    [Fact]
    public async Task The_demo_organisation_is_seeded_once_only()
    {
        await using var host = new ServiceHost();
        int units;
        await using (var db = host.OpenDb())
        {
            units = await db.Units.CountAsync();
            Assert.Equal(25, units);
            Assert.Equal(5, await db.People.CountAsync());
            Assert.Contains(await db.Units.Select(u => u.Name).ToListAsync(), n => n == "LĐLĐ Phục Hòa");
        }

        await host.Restart();
        await using var again = host.OpenDb();
        Assert.Equal(units, await again.Units.CountAsync());
    }

    [Fact]
    public async Task Submission_locks_the_report_and_tells_the_committee_through_the_outbox()
    {
        await using var host = new ServiceHost();
        var committee = new ChatDriver(host, Demo.CommitteeMember, ChannelNames.Web);
        await committee.Say("/donvi");
        var officer = new ChatDriver(host, Demo.HospitalOfficer);
        await officer.Say("/baocao");
        await Answerer.AnswerAll(host, officer, Demo.HospitalOfficer);
        await officer.Say("/nop");
        await officer.Press("Xác nhận nộp");

        await using var db = host.OpenDb();
        var report = await db.Reports.SingleAsync();
        Assert.Equal(ReportStatus.Submitted, report.Status);
        Assert.Equal(Demo.HospitalOfficer, report.SubmittedById);
        var notice = await db.Outbox.SingleAsync();
        Assert.Equal(Demo.CommitteeMember, notice.PersonId);
        Assert.Contains("CĐCS Bệnh viện Đa khoa tỉnh đã nộp báo cáo", StoredJson.Read<OutgoingMessage>(notice.Payload).Text, StringComparison.Ordinal);
        Assert.Contains(await db.ReportEvents.Select(e => e.Kind).ToListAsync(), k => k == "submitted");
    }
}
