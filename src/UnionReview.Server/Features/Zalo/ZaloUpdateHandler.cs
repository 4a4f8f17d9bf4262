using System.Collections.Concurrent;
using UnionReview.Channels.Zalo;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Outbox;
using UnionReview.Server.Features.TextChannels;

namespace UnionReview.Server.Features.Zalo;

/// <summary>
/// One Zalo message: text goes to the conversation service (a typed number or command read against what the person
/// was last offered), the replies come back as text (<see cref="TextRenderer"/>) through <see cref="ReplyDelivery"/>;
/// a slow turn shows "typing…". Images and stickers get a note that only text is read; a message whose content Zalo
/// withholds gets, once, what to do instead; in groups the bot only points people to a private chat.
/// </summary>
internal sealed class ZaloUpdateHandler(
    ZaloBot bot,
    ZaloOutboxChannel channel,
    ConversationService conversations,
    ReplyDelivery delivery,
    TextMenuStore menus,
    Microsoft.Extensions.Options.IOptions<ZaloOptions> options,
    TimeProvider clock,
    ILogger<ZaloUpdateHandler> logger)
{
    private const int MaxTextLength = 100_000;

    /// <summary>Chats told already that Zalo withheld a message, so a series of them is answered once.</summary>
    private readonly ConcurrentDictionary<string, byte> _toldUnsupported = new(StringComparer.Ordinal);

    /// <param name="resumed">The message was stored before the last stop and is handled only now.</param>
    /// <returns>Whether a turn stored the message's receipt as handled (otherwise the inbox marks it).</returns>
    public async Task<bool> HandleAsync(ZaloUpdate update, bool resumed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.Message is not { MessageId: { } messageId, Chat.Id: { } chatId } message || message.From is { IsBot: true })
        {
            return false;
        }

        var replyKey = "zalo-reply:" + messageId;
        var text = message.Text ?? message.Caption;
        if (message.Chat?.IsPrivate == false)
        {
            if (text?.TrimStart().StartsWith('/') == true)
            {
                await delivery.DeliverAsync(channel, chatId, [OutgoingMessage.Plain(ZaloTexts.GroupPointer)], replyKey, cancellationToken);
            }

            return false;
        }

        switch (update.EventName)
        {
            case ZaloUpdate.UnsupportedReceived:
                if (_toldUnsupported.TryAdd(chatId, 0))
                {
                    await delivery.DeliverAsync(channel, chatId, [OutgoingMessage.Plain(ZaloTexts.Unsupported)], replyKey, cancellationToken);
                }

                return false;
            case ZaloUpdate.ImageReceived or ZaloUpdate.StickerReceived:
                await delivery.DeliverAsync(channel, chatId, [OutgoingMessage.Plain(ZaloTexts.TextOnly)], replyKey, cancellationToken);
                return false;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            await delivery.DeliverAsync(channel, chatId, [OutgoingMessage.Plain(ZaloTexts.TextOnly)], replyKey, cancellationToken);
            return false;
        }

        if (text.Length > MaxTextLength)
        {
            await delivery.DeliverAsync(channel, chatId, [OutgoingMessage.Plain(ZaloTexts.TooLong)], replyKey, cancellationToken);
            return false;
        }

        _toldUnsupported.TryRemove(chatId, out _);
        if (await channel.TrySendMoreAsync(chatId, text, replyKey, cancellationToken)) { return false; } // /xemthem: shortened guidance in full, no turn
        var input = TextRenderer.Interpret(text, await menus.GetAsync(ChannelNames.Zalo, chatId, cancellationToken));
        var inbound = new InboundMessage(ChannelNames.Zalo, message.From?.Id ?? chatId, input)
        {
            MessageId = messageId,
            Address = chatId,
            DisplayName = message.From?.Name,
        };
        TurnReply turn;
        using (var typing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var indicator = ShowTypingAfterAsync(chatId, typing.Token);
            try
            {
                turn = await conversations.HandleAsync(inbound, cancellationToken);
            }
            finally
            {
                await typing.CancelAsync();
                await indicator;
            }
        }

        if (turn.Duplicate)
        {
            // Handled before: only a turn committed just before a stop gets here; its replies may not have gone out.
            if (resumed)
            {
                await delivery.DeliverAsync(channel, chatId, [OutgoingMessage.Plain(ZaloTexts.ResumedAfterRestart)], replyKey, cancellationToken);
            }

            return true;
        }

        await DeliverAsync(chatId, turn.Messages, replyKey, cancellationToken);
        return turn.Stored;
    }

    /// <summary>
    /// Renders a turn's replies as text (choices numbered, commands typed), keeps the numbers' meaning for the next
    /// message and sends them through <see cref="ReplyDelivery"/>; also used for replies kept with a receipt at restart.
    /// </summary>
    internal async Task DeliverAsync(string chatId, IReadOnlyList<OutgoingMessage> messages, string replyKey, CancellationToken cancellationToken)
    {
        var rendered = TextRenderer.Render(messages, ZaloBot.MaxText);
        await menus.PutAsync(ChannelNames.Zalo, chatId, rendered.Count > 0 ? rendered[0].Menu : TextMenu.Empty, cancellationToken);
        var replies = messages.Zip(rendered, (original, text) => new OutgoingMessage(string.Join('\n', text.Parts), [], original.Document)).ToList();
        await delivery.DeliverAsync(channel, chatId, replies, replyKey, cancellationToken);
    }

    /// <summary>Sends "typing…" if the turn is still running after the configured delay.</summary>
    private async Task ShowTypingAfterAsync(string chatId, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(options.Value.TypingDelay, clock, cancellationToken);
            await bot.Client.SendChatActionAsync(chatId, "typing", cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is ZaloApiException or HttpRequestException or TimeoutException)
        {
            logger.LogDebug("Typing indicator not shown: {Error}", e.Message);
        }
    }
}
