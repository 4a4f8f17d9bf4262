using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace UnionReview.Channels.Zalo;

/// <summary>Where and how the client talks to the Zalo Bot API.</summary>
public sealed class ZaloClientOptions
{
    /// <summary>The bot token from Zalo Bot Creator ("12345689:abc-xyz"). Secret: never logged.</summary>
    public required string Token { get; init; }

    /// <summary>The Bot API server: Zalo's, or a test server.</summary>
    public Uri BaseUrl { get; init; } = new("https://bot-api.zaloplatforms.com");

    /// <summary>Time limit for one request (long polling adds its own timeout to this).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// A thin typed Zalo Bot API client. Every call goes through <see cref="SendAsync{TResult}"/>, which owns the token,
/// the time limit and cancellation, logging (method and outcome, never the token) and mapping refusals to
/// <see cref="ZaloApiException"/> (401 token, 408 no update, 429 quota). Network failures surface as
/// <see cref="HttpRequestException"/> or <see cref="TimeoutException"/>, with the token scrubbed. Nothing is retried
/// here: the callers (receiver, outbox) decide when to try again.
/// </summary>
internal sealed class ZaloBotClient
{
    private readonly ZaloClientOptions _options;
    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly string _prefix;

    public ZaloBotClient(ZaloClientOptions options, HttpClient http, ILogger<ZaloBotClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Token);
        _options = options;
        _http = http;
        _logger = logger;
        _prefix = options.BaseUrl.ToString().TrimEnd('/') + "/bot" + options.Token + "/";
    }

    /// <summary>The one send path.</summary>
    public async Task<TResult> SendAsync<TResult>(ZaloRequest<TResult> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        ZaloResponse<TResult> response;
        try
        {
            response = await SendOnceAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            _logger.LogWarning("Zalo {Method} failed after {Elapsed} ms: network error {Error}", request.Method, Elapsed(started), Scrub(e.Message));
            throw new HttpRequestException(Scrub(e.Message), null, e.StatusCode);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Zalo {Method} timed out after {Elapsed} ms", request.Method, Elapsed(started));
            throw new TimeoutException($"Zalo {request.Method} timed out.");
        }

        if (response.Ok)
        {
            _logger.LogDebug("Zalo {Method} ok in {Elapsed} ms", request.Method, Elapsed(started));
            return response.Result!;
        }

        var error = new ZaloApiException(request.Method, response.ErrorCode ?? 0, Scrub(response.Description ?? ""));
        if (error.IsNoUpdate && request is GetUpdatesRequest)
        {
            _logger.LogDebug("Zalo getUpdates: no message within the timeout");
        }
        else
        {
            _logger.LogWarning("Zalo {Method} refused: {ErrorCode} {Description}", request.Method, error.ErrorCode, error.Description);
        }

        throw error;
    }

    private async Task<ZaloResponse<TResult>> SendOnceAsync<TResult>(ZaloRequest<TResult> request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout + request.ExtraTimeout());
        using var message = new HttpRequestMessage(HttpMethod.Post, _prefix + request.Method) { Content = request.ToContent() };
        using var http = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var body = await http.Content.ReadAsByteArrayAsync(timeout.Token);
        try
        {
            var parsed = JsonSerializer.Deserialize<ZaloResponse<TResult>>(body, ZaloJson.Options);
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
        return new ZaloResponse<TResult>(false, default, code, http.ReasonPhrase ?? "Unexpected response");
    }

    private string Scrub(string text) => text.Replace(_options.Token, "<token>", StringComparison.Ordinal);

    private static long Elapsed(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    public Task<ZaloBotInfo> GetMeAsync(CancellationToken cancellationToken) => SendAsync(new GetMeRequest(), cancellationToken);

    /// <summary>One update, or null when none came within <paramref name="timeoutSeconds"/> (error 408).</summary>
    public async Task<ZaloUpdate?> GetUpdateAsync(int timeoutSeconds, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(new GetUpdatesRequest { Timeout = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken);
        }
        catch (ZaloApiException e) when (e.IsNoUpdate)
        {
            return null;
        }
    }

    public Task<ZaloWebhookInfo> SetWebhookAsync(string url, string secretToken, CancellationToken cancellationToken) =>
        SendAsync(new SetWebhookRequest { Url = url, SecretToken = secretToken }, cancellationToken);

    public Task<ZaloWebhookInfo> DeleteWebhookAsync(CancellationToken cancellationToken) => SendAsync(new DeleteWebhookRequest(), cancellationToken);

    public Task<ZaloWebhookInfo> GetWebhookInfoAsync(CancellationToken cancellationToken) => SendAsync(new GetWebhookInfoRequest(), cancellationToken);

    public Task<ZaloSentMessage> SendMessageAsync(string chatId, string text, CancellationToken cancellationToken) =>
        SendAsync(new SendMessageRequest { ChatId = chatId, Text = text }, cancellationToken);

    public Task<ZaloSentMessage> SendPhotoAsync(string chatId, string photoUrl, string? caption, CancellationToken cancellationToken) =>
        SendAsync(new SendPhotoRequest { ChatId = chatId, Photo = photoUrl, Caption = caption }, cancellationToken);

    public async Task SendChatActionAsync(string chatId, string action, CancellationToken cancellationToken) =>
        await SendAsync(new SendChatActionRequest { ChatId = chatId, Action = action }, cancellationToken);
}
