using UnionReview.Server.Features.Invites;

namespace UnionReview.Server.Features.Telegram;

/// <summary>https://t.me/&lt;bot&gt;?start=CODE, once the bot's username is known (getMe at start-up).</summary>
internal sealed class TelegramInviteLinks(TelegramBot bot) : IInviteLinks
{
    public string Name => "Telegram";

    public string? LinkFor(string code) => bot.ChatLink is { } link ? $"{link}?start={Uri.EscapeDataString(code)}" : null;
}
