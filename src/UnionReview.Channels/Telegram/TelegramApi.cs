using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace UnionReview.Channels.Telegram;

/// <summary>Where and how the client talks to the Bot API.</summary>
public sealed class TelegramClientOptions
{
    /// <summary>The bot token from BotFather. Secret: never logged.</summary>
    public required string Token { get; init; }

    /// <summary>The Bot API server: Telegram's, a self-hosted telegram-bot-api server, or a test server.</summary>
    public Uri BaseUrl { get; init; } = new("https://api.telegram.org");

    /// <summary>Time limit for one request (long polling adds its own timeout to this).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The Bot API as the service uses it, on the Telegram.Bot client. Every call goes through one path that owns the
/// time limit and cancellation, logging (method and outcome, never the token) and mapping failures:
/// <see cref="ApiRequestException"/> (Telegram's <c>ok: false</c>) and a <see cref="RequestException"/> carrying an
/// HTTP status (a proxy's error page) become <see cref="TelegramApiException"/>; other network failures become
/// <see cref="HttpRequestException"/>, and running out of time <see cref="TimeoutException"/>, with the token
/// scrubbed. The library's own 429 retry is off (RetryThreshold 0): a flood wait goes to the caller with
/// retry_after, and the outbox does the waiting.
/// </summary>
internal sealed class TelegramApi
{
    private readonly TelegramClientOptions _options;
    private readonly TelegramBotClient _client;
    private readonly ILogger _logger;

    public TelegramApi(TelegramClientOptions options, HttpClient http, ILogger<TelegramApi> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Token);
        _options = options;
        _logger = logger;
        _client = new TelegramBotClient(new TelegramBotClientOptions(options.Token, options.BaseUrl.GetLeftPart(UriPartial.Authority))
        {
            RetryThreshold = 0,
            RetryCount = 0,
        }, http);
    }

