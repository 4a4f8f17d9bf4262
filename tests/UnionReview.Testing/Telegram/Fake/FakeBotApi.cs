using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace UnionReview.Channels.Tests.Telegram.Fake;

/// <summary>A message in a chat of the fake, as Telegram would show it (text after HTML parsing).</summary>
public sealed class FakeChatMessage
{
    public long MessageId { get; init; }
    public long ChatId { get; init; }
    public bool FromBot { get; init; }
    public string Text { get; set; } = "";
    public JsonNode? ReplyMarkup { get; set; }
    public string? DocumentName { get; init; }
    public byte[]? DocumentContent { get; init; }
    public int Edits { get; set; }
    public long SentAt { get; init; }

    /// <summary>Labels and callback data of the inline keyboard under the message.</summary>
    public IReadOnlyList<(string Text, string? Data)> Buttons =>
        ReplyMarkup?["inline_keyboard"]?.AsArray().SelectMany(r => r!.AsArray()).Select(b => (b!["text"]!.GetValue<string>(), b["callback_data"]?.GetValue<string>())).ToList() ?? [];
}

/// <summary>One request the fake received.</summary>
public sealed record FakeCall(string Method, JsonObject Parameters, int Status, string? Description, long Timestamp, IReadOnlyList<string> Violations);

/// <summary>
/// A fake Telegram Bot API server on Kestrel 127.0.0.1 that follows ../shared/reference/telegram-bot-api.json:
/// every request is checked against the spec (unknown methods and fields, missing required fields and wrong types
/// are recorded as violations and refused with 400), answers use the Bot API envelope (<c>ok:false</c>, error_code,
/// description, parameters.retry_after), getUpdates long-polls and confirms by offset, setWebhook delivers updates
/// with the secret-token header, HTML text is parsed as Telegram does (bad entities and texts over 4,096
/// characters are refused), blocked users give 403, and optional flood limits give 429 with retry_after.
/// </summary>
public sealed partial class FakeBotApi : IAsyncDisposable
{
    public const int PerSecondWindowMs = 1000;
    private static readonly string[] CountedMethods = ["sendMessage", "sendDocument", "sendPhoto"];
    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly List<JsonObject> _updates = [];
    private readonly List<FakeCall> _calls = [];
    private readonly List<FakeChatMessage> _messages = [];
    private readonly Dictionary<string, (long ChatId, long MessageId)> _openQueries = [];
    private readonly HashSet<long> _blocked = [];
    private readonly Dictionary<string, Queue<Func<HttpContext, Task<bool>>>> _scripted = [];
    private readonly Queue<long> _globalSends = new();
    private readonly Dictionary<long, long> _lastChatSend = [];
    private readonly Dictionary<long, FakeChatMessage> _lastBotMessage = [];
    private readonly Dictionary<long, int> _botMessageCounts = [];
    private readonly Dictionary<long, List<(int Count, TaskCompletionSource Done)>> _countWaiters = [];
    private readonly Dictionary<long, Queue<long>> _groupSends = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _webhookClient = new();
    private TaskCompletionSource _updateSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _activePoll;
    private Task? _webhookLoop;
    private long _nextUpdateId = 700_000;
    private long _nextMessageId = 1;
    private long _confirmedUpTo;
    private int _queryCounter;

    private FakeBotApi(WebApplication app, string token)
    {
        _app = app;
        Token = token;
        BotId = long.Parse(token.Split(':')[0], CultureInfo.InvariantCulture);
    }

    public static async Task<FakeBotApi> StartAsync(string botUsername = "UnionReviewTestBot")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var token = $"{Random.Shared.Next(100_000, 999_999)}:AAF{Guid.NewGuid():N}";
        var fake = new FakeBotApi(app, token) { BotUsername = botUsername };
        app.Map("/bot{token}/{method}", fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUrl = new Uri(app.Urls.First());
        return fake;
    }

    public TelegramSpec Spec { get; } = TelegramSpec.Load();
    public string Token { get; }
    public long BotId { get; }
    public string BotUsername { get; private init; } = "";
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Messages per second over all chats before 429 (null: no limit).</summary>
    public int? GlobalPerSecond { get; set; }
    /// <summary>Least time between two messages to one chat before 429 (null: no limit).</summary>
    public TimeSpan? PerChatInterval { get; set; }
    /// <summary>Messages per minute to one group before 429 (null: no limit).</summary>
    public int? GroupPerMinute { get; set; }
    /// <summary>Hand confirmed updates out again to a lower offset, as when the confirmation never reached Telegram.</summary>
    public bool KeepConfirmed { get; set; }

