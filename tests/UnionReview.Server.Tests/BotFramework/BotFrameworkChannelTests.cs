using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Features.Conversations;
using UnionReview.Dialogs.Engine;
using UnionReview.Channels.Tests.BotFramework.Fakes;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.BotFramework;


public sealed class BotFrameworkChannelTests : IAsyncLifetime
{
    private FakeBotFrameworkCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await FakeBotFrameworkCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    internal static async Task<string> InviteCode(ServiceHost host, int personId)
    {
        await using var db = host.OpenDb();
        return (await host.Get<InviteService>().CreateAsync(db, personId, TimeSpan.FromDays(7), CancellationToken.None)).Code;
    }

    internal static async Task<BotFrameworkUser> Linked(ServiceHost host, HttpClient http, FakeBotFrameworkCloud cloud, int personId, string userId, string channelId = "emulator")
    {
        var user = new BotFrameworkUser(http, cloud, userId, channelId);
        await user.Say("/start " + await InviteCode(host, personId));
        Assert.Contains("Đã liên kết tài khoản", user.Text, StringComparison.Ordinal);
        return user;
    }

    [Fact]
    public async Task A_whole_report_is_linked_answered_and_submitted_through_activities_on_loopback()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var user = new BotFrameworkUser(http, _cloud, "emu-user-1", name: "Nguyễn Văn An");

