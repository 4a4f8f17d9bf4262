using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace UnionReview.Channels.Telegram;

/// <summary>Where and how the client talks to the Bot API.</summary>
public sealed class TelegramClientOptions
{
    /// <summary>The bot token from BotFather. Secret: never logged.</summary>
    public required string Token { get; init; }

    /// <summary>The Bot API server: Telegram's, a self-hosted telegram-bot-api server, or a test server.</summary>
    public Uri BaseUrl { get; init; } = new("https://api.telegram.org");

    /// <summary>How many times a request refused with 429 is repeated after waiting retry_after.</summary>
    public int RetryCount { get; init; } = 3;

    /// <summary>A 429 asking to wait longer than this is not waited for here: it goes to the caller.</summary>
    public TimeSpan RetryThreshold { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Time limit for one request (long polling adds its own timeout to this).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// A thin typed Bot API client. Every call goes through <see cref="SendAsync{TResult}"/>, which owns the token,
/// the time limit and cancellation, logging (method and outcome, never the token), waiting out 429 retry_after,
/// and mapping refusals to <see cref="TelegramApiException"/>. Network failures surface as
/// <see cref="HttpRequestException"/> or <see cref="TimeoutException"/>, with the token scrubbed.
/// </summary>
internal sealed class TelegramBotClient
{
    private readonly TelegramClientOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly string _prefix;

    public TelegramBotClient(TelegramClientOptions options, HttpClient http, TimeProvider clock, ILogger<TelegramBotClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Token);
        _options = options;
        _http = http;
        _clock = clock;
        _logger = logger;
        _prefix = options.BaseUrl.ToString().TrimEnd('/') + "/bot" + options.Token + "/";
    }

    /// <summary>The one send path.</summary>
    public async Task<TResult> SendAsync<TResult>(TelegramRequest<TResult> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        for (var attempt = 0; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            ApiResponse<TResult> response;
            try
            {
                response = await SendOnceAsync(request, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                _logger.LogWarning("Telegram {Method} failed after {Elapsed} ms: network error {Error}", request.Method, Elapsed(started), Scrub(e.Message));
                throw new HttpRequestException(Scrub(e.Message), null, e.StatusCode);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning("Telegram {Method} timed out after {Elapsed} ms", request.Method, Elapsed(started));
                throw new TimeoutException($"Telegram {request.Method} timed out.");
            }

            if (response.Ok)
            {
                _logger.LogDebug("Telegram {Method} ok in {Elapsed} ms", request.Method, Elapsed(started));
                return response.Result!;
            }

            var error = new TelegramApiException(request.Method, response.ErrorCode ?? 0, Scrub(response.Description ?? ""), response.Parameters);
            if (error.IsTooManyRequests && error.RetryAfter is { } wait && wait <= _options.RetryThreshold && attempt < _options.RetryCount)
            {
                _logger.LogWarning("Telegram {Method} hit flood control; waiting {RetryAfter} s as asked", request.Method, wait.TotalSeconds);
                await Task.Delay(wait, _clock, cancellationToken);
                continue;
            }

            _logger.LogWarning("Telegram {Method} refused: {ErrorCode} {Description}", request.Method, error.ErrorCode, error.Description);
            throw error;
        }
    }

    private async Task<ApiResponse<TResult>> SendOnceAsync<TResult>(TelegramRequest<TResult> request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout + request.ExtraTimeout());
        using var message = new HttpRequestMessage(HttpMethod.Post, _prefix + request.Method) { Content = request.ToContent() };
        using var http = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var body = await http.Content.ReadAsByteArrayAsync(timeout.Token);
        try
        {
            var parsed = JsonSerializer.Deserialize<ApiResponse<TResult>>(body, TelegramJson.Options);
            if (parsed is not null && (parsed.Ok || parsed.ErrorCode is not null))
            {
                return parsed;
            }
        }
        catch (JsonException)
        {
            // A proxy or load balancer answered with something other than the Bot API's JSON; mapped below.
        }

        var code = http.IsSuccessStatusCode ? (int)HttpStatusCode.BadGateway : (int)http.StatusCode;
        return new ApiResponse<TResult>(false, default, code, http.ReasonPhrase ?? "Unexpected response", null);
    }

    private string Scrub(string text) => text.Replace(_options.Token, "<token>", StringComparison.Ordinal);

    private static long Elapsed(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    public Task<User> GetMeAsync(CancellationToken cancellationToken) => SendAsync(new GetMeRequest(), cancellationToken);

    public Task<IReadOnlyList<Update>> GetUpdatesAsync(long? offset, int limit, int timeoutSeconds, IReadOnlyList<string>? allowedUpdates, CancellationToken cancellationToken) =>
        SendAsync(new GetUpdatesRequest { Offset = offset, Limit = limit, Timeout = timeoutSeconds, AllowedUpdates = allowedUpdates }, cancellationToken);

    public Task<bool> SetWebhookAsync(string url, string secretToken, IReadOnlyList<string>? allowedUpdates, int? maxConnections, CancellationToken cancellationToken) =>
        SendAsync(new SetWebhookRequest { Url = url, SecretToken = secretToken, AllowedUpdates = allowedUpdates, MaxConnections = maxConnections }, cancellationToken);

    public Task<bool> DeleteWebhookAsync(bool dropPendingUpdates, CancellationToken cancellationToken) =>
        SendAsync(new DeleteWebhookRequest { DropPendingUpdates = dropPendingUpdates }, cancellationToken);

    public Task<WebhookInfo> GetWebhookInfoAsync(CancellationToken cancellationToken) => SendAsync(new GetWebhookInfoRequest(), cancellationToken);

    public Task<Message> SendMessageAsync(long chatId, string html, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken) =>
        SendAsync(new SendMessageRequest { ChatId = chatId, Text = html, ParseMode = "HTML", ReplyMarkup = keyboard, LinkPreviewOptions = new LinkPreviewOptions(true) }, cancellationToken);

    public Task<Message> EditMessageTextAsync(long chatId, long messageId, string html, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken) =>
        SendAsync(new EditMessageTextRequest { ChatId = chatId, MessageId = messageId, Text = html, ParseMode = "HTML", ReplyMarkup = keyboard }, cancellationToken);

    public Task<Message> EditMessageReplyMarkupAsync(long chatId, long messageId, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken) =>
        SendAsync(new EditMessageReplyMarkupRequest { ChatId = chatId, MessageId = messageId, ReplyMarkup = keyboard }, cancellationToken);

    public Task<bool> AnswerCallbackQueryAsync(string callbackQueryId, string? text, bool showAlert, CancellationToken cancellationToken) =>
        SendAsync(new AnswerCallbackQueryRequest { CallbackQueryId = callbackQueryId, Text = text, ShowAlert = showAlert ? true : null }, cancellationToken);

    public Task<Message> SendDocumentAsync(long chatId, InputFileUpload document, string? captionHtml, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken) =>
        SendAsync(new SendDocumentRequest { ChatId = chatId, Document = document, Caption = captionHtml, ParseMode = captionHtml is null ? null : "HTML", ReplyMarkup = keyboard }, cancellationToken);

    public Task<bool> SetMyCommandsAsync(IReadOnlyList<BotCommand> commands, CancellationToken cancellationToken) =>
        SendAsync(new SetMyCommandsRequest { Commands = commands }, cancellationToken);

    public Task<bool> SendChatActionAsync(long chatId, string action, CancellationToken cancellationToken) =>
        SendAsync(new SendChatActionRequest { ChatId = chatId, Action = action }, cancellationToken);
}