    public string? WebhookUrl { get; private set; }
    public string? WebhookSecret { get; private set; }
    public int TooManyRequests { get; private set; }
    public int Conflicts { get; private set; }

    public IReadOnlyList<FakeCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<string> Violations => [.. Calls.SelectMany(c => c.Violations.Select(v => $"{c.Method}: {v}"))];

    public IReadOnlyList<FakeCall> CallsOf(string method) => [.. Calls.Where(c => c.Method == method)];

    /// <summary>Messages the bot sent (or edited) in a chat, oldest first.</summary>
    public IReadOnlyList<FakeChatMessage> BotMessages(long chatId)
    {
        lock (_lock)
        {
            return [.. _messages.Where(m => m.ChatId == chatId && m.FromBot)];
        }
    }

    /// <summary>How many messages the bot has sent to one chat (cheap: for load tests).</summary>
    public int BotMessageCountIn(long chatId)
    {
        lock (_lock)
        {
            return _botMessageCounts.GetValueOrDefault(chatId);
        }
    }

    /// <summary>Completes when the bot has sent at least <paramref name="count"/> messages to the chat (for load tests).</summary>
    public Task WaitForBotMessagesAsync(long chatId, int count, TimeSpan timeout)
    {
        lock (_lock)
        {
            if (_botMessageCounts.GetValueOrDefault(chatId) >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_countWaiters.TryGetValue(chatId, out var waiters))
            {
                _countWaiters[chatId] = waiters = [];
            }

            waiters.Add((count, done));
            return done.Task.WaitAsync(timeout);
        }
    }

    /// <summary>A press with <paramref name="data"/> on the newest bot message of the chat (cheap: for load tests).</summary>
    public long UserPressesOnNewest(long userId, string data)
    {
        lock (_lock)
        {
            return PressLocked(userId, _lastBotMessage[userId], data);
        }
    }

    public int BotMessageCount
    {
        get
        {
            lock (_lock)
            {
                return _messages.Count(m => m.FromBot);
            }
        }
    }

    public long ConfirmedUpTo
    {
        get
        {
            lock (_lock)
            {
                return _confirmedUpTo;
            }
        }
    }

    public void Block(long chatId)
    {
        lock (_lock)
        {
            _blocked.Add(chatId);
        }
    }

    public void Unblock(long chatId)
    {
        lock (_lock)
        {
            _blocked.Remove(chatId);
        }
    }

    /// <summary>The next call of <paramref name="method"/> fails with this Bot API error.</summary>
    public void FailNext(string method, int errorCode, string description, int? retryAfter = null) =>
        Script(method, async ctx =>
        {
            await WriteErrorAsync(ctx, errorCode, description, retryAfter);
            return true;
        });

    /// <summary>The next call of <paramref name="method"/> is answered by a proxy's HTML error page, not the Bot API's JSON.</summary>
    public void FailNextWithHtml(string method, int status) =>
        Script(method, async ctx =>
        {
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = "text/html";
            await ctx.Response.WriteAsync("<html><body><h1>Bad Gateway</h1></body></html>");
            return true;
        });

    /// <summary>The next call of <paramref name="method"/> loses its connection (a network error).</summary>
    public void DropNext(string method) =>
        Script(method, ctx =>
        {
            ctx.Abort();
            return Task.FromResult(true);
        });

    private void Script(string method, Func<HttpContext, Task<bool>> action)
    {
        lock (_lock)
        {
            if (!_scripted.TryGetValue(method, out var queue))
            {
                _scripted[method] = queue = new();
            }

            queue.Enqueue(action);
        }
    }

