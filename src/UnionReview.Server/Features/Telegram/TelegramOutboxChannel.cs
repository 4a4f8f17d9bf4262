using System.Globalization;
using UnionReview.Channels.Telegram;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Outbox;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Telegram;

/// <summary>
/// Proactive messages (reminders, digests, answers to proposals) to a Telegram chat, within Telegram's limits
/// (the rate limiter: overall, per chat, per group). A flood wait (429) goes back to the outbox until its
/// retry_after has passed (the client never waits for it), as do 5xx and network errors; 403 (blocked, deactivated)
/// and a chat that no longer exists make the recipient unreachable.
/// </summary>
internal sealed class TelegramOutboxChannel(TelegramBot bot, ILogger<TelegramOutboxChannel> logger) : IOutboxChannel, IReplyChannel
{
    /// <summary>How long messages wait when the channel is not configured (the token was removed after they were queued).</summary>
    private static readonly TimeSpan NotConfiguredDelay = TimeSpan.FromMinutes(15);

    public string Channel => ChannelNames.Telegram;

    public async Task<OutboxSendResult> SendAsync(OutboxMessage message, OutgoingMessage payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!bot.Enabled)
        {
            return new OutboxSendResult.Retry(NotConfiguredDelay, "Telegram is not configured");
        }

        if (!long.TryParse(message.Address, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId))
        {
            return new OutboxSendResult.Failed("the stored address is not a Telegram chat id");
        }

        try
        {
            await bot.SendAsync(chatId, payload, perChatLimit: true, cancellationToken);
            return new OutboxSendResult.Sent();
        }
        catch (TelegramApiException e)
        {
            logger.LogWarning("Proactive Telegram message {Id} answered {ErrorCode} {Description}", message.Id, e.ErrorCode, e.Description);
            return Map(e);
        }
    }

    /// <summary>A reply to the chat the person just wrote in (no per-chat spacing: the person is waiting for it).</summary>
    public async Task<OutboxSendResult> SendReplyAsync(string address, OutgoingMessage message, CancellationToken cancellationToken)
    {
        var chatId = long.Parse(address, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        try
        {
            await bot.SendAsync(chatId, message, perChatLimit: false, cancellationToken);
            return new OutboxSendResult.Sent();
        }
        catch (TelegramApiException e)
        {
            return Map(e);
        }
    }

    internal static OutboxSendResult Map(TelegramApiException e) => e switch
    {
        { IsTooManyRequests: true } => new OutboxSendResult.Retry(e.RetryAfter ?? TimeSpan.FromSeconds(1), Describe(e)),
        { IsServerError: true } => new OutboxSendResult.Retry(TimeSpan.Zero, Describe(e)),
        { IsForbidden: true } => new OutboxSendResult.Unreachable(Describe(e)),
        { ErrorCode: 400 } when e.Description.Contains("chat not found", StringComparison.OrdinalIgnoreCase)
            || e.Description.Contains("user is deactivated", StringComparison.OrdinalIgnoreCase) => new OutboxSendResult.Unreachable(Describe(e)),
        _ => new OutboxSendResult.Failed(Describe(e)),
    };

    private static string Describe(TelegramApiException e) => $"{e.ErrorCode} {e.Description}";
}
