using UnionReview.Channels.Telegram;
using UnionReview.Server.Features.Invites;

namespace UnionReview.Server.Features.Telegram;

/// <summary>
/// https://t.me/&lt;bot&gt;?start=CODE. The bot's username comes from getMe: at the service's start-up, or asked here
/// when not known yet (the command line never starts the receiver).
/// </summary>
internal sealed class TelegramInviteLinks(TelegramBot bot, ILogger<TelegramInviteLinks> logger) : IInviteLinks
{
    private static readonly TimeSpan GetMeTimeout = TimeSpan.FromSeconds(10);

    public string Name => "Telegram";

    public async Task<string?> LinkForAsync(string code, CancellationToken cancellationToken)
    {
        if (bot.Enabled && bot.ChatLink is null)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(GetMeTimeout);
            try
            {
                bot.Username = (await bot.Client.GetMeAsync(timeout.Token)).Username;
            }
            catch (Exception e) when (e is TelegramApiException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "getMe failed; the invite has no Telegram link");
            }
        }

        return bot.ChatLink is { } link ? $"{link}?start={Uri.EscapeDataString(code)}" : null;
    }
}