    /// <summary>A person types <paramref name="text"/> (private chat by default). Returns the update_id.</summary>
    public long UserSends(long userId, string text, string firstName = "Cán bộ", long? groupChatId = null)
    {
        lock (_lock)
        {
            var chatId = groupChatId ?? userId;
            var message = new FakeChatMessage { MessageId = _nextMessageId++, ChatId = chatId, Text = text, SentAt = Stopwatch.GetTimestamp() };
            _messages.Add(message);
            var json = new JsonObject
            {
                ["message_id"] = message.MessageId,
                ["from"] = UserJson(userId, firstName),
                ["date"] = Now(),
                ["chat"] = ChatJson(chatId, firstName),
                ["text"] = text,
            };
            if (text.StartsWith('/'))
            {
                json["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = text.Split(' ')[0].Length });
            }

            return AddUpdate(new JsonObject { ["message"] = json });
        }
    }

    /// <summary>A person sends a photo (no text).</summary>
    public long UserSendsPhoto(long userId)
    {
        lock (_lock)
        {
            var json = new JsonObject
            {
                ["message_id"] = _nextMessageId++,
                ["from"] = UserJson(userId, "Cán bộ"),
                ["date"] = Now(),
                ["chat"] = ChatJson(userId, "Cán bộ"),
                ["photo"] = new JsonArray(new JsonObject { ["file_id"] = "p1", ["file_unique_id"] = "u1", ["width"] = 90, ["height"] = 90 }),
            };
            return AddUpdate(new JsonObject { ["message"] = json });
        }
    }

    /// <summary>A person presses the button whose label contains <paramref name="label"/> on the newest bot message that has one.</summary>
    public long UserPresses(long userId, string label, long? chatId = null)
    {
        lock (_lock)
        {
            var message = _messages.LastOrDefault(m => m.ChatId == (chatId ?? userId) && m.FromBot && m.Buttons.Any(b => b.Data is not null && b.Text.Contains(label, StringComparison.Ordinal)))
                ?? throw new InvalidOperationException($"No button “{label}” in chat {chatId ?? userId}: {string.Join(" | ", _messages.Where(m => m.ChatId == (chatId ?? userId) && m.FromBot).TakeLast(2).Select(m => m.Text + " " + string.Join(",", m.Buttons.Select(b => b.Text))))}");
            return PressLocked(userId, message, message.Buttons.First(b => b.Data is not null && b.Text.Contains(label, StringComparison.Ordinal)).Data!);
        }
    }

    /// <summary>A person presses a button on a specific (possibly old) message; it must still carry the button.</summary>
    public long UserPressesOn(long userId, long messageId, string label)
    {
        lock (_lock)
        {
            var message = _messages.Single(m => m.MessageId == messageId);
            var button = message.Buttons.FirstOrDefault(b => b.Data is not null && b.Text.Contains(label, StringComparison.Ordinal));
            if (button.Data is null)
            {
                throw new InvalidOperationException($"Message {messageId} has no button “{label}” any more.");
            }

            return PressLocked(userId, message, button.Data);
        }
    }

    /// <summary>
    /// A press on a keyboard the person's app still shows although the bot has since edited it away (the app was
    /// offline when the edit came): the callback carries data the message no longer has.
    /// </summary>
    public long UserPressesStale(long userId, long messageId, string data)
    {
        lock (_lock)
        {
            return PressLocked(userId, _messages.Single(m => m.MessageId == messageId), data);
        }
    }

    private long PressLocked(long userId, FakeChatMessage message, string data)
    {
        var id = $"{BotId}{Interlocked.Increment(ref _queryCounter)}";
        _openQueries[id] = (message.ChatId, message.MessageId);
        return AddUpdate(new JsonObject
        {
            ["callback_query"] = new JsonObject
            {
                ["id"] = id,
                ["from"] = UserJson(userId, "Cán bộ"),
                ["message"] = MessageJson(message),
                ["chat_instance"] = "ci" + message.ChatId.ToString(CultureInfo.InvariantCulture),
                ["data"] = data,
            },
        });
    }

    /// <summary>Queues a raw update again with the same update_id (Telegram redelivering).</summary>
    public void Redeliver(long updateId)
    {
        lock (_lock)
        {
            var update = _updates.Single(u => u["update_id"]!.GetValue<long>() == updateId);
            _updates.Remove(update);
            _updates.Add(update);
            _confirmedUpTo = Math.Min(_confirmedUpTo, updateId - 1);
            Signal();
        }
    }

    /// <summary>
    /// After a week without updates Telegram chooses the next update_id at random: here <paramref name="next"/>, which
    /// may be smaller than ids handed out before (even equal to one). Confirmed updates are forgotten, as Telegram does.
    /// </summary>
    public void RestartUpdateIdsAt(long next)
    {
        lock (_lock)
        {
            _updates.RemoveAll(u => u["update_id"]!.GetValue<long>() <= _confirmedUpTo);
            _nextUpdateId = next;
            _confirmedUpTo = next - 1;
        }
    }

    private long AddUpdate(JsonObject update)
    {
        var id = _nextUpdateId++;
        update.Insert(0, "update_id", id);
        _updates.Add(update);
        Signal();
        return id;
    }

    /// <summary>Callback queries the bot has not answered.</summary>
    public int OpenCallbackQueries
    {
        get
        {
            lock (_lock)
            {
                return _openQueries.Count;
            }
        }
    }

    /// <summary>Waits until the update was confirmed by a later getUpdates offset or accepted by the webhook.</summary>
    public Task WaitConfirmedAsync(long updateId, TimeSpan? timeout = null) =>
        WaitUntilAsync(() => ConfirmedUpTo >= updateId, timeout ?? TimeSpan.FromSeconds(20), $"update {updateId} to be confirmed");

    /// <summary>Polls a condition every 10 ms, bounded by <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds} s waiting for {what}.");
            }

