using System.Diagnostics;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;
using UnionReview.Channels.Telegram;
using UnionReview.Channels.Tests.Telegram.Fake;

namespace UnionReview.Channels.Tests.Telegram;

public sealed class TelegramApiTests : IAsyncLifetime, IDisposable
{
    private FakeBotApi _fake = null!;
    private readonly TestLog _log = new();
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public async Task InitializeAsync() => _fake = await FakeBotApi.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    public void Dispose()
    {
        _http.Dispose();
        _log.Dispose();
    }

    private TelegramApi Client(string? token = null) =>
        new(new TelegramClientOptions { Token = token ?? _fake.Token, BaseUrl = _fake.BaseUrl }, _http, _log.For<TelegramApi>());

    [Fact]
    public async Task Every_method_the_bot_uses_is_accepted_by_a_server_following_the_spec()
    {
        var client = Client();
        var ct = CancellationToken.None;
        var me = await client.GetMeAsync(ct);
        Assert.True(me.IsBot);
        Assert.Equal("UnionReviewTestBot", me.Username);
        Assert.True(await client.SetMyCommandsAsync([new BotCommand { Command = "baocao", Description = "Làm báo cáo" }], ct));
        Assert.True(await client.SetWebhookAsync("https://example.org/telegram/webhook", "s3cret_token", [UpdateType.Message, UpdateType.CallbackQuery], 40, ct));
        Assert.Equal("https://example.org/telegram/webhook", (await client.GetWebhookInfoAsync(ct)).Url);
        Assert.True(await client.DeleteWebhookAsync(false, ct));
        _fake.UserSends(42, "xin chào");
        var updates = await client.GetUpdatesAsync(null, 100, 0, [UpdateType.Message, UpdateType.CallbackQuery], ct);
        Assert.Equal("xin chào", Assert.Single(updates).Message!.Text);
        var keyboard = new InlineKeyboardMarkup([[InlineKeyboardButton.WithCallbackData("Có", "yn:q1:y"), InlineKeyboardButton.WithCallbackData("Không", "yn:q1:n")]]);
        var sent = await client.SendMessageAsync(42, "<b>Câu 1</b> &lt;đúng&gt;", keyboard, ct);
        Assert.Equal("Câu 1 <đúng>", _fake.BotMessages(42)[^1].Text);
        await client.EditMessageTextAsync(42, sent.MessageId, "Câu 1 (đã trả lời)", null, ct);
        await client.EditMessageReplyMarkupAsync(42, sent.MessageId, keyboard, ct);
        Assert.True(await client.SendChatActionAsync(42, ChatAction.Typing, ct));
        var press = _fake.UserPresses(42, "Có");
        var callback = (await client.GetUpdatesAsync(updates[0].Id + 1, 100, 0, null, ct)).Single(u => u.Id == press).CallbackQuery!;
        Assert.Equal("yn:q1:y", callback.Data);
        Assert.True(await client.AnswerCallbackQueryAsync(callback.Id, "Đã ghi", false, ct));
        await client.SendDocumentAsync(42, new InputFileUpload("Báo cáo sơ kết.docx", "application/octet-stream", [1, 2, 3]), "Báo cáo <i>tổng hợp</i>", null, ct);

        Assert.Empty(_fake.Violations);
        string[] needed = ["getMe", "getUpdates", "setWebhook", "deleteWebhook", "getWebhookInfo", "sendMessage", "editMessageText", "editMessageReplyMarkup", "answerCallbackQuery", "sendDocument", "setMyCommands", "sendChatAction"];
        Assert.Empty(needed.Except(_fake.Calls.Where(c => c.Status == 200).Select(c => c.Method)));
        var document = _fake.BotMessages(42)[^1];
        Assert.Equal("Báo cáo sơ kết.docx", document.DocumentName);
        Assert.Equal([1, 2, 3], document.DocumentContent);
        Assert.Equal("Báo cáo tổng hợp", document.Text);
    }

    [Fact]
    public async Task A_refusal_becomes_one_exception_with_error_code_description_and_parameters()
    {
        _fake.FailNext("sendMessage", 400, "Bad Request: group chat was upgraded to a supergroup chat");
        var e = await Assert.ThrowsAsync<TelegramApiException>(() => Client().SendMessageAsync(-5, "x", null, CancellationToken.None));
        Assert.Equal(400, e.ErrorCode);
        Assert.Equal("sendMessage", e.Method);
        Assert.Equal("Bad Request: group chat was upgraded to a supergroup chat", e.Description);

        var tooLong = await Assert.ThrowsAsync<TelegramApiException>(() => Client().SendMessageAsync(1, new string('a', 4097), null, CancellationToken.None));
        Assert.Equal("Bad Request: message is too long", tooLong.Description);
    }

