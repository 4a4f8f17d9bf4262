using System.Net;
using Microsoft.Extensions.Options;
using UnionReview.Channels.Zalo;

namespace UnionReview.Server.Features.Zalo;

/// <summary>The bot as the service uses it: the Bot API client built from the settings, the pacer, and the bot's name.</summary>
internal sealed class ZaloBot : IDisposable
{
    /// <summary>Longest text of one message (sendMessage and a photo's caption).</summary>
    public const int MaxText = 2000;

    private readonly HttpClient _http;
    private readonly ZaloBotClient? _client;

    public ZaloBot(IOptions<ZaloOptions> options, ZaloPacer pacer, ILogger<ZaloBotClient> clientLogger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        Pacer = pacer;
        _http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 128,
            AutomaticDecompression = DecompressionMethods.All,
        })
        { Timeout = Timeout.InfiniteTimeSpan };
        if (settings.Enabled)
        {
            _client = new ZaloBotClient(new ZaloClientOptions { Token = settings.BotToken.Trim(), BaseUrl = settings.BaseUrl, RequestTimeout = settings.RequestTimeout }, _http, clientLogger);
        }
    }

    public bool Enabled => _client is not null;

    public ZaloBotClient Client => _client ?? throw new InvalidOperationException("Zalo chưa được cấu hình (Zalo:BotToken).");

    public ZaloPacer Pacer { get; }

    /// <summary>Sends text parts (each within <see cref="MaxText"/>) in order, paced.</summary>
    public async Task SendTextAsync(string chatId, IReadOnlyList<string> parts, bool perChat, CancellationToken cancellationToken)
    {
        foreach (var part in parts)
        {
            await Pacer.WaitAsync(chatId, perChat, cancellationToken);
            await Client.SendMessageAsync(chatId, part.Trim().Length == 0 ? "…" : part, cancellationToken);
        }
    }

    public void Dispose() => _http.Dispose();
}
