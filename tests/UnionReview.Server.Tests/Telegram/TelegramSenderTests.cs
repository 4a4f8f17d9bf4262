using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using UnionReview.Channels.Tests.Telegram.Fake;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Telegram;

/// <summary>Proactive messages through the outbox to the fake Bot API: Telegram's limits, 429, 403, 5xx, restarts, documents.</summary>
public sealed class TelegramSenderTests : IAsyncLifetime
{
    private FakeBotApi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeBotApi.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private ServiceHost Start(params (string Key, string Value)[] extra)
    {
        var settings = TelegramUser.Settings(_fake);
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return new ServiceHost(settings: settings);
    }

    private static async Task Enqueue(ServiceHost host, IEnumerable<(long Chat, OutgoingMessage Message)> messages)
    {
        await using var db = host.OpenDb();
        var writer = host.Get<OutboxWriter>();
        var i = 0;
        foreach (var (chat, message) in messages)
        {
            await writer.EnqueueAsync(db, null, ChannelNames.Telegram, chat.ToString(CultureInfo.InvariantCulture), message, $"test:{chat}:{i++}", CancellationToken.None);
        }

        await db.SaveChangesAsync();
    }

    private static async Task<List<OutboxMessage>> Rows(ServiceHost host)
    {
        await using var db = host.OpenDb();
        return await db.Outbox.AsNoTracking().Where(o => o.Channel == ChannelNames.Telegram).OrderBy(o => o.Id).ToListAsync();
    }

