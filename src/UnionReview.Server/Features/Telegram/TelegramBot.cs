using System.Net;
using Microsoft.Extensions.Options;
using UnionReview.Channels.Telegram;
using UnionReview.Dialogs.Messages;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace UnionReview.Server.Features.Telegram;

/// <summary>
/// The bot as the service uses it: the Bot API client built from the settings, the rate limiter, the bot's own
/// username (learnt from getMe), and the one way a channel-neutral message is sent to a chat.
/// </summary>
internal sealed class TelegramBot : IDisposable
{
    private readonly TelegramOptions _options;
    private readonly HttpClient _http;
    private readonly TelegramApi? _client;
    private readonly ILogger<TelegramBot> _logger;

    public TelegramBot(IOptions<TelegramOptions> options, TelegramRateLimiter limiter, ILogger<TelegramApi> clientLogger, ILogger<TelegramBot> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        Limiter = limiter;
        _http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 128,
            AutomaticDecompression = DecompressionMethods.All,
        })
        { Timeout = Timeout.InfiniteTimeSpan };
        if (_options.Enabled)
        {
            _client = new TelegramApi(new TelegramClientOptions
            {
                Token = _options.BotToken.Trim(),
                BaseUrl = _options.BaseUrl,
                RequestTimeout = _options.RequestTimeout,
            }, _http, clientLogger);
        }
    }

    public bool Enabled => _client is not null;

    /// <summary>The client; only when <see cref="Enabled"/>.</summary>
    public TelegramApi Client => _client ?? throw new InvalidOperationException("Telegram chưa được cấu hình (Telegram:BotToken).");

    public TelegramRateLimiter Limiter { get; }

    /// <summary>The bot's @username once getMe has answered.</summary>
    public string? Username { get; set; }

    /// <summary>https://t.me/&lt;bot&gt;, or null before the username is known.</summary>
    public string? ChatLink => Username is { Length: > 0 } u ? "https://t.me/" + u : null;

    /// <summary>
    /// Sends one message: its text in parts of at most 4,096 characters (HTML, escaped), the keyboard under the
    /// last part, a document as a multipart upload (with the text as its caption when it fits).
    /// </summary>
    public async Task SendAsync(long chatId, OutgoingMessage message, bool perChatLimit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var keyboard = TelegramRenderer.Keyboard(message.Buttons);
        if (message.Buttons.SelectMany(r => r).Any(b => !TelegramRenderer.Fits(b)))
        {
            _logger.LogError("A button of a message to chat {ChatId} does not fit in callback_data and was left out", chatId);
        }

        var text = message.Text;
        if (message.Document is { } document)
        {
            var caption = text.Trim().Length > 0 && text.Length <= TelegramRenderer.MaxCaption ? text : null;
            if (caption is null && text.Trim().Length > 0)
            {
                await SendTextAsync(chatId, text, null, perChatLimit, cancellationToken);
            }

            await ShowUploadingAsync(chatId, cancellationToken);
            using var lease = await Limiter.AcquireAsync(chatId, perChatLimit, cancellationToken);
            var upload = new InputFileUpload(document.FileName, document.ContentType, document.Content);
            var captionHtml = caption is null ? null : TelegramRenderer.Escape(caption);
            await (document.IsImage
                ? Client.SendPhotoAsync(chatId, upload, captionHtml, keyboard, cancellationToken)
                : Client.SendDocumentAsync(chatId, upload, captionHtml, keyboard, cancellationToken));
            return;
        }

        await SendTextAsync(chatId, text.Trim().Length == 0 ? "…" : text, keyboard, perChatLimit, cancellationToken);
    }

    /// <summary>"Sending a file…" in the chat while a document uploads; not worth failing the document for.</summary>
    private async Task ShowUploadingAsync(long chatId, CancellationToken cancellationToken)
    {
        try
        {
            await Client.SendChatActionAsync(chatId, ChatAction.UploadDocument, cancellationToken);
        }
        catch (TelegramApiException e) when (!e.IsForbidden)
        {
            _logger.LogDebug("Upload indicator for chat {ChatId} not shown: {Error}", chatId, e.Description);
        }
    }

    private async Task SendTextAsync(long chatId, string text, InlineKeyboardMarkup? keyboard, bool perChatLimit, CancellationToken cancellationToken)
    {
        var parts = TelegramRenderer.Split(text);
        for (var i = 0; i < parts.Count; i++)
        {
            using var lease = await Limiter.AcquireAsync(chatId, perChatLimit, cancellationToken);
            await Client.SendMessageAsync(chatId, TelegramRenderer.Escape(parts[i]), i == parts.Count - 1 ? keyboard : null, cancellationToken);
        }
    }

    public void Dispose() => _http.Dispose();
}
