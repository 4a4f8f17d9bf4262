using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace UnionReview.Server.Features.Zalo;

/// <summary>How Zalo messages reach the service.</summary>
public enum ZaloMode
{
    /// <summary>Zalo posts each message to <see cref="ZaloOptions.WebhookUrl"/> (production; needs a public HTTPS address).</summary>
    Webhook,
    /// <summary>The service asks Zalo (getUpdates, one message per call); development only, needs no public address.</summary>
    Polling,
}

/// <summary>Zalo Bot Platform settings (section "Zalo"). Without a bot token the channel stays off.</summary>
public sealed class ZaloOptions
{
    public const string Section = "Zalo";

    /// <summary>The token Zalo Bot Creator sends ("12345689:abc-xyz"). Secret: environment variable Zalo__BotToken, never a file.</summary>
    public string BotToken { get; set; } = "";

    public Uri BaseUrl { get; set; } = new("https://bot-api.zaloplatforms.com");

    public ZaloMode Mode { get; set; } = ZaloMode.Webhook;

    /// <summary>Public HTTPS address Zalo posts to (webhook mode), e.g. https://baocao.example.vn/api/zalo/webhook.</summary>
    public string WebhookUrl { get; set; } = "";

    /// <summary>Secret Zalo sends in X-Bot-Api-Secret-Token (8–256 characters). Secret: environment variable Zalo__WebhookSecret.</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>Local path of the webhook endpoint (a reverse proxy may map the public URL onto it).</summary>
    public string WebhookPath { get; set; } = "/api/zalo/webhook";

    /// <summary>The bot's name as officers find it in Zalo (printed with invite codes).</summary>
    public string BotName { get; set; } = "";

    /// <summary>A link that opens the chat with the bot (from Zalo Bot Manager), printed with invite codes.</summary>
    public string BotLink { get; set; } = "";

    /// <summary>How long one getUpdates call waits (polling).</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(25);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Messages per second over all chats. Zalo publishes no limit: conservative.</summary>
    public int GlobalPerSecond { get; set; } = 10;

    /// <summary>Least time between two proactive messages to one chat.</summary>
    public TimeSpan PerChatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a message refused with 429 (quota) waits in the outbox before it is tried again.</summary>
    public TimeSpan QuotaWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Chats whose messages are handled at the same time (one chat's messages always in order).</summary>
    public int MaxParallelChats { get; set; } = 100;

    /// <summary>A turn taking longer than this shows "typing…".</summary>
    public TimeSpan TypingDelay { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>Handled messages are kept this long, so a late redelivery is still recognised.</summary>
    public TimeSpan KeepHandledUpdates { get; set; } = TimeSpan.FromDays(7);

    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken);
}

internal sealed partial class ZaloOptionsValidator : IValidateOptions<ZaloOptions>
{
    public ValidateOptionsResult Validate(string? name, ZaloOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var problems = new List<string>();
        if (!TokenPattern().IsMatch(options.BotToken.Trim()))
        {
            problems.Add("Zalo:BotToken không đúng dạng mã do Zalo Bot Creator cấp (số:chuỗi ký tự).");
        }

        if (!options.BaseUrl.IsAbsoluteUri || options.BaseUrl.Scheme is not ("https" or "http"))
        {
            problems.Add("Zalo:BaseUrl phải là địa chỉ http(s) đầy đủ.");
        }

        if (!options.WebhookPath.StartsWith('/'))
        {
            problems.Add("Zalo:WebhookPath phải bắt đầu bằng '/'.");
        }

        if (options.Mode == ZaloMode.Webhook)
        {
            if (!Uri.TryCreate(options.WebhookUrl, UriKind.Absolute, out var url) || !(url.Scheme == "https" || (url.Scheme == "http" && IsLoopback(url))))
            {
                problems.Add("Zalo:WebhookUrl phải là địa chỉ https công khai (http chỉ được dùng với máy này, khi thử nghiệm).");
            }

            if (options.WebhookSecret.Length is < 8 or > 256)
            {
                problems.Add("Zalo:WebhookSecret bắt buộc ở chế độ webhook: từ 8 đến 256 ký tự.");
            }
        }

        if (options.PollTimeout < TimeSpan.FromSeconds(1) || options.PollTimeout > TimeSpan.FromSeconds(60))
        {
            problems.Add("Zalo:PollTimeout phải từ 1 đến 60 giây.");
        }

        if (options.GlobalPerSecond is < 1 or > 1_000 || options.PerChatInterval < TimeSpan.Zero || options.MaxParallelChats is < 1 or > 1_000)
        {
            problems.Add("Zalo: giới hạn gửi (GlobalPerSecond, PerChatInterval, MaxParallelChats) không hợp lệ.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static bool IsLoopback(Uri url) => url.IsLoopback || (IPAddress.TryParse(url.Host, out var ip) && IPAddress.IsLoopback(ip));

    [GeneratedRegex("^[0-9]{1,20}:[A-Za-z0-9_-]{4,}$")]
    private static partial Regex TokenPattern();
}
