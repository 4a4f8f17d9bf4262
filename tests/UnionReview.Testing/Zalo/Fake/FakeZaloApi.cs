using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace UnionReview.Channels.Tests.Zalo.Fake;

/// <summary>A message the bot sent to a chat of the fake.</summary>
public sealed record FakeZaloMessage(string MessageId, string ChatId, string Text, string? Photo, long SentAt);

/// <summary>A picture the fake fetched from a sendPhoto URL, as Zalo does: what the address answered.</summary>
public sealed record FakeZaloPhotoFetch(string Url, int Status, string? ContentType, int Length);

/// <summary>One request the fake received.</summary>
public sealed record FakeZaloCall(string Method, JsonObject Parameters, int ErrorCode, IReadOnlyList<string> Violations);

/// <summary>
/// A fake Zalo Bot API server on Kestrel 127.0.0.1 that follows ../shared/reference/zalo-bot-api.md: every request
/// is checked against <see cref="Spec"/> (unknown methods and fields, missing required ones and texts outside
/// 1–2,000 characters are recorded as violations and refused with 400); answers use the envelope
/// <c>{ ok, result, error_code, description }</c> with string ids and millisecond dates; getUpdates hands out one
/// update per call and answers 408 when none came within its timeout, and refuses while a webhook is set;
/// setWebhook delivers each message by POST with X-Bot-Api-Secret-Token; a wrong token gets 401; 429 on demand.
/// sendPhoto's photo must be an absolute http(s) URL, which the fake fetches as Zalo would when it is on loopback (<see cref="PhotoFetches"/>):
/// a picture it cannot get (not 200, not image/*) fails the send with 400.
/// </summary>
public sealed class FakeZaloApi : IAsyncDisposable
{
    /// <summary>Methods and their parameters (name → required), exactly as the reference page lists them.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, bool>> Spec = new Dictionary<string, IReadOnlyDictionary<string, bool>>(StringComparer.Ordinal)
    {
        ["getMe"] = new Dictionary<string, bool>(),
        ["getUpdates"] = new Dictionary<string, bool> { ["timeout"] = false },
        ["setWebhook"] = new Dictionary<string, bool> { ["url"] = true, ["secret_token"] = true },
        ["deleteWebhook"] = new Dictionary<string, bool>(),
        ["getWebhookInfo"] = new Dictionary<string, bool>(),
        ["sendMessage"] = new Dictionary<string, bool> { ["chat_id"] = true, ["text"] = true },
        ["sendPhoto"] = new Dictionary<string, bool> { ["chat_id"] = true, ["photo"] = true, ["caption"] = false },
        ["sendSticker"] = new Dictionary<string, bool> { ["chat_id"] = true, ["sticker"] = true },
        ["sendChatAction"] = new Dictionary<string, bool> { ["chat_id"] = true, ["action"] = true },
    };

    public const string SecretHeader = "X-Bot-Api-Secret-Token";
    public const int MaxText = 2000;

    private readonly WebApplication _app;
    private readonly Lock _lock = new();
    private readonly Queue<JsonObject> _pending = new();
    private readonly List<FakeZaloCall> _calls = [];
    private readonly List<FakeZaloMessage> _messages = [];
    private readonly Dictionary<string, JsonObject> _sentUpdates = [];
    private readonly List<(string MessageId, int Status)> _deliveries = [];
    private readonly List<FakeZaloPhotoFetch> _photoFetches = [];
    private readonly HttpClient _webhookClient = new();
    private readonly Dictionary<string, SemaphoreSlim> _webhookOrder = [];
    private readonly Dictionary<string, int> _counts = [];
    private readonly Dictionary<string, List<(int Count, TaskCompletionSource Done)>> _countWaiters = [];
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _next = 0x5eed_0000;

    private FakeZaloApi(WebApplication app, string token)
    {
        _app = app;
        Token = token;
    }

    public static async Task<FakeZaloApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeZaloApi(app, $"{Random.Shared.Next(10_000_000, 99_999_999)}:abc-{Guid.NewGuid():N}");
        app.Map("/bot{token}/{method}", fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUrl = new Uri(app.Urls.First());
        return fake;
    }

    public string Token { get; }
    public Uri BaseUrl { get; private set; } = null!;
    public string BotId => Token.Split(':')[0];
    public string? WebhookUrl { get; private set; }
    public string? WebhookSecret { get; private set; }