    private static async Task WaitRows(ServiceHost host, Func<List<OutboxMessage>, bool> condition, string what)
    {
        var started = Stopwatch.GetTimestamp();
        while (!condition(await Rows(host)))
        {
            if (Stopwatch.GetElapsedTime(started) > TelegramUser.Wait)
            {
                throw new TimeoutException("Timed out waiting for " + what);
            }

            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Proactive_messages_stay_within_30_per_second_overall_and_one_per_second_per_chat()
    {
        _fake.GlobalPerSecond = 30;
        _fake.PerChatInterval = TimeSpan.FromSeconds(1);
        await using var host = Start();
        var chats = Enumerable.Range(1, 40).Select(i => 5_000L + i).ToList();
        var started = Stopwatch.GetTimestamp();
        await Enqueue(host, chats.SelectMany(c => new[] { (c, OutgoingMessage.Plain($"Nhắc hạn nộp báo cáo lần 1 cho {c}")), (c, OutgoingMessage.Plain($"Nhắc lần 2 cho {c}")) }));
        await FakeBotApi.WaitUntilAsync(() => _fake.BotMessageCount >= 80, TelegramUser.Wait, "80 messages");
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.Equal(0, _fake.TooManyRequests);
        Assert.True(elapsed >= TimeSpan.FromSeconds(2), $"80 messages at 30/s cannot take only {elapsed.TotalSeconds:0.00} s");
        foreach (var chat in chats)
        {
            var sent = _fake.BotMessages(chat);
            Assert.Equal(2, sent.Count);
            Assert.StartsWith("Nhắc hạn nộp báo cáo lần 1", sent[0].Text, StringComparison.Ordinal);
            Assert.True(Stopwatch.GetElapsedTime(sent[0].SentAt, sent[1].SentAt) >= TimeSpan.FromSeconds(1));
        }

        await WaitRows(host, rows => rows.All(r => r.Status == OutboxStatus.Sent), "all rows sent");
    }

    [Fact]
    public async Task A_short_flood_wait_is_not_waited_in_the_client_but_in_the_outbox_and_the_message_sent_once()
    {
        await using var host = Start();
        _fake.FailNext("sendMessage", 429, "Too Many Requests: retry after 1", retryAfter: 1);
        await Enqueue(host, [(5101, OutgoingMessage.Plain("Thông báo của Ban Thường vụ"))]);
        await WaitRows(host, rows => rows.Single().Attempts == 1, "the first attempt");
        var row = (await Rows(host)).Single();
        Assert.Equal(OutboxStatus.Pending, row.Status);
        Assert.True(row.NextAttemptAt >= host.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        Assert.Single(_fake.CallsOf("sendMessage"));

        host.Clock.Advance(TimeSpan.FromSeconds(2));
        await WaitRows(host, rows => rows.Single().Status == OutboxStatus.Sent, "the row to be sent");
        Assert.Equal(2, _fake.CallsOf("sendMessage").Count);
        Assert.Single(_fake.BotMessages(5101));
    }

    [Fact]
    public async Task A_long_flood_wait_goes_back_to_the_outbox_until_retry_after_has_passed()
    {
        await using var host = Start();
        _fake.FailNext("sendMessage", 429, "Too Many Requests: retry after 40", retryAfter: 40);
        await Enqueue(host, [(5102, OutgoingMessage.Plain("Thông báo"))]);
        await WaitRows(host, rows => rows.Single().Attempts == 1, "the first attempt");
        var row = (await Rows(host)).Single();
        Assert.Equal(OutboxStatus.Pending, row.Status);
        Assert.Contains("429", row.LastError, StringComparison.Ordinal);
        Assert.True(row.NextAttemptAt >= host.Clock.GetUtcNow() + TimeSpan.FromSeconds(40));
        Assert.Empty(_fake.BotMessages(5102));

        host.Clock.Advance(TimeSpan.FromSeconds(41));
        await WaitRows(host, rows => rows.Single().Status == OutboxStatus.Sent, "the row to be sent");
        Assert.Single(_fake.BotMessages(5102));
    }

    [Fact]
    public async Task A_person_who_blocked_the_bot_is_marked_unreachable_and_gets_nothing_more()
    {
        await using var host = Start();
        await using (var db = host.OpenDb())
        {
            await InviteService.EnsureLinkedAsync(db, ChannelNames.Telegram, "5103", Demo.CommitteeMember, "5103", host.Clock.GetUtcNow(), CancellationToken.None);
            var writer = host.Get<OutboxWriter>();
            Assert.True(await writer.EnqueueForPersonAsync(db, Demo.CommitteeMember, OutgoingMessage.Plain("Tin thứ nhất"), "b1", CancellationToken.None));
            Assert.True(await writer.EnqueueForPersonAsync(db, Demo.CommitteeMember, OutgoingMessage.Plain("Tin thứ hai"), "b2", CancellationToken.None));
            _fake.Block(5103);
            await db.SaveChangesAsync();
        }

        await WaitRows(host, rows => rows.All(r => r.Status == OutboxStatus.Failed), "both rows failed");
        Assert.Single(_fake.CallsOf("sendMessage"));
        await using (var db = host.OpenDb())
        {
            Assert.True((await db.ChannelAccounts.SingleAsync(a => a.Channel == ChannelNames.Telegram)).Unreachable);
            Assert.False(await host.Get<OutboxWriter>().EnqueueForPersonAsync(db, Demo.CommitteeMember, OutgoingMessage.Plain("Tin thứ ba"), "b3", CancellationToken.None));
        }

        Assert.Contains("403", (await Rows(host))[0].LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_and_network_errors_back_off_and_a_restart_loses_no_message_and_repeats_none()
    {
        await using var host = Start();
        _fake.FailNext("sendMessage", 502, "Bad Gateway");
        _fake.FailNext("sendMessage", 500, "Internal Server Error");
        _fake.DropNext("sendMessage");
        await Enqueue(host, [(5104, OutgoingMessage.Plain("Một")), (5105, OutgoingMessage.Plain("Hai")), (5106, OutgoingMessage.Plain("Ba"))]);
        await WaitRows(host, rows => rows.All(r => r.Attempts >= 1), "a first attempt of each");
        var failed = (await Rows(host)).Where(r => r.Status == OutboxStatus.Pending).ToList();
        Assert.Equal(3, failed.Count);
        Assert.All(failed, r => Assert.True(r.NextAttemptAt > host.Clock.GetUtcNow()));

        await host.Restart();
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await WaitRows(host, rows => rows.All(r => r.Status == OutboxStatus.Sent), "all rows sent after the restart");
        Assert.Equal(["Một"], _fake.BotMessages(5104).Select(m => m.Text));
        Assert.Equal(["Hai"], _fake.BotMessages(5105).Select(m => m.Text));
        Assert.Equal(["Ba"], _fake.BotMessages(5106).Select(m => m.Text));
    }

    [Fact]
    public async Task Stopping_in_the_middle_of_a_burst_loses_no_message_and_repeats_only_sends_under_way_at_the_stop()
    {
        _fake.GlobalPerSecond = 30;
        await using var host = Start();
        var chats = Enumerable.Range(1, 90).Select(i => 5_300L + i).ToList();
        await Enqueue(host, chats.Select(c => (c, OutgoingMessage.Plain($"Thông báo họp Ban Chấp hành gửi {c}"))));
        await FakeBotApi.WaitUntilAsync(() => _fake.BotMessageCount >= 20, TelegramUser.Wait, "the burst to start");

        await host.Stop();
        var beforeRestart = _fake.BotMessageCount;
        Assert.True(beforeRestart < 90, "the stop came too late to fall in the middle of the burst");
        host.Start();
        await WaitRows(host, rows => rows.All(r => r.Status == OutboxStatus.Sent), "every row sent after the restart");

        Assert.All(chats, c => Assert.NotEmpty(_fake.BotMessages(c)));
        // A message is sent again only if the stop fell between sending it and recording it: at most the sends under way.
        Assert.InRange(chats.Sum(c => _fake.BotMessages(c).Count - 1), 0, 30);
        Assert.Equal(0, _fake.TooManyRequests);
    }

    [Fact]
    public async Task Documents_are_uploaded_as_multipart_and_long_texts_split_on_line_boundaries()
    {
        await using var host = Start();
        var lines = Enumerable.Range(1, 300).Select(i => $"Dòng {i}: đơn vị <{i}> & chỉ tiêu đạt {i} %").ToList();
        var longText = string.Join("\n", lines);
        var file = new ChatDocument("Báo cáo tổng hợp quý IV.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", [80, 75, 3, 4, 1, 2]);
        await Enqueue(host, [(5107, new OutgoingMessage("Báo cáo tổng hợp đính kèm", [], file)), (5108, OutgoingMessage.Plain(longText))]);
        await WaitRows(host, rows => rows.All(r => r.Status == OutboxStatus.Sent), "both rows sent");

        var document = Assert.Single(_fake.BotMessages(5107));
        Assert.Contains(_fake.CallsOf("sendChatAction"), c => c.Parameters["action"]!.GetValue<string>() == "upload_document");
        Assert.Equal("Báo cáo tổng hợp quý IV.docx", document.DocumentName);
        Assert.Equal(file.Content, document.DocumentContent);
        Assert.Equal("Báo cáo tổng hợp đính kèm", document.Text);
        var parts = _fake.BotMessages(5108);
        Assert.True(parts.Count >= 3);
        Assert.All(parts, p => Assert.InRange(p.Text.Length, 1, 4096));
        Assert.Equal(lines, parts.SelectMany(p => p.Text.Split('\n')));
        Assert.Empty(_fake.Violations);
    }

    [Fact]
    public async Task Without_a_bot_token_the_service_starts_as_before_and_never_calls_telegram()
    {
        await using var host = new ServiceHost(settings: new Dictionary<string, string?> { ["Telegram:BaseUrl"] = _fake.BaseUrl.ToString() });
        var officer = new ChatDriver(host, Demo.HospitalOfficer, ChannelNames.Web);
        await officer.Say("/baocao");
        Assert.NotEmpty(officer.Last);
        await Task.Delay(500);
        Assert.Empty(_fake.Calls);
        Assert.Null(_fake.WebhookUrl);
    }
}

/// <summary>The bot token is a secret: whatever goes wrong, it appears in no log line.</summary>
public sealed class TelegramTokenTests : IAsyncLifetime
{
    private FakeBotApi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeBotApi.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task The_token_appears_in_no_log_line_of_the_service_even_when_telegram_fails()
    {
        using var log = new UnionReview.Channels.Tests.Telegram.TestLog();
        var settings = TelegramUser.Settings(_fake);
        settings["Logging:LogLevel:Default"] = "Debug";
        await using var host = new ServiceHost(settings: settings, configure: services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(log));
        var officer = new TelegramUser(host, _fake, 7301);
        await officer.LinkTo(Demo.HospitalOfficer);
        _fake.FailNext("sendMessage", 500, "Internal Server Error");
        _fake.DropNext("answerCallbackQuery");
        _fake.FailNext("getUpdates", 502, "Bad Gateway");
        await officer.Say("/baocao");
        await officer.Say("/trogiup");
        await officer.Press(officer.Last.Last(m => m.Buttons.Count > 0).Buttons[0].Text);

        Assert.Contains(log.Lines, l => l.Contains("Telegram", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.Contains("500", StringComparison.Ordinal));
        var secret = _fake.Token.Split(':')[1];
        Assert.DoesNotContain(log.Lines, l => l.Contains(secret, StringComparison.Ordinal));
    }
}
