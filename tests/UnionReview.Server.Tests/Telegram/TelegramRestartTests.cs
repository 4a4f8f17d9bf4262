using Microsoft.EntityFrameworkCore;
using UnionReview.Channels.Tests.Telegram.Fake;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Telegram;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Telegram;

/// <summary>Stopping the service at any point of a conversation neither loses an update nor handles one twice.</summary>
public sealed class TelegramRestartTests : IAsyncLifetime
{
    private FakeBotApi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeBotApi.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Restarting_right_after_each_message_loses_no_part_of_an_answer_and_repeats_none()
    {
        await using var host = new ServiceHost(settings: TelegramUser.Settings(_fake));
        var officer = new TelegramUser(host, _fake, 7101);
        await officer.LinkTo(Demo.HospitalOfficer);
        await officer.Say("/baocao");
        for (var i = 0; i < 20 && (await Answerer.CurrentQuestion(host, Demo.HospitalOfficer))?.Kind != QuestionKind.Text; i++)
        {
            await Answerer.AnswerCurrent(officer, (await Answerer.CurrentQuestion(host, Demo.HospitalOfficer))!);
        }

        var question = (await Answerer.CurrentQuestion(host, Demo.HospitalOfficer))!;
        Assert.Equal(QuestionKind.Text, question.Kind);
        var parts = Enumerable.Range(1, 4).Select(i => $"Đoạn số {i} của câu trả lời.").ToList();
        var ids = new List<long>();
        foreach (var part in parts)
        {
            // The service is stopped while the update may be unread, stored, half handled or handled.
            ids.Add(_fake.UserSends(7101, part));
            await host.Restart();
        }

        foreach (var id in ids)
        {
            await TelegramUser.WaitHandled(host, id);
        }

        await officer.Say("xong");
        await using var db = host.OpenDb();
        var answer = await db.Answers.SingleAsync(a => a.QuestionId == question.Id);
        foreach (var part in parts)
        {
            Assert.Equal(1, CountOf(answer.Value, part));
        }

        var receipts = await db.InboundReceipts.Where(r => r.Channel == "telegram").Select(r => r.MessageId).ToListAsync();
        Assert.Equal(ids.Count, receipts.Count(m => ids.Any(i => m.StartsWith(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{i}:message:7101:"), StringComparison.Ordinal))));
        Assert.False(await db.InboundReceipts.AnyAsync(r => r.HandledAt == null));
        Assert.Empty(_fake.Violations);
    }

    [Fact]
    public async Task Messages_sent_while_the_service_is_down_are_handled_after_it_starts_in_order()
    {
        await using var host = new ServiceHost(settings: TelegramUser.Settings(_fake));
        var officer = new TelegramUser(host, _fake, 7102);
        await officer.LinkTo(Demo.HospitalOfficer);
        await host.Stop();

        var first = _fake.UserSends(7102, "/baocao");
        var second = _fake.UserSends(7102, "/tiendo");
        host.Start();
        await TelegramUser.WaitHandled(host, second);
        await using var db = host.OpenDb();
        var receipts = await db.InboundReceipts.Where(r => r.Channel == "telegram" && r.HandledAt != null).OrderBy(r => r.HandledAt).Select(r => r.MessageId).ToListAsync();
        var handled = receipts.Select(m => long.Parse(m[..m.IndexOf(':', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture)).Where(id => id == first || id == second).ToList();
        Assert.Equal([first, second], handled);
        Assert.Contains(_fake.BotMessages(7102), m => m.Text.Contains("Mục 1/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Updates_stored_by_the_earlier_hand_written_client_are_still_read_and_handled_after_an_upgrade()
    {
        await using var host = new ServiceHost(settings: TelegramUser.Settings(_fake));
        var officer = new TelegramUser(host, _fake, 7103);
        await officer.LinkTo(Demo.HospitalOfficer);

        // Rows exactly as the hand-written client stored them (its own records, snake_case, nulls left out), not handled
        // before the stop: a command, and a press on a button of a message that the new client must still read.
        const long command = 900_001, press = 900_002;
        await using (var db = host.OpenDb())
        {
            db.TelegramUpdates.Add(new TelegramUpdateRow
            {
                UpdateId = command, ChatId = 7103, ReceivedAt = host.Clock.GetUtcNow(),
                Payload = """{"update_id":900001,"message":{"message_id":90,"date":1764780000,"chat":{"id":7103,"type":"private","first_name":"Cán bộ"},"from":{"id":7103,"is_bot":false,"first_name":"Cán bộ","language_code":"vi"},"text":"/baocao"}}""",
            });
            db.TelegramUpdates.Add(new TelegramUpdateRow
            {
                UpdateId = press, ChatId = 7103, ReceivedAt = host.Clock.GetUtcNow(),
                Payload = """{"update_id":900002,"callback_query":{"id":"cq-old-1","from":{"id":7103,"is_bot":false,"first_name":"Cán bộ"},"chat_instance":"ci-7103","message":{"message_id":91,"date":1764780001,"chat":{"id":7103,"type":"private"},"text":"Chọn","reply_markup":{"inline_keyboard":[[{"text":"Tiếp tục","callback_data":"nav:next"}]]}},"data":"nav:next"}}""",
            });
            await db.SaveChangesAsync();
        }

        // Left unhandled by the run that stored them: the next start reads and handles them.
        await host.Restart();
        await TelegramUser.WaitHandled(host, press);
        await using (var db = host.OpenDb())
        {
            Assert.False(await db.TelegramUpdates.AnyAsync(u => u.HandledAt == null));
            var receipts = await db.InboundReceipts.Where(r => r.Channel == "telegram").Select(r => r.MessageId).ToListAsync();
            Assert.Contains("900001:message:7103:90", receipts);
            Assert.Contains("900002:callback:cq-old-1", receipts);
        }

        Assert.Contains(_fake.BotMessages(7103), m => m.Text.Contains("Mục 1/", StringComparison.Ordinal));
        Assert.Contains(_fake.CallsOf("answerCallbackQuery"), c => c.Parameters["callback_query_id"]?.GetValue<string>() == "cq-old-1");
        Assert.Empty(_fake.Violations);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