    /// <summary>The next N send calls (sendMessage, sendPhoto) are refused with 429.</summary>
    public int RefuseNextSends { get; set; }

    /// <summary>Least time between two sends to one chat before 429 (null: no limit).</summary>
    public TimeSpan? PerChatInterval { get; set; }

    /// <summary>Chats whose sends are refused with 403 ("internal server error" in the guide's list) for ever.</summary>
    public HashSet<string> Broken { get; } = [];

    public int TooManyRequests { get; private set; }

    public IReadOnlyList<FakeZaloCall> Calls
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

    public IReadOnlyList<FakeZaloCall> CallsOf(string method) => [.. Calls.Where(c => c.Method == method)];

    /// <summary>Pictures fetched for sendPhoto, in order.</summary>
    public IReadOnlyList<FakeZaloPhotoFetch> PhotoFetches
    {
        get
        {
            lock (_lock)
            {
                return [.. _photoFetches];
            }
        }
    }

    /// <summary>Webhook deliveries (message id, HTTP status the service answered).</summary>
    public IReadOnlyList<(string MessageId, int Status)> Deliveries
    {
        get
        {
            lock (_lock)
            {
                return [.. _deliveries];
            }
        }
    }

    public IReadOnlyList<FakeZaloMessage> BotMessages(string chatId)
    {
        lock (_lock)
        {
            return [.. _messages.Where(m => m.ChatId == chatId)];
        }
    }

    /// <summary>How many messages the bot has sent to one chat (cheap: for load tests).</summary>
    public int BotMessageCountIn(string chatId)
    {
        lock (_lock)
        {
            return _counts.GetValueOrDefault(chatId);
        }
    }

