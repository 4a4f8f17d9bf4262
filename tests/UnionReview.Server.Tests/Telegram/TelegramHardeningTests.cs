using System.Diagnostics;
using System.Net;
using System.Runtime.ExceptionServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using UnionReview.Channels.Tests.Telegram.Fake;
using UnionReview.Server.Features.Telegram;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Telegram;

/// <summary>
/// Update ids that Telegram hands out again after a week without updates, and the "typing…" indicator ending
/// without an exception; the real service against the fake Bot API on 127.0.0.1.
/// </summary>
public sealed class TelegramHardeningTests : IAsyncLifetime
{
    private const string Secret = "webhook_Secret-42";
    private FakeBotApi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeBotApi.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private static StringContent Update(long updateId, long messageId, long userId, string text) => new(
        $$$"""{"update_id":{{{updateId}}},"message":{"message_id":{{{messageId}}},"from":{"id":{{{userId}}},"is_bot":false,"first_name":"X"},"date":1,"chat":{"id":{{{userId}}},"type":"private"},"text":"{{{text}}}"}}""",
        Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_webhook_update_under_an_id_used_before_is_handled_when_it_is_new_and_dropped_when_it_is_a_repeat()
    {
        var port = ServiceHost.FreePort();
        var url = $"http://127.0.0.1:{port}/api/telegram/webhook";
        await using var host = new ServiceHost(settings: TelegramUser.Settings(_fake, "Webhook", url, Secret), kestrel: true, port: port);
        await FakeBotApi.WaitUntilAsync(() => _fake.WebhookUrl is not null, TelegramUser.Wait, "setWebhook");
        using var http = new HttpClient();

        async Task Post(long updateId, long messageId, string text)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Update(updateId, messageId, 8101, text) };
            request.Headers.Add(TelegramWebhookEndpoint.SecretHeader, Secret);
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
        }

        // A stranger gets one polite answer per message handled.
        await Post(990_500, 1, "/baocao");
        await Post(990_501, 2, "/baocao");
        await _fake.WaitForBotMessagesAsync(8101, 2, TelegramUser.Wait);
        await TelegramUser.WaitHandled(host, 990_501);

        // A week without updates; Telegram starts again at an id below the stored one, here the very first.
        host.Clock.Advance(TimeSpan.FromDays(8));
        await Post(990_500, 3, "/tiendo");
        await _fake.WaitForBotMessagesAsync(8101, 3, TelegramUser.Wait);

        // The same update again (Telegram retrying the webhook) is a true repeat, and so is the old one.
        await Post(990_500, 3, "/tiendo");
        await Post(990_501, 2, "/baocao");
        await Post(990_502, 4, "/tiendo");
        await _fake.WaitForBotMessagesAsync(8101, 4, TelegramUser.Wait);
        await TelegramUser.WaitHandled(host, 990_502);

        Assert.Equal(4, _fake.BotMessages(8101).Count);
        await using var db = host.OpenDb();
        Assert.Equal(
            ["990500:message:8101:1", "990500:message:8101:3", "990501:message:8101:2", "990502:message:8101:4"],
            await db.InboundReceipts.Where(r => r.Channel == "telegram").Select(r => r.MessageId).OrderBy(m => m).ToListAsync());
        // Each one stored once as its receipt, handled, its payload let go of.
        Assert.All(await db.InboundReceipts.Where(r => r.Channel == "telegram").ToListAsync(), r => Assert.Equal((true, null), (r.HandledAt is not null, r.Payload)));
    }

    [Fact]
    public async Task After_a_week_without_updates_polling_handles_updates_with_smaller_ids_than_the_stored_offset()
    {
        await using var host = new ServiceHost(settings: TelegramUser.Settings(_fake));
        var officer = new TelegramUser(host, _fake, 7201);
        await officer.LinkTo(Demo.HospitalOfficer);
        for (var i = 0; i < 12; i++)
        {
            await officer.Say("/tiendo");
        }

        Assert.NotEmpty(officer.Last);
        long firstId, lastId;
        await using (var db = host.OpenDb())
        {
            var ids = (await db.InboundReceipts.Where(r => r.Channel == "telegram").Select(r => r.MessageId).ToListAsync())
                .Select(m => long.Parse(m[..m.IndexOf(':', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            (firstId, lastId) = (ids.Min(), ids.Max());
        }

        Assert.Equal(12, lastId - firstId);
        var inbox = host.Get<TelegramInbox>();
        Assert.Equal(lastId + 1, await inbox.NextOffsetAsync(CancellationToken.None));

        host.Clock.Advance(TimeSpan.FromDays(8));
        _fake.RestartUpdateIdsAt(firstId);
        var before = _fake.BotMessages(7201).Count;
        var reused = _fake.UserSends(7201, "/tiendo");
        Assert.Equal(firstId, reused);
        await _fake.WaitForBotMessagesAsync(7201, before + 1, TelegramUser.Wait);
        await TelegramUser.WaitHandled(host, reused);
        Assert.Equal(reused + 1, await inbox.NextOffsetAsync(CancellationToken.None));

        // The next id was used before too: handled as well, and with the same reply.
        var replies = _fake.BotMessages(7201).Count - before;
        var next = _fake.UserSends(7201, "/tiendo");
        Assert.Equal(reused + 1, next);
        await _fake.WaitForBotMessagesAsync(7201, before + (2 * replies), TelegramUser.Wait);
        await TelegramUser.WaitHandled(host, next);
        Assert.Equal(before + (2 * replies), _fake.BotMessages(7201).Count);
        Assert.Empty(_fake.Violations);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:00.300")]
    public async Task The_typing_indicator_ends_with_the_turn_without_a_thrown_cancellation(string typingDelay)
    {
        var settings = TelegramUser.Settings(_fake);
        settings["Telegram:TypingDelay"] = typingDelay;
        await using var host = new ServiceHost(settings: settings);
        var officer = new TelegramUser(host, _fake, 7202);
        var thrown = 0;
        void Count(object? sender, FirstChanceExceptionEventArgs e)
        {
            if (e.Exception is OperationCanceledException
                && new StackTrace().GetFrames().Any(f => f.GetMethod()?.DeclaringType?.FullName?.Contains(nameof(TelegramUpdateHandler), StringComparison.Ordinal) == true))
            {
                Interlocked.Increment(ref thrown);
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            await officer.LinkTo(Demo.HospitalOfficer);
            await officer.Say("/baocao");
            for (var i = 0; i < 5; i++)
            {
                await officer.Say("/tiendo");
            }
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        Assert.Equal(0, thrown);
        var typing = _fake.CallsOf("sendChatAction").Count(c => c.Parameters["action"]?.GetValue<string>() == "typing");
        if (typingDelay == "00:00:00")
        {
            // Shown at once on every turn, so the indicator did run and was ended by each turn.
            Assert.InRange(typing, 7, 14);
        }

        Assert.Empty(_fake.Violations);
    }
}
