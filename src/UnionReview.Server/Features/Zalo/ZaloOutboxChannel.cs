using Microsoft.EntityFrameworkCore;
using UnionReview.Channels.Zalo;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Documents;
using UnionReview.Server.Features.Outbox;
using UnionReview.Server.Features.TextChannels;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Zalo;

/// <summary>
/// Messages to a Zalo chat, as replies (sent now by <see cref="ReplyDelivery"/>) and as proactive messages (reminders,
/// digests, answers to proposals, from the outbox), rendered as text. Quota (429) and server errors go back to the
/// outbox to be retried; a chat Zalo says does not exist makes the person unreachable here (the outbox then uses
/// their other channels). Whether a bot may write first to a person who wrote before is not documented: a refusal
/// is handled like any other. Zalo carries no files: a document (.docx, .xlsx) becomes a download link for the person
/// and a chart goes by sendPhoto from such a link (<see cref="SharedFiles"/>); without a public address the text says
/// where to get the document instead, and a chart is left out.
/// </summary>
internal sealed class ZaloOutboxChannel(
    ZaloBot bot,
    TextMenuStore menus,
    SharedFiles files,
    ReplyDelivery delivery,
    IDbContextFactory<UnionReviewDb> dbFactory,
    Microsoft.Extensions.Options.IOptions<ZaloOptions> options,
    ILogger<ZaloOutboxChannel> logger)
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

        return await SendPacedAsync(message.Address, payload, perChat: true, message.PersonId, cancellationToken);
    }

    /// <summary>A reply already rendered as text (see <see cref="ZaloUpdateHandler"/>).</summary>
    public Task<OutboxSendResult> SendReplyAsync(string address, OutgoingMessage message, CancellationToken cancellationToken) =>
        SendPacedAsync(address, message, perChat: false, null, cancellationToken);

    /// <summary>
    /// Answers <see cref="TextRenderer.MoreCommand"/> without a turn: the text the last messages showed shortened, whole
    /// (split on line boundaries), and the keys offered stay as they were. False for any other text.
    /// </summary>
    public async Task<bool> TrySendMoreAsync(string chatId, string text, string replyKey, CancellationToken cancellationToken)
    {
        if (!TextRenderer.AsksForMore(text))
        {
            return false;
        }

        var menu = await menus.GetAsync(Channel, chatId, cancellationToken);
        await delivery.DeliverAsync(this, chatId, [OutgoingMessage.Plain(TextRenderer.MoreText(menu))], replyKey, cancellationToken);
        return true;
    }

    private async Task<OutboxSendResult> SendPacedAsync(string chatId, OutgoingMessage message, bool perChat, int? personId, CancellationToken cancellationToken)
    {
        if (!bot.Enabled)
        {
            return new OutboxSendResult.Retry(NotConfiguredDelay, "Zalo is not configured");
        }

        try
        {
            if (message.Document is not { } document)
            {
                await bot.SendTextAsync(chatId, TextRenderer.Split(message.Text, ZaloBot.MaxText), perChat, cancellationToken);
                return new OutboxSendResult.Sent();
            }

            var link = await LinkAsync(chatId, personId, document, cancellationToken);
            if (document.IsImage)
            {
                await SendPictureAsync(chatId, message.Text, link, perChat, cancellationToken);
            }
            else
            {
                var note = link is null ? ZaloTexts.DocumentElsewhere(document.FileName) : ZaloTexts.DocumentLink(document.FileName, link.Url, link.ValidFor);
                var text = message.Text.Trim().Length == 0 ? note : message.Text.TrimEnd() + "\n\n" + note;
                await bot.SendTextAsync(chatId, TextRenderer.Split(text, ZaloBot.MaxText), perChat, cancellationToken);
            }

            return new OutboxSendResult.Sent();
        }
        catch (ZaloApiException e)
        {
            logger.LogWarning("Zalo message to a chat answered {ErrorCode} {Description}", e.ErrorCode, e.Description);
            return Map(e, options.Value.QuotaWait);
        }
    }

    /// <summary>
    /// A chart by sendPhoto from its link, its text as the caption (or before it, when too long for one). Without a
    /// link the chart is left out, caption and all: a chart's text is only its title.
    /// </summary>
    private async Task SendPictureAsync(string chatId, string text, SharedFileLink? link, bool perChat, CancellationToken cancellationToken)
    {
        if (link is null)
        {
            logger.LogDebug("A chart for a Zalo chat left out: no public address for its picture (Documents:PublicBaseUrl)");
            return;
        }

        var caption = text.Trim().Length == 0 ? null : text;
        if (caption is { Length: > ZaloBot.MaxText })
        {
            await bot.SendTextAsync(chatId, TextRenderer.Split(caption, ZaloBot.MaxText), perChat, cancellationToken);
            caption = null;
        }

        await bot.Pacer.WaitAsync(chatId, perChat, cancellationToken);
        await bot.Client.SendPhotoAsync(chatId, link.Url, caption, cancellationToken);
    }

    /// <summary>A download link for the person of this chat, or null without a public address or a linked person.</summary>
    private async Task<SharedFileLink?> LinkAsync(string chatId, int? personId, ChatDocument document, CancellationToken cancellationToken)
    {
        if (files.PublicBaseUrl is null)
        {
            return null;
        }

        if (personId is null)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            personId = await db.ChannelAccounts.Where(a => a.Channel == Channel && a.Address == chatId)
                .OrderByDescending(a => a.LastSeenAt).Select(a => (int?)a.PersonId).FirstOrDefaultAsync(cancellationToken);
        }

        return personId is { } person ? await files.ShareAsync(person, document, cancellationToken) : null;
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