        var added = user.Base("conversationUpdate");
        added["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "bot-1" }, new JsonObject { ["id"] = "emu-user-1", ["name"] = "Nguyễn Văn An" });
        Assert.Equal(HttpStatusCode.OK, (await user.Post(added)).StatusCode);
        Assert.Contains("/start <mã mời>", user.Text, StringComparison.Ordinal);

        await user.Say("xin chào");
        Assert.Contains("chưa được liên kết", user.Text, StringComparison.Ordinal);
        await user.Say("/start " + await InviteCode(host, Demo.GrassrootsOfficer));
        Assert.Contains("Đã liên kết tài khoản với đồng chí Nguyễn Văn An", user.Text, StringComparison.Ordinal);

        await user.Say("/baocao");
        Assert.Equal(HttpStatusCode.OK, user.LastResponse!.StatusCode);
        Assert.Contains("Câu 1/62", user.Text, StringComparison.Ordinal);
        var reply = user.Last[^1];
        Assert.Equal(user.LastActivityId, reply.ReplyToId);
        Assert.Equal("bot-1", reply.Path("from", "id"));
        Assert.Equal("emu-user-1", reply.Path("recipient", "id"));
        Assert.Equal(user.ConversationId, reply.Path("conversation", "id"));

        var answered = 0;
        while (await Answerer.CurrentQuestion(host, Demo.GrassrootsOfficer) is { } q && answered++ < 200)
        {
            await user.Answer(q);
        }

        Assert.Contains("đi hết đề cương", user.Text, StringComparison.Ordinal);
        Assert.NotEmpty(user.Last[^1].SuggestedActions);
        await user.Press("Nộp báo cáo");
        await user.Press("Xác nhận nộp");
        Assert.Contains("Đã nộp báo cáo", user.Text, StringComparison.Ordinal);

        await using var db = host.OpenDb();
        var report = await db.Reports.SingleAsync();
        Assert.Equal(ReportStatus.Submitted, report.Status);
        Assert.Equal(61, await db.Answers.CountAsync(a => a.ReportId == report.Id && a.Channel == ChannelNames.BotFramework)); // 62 less the upper-level question
        var outline = host.Get<OutlineCatalog>().Get("so-ket-giua-nhiem-ky");
        var moneyQuestion = outline.Questions.First(q => q.Kind == Dialogs.Model.QuestionKind.Money).Id;
        Assert.Equal(80_750_000m, (await db.Answers.SingleAsync(a => a.QuestionId == moneyQuestion)).Number);
        var account = await db.ChannelAccounts.SingleAsync(a => a.Channel == ChannelNames.BotFramework);
        Assert.Equal("emulator:emu-user-1", account.ExternalId);
        var address = JsonNode.Parse(account.Address!)!;
        Assert.Equal(_cloud.ServiceUrl, address["serviceUrl"]!.GetValue<string>());
        Assert.Equal(user.ConversationId, address["conversation"]!["id"]!.GetValue<string>());
        Assert.Equal("emu-user-1", address["user"]!["id"]!.GetValue<string>());
        Assert.Equal("bot-1", address["bot"]!["id"]!.GetValue<string>());
        Assert.Equal("emulator", address["channelId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Choices_come_as_suggested_actions_in_web_chat_and_as_hero_cards_in_teams()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var web = await Linked(host, http, _cloud, Demo.GrassrootsOfficer, "wc-1", "webchat");
        await web.Say("/xem");
        var webReply = web.Last.Single(a => a.Buttons.Any());
        Assert.NotEmpty(webReply.SuggestedActions);
        Assert.Empty(webReply.HeroCardButtons);
        Assert.Equal("wc-1", webReply.Body.GetProperty("suggestedActions").GetProperty("to")[0].GetString());

        var teams = await Linked(host, http, _cloud, Demo.HospitalOfficer, "29:teams-user", "msteams");
        await teams.Say("/xem");
        var teamsReply = teams.Last.Single(a => a.Buttons.Any());
        Assert.Empty(teamsReply.SuggestedActions);
        Assert.NotEmpty(teamsReply.HeroCardButtons);
        Assert.All(teamsReply.Attachments, a => Assert.True(a.GetProperty("content").GetProperty("buttons").GetArrayLength() <= 6));

        // A hero card button works like a suggested action.
        await teams.Press("Tiếp tục");
        Assert.Contains("Câu 1/62", teams.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redelivered_activity_is_handled_once_and_answered_once()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var user = await Linked(host, http, _cloud, Demo.GrassrootsOfficer, "emu-dup");
        await user.Say("/baocao");
        await user.Say("Một đoạn trả lời", "same-activity");
        var firstReplies = user.Last.Count;
        await user.Say("Một đoạn trả lời", "same-activity");
        Assert.Equal(HttpStatusCode.OK, user.LastResponse!.StatusCode);
        Assert.Empty(user.Last);
        Assert.True(firstReplies > 0);
        await user.Say("xong");

        await using var db = host.OpenDb();
        var answer = await db.Answers.SingleAsync();
        Assert.DoesNotContain("Một đoạn trả lời\\nMột đoạn", answer.Value, StringComparison.Ordinal);
        Assert.Contains("Một đoạn trả lời", answer.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_types_and_fields_are_ignored_and_bad_input_gets_a_vietnamese_message()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var user = await Linked(host, http, _cloud, Demo.GrassrootsOfficer, "emu-odd");
        var before = _cloud.Activities.Count;

        Assert.Equal(HttpStatusCode.OK, (await user.Post(user.Base("typing"))).StatusCode);
        var future = user.Base("somethingNew");
        future["futureField"] = new JsonObject { ["nested"] = new JsonArray(1, 2, 3) };
        Assert.Equal(HttpStatusCode.OK, (await user.Post(future)).StatusCode);
        var reaction = user.Base("messageReaction");
        reaction["reactionsAdded"] = new JsonArray(new JsonObject { ["type"] = "like" });
        Assert.Equal(HttpStatusCode.OK, (await user.Post(reaction)).StatusCode);
        Assert.Equal(before, _cloud.Activities.Count);

        var withExtras = user.Message("/baocao");
        withExtras["someNewProperty"] = "x";
        withExtras["from"]!["newField"] = true;
        await user.Post(withExtras);
        Assert.Contains("Câu 1/62", user.Text, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await user.PostRaw("{\"type\":\"message\",")).StatusCode);
        Assert.Contains("không đọc được", await user.LastResponse!.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var attachmentOnly = user.Message(null);
        attachmentOnly["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "image/png", ["contentUrl"] = "https://example.invalid/a.png" });
        await user.Post(attachmentOnly);
        Assert.Contains("chỉ đọc được tin nhắn chữ", user.Text, StringComparison.Ordinal);

        var unknownInvoke = user.Base("invoke");
        unknownInvoke["name"] = "composeExtension/query";
        Assert.Equal(HttpStatusCode.NotImplemented, (await user.Post(unknownInvoke)).StatusCode);

        await using var db = host.OpenDb();
        Assert.Empty(await db.Answers.ToListAsync());
    }

    [Fact]
    public async Task A_card_action_sent_as_an_invoke_is_handled_like_a_button()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var user = await Linked(host, http, _cloud, Demo.GrassrootsOfficer, "29:invoker", "msteams");
        await user.Say("/xem");
        var payload = user.Last.SelectMany(a => a.Buttons).First(b => b.GetProperty("title").GetString()!.Contains("Tiếp tục", StringComparison.Ordinal))
            .GetProperty("value").GetProperty("payload").GetString();
        var invoke = user.Base("invoke");
        invoke["name"] = "adaptiveCard/action";
        invoke["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["data"] = new JsonObject { ["payload"] = payload } } };
        Assert.Equal(HttpStatusCode.OK, (await user.Post(invoke)).StatusCode);
        Assert.Contains("Câu 1/62", user.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Group_conversations_are_refused_politely_without_linking_anyone()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var user = new BotFrameworkUser(http, _cloud, "29:group-user", "msteams") { ConversationId = "19:team-channel" };
        var code = await InviteCode(host, Demo.GrassrootsOfficer);
        await user.Post(user.Message("/start " + code, conversation: new JsonObject { ["id"] = "19:team-channel", ["isGroup"] = true, ["conversationType"] = "channel" }));
        Assert.Contains("cuộc trò chuyện riêng", user.Text, StringComparison.Ordinal);

        await using var db = host.OpenDb();
        Assert.Empty(await db.ChannelAccounts.Where(a => a.Channel == ChannelNames.BotFramework).ToListAsync());
        Assert.Null((await db.InviteCodes.SingleAsync(i => i.Code == code)).UsedAt);
    }

    [Fact]
    public async Task A_reply_the_connector_cannot_take_now_is_delivered_later_through_the_outbox()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var user = await Linked(host, http, _cloud, Demo.GrassrootsOfficer, "emu-retry");
        _cloud.FailNext(503);
        await user.Say("/baocao");
        Assert.Equal(HttpStatusCode.OK, user.LastResponse!.StatusCode);
        Assert.Empty(user.Last);

        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var late = await _cloud.WaitForActivityAsync(a => a.Text?.Contains("Câu 1/62", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(10));
        Assert.Null(late.ReplyToId);
        Assert.NotEmpty(late.SuggestedActions);
        Assert.Equal(user.ConversationId, late.ConversationId);
    }

    [Fact]
    public async Task A_reply_refused_with_403_marks_the_chat_unreachable_once_and_queues_nothing()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var user = await Linked(host, http, _cloud, Demo.GrassrootsOfficer, "emu-gone");
        var before = _cloud.Activities.Count;
        _cloud.FailNext(403);
        await user.Say("/baocao");
        Assert.Equal(HttpStatusCode.OK, user.LastResponse!.StatusCode);

        // Refused once: the rest of the turn's replies were not tried, and nothing waits in the outbox for that chat.
        Assert.Equal(before, _cloud.Activities.Count);
        await using var db = host.OpenDb();
        Assert.True((await db.ChannelAccounts.SingleAsync(a => a.Channel == ChannelNames.BotFramework && a.PersonId == Demo.GrassrootsOfficer)).Unreachable);
        Assert.False(await db.Outbox.AnyAsync(o => o.Channel == ChannelNames.BotFramework));
        // The activity went through the inbox: its receipt keeps the conversation it is ordered in, and its turn marked it handled.
        var receipt = await db.InboundReceipts.SingleAsync(r => r.Channel == ChannelNames.BotFramework && r.MessageId.EndsWith(":" + user.LastActivityId));
        Assert.Equal((user.ConversationId, true, null), (receipt.ChatId, receipt.HandledAt is not null, receipt.Payload));
    }
}