    /// <summary>Completes when the bot has sent at least <paramref name="count"/> messages to the chat (for load tests).</summary>
    public Task WaitForBotMessagesAsync(string chatId, int count, TimeSpan timeout)
    {
        lock (_lock)
        {
            if (_counts.GetValueOrDefault(chatId) >= count)
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

    public int BotMessageCount
    {
        get
        {
            lock (_lock)
            {
                return _messages.Count;
            }
        }
    }

    /// <summary>A person writes text to the bot; returns the message_id. Delivered by webhook (awaited) or queued for getUpdates.</summary>
    public Task<string> UserSendsAsync(string userId, string text, string name = "Người dùng") =>
        SendEventAsync(userId, name, "message.text.received", m => m["text"] = text);

    public Task<string> UserSendsImageAsync(string userId, bool photoUrlName = false) =>
        SendEventAsync(userId, "Người dùng", "message.image.received", m => m[photoUrlName ? "photo_url" : "photo"] = "https://zalo.example/anh.jpg");

    public Task<string> UserSendsStickerAsync(string userId) =>
        SendEventAsync(userId, "Người dùng", "message.sticker.received", m => { m["sticker"] = "0e078a2fb66a5f34067b"; m["url"] = "https://zalo.example/sticker.png"; });

    public Task<string> UserSendsUnsupportedAsync(string userId) =>
        SendEventAsync(userId, "Người dùng", "message.unsupported.received", _ => { });

    private async Task<string> SendEventAsync(string userId, string name, string eventName, Action<JsonObject> fill)
    {
        string id;
        JsonObject update;
        lock (_lock)
        {
            id = (++_next).ToString("x20", System.Globalization.CultureInfo.InvariantCulture);
            var message = new JsonObject
            {
                ["from"] = new JsonObject { ["id"] = userId, ["display_name"] = name, ["is_bot"] = false, ["some_new_field"] = 1 },
                ["chat"] = new JsonObject { ["id"] = userId, ["chat_type"] = "PRIVATE" },
                ["message_id"] = id,
                ["date"] = 1_750_316_131_602 + _next,
            };
            fill(message);
            update = new JsonObject { ["event_name"] = eventName, ["message"] = message };
            _sentUpdates[id] = update;
            if (WebhookUrl is null)
            {
                _pending.Enqueue(update);
                _signal.TrySetResult();
            }
        }

        if (WebhookUrl is not null)
        {
            await DeliverAsync(userId, id, update);
        }

        return id;
    }

    /// <summary>Delivers a message again, as after a timeout Zalo might (webhook mode).</summary>
    public Task<int> RedeliverAsync(string messageId)
    {
        JsonObject update;
        lock (_lock)
        {
            update = _sentUpdates[messageId];
        }

        return DeliverAsync(update["message"]!["chat"]!["id"]!.GetValue<string>(), messageId, update);
    }

    /// <summary>Posts one update; one chat's updates one after another (as Zalo would), different chats at once.</summary>
    private async Task<int> DeliverAsync(string chatId, string messageId, JsonObject update)
    {
        SemaphoreSlim order;
        lock (_lock)
        {
            if (!_webhookOrder.TryGetValue(chatId, out order!))
            {
                _webhookOrder[chatId] = order = new SemaphoreSlim(1, 1);
            }
        }

        await order.WaitAsync();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, WebhookUrl)
            {
                Content = new StringContent(new JsonObject { ["ok"] = true, ["result"] = update.DeepClone() }.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(SecretHeader, WebhookSecret);
            using var response = await _webhookClient.SendAsync(request);
            lock (_lock)
            {
                _deliveries.Add((messageId, (int)response.StatusCode));
            }

            return (int)response.StatusCode;
        }
        finally
        {
            order.Release();
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        var token = (string)http.Request.RouteValues["token"]!;
        var method = (string)http.Request.RouteValues["method"]!;
        JsonObject parameters;
        try
        {
            parameters = http.Request.HasJsonContentType()
                ? JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync())?.AsObject() ?? []
                : [];
        }
        catch (JsonException)
        {
            parameters = [];
        }

        var violations = new List<string>();
        if (token != Token)
        {
            await Answer(http, method, parameters, violations, Error(401, "Unauthorized"));
            return;
        }

        if (!Spec.TryGetValue(method, out var fields))
        {
            violations.Add("unknown method");
            await Answer(http, method, parameters, violations, Error(404, "Not Found"));
            return;
        }

        foreach (var (name, _) in parameters)
        {
            if (!fields.ContainsKey(name))
            {
                violations.Add($"unknown field {name}");
            }
            else if (parameters[name] is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            {
                violations.Add($"{name} is not a string");
            }
        }

        violations.AddRange(fields.Where(f => f.Value && parameters[f.Key] is null).Select(f => $"missing {f.Key}"));
        var text = parameters["text"]?.GetValue<string>() ?? parameters["caption"]?.GetValue<string>();
        if ((method == "sendMessage" || text is not null) && text?.Length is not (>= 1 and <= MaxText))
        {
            violations.Add($"text of {text?.Length ?? 0} characters (1–{MaxText})");
        }

        if (method == "sendPhoto" && parameters["photo"] is JsonValue photoValue && photoValue.GetValueKind() == JsonValueKind.String
            && !(Uri.TryCreate(photoValue.GetValue<string>(), UriKind.Absolute, out var photoUrl) && photoUrl.Scheme is "http" or "https"))
        {
            violations.Add("photo is not an http(s) URL");
        }

        if (violations.Count > 0)
        {
            await Answer(http, method, parameters, violations, Error(400, "Bad Request"));
            return;
        }

        if (method == "sendPhoto" && !await FetchPhotoAsync(parameters["photo"]!.GetValue<string>()))
        {
            await Answer(http, method, parameters, violations, Error(400, "Photo could not be fetched"));
            return;
        }

        var answer = method switch
        {
            "getMe" => Ok(new JsonObject { ["id"] = BotId, ["account_name"] = "bot.BaoCaoCongDoan", ["account_type"] = "BASIC", ["can_join_groups"] = false }),
            "setWebhook" => SetWebhook(parameters),
            "deleteWebhook" => Webhook(null, null),
            "getWebhookInfo" => Ok(new JsonObject { ["url"] = WebhookUrl ?? "", ["updated_at"] = 1_749_538_250_568 }),
            "getUpdates" => await GetUpdateAsync(parameters, http.RequestAborted),
            "sendMessage" or "sendPhoto" or "sendSticker" => Send(parameters),
            "sendChatAction" => new JsonObject { ["ok"] = true, ["result"] = true },
            _ => Error(400, "Bad Request"),
        };
        await Answer(http, method, parameters, violations, answer);
    }

    /// <summary>Gets the picture as Zalo's servers would; whether it is one. Only loopback addresses are fetched (tests stay off the network).</summary>
    private async Task<bool> FetchPhotoAsync(string url)
    {
        if (!new Uri(url).IsLoopback)
        {
            return true;
        }

        FakeZaloPhotoFetch fetch;
        try
        {
            using var response = await _webhookClient.GetAsync(new Uri(url));
            var body = await response.Content.ReadAsByteArrayAsync();
            fetch = new FakeZaloPhotoFetch(url, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body.Length);
        }
        catch (HttpRequestException)
        {
            fetch = new FakeZaloPhotoFetch(url, 0, null, 0);
        }

        lock (_lock)
        {
            _photoFetches.Add(fetch);
        }

        return fetch.Status == 200 && fetch.ContentType?.StartsWith("image/", StringComparison.Ordinal) == true && fetch.Length > 0;
    }

    private JsonObject SetWebhook(JsonObject parameters)
    {
        var secret = parameters["secret_token"]!.GetValue<string>();
        if (secret.Length is < 8 or > 256)
        {
            return Error(400, "secret_token must be 8-256 characters");
        }

        return Webhook(parameters["url"]!.GetValue<string>(), secret);
    }

    private JsonObject Webhook(string? url, string? secret)
    {
        lock (_lock)
        {
            WebhookUrl = url;
            WebhookSecret = secret;
        }

        return Ok(new JsonObject { ["url"] = url ?? "", ["updated_at"] = 1_749_538_250_568 });
    }

    private async Task<JsonObject> GetUpdateAsync(JsonObject parameters, CancellationToken aborted)
    {
        if (WebhookUrl is not null)
        {
            return Error(400, "Webhook is set; getUpdates does not work");
        }

        var seconds = int.TryParse(parameters["timeout"]?.GetValue<string>(), out var s) ? s : 30;
        var deadline = Stopwatch.GetTimestamp() + (long)(Math.Min(seconds, 2) * Stopwatch.Frequency);
        while (true)
        {
            Task signal;
            lock (_lock)
            {
                if (_pending.TryDequeue(out var update))
                {
                    return Ok(update.DeepClone());
                }

                _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                signal = _signal.Task;
            }

            var left = TimeSpan.FromTicks((deadline - Stopwatch.GetTimestamp()) * TimeSpan.TicksPerSecond / Stopwatch.Frequency);
            if (left <= TimeSpan.Zero)
            {
                return Error(408, "Request timeout");
            }

            try
            {
                await signal.WaitAsync(left, aborted);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    private JsonObject Send(JsonObject parameters)
    {
        var chatId = parameters["chat_id"]!.GetValue<string>();
        lock (_lock)
        {
            if (Broken.Contains(chatId))
            {
                return Error(403, "Internal server error");
            }

            var now = Stopwatch.GetTimestamp();
            var tooSoon = PerChatInterval is { } interval && _messages.LastOrDefault(m => m.ChatId == chatId) is { } last
                && Stopwatch.GetElapsedTime(last.SentAt, now) < interval;
            if (RefuseNextSends > 0 || tooSoon)
            {
                RefuseNextSends = Math.Max(0, RefuseNextSends - 1);
                TooManyRequests++;
                return Error(429, "Quota exceeded");
            }

            var id = (++_next).ToString("x20", System.Globalization.CultureInfo.InvariantCulture);
            _messages.Add(new FakeZaloMessage(id, chatId, parameters["text"]?.GetValue<string>() ?? parameters["caption"]?.GetValue<string>() ?? "",
                parameters["photo"]?.GetValue<string>(), now));
            var count = _counts[chatId] = _counts.GetValueOrDefault(chatId) + 1;
            if (_countWaiters.TryGetValue(chatId, out var waiters))
            {
                foreach (var waiter in waiters.Where(w => w.Count <= count).ToList())
                {
                    waiters.Remove(waiter);
                    waiter.Done.TrySetResult();
                }
            }
            return Ok(new JsonObject { ["message_id"] = id, ["date"] = 1_749_632_637_199 });
        }
    }

    private static JsonObject Ok(JsonNode result) => new() { ["ok"] = true, ["result"] = result };

    private static JsonObject Error(int code, string description) => new() { ["ok"] = false, ["error_code"] = code, ["description"] = description };

    private async Task Answer(HttpContext http, string method, JsonObject parameters, List<string> violations, JsonObject answer)
    {
        var code = answer["ok"]!.GetValue<bool>() ? 0 : answer["error_code"]!.GetValue<int>();
        lock (_lock)
        {
            _calls.Add(new FakeZaloCall(method, parameters, code, violations));
        }

        http.Response.StatusCode = code is 0 ? 200 : code;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(answer.ToJsonString());
    }

    /// <summary>Waits until <paramref name="condition"/> holds (bounded).</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var started = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _webhookClient.Dispose();
        foreach (var order in _webhookOrder.Values)
        {
            order.Dispose();
        }
    }
}
