using UnionReview.Channels.Zalo;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Outbox;
using UnionReview.Server.Features.TextChannels;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Zalo;

/// <summary>
/// Messages to a Zalo chat, as replies (sent now by <see cref="ReplyDelivery"/>) and as proactive messages (reminders,
/// digests, answers to proposals, from the outbox), rendered as text. Quota (429) and server errors go back to the
/// outbox to be retried; a chat Zalo says does not exist makes the person unreachable here (the outbox then uses
/// their other channels). Whether a bot may write first to a person who wrote before is not documented: a refusal
/// is handled like any other.
/// </summary>
internal sealed class ZaloOutboxChannel(ZaloBot bot, TextMenuStore menus, Microsoft.Extensions.Options.IOptions<ZaloOptions> options, ILogger<ZaloOutboxChannel> logger)
    : IOutboxChannel, IReplyChannel
{
    /// <summary>How long messages wait when the channel is not configured (the token was removed after they were queued).</summary>
    private static readonly TimeSpan NotConfiguredDelay = TimeSpan.FromMinutes(15);

    public string Channel => ChannelNames.Zalo;

    public async Task<OutboxSendResult> SendAsync(OutboxMessage message, OutgoingMessage payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Buttons.Count > 0)
        {
            // A proactive message with buttons: rendered here; its keys become what the person may type next.
            var rendered = TextRenderer.Render([payload], ZaloBot.MaxText)[0];
            if (rendered.Menu.Keys.Count > 0)
            {
                await menus.PutAsync(Channel, message.Address, rendered.Menu, cancellationToken);
            }

            payload = OutgoingMessage.Plain(string.Join('\n', rendered.Parts));
        }

        return await SendPacedAsync(message.Address, payload, perChat: true, cancellationToken);
    }

    /// <summary>A reply already rendered as text (see <see cref="ZaloUpdateHandler"/>).</summary>
    public Task<OutboxSendResult> SendReplyAsync(string address, OutgoingMessage message, CancellationToken cancellationToken) =>
        SendPacedAsync(address, message, perChat: false, cancellationToken);

    private async Task<OutboxSendResult> SendPacedAsync(string chatId, OutgoingMessage message, bool perChat, CancellationToken cancellationToken)
    {
        if (!bot.Enabled)
        {
            return new OutboxSendResult.Retry(NotConfiguredDelay, "Zalo is not configured");
        }

        var text = message.Document is { } document ? DocumentText(message.Text, document) : message.Text;
        try
        {
            await bot.SendTextAsync(chatId, TextRenderer.Split(text, ZaloBot.MaxText), perChat, cancellationToken);
            return new OutboxSendResult.Sent();
        }
        catch (ZaloApiException e)
        {
            logger.LogWarning("Zalo message to a chat answered {ErrorCode} {Description}", e.ErrorCode, e.Description);
            return Map(e, options.Value.QuotaWait);
        }
    }

    /// <summary>Zalo cannot carry files: the text says where to get the document instead.</summary>
    private static string DocumentText(string text, ChatDocument document)
    {
        var note = ZaloTexts.DocumentElsewhere(document.FileName);
        return text.Trim().Length == 0 ? note : text.TrimEnd() + "\n\n" + note;
    }

    internal static OutboxSendResult Map(ZaloApiException e, TimeSpan quotaWait) => e switch
    {
        { IsTooManyRequests: true } => new OutboxSendResult.Retry(quotaWait, Describe(e)),
        { IsServerError: true } or { IsNoUpdate: true } => new OutboxSendResult.Retry(TimeSpan.Zero, Describe(e)),
        { IsUnauthorized: true } => new OutboxSendResult.Retry(NotConfiguredDelay, Describe(e)),
        { ErrorCode: 404 } => new OutboxSendResult.Unreachable(Describe(e)),
        _ => new OutboxSendResult.Failed(Describe(e)),
    };

    private static string Describe(ZaloApiException e) => $"{e.ErrorCode} {e.Description}";
}
