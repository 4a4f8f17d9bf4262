using System.Text;
using UnionReview.Channels.Telegram;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Text;
using Telegram.Bot.Types.ReplyMarkups;

namespace UnionReview.Server.Features.Telegram;

/// <summary>
/// Channel-neutral messages in Telegram's idiom: a turn's confirmation merged into the message after it, HTML parse
/// mode with every text escaped, messages longer than Telegram's 4,096 characters split on line boundaries, buttons
/// as an inline keyboard under the last part.
/// </summary>
internal static class TelegramRenderer
{
    /// <summary>Longest message text (after entity parsing).</summary>
    public const int MaxText = 4096;

    /// <summary>Longest document caption.</summary>
    public const int MaxCaption = 1024;

    /// <summary>Longest callback_data, in bytes.</summary>
    public const int MaxCallbackData = 64;

    /// <summary>
    /// A turn's replies as Telegram messages: a confirmation goes at the head of the next question's message when the
    /// two fit in 4,096 characters (see <see cref="ReplyMerging"/>); longer ones stay apart, and
    /// <see cref="Split"/> still cuts any single text over the limit.
    /// </summary>
    public static IReadOnlyList<OutgoingMessage> Merge(IReadOnlyList<OutgoingMessage> replies) => ReplyMerging.Merge(replies, MaxText);

    /// <summary>Escapes the three characters Telegram's HTML mode reads as markup.</summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Splits plain text into parts of at most <paramref name="max"/> characters (<see cref="MessageSplitter.Split"/>).</summary>
    public static IReadOnlyList<string> Split(string text, int max = MaxText) => MessageSplitter.Split(text, max);

    /// <summary>The inline keyboard for the message's buttons (rows as given); null without buttons.</summary>
    public static InlineKeyboardMarkup? Keyboard(IReadOnlyList<IReadOnlyList<ChatButton>> rows)
    {
        var keyboard = rows
            .Select(row => (IReadOnlyList<InlineKeyboardButton>)[.. row.Where(Fits).Select(b => InlineKeyboardButton.WithCallbackData(b.Label, b.Payload))])
            .Where(row => row.Count > 0)
            .ToList();
        return keyboard.Count == 0 ? null : new InlineKeyboardMarkup(keyboard);
    }

    /// <summary>Whether a button can travel as callback_data (the engine keeps payloads within 64 ASCII bytes).</summary>
    public static bool Fits(ChatButton button) =>
        button.Label.Length > 0 && button.Payload.Length > 0 && Encoding.UTF8.GetByteCount(button.Payload) <= MaxCallbackData;

    /// <summary>The label of the button with this callback_data on a message, if it is there.</summary>
    public static string? LabelOf(InlineKeyboardMarkup? markup, string data) =>
        markup?.InlineKeyboard.SelectMany(r => r).FirstOrDefault(b => b.CallbackData == data)?.Text;

    /// <summary>A bot command as the engine reads it: "/baocao@TenBot thêm" becomes "/baocao thêm".</summary>
    public static string NormaliseCommand(string text)
    {
        if (!text.StartsWith('/'))
        {
            return text;
        }

        var end = text.IndexOfAny([' ', '\n']);
        var command = end < 0 ? text : text[..end];
        var at = command.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? text : command[..at] + (end < 0 ? "" : text[end..]);
    }
}