    [Fact]
    public async Task A_flood_wait_goes_to_the_caller_at_once_with_retry_after_and_nothing_is_repeated()
    {
        // Telegram.Bot's own retry is off: even a 1 s wait is left to the outbox, which does the waiting.
        _fake.FailNext("sendMessage", 429, "Too Many Requests: retry after 1", retryAfter: 1);
        var started = Stopwatch.GetTimestamp();
        var e = await Assert.ThrowsAsync<TelegramApiException>(() => Client().SendMessageAsync(7, "x", null, CancellationToken.None));
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(0.9));
        Assert.True(e.IsTooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(1), e.RetryAfter);
        Assert.Equal(1, e.Parameters!.RetryAfter);
        Assert.Single(_fake.CallsOf("sendMessage"));
        Assert.Empty(_fake.BotMessages(7));
    }

    [Fact]
    public async Task A_proxy_error_page_instead_of_bot_api_json_becomes_a_server_error()
    {
        _fake.FailNextWithHtml("sendMessage", 502);
        var e = await Assert.ThrowsAsync<TelegramApiException>(() => Client().SendMessageAsync(7, "x", null, CancellationToken.None));
        Assert.Equal(502, e.ErrorCode);
        Assert.True(e.IsServerError);
    }

    [Fact]
    public async Task A_user_who_blocked_the_bot_gives_forbidden()
    {
        _fake.Block(99);
        var e = await Assert.ThrowsAsync<TelegramApiException>(() => Client().SendMessageAsync(99, "x", null, CancellationToken.None));
        Assert.True(e.IsForbidden);
        Assert.Equal("Forbidden: bot was blocked by the user", e.Description);
    }

    [Fact]
    public async Task The_token_never_appears_in_logs_or_exception_messages()
    {
        var wrong = Client(token: "999999:WRONG-secret-token-value");
        var unauthorized = await Assert.ThrowsAsync<TelegramApiException>(() => wrong.GetMeAsync(CancellationToken.None));
        Assert.Equal(401, unauthorized.ErrorCode);
        _fake.DropNext("sendMessage");
        var network = await Assert.ThrowsAsync<HttpRequestException>(() => Client().SendMessageAsync(1, "x", null, CancellationToken.None));
        _fake.FailNext("getMe", 500, "Internal Server Error");
        await Assert.ThrowsAsync<TelegramApiException>(() => Client().GetMeAsync(CancellationToken.None));

        Assert.NotEmpty(_log.Lines);
        var everything = string.Join("\n", _log.Lines) + unauthorized + network;
        Assert.DoesNotContain("WRONG-secret-token-value", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Token, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.Token.Split(':')[1], everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_poll_returns_empty_after_its_timeout_and_at_once_when_an_update_arrives()
    {
        var client = Client();
        var started = Stopwatch.GetTimestamp();
        Assert.Empty(await client.GetUpdatesAsync(null, 100, 1, null, CancellationToken.None));
        Assert.InRange(Stopwatch.GetElapsedTime(started).TotalSeconds, 0.9, 5);

        started = Stopwatch.GetTimestamp();
        var poll = client.GetUpdatesAsync(null, 100, 20, null, CancellationToken.None);
        await Task.Delay(200);
        _fake.UserSends(5, "/baocao");
        var updates = await poll;
        Assert.Equal("/baocao", Assert.Single(updates).Message!.Text);
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Cancelling_ends_a_long_poll_promptly()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var started = Stopwatch.GetTimestamp();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client().GetUpdatesAsync(null, 100, 30, null, cts.Token));
        Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task The_base_url_points_the_client_at_any_bot_api_server()
    {
        var elsewhere = new TelegramApi(new TelegramClientOptions { Token = _fake.Token, BaseUrl = new Uri("http://127.0.0.1:1") }, _http, _log.For<TelegramApi>());
        await Assert.ThrowsAsync<HttpRequestException>(() => elsewhere.GetMeAsync(CancellationToken.None));
        Assert.Empty(_fake.Calls);
        await Client().GetMeAsync(CancellationToken.None);
        Assert.Single(_fake.Calls);
    }

    [Fact]
    public async Task Html_that_telegram_cannot_parse_is_refused_by_the_fake_as_by_telegram()
    {
        var e = await Assert.ThrowsAsync<TelegramApiException>(() => Client().SendMessageAsync(3, "a < b & c", null, CancellationToken.None));
        Assert.StartsWith("Bad Request: can't parse entities", e.Description, StringComparison.Ordinal);
        var big = new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("x", new string('a', 65)));
        var data = await Assert.ThrowsAsync<TelegramApiException>(() => Client().SendMessageAsync(3, "ok", big, CancellationToken.None));
        Assert.Equal("Bad Request: BUTTON_DATA_INVALID", data.Description);
    }
}
