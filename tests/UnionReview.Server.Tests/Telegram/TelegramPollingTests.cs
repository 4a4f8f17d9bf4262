using Microsoft.EntityFrameworkCore;
using UnionReview.Channels.Tests.Telegram.Fake;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Outbox;
using UnionReview.Server.Persistence;
using UnionReview.Dialogs.Engine;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Telegram;

/// <summary>The real service receiving by long polling from the fake Bot API on 127.0.0.1.</summary>
public sealed class TelegramPollingTests : IAsyncLifetime
{
    private FakeBotApi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeBotApi.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private ServiceHost Start() => new(settings: TelegramUser.Settings(_fake));

    internal static async Task SubmitWholeReport(ServiceHost host, TelegramUser officer, int personId)
    {
        await officer.LinkTo(personId);
        await officer.Say("/baocao");
        Assert.NotEmpty(officer.Last);
        await Answerer.AnswerAll(host, officer, personId);
        await officer.Say("/nop");
        await officer.Press("Xác nhận nộp");
        Assert.Contains("Đã nộp báo cáo", officer.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_officer_links_by_invite_and_submits_a_whole_report_in_vietnamese_through_long_polling()
    {
        await using var host = Start();
        var officer = new TelegramUser(host, _fake, 7001);
        await SubmitWholeReport(host, officer, Demo.HospitalOfficer);

        await using var db = host.OpenDb();
        var account = await db.ChannelAccounts.SingleAsync(a => a.Channel == ChannelNames.Telegram);
        Assert.Equal((Demo.HospitalOfficer, "7001", "7001"), (account.PersonId, account.ExternalId, account.Address));
        var conversation = await db.Conversations.SingleAsync(c => c.PersonId == Demo.HospitalOfficer);
        Assert.Equal(ReportStatus.Submitted, (await db.Reports.SingleAsync(r => r.Id == conversation.ReportId)).Status);
        Assert.Empty(_fake.Violations);
        Assert.Equal(0, _fake.OpenCallbackQueries);
        Assert.All(_fake.BotMessages(7001), m => Assert.InRange(m.Text.Length, 1, 4096));
        Assert.NotEmpty(_fake.CallsOf("answerCallbackQuery"));
        Assert.NotEmpty(_fake.CallsOf("getUpdates"));
        Assert.Empty(_fake.CallsOf("setWebhook"));
        Assert.Single(_fake.CallsOf("deleteWebhook"));
        Assert.Null(_fake.WebhookUrl);
    }

    [Fact]
    public async Task A_reply_refused_with_403_marks_the_chat_unreachable_until_the_person_writes_again()
    {
        await using var host = Start();
        var officer = new TelegramUser(host, _fake, 7002);
        await officer.LinkTo(Demo.HospitalOfficer);
        await officer.Say("/baocao");
        await officer.Say("Đoạn đầu của câu trả lời.");           // the session is kept from here on

        _fake.Block(7002);
        await officer.Say("Đoạn gửi ngay trước khi chặn bot.");
        Assert.Empty(officer.Last);
        Assert.True(await UnreachableAsync(host));
        await using (var db = host.OpenDb())
        {
            Assert.False(await host.Get<OutboxWriter>().EnqueueForPersonAsync(db, Demo.HospitalOfficer, OutgoingMessage.Plain("Nhắc hạn"), "n1", CancellationToken.None));
        }

        _fake.Unblock(7002);
        await officer.Say("xong");
        Assert.Contains("Đã lưu câu trả lời", officer.LastText, StringComparison.Ordinal);
        Assert.False(await UnreachableAsync(host));
    }

    private static async Task<bool> UnreachableAsync(ServiceHost host)
    {
        await using var db = host.OpenDb();
        return (await db.ChannelAccounts.SingleAsync(a => a.Channel == ChannelNames.Telegram)).Unreachable;
    }

    [Fact]
    public async Task The_command_menu_is_registered_with_vietnamese_descriptions_including_the_features_commands()
    {
        await using var host = Start();
        await FakeBotApi.WaitUntilAsync(() => _fake.CallsOf("setMyCommands").Count > 0, TelegramUser.Wait, "setMyCommands");
        var commands = _fake.CallsOf("setMyCommands")[0].Parameters["commands"]!.AsArray()
            .ToDictionary(c => c!["command"]!.GetValue<string>(), c => c!["description"]!.GetValue<string>());
        foreach (var command in new[] { "baocao", "tiep", "xem", "nop", "kiennghi", "trogiup", "dskiennghi", "donvi" })
        {
            Assert.True(commands.ContainsKey(command), $"/{command} missing from the menu");
        }

        Assert.Equal("Làm báo cáo của đơn vị", commands["baocao"]);
        Assert.Equal(200, _fake.CallsOf("setMyCommands")[0].Status);
    }

    [Fact]
    public async Task A_stranger_gets_a_polite_explanation_and_no_unit_data()
    {
        await using var host = Start();
        var stranger = new TelegramUser(host, _fake, 9100);
        await stranger.Say("/baocao");
        Assert.Contains("chưa được liên kết", stranger.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("CĐCS", stranger.LastText, StringComparison.Ordinal);
        await stranger.Say("/start ABCDEFGH22");
        Assert.Contains("Mã mời không đúng", stranger.LastText, StringComparison.Ordinal);
        await using var db = host.OpenDb();
        Assert.False(await db.ChannelAccounts.AnyAsync(a => a.Channel == ChannelNames.Telegram));
    }

    [Fact]
    public async Task In_a_group_the_bot_only_points_to_a_private_chat()
    {
        await using var host = Start();
        var officer = new TelegramUser(host, _fake, 7002);
        await officer.LinkTo(Demo.HospitalOfficer);
        var before = _fake.BotMessages(-100555).Count;
        await officer.Input(() => _fake.UserSends(7002, "/baocao@UnionReviewTestBot", groupChatId: -100555));
        await TelegramUser.WaitHandled(host, _fake.UserSends(7002, "chỉ là trò chuyện trong nhóm", groupChatId: -100555));

        var group = _fake.BotMessages(-100555).Skip(before).ToList();
        var pointer = Assert.Single(group);
        Assert.Contains("cuộc trò chuyện riêng", pointer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("CĐCS", pointer.Text, StringComparison.Ordinal);
        Assert.Equal("https://t.me/UnionReviewTestBot", pointer.ReplyMarkup!["inline_keyboard"]![0]![0]!["url"]!.GetValue<string>());
        await using var db = host.OpenDb();
        Assert.False(await db.Conversations.AnyAsync(c => c.PersonId == Demo.HospitalOfficer && c.ReportId != null));
    }

    [Fact]
    public async Task A_pressed_button_is_answered_and_its_message_edited_to_show_the_choice_without_buttons()
    {
        await using var host = Start();
        var officer = new TelegramUser(host, _fake, 7003);
        await officer.LinkTo(Demo.HospitalOfficer);
        await officer.Say("/trogiup");
        var menu = _fake.BotMessages(7003).Last(m => m.Buttons.Count > 0);
        var label = menu.Buttons[0].Text;
        await officer.Press(label);

        var edited = _fake.BotMessages(7003).Single(m => m.MessageId == menu.MessageId);
        Assert.Equal(1, edited.Edits);
        Assert.EndsWith("→ " + label, edited.Text, StringComparison.Ordinal);
        Assert.Empty(edited.Buttons);
        Assert.Equal(0, _fake.OpenCallbackQueries);
        Assert.NotEmpty(officer.Last);
    }

    [Fact]
    public async Task A_button_on_an_old_message_does_not_corrupt_the_conversation()
    {
        await using var host = Start();
        var officer = new TelegramUser(host, _fake, 7004);
        await officer.LinkTo(Demo.HospitalOfficer);
        await officer.Say("/baocao");
        FakeChatMessage? old = null;
        for (var i = 0; i < 20 && old is null; i++)
        {
            old = _fake.BotMessages(7004).LastOrDefault(m => m.Buttons.Any(b => b.Data?.Contains(':', StringComparison.Ordinal) == true));
            if (old is null)
            {
                await Answerer.AnswerCurrent(officer, (await Answerer.CurrentQuestion(host, Demo.HospitalOfficer))!);
            }
        }

        Assert.NotNull(old);
        var stale = old.Buttons.First(b => b.Data?.Contains(':', StringComparison.Ordinal) == true).Data!;
        for (var i = 0; i < 2; i++)
        {
            await Answerer.AnswerCurrent(officer, (await Answerer.CurrentQuestion(host, Demo.HospitalOfficer))!);
        }

        var current = (await Answerer.CurrentQuestion(host, Demo.HospitalOfficer))?.Id;
        var answers = await Answers(host);
        await officer.Input(() => _fake.UserPressesStale(7004, old.MessageId, stale));

        Assert.Contains("không có gì bị thay đổi", officer.LastText, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(current, (await Answerer.CurrentQuestion(host, Demo.HospitalOfficer))?.Id);
        Assert.Equal(answers, await Answers(host));
        Assert.Equal(0, _fake.OpenCallbackQueries);
    }

    private static async Task<string> Answers(ServiceHost host)
    {
        await using var db = host.OpenDb();
        return string.Join("|", await db.Answers.OrderBy(a => a.QuestionId).Select(a => a.QuestionId + "=" + a.Value).ToListAsync());
    }

    [Fact]
    public async Task Photos_get_a_vietnamese_explanation_and_html_in_user_text_comes_back_escaped()
    {
        await using var host = Start();
        var officer = new TelegramUser(host, _fake, 7005);
        await officer.LinkTo(Demo.HospitalOfficer);
        await officer.Input(() => _fake.UserSendsPhoto(7005));
        Assert.Contains("chỉ đọc được tin nhắn chữ", officer.LastText, StringComparison.Ordinal);
        await officer.Say("/baocao");
        await officer.Say("<b>a & b</b> <script>");
        Assert.Empty(_fake.Violations);
        Assert.DoesNotContain(_fake.Calls, c => c.Description?.Contains("can't parse entities", StringComparison.Ordinal) == true);
    }
}
