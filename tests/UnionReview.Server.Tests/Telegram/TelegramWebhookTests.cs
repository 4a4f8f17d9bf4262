using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using UnionReview.Channels.Tests.Telegram.Fake;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Telegram;

/// <summary>The real service on Kestrel 127.0.0.1 receiving by webhook from the fake Bot API.</summary>
public sealed class TelegramWebhookTests : IAsyncLifetime
{
    private const string Secret = "webhook_Secret-42";
    private FakeBotApi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeBotApi.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private ServiceHost Start(out string url)
    {
        var port = ServiceHost.FreePort();
        url = $"http://127.0.0.1:{port}/api/telegram/webhook";
        return new ServiceHost(settings: TelegramUser.Settings(_fake, "Webhook", url, Secret), kestrel: true, port: port);
    }

    private static StringContent Update(long updateId, long userId, string text) => new(
        $$$"""{"update_id":{{{updateId}}},"message":{"message_id":1,"from":{"id":{{{userId}}},"is_bot":false,"first_name":"X"},"date":1,"chat":{"id":{{{userId}}},"type":"private"},"text":"{{{text}}}"}}""",
        Encoding.UTF8, "application/json");

    [Fact]
    public async Task An_officer_submits_a_whole_report_through_the_webhook_and_the_service_never_polls()
    {
        await using var host = Start(out var url);
        await FakeBotApi.WaitUntilAsync(() => _fake.WebhookUrl is not null, TelegramUser.Wait, "setWebhook");
        Assert.Equal(url, _fake.WebhookUrl);
        Assert.Equal(Secret, _fake.WebhookSecret);

        var officer = new TelegramUser(host, _fake, 8001);
        await TelegramPollingTests.SubmitWholeReport(host, officer, Demo.HospitalOfficer);

        Assert.Empty(_fake.CallsOf("getUpdates"));
        Assert.Empty(_fake.CallsOf("deleteWebhook"));
        Assert.Empty(_fake.Violations);
        Assert.Equal(0, _fake.OpenCallbackQueries);
    }

    [Fact]
    public async Task A_forged_or_missing_secret_gets_401_and_changes_nothing()
    {
        await using var host = Start(out var url);
        await FakeBotApi.WaitUntilAsync(() => _fake.WebhookUrl is not null, TelegramUser.Wait, "setWebhook");
        using var http = new HttpClient();

        using var forged = new HttpRequestMessage(HttpMethod.Post, url) { Content = Update(990_001, 8002, "/start ABCDEFGHJK") };
        forged.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "webhook_Secret-43");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(forged)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync(new Uri(url), Update(990_002, 8002, "/baocao"))).StatusCode);
        using var empty = new HttpRequestMessage(HttpMethod.Post, url) { Content = Update(990_003, 8002, "/baocao") };
        empty.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(empty)).StatusCode);

        // The genuine secret with the same body is accepted, which shows the refusals were about the secret.
        using var genuine = new HttpRequestMessage(HttpMethod.Post, url) { Content = Update(990_004, 8002, "/baocao") };
        genuine.Headers.Add("X-Telegram-Bot-Api-Secret-Token", Secret);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(genuine)).StatusCode);
        await TelegramUser.WaitHandled(host, 990_004);

        await using var db = host.OpenDb();
        Assert.Equal(["990004:message:8002:1"], await db.InboundReceipts.Where(r => r.Channel == "telegram").Select(r => r.MessageId).ToListAsync());
        Assert.Single(_fake.BotMessages(8002));
    }

    [Fact]
    public async Task An_update_telegram_delivers_again_is_not_handled_twice()
    {
        await using var host = Start(out _);
        var officer = new TelegramUser(host, _fake, 8003);
        await officer.LinkTo(Demo.HospitalOfficer);
        await officer.Say("/baocao");
        var before = _fake.BotMessages(8003).Count;
        var updateId = _fake.UserSends(8003, "/tiendo");
        await TelegramUser.WaitHandled(host, updateId);
        var replies = _fake.BotMessages(8003).Count - before;
        Assert.True(replies > 0);

        _fake.Redeliver(updateId);
        await _fake.WaitConfirmedAsync(updateId);
        // Handled in order on the chat's queue: had the repeat been queued, it would be handled before this one.
        var next = _fake.UserSends(8003, "/tiendo");
        await TelegramUser.WaitHandled(host, next);

        Assert.Equal(before + (2 * replies), _fake.BotMessages(8003).Count);
        await using var db = host.OpenDb();
        var receipts = await db.InboundReceipts.Where(r => r.Channel == "telegram").Select(r => r.MessageId).ToListAsync();
        Assert.Single(receipts, m => m.StartsWith(updateId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":", StringComparison.Ordinal));
    }

    [Fact]
    public async Task In_polling_mode_the_webhook_endpoint_answers_404_and_stores_nothing()
    {
        await using var host = new ServiceHost(settings: TelegramUser.Settings(_fake), kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/telegram/webhook") { Content = Update(990_010, 8004, "/baocao") };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", Secret);
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(request)).StatusCode);
        await using var db = host.OpenDb();
        Assert.False(await db.InboundReceipts.AnyAsync());
    }
}
