using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using UnionReview.Channels.Tests.Telegram.Fake;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Telegram;

/// <summary>
/// A person in a private Telegram chat with the bot, through the fake Bot API: each input is an update, and the
/// replies are the bot messages that arrived in the chat by the time the service marked the update handled.
/// </summary>
public sealed class TelegramUser(ServiceHost host, FakeBotApi fake, long userId) : IChatParticipant
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public long UserId => userId;

    public IReadOnlyList<FakeChatMessage> Last { get; private set; } = [];

    public string LastText => string.Join("\n---\n", Last.Select(m => m.Text));

    public async Task Say(string text) => await Input(() => fake.UserSends(userId, text));

    public async Task Press(string label) => await Input(() => fake.UserPresses(userId, label));

    public async Task Input(Func<long> send)
    {
        var before = fake.BotMessages(userId).Count;
        var updateId = send();
        await WaitHandled(host, updateId);
        Last = [.. fake.BotMessages(userId).Skip(before)];
    }

    /// <summary>Links this Telegram account to a person through an invite code, as https://t.me/bot?start=CODE does.</summary>
    public async Task LinkTo(int personId)
    {
        string code;
        await using (var db = host.OpenDb())
        {
            code = (await host.Get<InviteService>().CreateAsync(db, personId, TimeSpan.FromDays(7), CancellationToken.None)).Code;
        }

        await Say("/start " + code);
        Assert.Contains("Đã liên kết", LastText, StringComparison.Ordinal);
    }

    /// <summary>Waits until the service has handled the update (its receipt marked handled by the turn, the inbox idle: replies sent).</summary>
    public static async Task WaitHandled(ServiceHost host, long updateId)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            await using (var db = host.OpenDb())
            {
                var key = updateId.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":";
                if (await db.InboundReceipts.AnyAsync(r => r.Channel == "telegram" && r.MessageId.StartsWith(key) && r.HandledAt != null)
                    && host.Get<UnionReview.Server.Features.Inbox.Inbox>().InFlight("telegram") == 0)
                {
                    return;
                }
            }

            if (Stopwatch.GetElapsedTime(started) > Wait)
            {
                throw new TimeoutException($"Update {updateId} was not handled within {Wait.TotalSeconds} s.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Settings that point the service at the fake Bot API.</summary>
    public static Dictionary<string, string?> Settings(FakeBotApi fake, string mode = "Polling", string? webhookUrl = null, string? secret = null) => new()
    {
        ["Telegram:BotToken"] = fake.Token,
        ["Telegram:BaseUrl"] = fake.BaseUrl.ToString(),
        ["Telegram:Mode"] = mode,
        ["Telegram:WebhookUrl"] = webhookUrl ?? "",
        ["Telegram:WebhookSecret"] = secret ?? "",
        ["Telegram:PollTimeout"] = "00:00:05",
        ["Telegram:TypingDelay"] = "00:00:00.300",
    };
}
