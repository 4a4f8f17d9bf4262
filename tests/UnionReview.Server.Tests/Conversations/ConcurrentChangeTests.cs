using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Conversations;


/// <summary>
/// Ordinary report turns are prepared from a kept session outside the single writer; these tests change the
/// report or the conversation behind a session's back and check that nobody sees or writes stale data.
/// </summary>
public sealed class ConcurrentChangeTests
{
    [Fact]
    public async Task An_answer_from_a_colleague_of_the_same_unit_shows_in_the_other_officers_review()
    {
        await using var host = new ServiceHost();
        var colleagueId = await AddColleagueAsync(host, Demo.GrassrootsOfficer);
        var first = new ChatDriver(host, Demo.GrassrootsOfficer);
        var second = new ChatDriver(host, colleagueId);
        await first.Say("/baocao");
        await second.Say("/baocao");
        await second.Say("/xem");                                 // the colleague's session is now kept

        await first.Say("Thuận lợi: cấp ủy quan tâm, chính quyền phối hợp tốt.");
        await first.Say("xong");
        await second.Send(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.ReviewSection, null, "tinh-hinh-chung").ToPayload()));

        Assert.Contains("Thuận lợi: cấp ủy quan tâm, chính quyền phối hợp tốt.", second.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alternating_two_channels_mid_answer_keeps_every_part_of_the_text()
    {
        await using var host = new ServiceHost();
        var web = new ChatDriver(host, Demo.GrassrootsOfficer, ChannelNames.Web);
        var console = new ChatDriver(host, Demo.GrassrootsOfficer, ChannelNames.Console);
        await web.Say("/baocao");
        await web.Say("Phần một gõ trên web.");
        await console.Say("Phần hai gõ ở máy khác.");
        await web.Say("Phần ba lại trên web.");
        await console.Say("xong");

        await using var db = host.OpenDb();
        var answer = await db.Answers.SingleAsync(a => a.QuestionId == "thuan-loi-kho-khan");
        Assert.Equal("Phần một gõ trên web.\nPhần hai gõ ở máy khác.\nPhần ba lại trên web.", StoredJson.Read<AnswerValue>(answer.Value).Text);
    }

    [Fact]
    public async Task A_message_delivered_twice_is_stored_once_and_the_repeat_gets_no_reply()
    {
        await using var host = new ServiceHost();
        var chat = new ChatDriver(host, Demo.GrassrootsOfficer);
        await chat.Say("/baocao");
        await chat.Say("Đoạn đầu");                                 // session kept from here on
        var service = host.Get<ConversationService>();
        var message = new InboundMessage(ChannelNames.Console, $"person-{Demo.GrassrootsOfficer}", IncomingInput.FromText("Đoạn gửi lại")) { MessageId = "update-42" };

        var first = await service.HandleAsync(message, CancellationToken.None);
        var again = await service.HandleAsync(message, CancellationToken.None);
        await chat.Say("xong");

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Empty(again.Messages);
        await using var db = host.OpenDb();
        var answer = await db.Answers.SingleAsync(a => a.QuestionId == "thuan-loi-kho-khan");
        Assert.Equal("Đoạn đầu\nĐoạn gửi lại", StoredJson.Read<AnswerValue>(answer.Value).Text);
    }

    [Fact]
    public async Task A_membership_removed_by_an_administrator_takes_effect_at_the_next_turn()
    {
        await using var host = new ServiceHost();
        var chat = new ChatDriver(host, Demo.GrassrootsOfficer);
        await chat.Say("/baocao");
        await chat.Say("Đoạn đầu");
        await using (var db = host.OpenDb())
        {
            db.Memberships.RemoveRange(db.Memberships.Where(m => m.PersonId == Demo.GrassrootsOfficer));
            await db.SaveChangesAsync();
        }

        await chat.Say("Đoạn sau");
        await chat.Say("xong");

        Assert.DoesNotContain("Đã lưu", chat.LastText, StringComparison.Ordinal);
        await using var check = host.OpenDb();
        Assert.False(await check.Answers.AnyAsync());
    }

    [Fact]
    public async Task A_membership_removed_with_bulk_sql_takes_effect_once_the_session_is_re_read()
    {
        await using var host = new ServiceHost();
        var chat = new ChatDriver(host, Demo.GrassrootsOfficer);
        await chat.Say("/baocao");
        await chat.Say("Đoạn đầu");
        await using (var db = host.OpenDb())
        {
            await db.Memberships.Where(m => m.PersonId == Demo.GrassrootsOfficer).ExecuteDeleteAsync();
        }

        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await chat.Say("Đoạn sau");

        Assert.DoesNotContain("Đoạn sau", chat.LastText, StringComparison.Ordinal);
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