            await Task.Delay(10);
        }
    }

    private void Signal()
    {
        var old = _updateSignal;
        _updateSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
        old.TrySetResult();
    }

    private async Task HandleAsync(HttpContext ctx, string token, string method)
    {
        var parameters = await ReadParametersAsync(ctx);
        var (json, files) = parameters;
        if (token != Token)
        {
            Record(method, json, 401, "Unauthorized", []);
            await WriteErrorAsync(ctx, 401, "Unauthorized");
            return;
        }

        Func<HttpContext, Task<bool>>? scripted = null;
        lock (_lock)
        {
            if (_scripted.TryGetValue(method, out var queue) && queue.Count > 0)
            {
                scripted = queue.Dequeue();
            }
        }

        if (scripted is not null)
        {
            Record(method, json, 0, "scripted failure", []);
            await scripted(ctx);
            return;
        }

        if (!Spec.HasMethod(method))
        {
            Record(method, json, 404, "Not Found", [$"unknown method {method}"]);
            await WriteErrorAsync(ctx, 404, "Not Found");
            return;
        }

        var violations = Spec.ValidateCall(method, json, files.Keys.ToHashSet());
        if (violations.Count > 0)
        {
            Record(method, json, 400, "spec violation", violations);
            await WriteErrorAsync(ctx, 400, "Bad Request: " + violations[0]);
            return;
        }

        var (status, result, description, retryAfter) = method switch
        {
            "getMe" => Ok(UserJsonBot()),
            "getUpdates" => await GetUpdatesAsync(json, ctx.RequestAborted),
            "setWebhook" => SetWebhook(json),
            "deleteWebhook" => DeleteWebhook(),
            "getWebhookInfo" => GetWebhookInfo(),
            "sendMessage" => Send(json, null),
            "sendDocument" => Send(json, files.GetValueOrDefault(AttachedPart(json, "document"))),
            "sendPhoto" => Send(json, files.GetValueOrDefault(AttachedPart(json, "photo"))),
            "editMessageText" => Edit(json, textToo: true),
            "editMessageReplyMarkup" => Edit(json, textToo: false),
            "answerCallbackQuery" => AnswerCallback(json),
            "setMyCommands" => SetMyCommands(json),
            "sendChatAction" => ChatAction(json),
            _ => (400, null, $"Bad Request: method {method} is not supported by the fake", null),
        };
        Record(method, json, status, description, []);
        if (status == 200)
        {
            var body = new JsonObject { ["ok"] = true, ["result"] = result };
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(body.ToJsonString(), ctx.RequestAborted);
        }
        else
        {
            await WriteErrorAsync(ctx, status, description!, retryAfter);
        }
    }

    private static (int, JsonNode?, string?, int?) Ok(JsonNode? result) => (200, result, null, null);

    private static (int, JsonNode?, string?, int?) Error(int status, string description, int? retryAfter = null) => (status, null, description, retryAfter);

    private void Record(string method, JsonObject json, int status, string? description, IReadOnlyList<string> violations)
    {
        lock (_lock)
        {
            _calls.Add(new FakeCall(method, json, status, description, Stopwatch.GetTimestamp(), violations));
            if (status == 429)
            {
                TooManyRequests++;
            }
        }
    }

    private static async Task WriteErrorAsync(HttpContext ctx, int status, string description, int? retryAfter = null)
    {
        var body = new JsonObject { ["ok"] = false, ["error_code"] = status, ["description"] = description };
        if (retryAfter is not null)
        {
            body["parameters"] = new JsonObject { ["retry_after"] = retryAfter };
        }

        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(body.ToJsonString());
    }

    /// <summary>Reads parameters from the query string, a JSON body, a urlencoded form or multipart/form-data.</summary>
    private static async Task<(JsonObject Json, Dictionary<string, (string Name, byte[] Content)> Files)> ReadParametersAsync(HttpContext ctx)
    {
        var json = new JsonObject();
        var files = new Dictionary<string, (string, byte[])>();
        foreach (var (k, v) in ctx.Request.Query)
        {
            json[k] = ParseFormValue(v.ToString());
        }

        if (ctx.Request.HasJsonContentType())
        {
            var body = await JsonNode.ParseAsync(ctx.Request.Body);
            foreach (var (k, v) in body!.AsObject().ToList())
            {
                json[k] = v?.DeepClone();
            }
        }
        else if (ctx.Request.HasFormContentType)
        {
            var form = await ctx.Request.ReadFormAsync();
            foreach (var (k, v) in form)
            {
                json[k] = ParseFormValue(v.ToString());
            }

            foreach (var file in form.Files)
            {
                using var ms = new MemoryStream();
                await file.CopyToAsync(ms);
                files[file.Name] = (file.FileName, ms.ToArray());
            }
        }

        return (json, files);
    }

    /// <summary>Form values are text; the Bot API reads numbers, booleans and JSON objects out of them.</summary>
    private static JsonNode? ParseFormValue(string value)
    {
        if (value.Length > 0 && (value[0] is '{' or '[' || value is "true" or "false" || long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
        {
            try
            {
                return JsonNode.Parse(value);
            }
            catch (JsonException)
            {
                return value;
            }
        }

        return value;
    }

    private async Task<(int, JsonNode?, string?, int?)> GetUpdatesAsync(JsonObject json, CancellationToken aborted)
    {
        var offset = json["offset"]?.GetValue<long>();
        var limit = json["limit"]?.GetValue<int>() ?? 100;
        var timeout = TimeSpan.FromSeconds(json["timeout"]?.GetValue<int>() ?? 0);
        var started = Stopwatch.GetTimestamp();
        using var mine = CancellationTokenSource.CreateLinkedTokenSource(aborted, _stop.Token);
        lock (_lock)
        {
            if (WebhookUrl is not null)
            {
                Conflicts++;
                return Error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
            }

            if (_activePoll is not null)
            {
                // Telegram ends the older request when a second poller appears.
                Conflicts++;
                _activePoll.Cancel();
            }

            _activePoll = mine;
        }

        try
        {
            while (true)
            {
                Task signal;
                lock (_lock)
                {
                    if (offset > _nextUpdateId + 10)
                    {
                        // As the Bot API server does ("Specified from_id is in the future"): answered from the head of the queue.
                        offset = null;
                    }

                    if (offset is { } o)
                    {
                        _confirmedUpTo = Math.Max(_confirmedUpTo, o - 1);
                    }

                    var from = offset ?? _confirmedUpTo + 1;
                    var ready = _updates.Where(u => u["update_id"]!.GetValue<long>() >= from && (KeepConfirmed || u["update_id"]!.GetValue<long>() > _confirmedUpTo))
                        .OrderBy(u => u["update_id"]!.GetValue<long>()).Take(limit).Select(u => u.DeepClone()).ToArray();
                    if (ready.Length > 0)
                    {
                        return Ok(new JsonArray(ready));
                    }

                    signal = _updateSignal.Task;
                }

                var left = timeout - Stopwatch.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    return Ok(new JsonArray());
                }

                try
                {
                    await signal.WaitAsync(left, mine.Token);
                }
                catch (TimeoutException)
                {
                    return Ok(new JsonArray());
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested && !_stop.IsCancellationRequested)
                {
                    return Error(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running");
                }
            }
        }
        finally
        {
            lock (_lock)
            {
                if (_activePoll == mine)
                {
                    _activePoll = null;
                }
            }
        }
    }

    private (int, JsonNode?, string?, int?) SetWebhook(JsonObject json)
    {
        var url = json["url"]!.GetValue<string>();
        var secret = json["secret_token"]?.GetValue<string>();
        if (secret is not null && !SecretPattern().IsMatch(secret))
        {
            return Error(400, "Bad Request: secret token contains unallowed characters");
        }

        lock (_lock)
        {
            if (url.Length == 0)
            {
                WebhookUrl = null;
                return Ok(true);
            }

            WebhookUrl = url;
            WebhookSecret = secret;
            _activePoll?.Cancel();
            _webhookLoop ??= Task.Run(DeliverWebhooksAsync);
        }

        return Ok(true);
    }

    private (int, JsonNode?, string?, int?) DeleteWebhook()
    {
        lock (_lock)
        {
            WebhookUrl = null;
            WebhookSecret = null;
        }

        return Ok(true);
    }

    private (int, JsonNode?, string?, int?) GetWebhookInfo()
    {
        lock (_lock)
        {
            return Ok(new JsonObject
            {
                ["url"] = WebhookUrl ?? "",
                ["has_custom_certificate"] = false,
                ["pending_update_count"] = _updates.Count(u => u["update_id"]!.GetValue<long>() > _confirmedUpTo),
            });
        }
    }

    /// <summary>Delivers pending updates one at a time to the webhook, in order, until it answers 2xx.</summary>
    private async Task DeliverWebhooksAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            JsonObject? next;
            string? url, secret;
            Task signal;
            lock (_lock)
            {
                url = WebhookUrl;
                secret = WebhookSecret;
                next = url is null ? null : _updates.Where(u => u["update_id"]!.GetValue<long>() > _confirmedUpTo).OrderBy(u => u["update_id"]!.GetValue<long>()).FirstOrDefault();
                signal = _updateSignal.Task;
            }

            if (next is null)
            {
                try
                {
                    await signal.WaitAsync(TimeSpan.FromMilliseconds(200), _stop.Token);
                }
                catch (TimeoutException)
                {
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(next.ToJsonString(), Encoding.UTF8, "application/json") };
                if (secret is not null)
                {
                    request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
                }

                using var response = await _webhookClient.SendAsync(request, _stop.Token);
                if (response.IsSuccessStatusCode)
                {
                    lock (_lock)
                    {
                        _confirmedUpTo = Math.Max(_confirmedUpTo, next["update_id"]!.GetValue<long>());
                    }

                    continue;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await Task.Delay(100);
        }
    }

    private (int, JsonNode?, string?, int?) Send(JsonObject json, (string Name, byte[] Content)? file)
    {
        var chatId = json["chat_id"]!.GetValue<long>();
        var isDocument = file is not null;
        if (!isDocument && json["document"] is not null)
        {
            return Error(400, "Bad Request: this fake accepts uploaded documents only");
        }

        var raw = isDocument ? json["caption"]?.GetValue<string>() ?? "" : json["text"]!.GetValue<string>();
        var (plain, error) = string.Equals(json["parse_mode"]?.GetValue<string>(), "HTML", StringComparison.OrdinalIgnoreCase) ? ParseHtml(raw) : (raw, null);
        if (error is not null)
        {
            return Error(400, "Bad Request: can't parse entities: " + error);
        }

        if (!isDocument && plain.Trim().Length == 0)
        {
            return Error(400, "Bad Request: message text is empty");
        }

        if (plain.Length > (isDocument ? 1024 : 4096))
        {
            return Error(400, isDocument ? "Bad Request: message caption is too long" : "Bad Request: message is too long");
        }

        if (CheckMarkup(json["reply_markup"]) is { } markupError)
        {
            return Error(400, markupError);
        }

        lock (_lock)
        {
            if (_blocked.Contains(chatId))
            {
                return Error(403, "Forbidden: bot was blocked by the user");
            }

            if (Flood(chatId) is { } wait)
            {
                return Error(429, $"Too Many Requests: retry after {wait}", wait);
            }

            var message = new FakeChatMessage
            {
                MessageId = _nextMessageId++, ChatId = chatId, FromBot = true, Text = plain, ReplyMarkup = json["reply_markup"]?.DeepClone(),
                DocumentName = file?.Name, DocumentContent = file?.Content, SentAt = Stopwatch.GetTimestamp(),
            };
            _messages.Add(message);
            _lastBotMessage[chatId] = message;
            var count = _botMessageCounts[chatId] = _botMessageCounts.GetValueOrDefault(chatId) + 1;
            if (_countWaiters.TryGetValue(chatId, out var waiters))
            {
                foreach (var waiter in waiters.Where(w => w.Count <= count).ToList())
                {
                    waiters.Remove(waiter);
                    waiter.Done.TrySetResult();
                }
            }

            return Ok(MessageJson(message));
        }
    }

    /// <summary>Seconds to wait when a limit is exceeded, null when the message may go.</summary>
    private int? Flood(long chatId)
    {
        var now = Stopwatch.GetTimestamp();
        while (_globalSends.Count > 0 && Stopwatch.GetElapsedTime(_globalSends.Peek(), now).TotalMilliseconds >= PerSecondWindowMs)
        {
            _globalSends.Dequeue();
        }

        if (GlobalPerSecond is { } global && _globalSends.Count >= global)
        {
            return 1;
        }

        if (PerChatInterval is { } interval && chatId > 0 && _lastChatSend.TryGetValue(chatId, out var last) && Stopwatch.GetElapsedTime(last, now) < interval)
        {
            return 1;
        }

        if (GroupPerMinute is { } perMinute && chatId < 0)
        {
            if (!_groupSends.TryGetValue(chatId, out var sends))
            {
                _groupSends[chatId] = sends = new();
            }

            while (sends.Count > 0 && Stopwatch.GetElapsedTime(sends.Peek(), now) >= TimeSpan.FromMinutes(1))
            {
                sends.Dequeue();
            }

            if (sends.Count >= perMinute)
            {
                return (int)Math.Ceiling((TimeSpan.FromMinutes(1) - Stopwatch.GetElapsedTime(sends.Peek(), now)).TotalSeconds);
            }

            sends.Enqueue(now);
        }

        _globalSends.Enqueue(now);
        _lastChatSend[chatId] = now;
        return null;
    }

    private static string? CheckMarkup(JsonNode? markup)
    {
        foreach (var button in markup?["inline_keyboard"]?.AsArray().SelectMany(r => r!.AsArray()) ?? [])
        {
            if (button?["callback_data"]?.GetValue<string>() is { } data && (data.Length == 0 || Encoding.UTF8.GetByteCount(data) > 64))
            {
                return "Bad Request: BUTTON_DATA_INVALID";
            }

            if (button?["text"]?.GetValue<string>() is not { Length: > 0 })
            {
                return "Bad Request: BUTTON_TEXT_INVALID";
            }
        }

        return null;
    }

    private (int, JsonNode?, string?, int?) Edit(JsonObject json, bool textToo)
    {
        var chatId = json["chat_id"]?.GetValue<long>();
        var messageId = json["message_id"]?.GetValue<long>();
        if (chatId is null || messageId is null)
        {
            return Error(400, "Bad Request: message identifier is not specified");
        }

        string? plain = null;
        if (textToo)
        {
            if (json["text"]?.GetValue<string>() is not { } raw)
            {
                return Error(400, "Bad Request: text is empty");
            }

            string? error;
            (plain, error) = string.Equals(json["parse_mode"]?.GetValue<string>(), "HTML", StringComparison.OrdinalIgnoreCase) ? ParseHtml(raw) : (raw, null);
            if (error is not null)
            {
                return Error(400, "Bad Request: can't parse entities: " + error);
            }

            if (plain.Length > 4096)
            {
                return Error(400, "Bad Request: MESSAGE_TOO_LONG");
            }
        }

        if (CheckMarkup(json["reply_markup"]) is { } markupError)
        {
            return Error(400, markupError);
        }

        lock (_lock)
        {
            if (_blocked.Contains(chatId.Value))
            {
                return Error(403, "Forbidden: bot was blocked by the user");
            }

            var message = _messages.FirstOrDefault(m => m.ChatId == chatId && m.MessageId == messageId && m.FromBot);
            if (message is null)
            {
                return Error(400, "Bad Request: message to edit not found");
            }

            var markup = json["reply_markup"]?.DeepClone();
            if ((plain ?? message.Text) == message.Text && JsonNode.DeepEquals(markup, message.ReplyMarkup))
            {
                return Error(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
            }

            message.Text = plain ?? message.Text;
            message.ReplyMarkup = markup;
            message.Edits++;
            return Ok(MessageJson(message));
        }
    }

    private (int, JsonNode?, string?, int?) AnswerCallback(JsonObject json)
    {
        lock (_lock)
        {
            return _openQueries.Remove(json["callback_query_id"]!.GetValue<string>())
                ? Ok(true)
                : Error(400, "Bad Request: query is too old and response timeout expired or query ID is invalid");
        }
    }

    private static (int, JsonNode?, string?, int?) SetMyCommands(JsonObject json)
    {
        foreach (var command in json["commands"]!.AsArray())
        {
            if (!CommandPattern().IsMatch(command!["command"]!.GetValue<string>()) || command["description"]!.GetValue<string>() is not { Length: >= 1 and <= 256 })
            {
                return Error(400, "Bad Request: BOT_COMMAND_INVALID");
            }
        }

        return Ok(true);
    }

    private (int, JsonNode?, string?, int?) ChatAction(JsonObject json)
    {
        lock (_lock)
        {
            return _blocked.Contains(json["chat_id"]!.GetValue<long>()) ? Error(403, "Forbidden: bot was blocked by the user") : Ok(true);
        }
    }

    /// <summary>Parses Telegram's HTML subset: the supported tags, and &amp;lt; &amp;gt; &amp;amp; &amp;quot; and numeric entities.</summary>
    public static (string Plain, string? Error) ParseHtml(string html)
    {
        var plain = new StringBuilder();
        var open = new Stack<string>();
        for (var i = 0; i < html.Length; i++)
        {
            var c = html[i];
            if (c == '<')
            {
                var match = TagPattern().Match(html, i);
                if (!match.Success || match.Index != i)
                {
                    return ("", $"Unsupported start tag at byte offset {i}");
                }

                var name = match.Groups["name"].Value;
                if (match.Groups["close"].Success)
                {
                    if (open.Count == 0 || open.Pop() != name)
                    {
                        return ("", $"Unmatched end tag at byte offset {i}");
                    }
                }
                else
                {
                    open.Push(name);
                }

                i += match.Length - 1;
            }
            else if (c == '&')
            {
                var match = EntityPattern().Match(html, i);
                if (!match.Success || match.Index != i)
                {
                    return ("", $"Character entity expected at byte offset {i}");
                }

                plain.Append(WebUtility.HtmlDecode(match.Value));
                i += match.Length - 1;
            }
            else if (c == '>')
            {
                return ("", $"Unexpected end tag at byte offset {i}");
            }
            else
            {
                plain.Append(c);
            }
        }

        return open.Count > 0 ? ("", "Can't find end tag corresponding to start tag " + open.Peek()) : (plain.ToString(), null);
    }

    private JsonObject MessageJson(FakeChatMessage m)
    {
        var json = new JsonObject
        {
            ["message_id"] = m.MessageId,
            ["from"] = m.FromBot ? UserJsonBot() : UserJson(m.ChatId, "Cán bộ"),
            ["date"] = Now(),
            ["chat"] = ChatJson(m.ChatId, "Cán bộ"),
        };
        if (m.DocumentName is not null)
        {
            json["document"] = new JsonObject { ["file_id"] = "doc" + m.MessageId, ["file_unique_id"] = "u" + m.MessageId, ["file_name"] = m.DocumentName, ["file_size"] = m.DocumentContent!.Length };
            if (m.Text.Length > 0)
            {
                json["caption"] = m.Text;
            }
        }
        else
        {
            json["text"] = m.Text;
        }

        if (m.ReplyMarkup is not null)
        {
            json["reply_markup"] = m.ReplyMarkup.DeepClone();
        }

        return json;
    }

    private JsonObject UserJsonBot() => new() { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "UnionReview", ["username"] = BotUsername };

    private static JsonObject UserJson(long id, string firstName) => new() { ["id"] = id, ["is_bot"] = false, ["first_name"] = firstName, ["language_code"] = "vi" };

    private static JsonObject ChatJson(long id, string firstName) => id > 0
        ? new JsonObject { ["id"] = id, ["type"] = "private", ["first_name"] = firstName }
        : new JsonObject { ["id"] = id, ["type"] = "supergroup", ["title"] = "Nhóm cán bộ công đoàn" };

    private static long Now() => TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();

    [GeneratedRegex(@"\G<(?<close>/)?(?<name>b|strong|i|em|u|ins|s|strike|del|code|pre|a|blockquote|span|tg-spoiler|tg-emoji)(\s[^<>]*)?>")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"\G&(lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);")]
    private static partial Regex EntityPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretPattern();

    [GeneratedRegex("^[a-z0-9_]{1,32}$")]
    private static partial Regex CommandPattern();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_webhookLoop is not null)
        {
            await _webhookLoop;
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        _webhookClient.Dispose();
        _stop.Dispose();
    }

    /// <summary>The multipart part a file field names: "attach://part" as the library uploads it, else the field's own name.</summary>
    private static string AttachedPart(JsonObject json, string field) =>
        json[field]?.GetValueKind() == JsonValueKind.String && json[field]!.GetValue<string>() is { } named && named.StartsWith(TelegramSpec.AttachPrefix, StringComparison.Ordinal)
            ? named[TelegramSpec.AttachPrefix.Length..]
            : field;
}
