using System.Globalization;
using UnionReview.Channels.Telegram;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Outbox;
using UnionReview.Server.Persistence;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace UnionReview.Server.Features.Telegram;

/// <summary>
/// One update in Telegram's idiom: private-chat messages and button presses go to the conversation service and the
/// replies come back as HTML messages with inline keyboards; a pressed button's message is edited in place to show
/// the choice (so its old buttons cannot be pressed again); every callback query is answered; a slow turn shows
/// "typing…"; in groups the bot only points people to a private chat.
/// </summary>
internal sealed class TelegramUpdateHandler(
    TelegramBot bot,
    ConversationService conversations,
    ReplyDelivery delivery,
    TelegramOutboxChannel channel,
    Microsoft.Extensions.Options.IOptions<TelegramOptions> options,
    TimeProvider clock,
    ILogger<TelegramUpdateHandler> logger)
{
    private const int MaxTextLength = 100_000;

    /// <param name="receiptId">The update's receipt in the inbox (<see cref="TelegramInbox.ReceiptId"/>), marked handled by its turn.</param>
    /// <param name="resumed">The update was stored before the last stop and is handled only now.</param>
    /// <returns>Whether a turn stored the receipt as handled (otherwise the inbox marks it).</returns>
    public async Task<bool> HandleAsync(Update update, string receiptId, bool resumed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.CallbackQuery is { } query)
        {
            return await HandleCallbackAsync(receiptId, query, resumed, cancellationToken);
        }

        if (update.Message is { } message)
        {
            return await HandleMessageAsync(receiptId, message, resumed, cancellationToken);
        }

        // Edited messages and other kinds are not asked for (allowed_updates) and change nothing if they come.
        return false;
    }

    private async Task<bool> HandleMessageAsync(string receiptId, Message message, bool resumed, CancellationToken cancellationToken)
    {
        if (message.From is not { IsBot: false } from)
        {
            return false;
        }

        var text = message.Text ?? message.Caption;
        if (message.Chat.Type != ChatType.Private)
        {
            // Only commands get an answer in a group, and only the pointer to a private chat: no unit data there.
            if (text?.StartsWith('/') == true)
            {
                await SendGroupPointerAsync(message.Chat.Id, cancellationToken);
            }

            return false;
        }

        IncomingInput input;
        if (message.Document is { } document)
        {
            input = new IncomingInput(text, null)
            {
                Attachment = new IncomingAttachment(document.FileName ?? "tep-dinh-kem", document.MimeType, document.FileId),
            };
        }
        else if (string.IsNullOrWhiteSpace(text))
        {
            await DeliverAsync(message.Chat.Id, [OutgoingMessage.Plain(TelegramTexts.TextOnly)], receiptId, cancellationToken);
            return false;
        }
        else if (text.Length > MaxTextLength)
        {
            await DeliverAsync(message.Chat.Id, [OutgoingMessage.Plain(TelegramTexts.TooLong)], receiptId, cancellationToken);
            return false;
        }
        else
        {
            input = IncomingInput.FromText(TelegramRenderer.NormaliseCommand(text));
        }

        return await TurnAsync(receiptId, message.Chat.Id, from, input, resumed, cancellationToken);
    }

    private async Task<bool> HandleCallbackAsync(string receiptId, CallbackQuery query, bool resumed, CancellationToken cancellationToken)
    {
        var message = query.Message;
        var isPrivate = message?.Chat.Type == ChatType.Private;
        // Answered first, whatever follows: the spinner on the button stops at once, and a query is answered only once.
        await AnswerQuietlyAsync(query.Id, isPrivate ? null : TelegramTexts.GroupPointer, showAlert: !isPrivate, cancellationToken);
        if (message is null || !isPrivate || query.Data is not { Length: > 0 } data || query.From.IsBot)
        {
            return false;
        }

        // The pressed message shows the choice and loses its buttons, so an old keyboard cannot be pressed again.
        await MarkChosenAsync(message, data, cancellationToken);
        return await TurnAsync(receiptId, message.Chat.Id, query.From, IncomingInput.FromButton(data), resumed, cancellationToken);
    }

    private async Task<bool> TurnAsync(string receiptId, long chatId, User from, IncomingInput input, bool resumed, CancellationToken cancellationToken)
    {
        var inbound = new InboundMessage(ChannelNames.Telegram, ExternalUserId(from.Id), input)
        {
            MessageId = receiptId,
            Address = chatId.ToString(CultureInfo.InvariantCulture),
            DisplayName = string.Join(' ', new[] { from.FirstName, from.LastName }.Where(n => !string.IsNullOrEmpty(n))),
        };
        TurnReply turn;
        using (var typing = new CancellationTokenSource())
        {
            var indicator = ShowTypingAfterAsync(chatId, typing.Token, cancellationToken);
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
            // Handled before: only a turn committed just before a stop gets here, its replies may not have gone out.
            if (resumed)
            {
                await DeliverAsync(chatId, [OutgoingMessage.Plain(TelegramTexts.ResumedAfterRestart)], receiptId, cancellationToken);
            }

            return true;
        }

        await DeliverAsync(chatId, turn.Messages, receiptId, cancellationToken);
        return turn.Stored;
    }

    /// <summary>
    /// Sends "typing…" if the turn is still running after the configured delay (Telegram shows it for about 5 s).
    /// The end of the turn (<paramref name="turnDone"/>) ends the waits without an exception, as most turns end
    /// before the first; a "typing…" already on its way is let finish (so it cannot arrive after the reply), and
    /// only the service stopping (<paramref name="stopping"/>) cancels it.
    /// </summary>
    private async Task ShowTypingAfterAsync(long chatId, CancellationToken turnDone, CancellationToken stopping)
    {
        try
        {
            var wait = options.Value.TypingDelay;
            while (true)
            {
                await Task.Delay(wait, clock, turnDone).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (turnDone.IsCancellationRequested)
                {
                    return;
                }

                await bot.Client.SendChatActionAsync(chatId, ChatAction.Typing, stopping);
                wait = TimeSpan.FromSeconds(4);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is TelegramApiException or HttpRequestException or TimeoutException)
        {
            logger.LogDebug("Typing indicator for chat {ChatId} not shown: {Error}", chatId, e.Message);
        }
    }

    private async Task MarkChosenAsync(Message message, string data, CancellationToken cancellationToken)
    {
        var label = TelegramRenderer.LabelOf(message.ReplyMarkup, data);
        try
        {
            if (label is not null && message.Text is { } text && text.Length + label.Length + 4 <= TelegramRenderer.MaxText)
            {
                await bot.Client.EditMessageTextAsync(message.Chat.Id, message.MessageId,
                    TelegramRenderer.Escape(text) + "\n\n<b>" + TelegramRenderer.Escape(TelegramTexts.Chosen(label)) + "</b>", null, cancellationToken);
            }
            else if (message.ReplyMarkup is not null)
            {
                await bot.Client.EditMessageReplyMarkupAsync(message.Chat.Id, message.MessageId, null, cancellationToken);
            }
        }
        catch (Exception e) when (e is TelegramApiException or HttpRequestException or TimeoutException)
        {
            // Too old to edit, already edited, or Telegram is slow: the choice still counts.
            logger.LogDebug("Pressed message {MessageId} in chat {ChatId} not edited: {Error}", message.MessageId, message.Chat.Id, e.Message);
        }
    }

    private async Task AnswerQuietlyAsync(string queryId, string? text, bool showAlert, CancellationToken cancellationToken)
    {
        try
        {
            await bot.Client.AnswerCallbackQueryAsync(queryId, text, showAlert, cancellationToken);
        }
        catch (Exception e) when (e is TelegramApiException or HttpRequestException or TimeoutException)
        {
            // An expired query (after a restart, for instance) cannot be answered any more; the press is still handled.
            logger.LogDebug("Callback query not answered: {Error}", e.Message);
        }
    }

    /// <summary>Sends the replies, merged as Telegram shows them, in order through <see cref="ReplyDelivery"/> (what cannot go now goes through the outbox).</summary>
    internal Task DeliverAsync(long chatId, IReadOnlyList<OutgoingMessage> replies, string receiptId, CancellationToken cancellationToken) =>
        delivery.DeliverAsync(channel, chatId.ToString(CultureInfo.InvariantCulture), TelegramRenderer.Merge(replies), $"telegram-reply:{receiptId}", cancellationToken);

    /// <summary>The pointer to a private chat, with a button that opens it (https://t.me/&lt;bot&gt;).</summary>
    private async Task SendGroupPointerAsync(long chatId, CancellationToken cancellationToken)
    {
        var keyboard = bot.ChatLink is { } link ? new InlineKeyboardMarkup(InlineKeyboardButton.WithUrl(TelegramTexts.OpenPrivateChat, link)) : null;
        try
        {
            using var lease = await bot.Limiter.AcquireAsync(chatId, perChatLimit: false, cancellationToken);
            await bot.Client.SendMessageAsync(chatId, TelegramRenderer.Escape(TelegramTexts.GroupPointer), keyboard, cancellationToken);
        }
        catch (Exception e) when (e is TelegramApiException or HttpRequestException or TimeoutException)
        {
            logger.LogWarning("Pointer to a private chat not sent to group {ChatId}: {Error}", chatId, e.Message);
        }
    }

    /// <summary>The person's identity on Telegram: the user id.</summary>
    internal static string ExternalUserId(long userId) => userId.ToString(CultureInfo.InvariantCulture);
}