    private async Task<T> CallAsync<T>(string method, Func<CancellationToken, Task<T>> call, TimeSpan extraTimeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout + extraTimeout);
        try
        {
            var result = await call(timeout.Token);
            _logger.LogDebug("Telegram {Method} ok in {Elapsed} ms", method, Elapsed(started));
            return result;
        }
        catch (ApiRequestException e)
        {
            var error = new TelegramApiException(method, e.ErrorCode, Scrub(e.Message), e.Parameters);
            _logger.LogWarning("Telegram {Method} refused: {ErrorCode} {Description}", method, error.ErrorCode, error.Description);
            throw error;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Telegram {Method} timed out after {Elapsed} ms", method, Elapsed(started));
            throw new TimeoutException($"Telegram {method} timed out.");
        }
        catch (RequestException e) when (!cancellationToken.IsCancellationRequested)
        {
            if (e.InnerException is OperationCanceledException || e.HttpStatusCode == HttpStatusCode.RequestTimeout)
            {
                _logger.LogWarning("Telegram {Method} timed out after {Elapsed} ms", method, Elapsed(started));
                throw new TimeoutException($"Telegram {method} timed out.");
            }

            if (e.HttpStatusCode is { } status && (int)status >= 400)
            {
                // Not the Bot API's JSON (a proxy or load balancer answered): its HTTP status stands for error_code.
                var error = new TelegramApiException(method, (int)status, Scrub(e.Message));
                _logger.LogWarning("Telegram {Method} refused: {ErrorCode} {Description}", method, error.ErrorCode, error.Description);
                throw error;
            }

            var message = Scrub(e.InnerException is { } inner ? e.Message + ": " + inner.Message : e.Message);
            _logger.LogWarning("Telegram {Method} failed after {Elapsed} ms: network error {Error}", method, Elapsed(started), message);
            throw new HttpRequestException(message, null, e.HttpStatusCode);
        }
        catch (HttpRequestException e)
        {
            _logger.LogWarning("Telegram {Method} failed after {Elapsed} ms: network error {Error}", method, Elapsed(started), Scrub(e.Message));
            throw new HttpRequestException(Scrub(e.Message), null, e.StatusCode);
        }
    }

    private Task<bool> CallAsync(string method, Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        CallAsync(method, async ct =>
        {
            await call(ct);
            return true;
        }, TimeSpan.Zero, cancellationToken);

    private Task<T> CallAsync<T>(string method, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        CallAsync(method, call, TimeSpan.Zero, cancellationToken);

    private string Scrub(string text) => text.Replace(_options.Token, "<token>", StringComparison.Ordinal);

    private static long Elapsed(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    public Task<User> GetMeAsync(CancellationToken cancellationToken) =>
        CallAsync("getMe", ct => _client.GetMe(ct), cancellationToken);

    public Task<Update[]> GetUpdatesAsync(long? offset, int limit, int timeoutSeconds, IReadOnlyList<UpdateType>? allowedUpdates, CancellationToken cancellationToken) =>
        CallAsync("getUpdates", ct => _client.GetUpdates(offset is { } o ? checked((int)o) : null, limit, timeoutSeconds, allowedUpdates, ct),
            TimeSpan.FromSeconds(timeoutSeconds), cancellationToken);

    public Task<bool> SetWebhookAsync(string url, string secretToken, IReadOnlyList<UpdateType>? allowedUpdates, int? maxConnections, CancellationToken cancellationToken) =>
        CallAsync("setWebhook", ct => _client.SetWebhook(url, maxConnections: maxConnections, allowedUpdates: allowedUpdates, secretToken: secretToken, cancellationToken: ct), cancellationToken);

    public Task<bool> DeleteWebhookAsync(bool dropPendingUpdates, CancellationToken cancellationToken) =>
        CallAsync("deleteWebhook", ct => _client.DeleteWebhook(dropPendingUpdates, ct), cancellationToken);

    public Task<WebhookInfo> GetWebhookInfoAsync(CancellationToken cancellationToken) =>
        CallAsync("getWebhookInfo", ct => _client.GetWebhookInfo(ct), cancellationToken);

    public Task<Message> SendMessageAsync(long chatId, string html, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken) =>
        CallAsync("sendMessage", ct => _client.SendMessage(chatId, html, ParseMode.Html, replyMarkup: keyboard,
            linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true }, cancellationToken: ct), cancellationToken);

    public Task<Message> EditMessageTextAsync(long chatId, int messageId, string html, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken) =>
        CallAsync("editMessageText", ct => _client.EditMessageText(chatId, messageId, html, ParseMode.Html, replyMarkup: keyboard, cancellationToken: ct), cancellationToken);

    public Task<Message> EditMessageReplyMarkupAsync(long chatId, int messageId, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken) =>
        CallAsync("editMessageReplyMarkup", ct => _client.EditMessageReplyMarkup(chatId, messageId, keyboard, cancellationToken: ct), cancellationToken);

    public Task<bool> AnswerCallbackQueryAsync(string callbackQueryId, string? text, bool showAlert, CancellationToken cancellationToken) =>
        CallAsync("answerCallbackQuery", ct => _client.AnswerCallbackQuery(callbackQueryId, text, showAlert, cancellationToken: ct), cancellationToken);

    public Task<Message> SendDocumentAsync(long chatId, InputFileUpload document, string? captionHtml, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        return CallAsync("sendDocument", async ct =>
        {
            using var content = new MemoryStream(document.Content, writable: false);
            return await _client.SendDocument(chatId, InputFile.FromStream(content, document.FileName), captionHtml,
                captionHtml is null ? default : ParseMode.Html, replyMarkup: keyboard, cancellationToken: ct);
        }, cancellationToken);
    }

    /// <summary>Sends a picture (a chart) with an optional HTML caption (at most 1,024 characters) and keyboard.</summary>
    public Task<Message> SendPhotoAsync(long chatId, InputFileUpload photo, string? captionHtml, InlineKeyboardMarkup? keyboard, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(photo);
        return CallAsync("sendPhoto", async ct =>
        {
            using var content = new MemoryStream(photo.Content, writable: false);
            return await _client.SendPhoto(chatId, InputFile.FromStream(content, photo.FileName), captionHtml,
                captionHtml is null ? default : ParseMode.Html, replyMarkup: keyboard, cancellationToken: ct);
        }, cancellationToken);
    }

    public Task<bool> SetMyCommandsAsync(IReadOnlyList<BotCommand> commands, CancellationToken cancellationToken) =>
        CallAsync("setMyCommands", ct => _client.SetMyCommands(commands, cancellationToken: ct), cancellationToken);

    public Task<bool> SendChatActionAsync(long chatId, ChatAction action, CancellationToken cancellationToken) =>
        CallAsync("sendChatAction", ct => _client.SendChatAction(chatId, action, cancellationToken: ct), cancellationToken);
}
