using System.Text;
using System.Text.Json;
using UnionReview.Channels.Tests.Telegram;
using UnionReview.Channels.Tests.Zalo.Fake;
using UnionReview.Channels.Zalo;

namespace UnionReview.Channels.Tests.Zalo;

/// <summary>The Zalo client against the fake Bot API on 127.0.0.1.</summary>
public sealed class ZaloBotClientTests : IAsyncLifetime, IDisposable
{
    private FakeZaloApi _fake = null!;
    private readonly TestLog _log = new();
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _fake = await FakeZaloApi.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        _log.Dispose();
    }

    private ZaloBotClient Client(string? token = null) =>
        new(new ZaloClientOptions { Token = token ?? _fake.Token, BaseUrl = _fake.BaseUrl, RequestTimeout = TimeSpan.FromSeconds(10) }, _http, _log.For<ZaloBotClient>());

    [Fact]
    public async Task Every_method_is_called_as_the_reference_describes_and_its_result_is_read()
    {
        var client = Client();
        var me = await client.GetMeAsync(CancellationToken.None);
        Assert.Equal(_fake.BotId, me.Id);
        Assert.Equal("bot.BaoCaoCongDoan", me.AccountName);

        var set = await client.SetWebhookAsync("https://baocao.example.vn/api/zalo/webhook", "bi-mat-webhook-123", CancellationToken.None);
        Assert.Equal("https://baocao.example.vn/api/zalo/webhook", set.Url);
        Assert.Equal("https://baocao.example.vn/api/zalo/webhook", (await client.GetWebhookInfoAsync(CancellationToken.None)).Url);
        Assert.Equal("", (await client.DeleteWebhookAsync(CancellationToken.None)).Url);
        Assert.Null(_fake.WebhookUrl);

        var sent = await client.SendMessageAsync("6ede9afa66b88fe6d6a9", "Xin chào đồng chí", CancellationToken.None);
        Assert.False(string.IsNullOrEmpty(sent.MessageId));
        Assert.True(sent.Date > 1_000_000_000_000);
        await client.SendPhotoAsync("6ede9afa66b88fe6d6a9", "https://baocao.example.vn/bieu-do.png", "Biểu đồ tiến độ", CancellationToken.None);
        await client.SendChatActionAsync("6ede9afa66b88fe6d6a9", "typing", CancellationToken.None);

        var id = await _fake.UserSendsAsync("6ede9afa66b88fe6d6a9", "Xin chào", "Ted");
        var update = await client.GetUpdateAsync(5, CancellationToken.None);
        Assert.NotNull(update);
        Assert.Equal(ZaloUpdate.TextReceived, update.EventName);
        Assert.Equal((id, "6ede9afa66b88fe6d6a9", "6ede9afa66b88fe6d6a9", "Xin chào", "Ted"),
            (update.Message!.MessageId, update.Message.From!.Id, update.Message.Chat!.Id, update.Message.Text, update.Message.From.Name));

        Assert.Equal(["Xin chào đồng chí", "Biểu đồ tiến độ"], _fake.BotMessages("6ede9afa66b88fe6d6a9").Select(m => m.Text));
        Assert.Empty(_fake.Violations);
        Assert.Equal(["getMe", "setWebhook", "getWebhookInfo", "deleteWebhook", "sendMessage", "sendPhoto", "sendChatAction", "getUpdates"], _fake.Calls.Select(c => c.Method));
    }

    [Fact]
    public async Task GetUpdates_gives_null_on_408_and_one_update_per_call()
    {
        var client = Client();
        Assert.Null(await client.GetUpdateAsync(1, CancellationToken.None));
        await _fake.UserSendsAsync("u1", "một");
        await _fake.UserSendsAsync("u1", "hai");
        Assert.Equal("một", (await client.GetUpdateAsync(1, CancellationToken.None))!.Message!.Text);
        Assert.Equal("hai", (await client.GetUpdateAsync(1, CancellationToken.None))!.Message!.Text);
        Assert.Null(await client.GetUpdateAsync(1, CancellationToken.None));
        Assert.Equal([408, 0, 0, 408], _fake.CallsOf("getUpdates").Select(c => c.ErrorCode));
    }

    [Fact]
    public async Task A_refused_token_is_401_and_the_token_never_appears_in_logs_or_errors()
    {
        var wrong = _fake.Token + "x";
        var client = Client(wrong);
        var e = await Assert.ThrowsAsync<ZaloApiException>(() => client.GetMeAsync(CancellationToken.None));
        Assert.True(e.IsUnauthorized);
        Assert.DoesNotContain(wrong, e.ToString(), StringComparison.Ordinal);

        using var dead = new HttpClient();
        var unreachable = new ZaloBotClient(new ZaloClientOptions { Token = _fake.Token, BaseUrl = new Uri("http://127.0.0.1:1") }, dead, _log.For<ZaloBotClient>());
        var network = await Assert.ThrowsAsync<HttpRequestException>(() => unreachable.SendMessageAsync("u", "x", CancellationToken.None));
        Assert.DoesNotContain(_fake.Token, network.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(_log.Lines, l => l.Contains(_fake.Token, StringComparison.Ordinal) || l.Contains(wrong, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Quota_is_429_and_a_text_over_2000_characters_is_refused()
    {
        var client = Client();
        _fake.RefuseNextSends = 1;
        var quota = await Assert.ThrowsAsync<ZaloApiException>(() => client.SendMessageAsync("u", "một", CancellationToken.None));
        Assert.True(quota.IsTooManyRequests);
        await client.SendMessageAsync("u", new string('a', 2000), CancellationToken.None);
        var tooLong = await Assert.ThrowsAsync<ZaloApiException>(() => client.SendMessageAsync("u", new string('a', 2001), CancellationToken.None));
        Assert.Equal(400, tooLong.ErrorCode);
        Assert.Single(_fake.Violations);
    }

    [Fact]
    public async Task Cancellation_stops_a_long_poll_at_once()
    {
        var client = Client();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetUpdateAsync(30, cts.Token));
    }

    [Fact]
    public void Updates_are_read_tolerantly_numbers_for_ids_photo_url_unknown_fields_and_the_wrapped_form()
    {
        var json = """
            {"ok":true,"result":{"event_name":"message.image.received","extra":{"a":[1,2]},
             "message":{"from":{"id":123456789,"first_name":"Lan","is_bot":false},"chat":{"id":123456789,"chat_type":"PRIVATE"},
              "message_id":987,"date":"1750316131602","photo_url":"https://zalo.example/a.jpg","caption":"ảnh"}}}
            """;
        var update = ZaloJson.ReadUpdate(Encoding.UTF8.GetBytes(json))!;
        Assert.Equal(("123456789", "987", 1_750_316_131_602L, "https://zalo.example/a.jpg", "Lan"),
            (update.Message!.Chat!.Id, update.Message.MessageId, update.Message.Date, update.Message.ImageUrl, update.Message.From!.Name));

        var bare = ZaloJson.ReadUpdate(Encoding.UTF8.GetBytes("""{"event_name":"message.text.received","message":{"message_id":"m1","chat":{"id":"c"},"from":{"id":"c","display_name":"Ted"},"text":"hi","photo":"p"}}"""))!;
        Assert.Equal(("m1", "hi", "p", "Ted"), (bare.Message!.MessageId, bare.Message.Text, bare.Message.ImageUrl, bare.Message.From!.Name));
        Assert.True(bare.Message.Chat!.IsPrivate);
    }

    [Fact]
    public void Every_request_type_and_field_the_client_can_send_is_in_the_reference()
    {
        var types = typeof(ZaloBotClient).Assembly.GetTypes().Where(t => !t.IsAbstract && t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition().Name.StartsWith("ZaloRequest", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, types.Count);
        foreach (var type in types)
        {
            var request = Activator.CreateInstance(type)!;
            var method = (string)type.GetProperty("Method")!.GetValue(request)!;
            Assert.True(FakeZaloApi.Spec.TryGetValue(method, out var fields), $"{method} is not in the reference");
            foreach (var property in type.GetProperties().Where(p => p.Name != "Method"))
            {
                var name = JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
                Assert.True(fields.ContainsKey(name), $"{method}.{name} is not in the reference");
            }
        }
    }
}
