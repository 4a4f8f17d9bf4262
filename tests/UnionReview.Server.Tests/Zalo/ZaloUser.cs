using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using UnionReview.Channels.Tests.Zalo.Fake;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Zalo;

/// <summary>
/// A person in a private Zalo chat with the bot, through the fake Bot API. Zalo has no buttons: <see cref="Press"/>
/// types what the last messages said to type for that label (its number, its word or its command).
/// </summary>
public sealed partial class ZaloUser(ServiceHost host, FakeZaloApi fake, string userId) : IChatParticipant
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public string UserId => userId;

    public IReadOnlyList<FakeZaloMessage> Last { get; private set; } = [];

    public string LastText => string.Join("\n---\n", Last.Select(m => m.Text));

    public async Task Say(string text)
    {
        var before = fake.BotMessages(userId).Count;
        var id = await fake.UserSendsAsync(userId, text, "Nguyễn Thị Lan");
        await WaitHandled(host, id);
        Last = [.. fake.BotMessages(userId).Skip(before)];
    }

    /// <summary>Types the key shown for <paramref name="label"/>: "3" for "3. label", "có" for "“có”: label", "/xem" for "/xem Xem lại".</summary>
    public async Task Press(string label) => await Say(KeyFor(label));

    public string KeyFor(string label)
    {
        var lines = Last.SelectMany(m => m.Text.Split('\n')).ToList();
        if (lines.Select(l => NumberedLine().Match(l)).FirstOrDefault(m => m.Success && m.Groups[2].Value == label) is { } exact)
        {
            return exact.Groups[1].Value;
        }

        foreach (var line in Last.SelectMany(m => m.Text.Split('\n')).Reverse())
        {
            if (!line.Contains(label, StringComparison.Ordinal))
            {
                continue;
            }

            if (NumberedLine().Match(line) is { Success: true } numbered)
            {
                return numbered.Groups[1].Value;
            }

            if (WordLine().Match(line) is { Success: true } word)
            {
                return word.Groups[1].Value;
            }

            if (line.StartsWith("Gõ lệnh:", StringComparison.Ordinal))
            {
                return line["Gõ lệnh:".Length..].Split(" · ").First(s => s.Contains(label, StringComparison.Ordinal)).Trim().Split(' ')[0];
            }
        }

        throw new InvalidOperationException($"Nothing to type for “{label}” in: {LastText}");
    }

    /// <summary>Links this Zalo account to a person by sending "MÃ CODE".</summary>
    public async Task LinkTo(int personId)
    {
        string code;
        await using (var db = host.OpenDb())
        {
            code = (await host.Get<InviteService>().CreateAsync(db, personId, TimeSpan.FromDays(7), CancellationToken.None)).Code;
        }

        await Say("MÃ " + code);
        Assert.Contains("Đã liên kết", LastText, StringComparison.Ordinal);
    }

    /// <summary>Waits until the service has handled the message (its receipt marked handled by the turn, the inbox idle: replies sent).</summary>
    public static async Task WaitHandled(ServiceHost host, string messageId)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            await using (var db = host.OpenDb())
            {
                if (await db.InboundReceipts.AnyAsync(r => r.Channel == "zalo" && r.MessageId == messageId && r.HandledAt != null)
                    && host.Get<UnionReview.Server.Features.Inbox.Inbox>().InFlight("zalo") == 0)
                {
                    return;
                }
            }

            if (Stopwatch.GetElapsedTime(started) > Wait)
            {
                throw new TimeoutException($"Zalo message {messageId} was not handled within {Wait.TotalSeconds} s.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Settings that point the service at the fake Bot API.</summary>
    public static Dictionary<string, string?> Settings(FakeZaloApi fake, string mode, string? webhookUrl = null, string? secret = null) => new()
    {
        ["Zalo:BotToken"] = fake.Token,
        ["Zalo:BaseUrl"] = fake.BaseUrl.ToString(),
        ["Zalo:Mode"] = mode,
        ["Zalo:WebhookUrl"] = webhookUrl ?? "",
        ["Zalo:WebhookSecret"] = secret ?? "",
        ["Zalo:PollTimeout"] = "00:00:02",
        ["Zalo:GlobalPerSecond"] = "1000",
        ["Zalo:PerChatInterval"] = "00:00:00",
        ["Zalo:BotName"] = "Bot Báo cáo Công đoàn",
        ["Zalo:BotLink"] = "https://zalo.me/bot-bao-cao",
    };

    [GeneratedRegex(@"^(m?\d+)\. (.*)$")]
    private static partial Regex NumberedLine();

    [GeneratedRegex(@"^“([^”]+)”: ")]
    private static partial Regex WordLine();
}
