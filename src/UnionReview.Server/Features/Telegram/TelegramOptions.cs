using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace UnionReview.Server.Features.Telegram;

/// <summary>How updates reach the service.</summary>
public enum TelegramMode
{
    /// <summary>The service asks Telegram for updates (getUpdates long polling); needs no public address.</summary>
    Polling,
    /// <summary>Telegram posts updates to <see cref="TelegramOptions.WebhookUrl"/>; needs a public HTTPS address.</summary>
    Webhook,
}

/// <summary>Telegram settings (section "Telegram"). Without a bot token the channel stays off.</summary>
public sealed class TelegramOptions
{
    public const string Section = "Telegram";

    /// <summary>The bot token from BotFather. Secret: environment variable Telegram__BotToken or user-secrets, never a file.</summary>
    public string BotToken { get; set; } = "";

    /// <summary>The Bot API server: Telegram's, a self-hosted telegram-bot-api server, or a test server.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.telegram.org");

    public TelegramMode Mode { get; set; } = TelegramMode.Polling;

    /// <summary>Public HTTPS address Telegram posts updates to (webhook mode), e.g. https://baocao.example.vn/api/telegram/webhook.</summary>
    public string WebhookUrl { get; set; } = "";

    /// <summary>Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token (1–256 of A–Z a–z 0–9 _ -). Secret: environment variable.</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>Local path of the webhook endpoint (a reverse proxy may map the public URL onto it).</summary>
    public string WebhookPath { get; set; } = "/api/telegram/webhook";

    /// <summary>How long one getUpdates call waits for updates (long polling).</summary>
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>Time limit of one Bot API request (long polling adds its own wait).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Chats whose updates are handled at the same time (one chat's updates always in order); in webhook mode also
    /// Telegram's max_connections (at most 100).</summary>
    public int MaxParallelChats { get; set; } = 100;

    /// <summary>Messages per second over all chats (Telegram: about 30).</summary>
    public int GlobalPerSecond { get; set; } = 30;

    /// <summary>Least time between two proactive messages to one chat (Telegram: about 1 per second).</summary>
    public TimeSpan PerChatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Messages per minute to one group (Telegram: 20).</summary>
    public int GroupPerMinute { get; set; } = 20;

    /// <summary>A turn taking longer than this shows "typing…" in the chat.</summary>
    public TimeSpan TypingDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Register the command menu (setMyCommands) with Vietnamese descriptions at start-up.</summary>
    public bool RegisterCommands { get; set; } = true;

    /// <summary>Handled updates are kept this long (the one received last is always kept: it is the stored offset).</summary>
    public TimeSpan KeepHandledUpdates { get; set; } = TimeSpan.FromDays(7);

    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken);
}

internal sealed partial class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, TelegramOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var problems = new List<string>();
        if (!TokenPattern().IsMatch(options.BotToken.Trim()))
        {
            problems.Add("Telegram:BotToken không đúng dạng mã của BotFather (số:chuỗi ký tự).");
        }

        if (!options.BaseUrl.IsAbsoluteUri || options.BaseUrl.Scheme is not ("https" or "http"))
        {
            problems.Add("Telegram:BaseUrl phải là địa chỉ http(s) đầy đủ.");
        }

        if (!options.WebhookPath.StartsWith('/'))
        {
            problems.Add("Telegram:WebhookPath phải bắt đầu bằng '/'.");
        }

        if (options.Mode == TelegramMode.Webhook)
        {
            if (!Uri.TryCreate(options.WebhookUrl, UriKind.Absolute, out var url) || !(url.Scheme == "https" || (url.Scheme == "http" && IsLoopback(url))))
            {
                problems.Add("Telegram:WebhookUrl phải là địa chỉ https công khai (http chỉ được dùng với máy này, khi thử nghiệm).");
            }

            if (!SecretPattern().IsMatch(options.WebhookSecret))
            {
                problems.Add("Telegram:WebhookSecret bắt buộc ở chế độ webhook: 1–256 ký tự A–Z, a–z, 0–9, _ hoặc -.");
            }
        }

        if (options.PollTimeout < TimeSpan.Zero || options.PollTimeout > TimeSpan.FromSeconds(50))
        {
            problems.Add("Telegram:PollTimeout phải từ 0 đến 50 giây.");
        }

        if (options.MaxParallelChats is < 1 or > 1_000)
        {
            problems.Add("Telegram:MaxParallelChats phải từ 1 đến 1.000.");
        }

        if (options.GlobalPerSecond is < 1 or > 1_000 || options.GroupPerMinute is < 1 or > 1_000 || options.PerChatInterval < TimeSpan.Zero)
        {
            problems.Add("Telegram: giới hạn gửi (GlobalPerSecond, GroupPerMinute, PerChatInterval) không hợp lệ.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static bool IsLoopback(Uri url) => url.IsLoopback || (IPAddress.TryParse(url.Host, out var ip) && IPAddress.IsLoopback(ip));

    [GeneratedRegex("^[0-9]{1,20}:[A-Za-z0-9_-]{20,}$")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretPattern();
}
