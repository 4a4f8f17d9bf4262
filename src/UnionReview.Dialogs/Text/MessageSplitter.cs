using System.Globalization;
using UnionReview.Dialogs.Messages;

namespace UnionReview.Dialogs.Text;

/// <summary>
/// Splits long text into chat messages under a length limit in UTF-16 units (Telegram: 4,096; Zalo: 2,000). Line
/// boundaries come first: a part ends at a blank line when there is one in the second half of the window, otherwise
/// at the last line break. Only a line longer than the limit is broken inside, at a space, or else at a grapheme
/// boundary, so no emoji (surrogate pair, skin tone, ZWJ sequence) or letter with its combining marks is cut in two.
/// Every channel and every feature splits through here.
/// </summary>
public static class MessageSplitter
{
    /// <summary>
    /// The text in parts of at most <paramref name="limit"/> UTF-16 units (a single grapheme longer than the limit,
    /// which no real text has, is cut between code points). Joined back, the parts give the text but for the line
    /// breaks at which parts end (and parts of only white space). Text within the limit comes back as it is.
    /// </summary>
    public static IReadOnlyList<string> Split(string text, int limit)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (text.Length <= limit)
        {
            return [text];
        }

        var parts = new List<string>();
        var rest = text;
        while (rest.Length > limit)
        {
            string part;
            if (LastBlankLine(rest, limit) is var blank and >= 0 && blank >= limit / 2)
            {
                part = rest[..blank];
                rest = rest[blank..].TrimStart('\r', '\n');
            }
            else if (rest[0] == '\n')
            {
                rest = rest[1..];
                continue;
            }
            else if (LastLineBreak(rest, limit) is var line and > 0)
            {
                part = rest[..line];
                rest = rest[(line + 1)..];
            }
            else if (LastSpace(rest, limit) is var space and > 0)
            {
                // The space ends the part (chat apps do not show it), so the parts still join back into the text.
                part = rest[..(space + 1)];
                rest = rest[(space + 1)..];
            }
            else
            {
                var cut = GraphemeCut(rest, limit);
                part = rest[..cut];
                rest = rest[cut..];
            }

            Add(parts, part.TrimEnd('\r'));
        }

        Add(parts, rest);
        return parts.Count == 0 ? [""] : parts;
    }

    /// <summary>The text (trimmed) as one or more messages; <paramref name="buttons"/> under the last.</summary>
    public static IReadOnlyList<OutgoingMessage> ToMessages(string text, int limit, IReadOnlyList<IReadOnlyList<ChatButton>> buttons)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = Split(text.Trim(), limit);
        return [.. parts.Select((p, i) => new OutgoingMessage(p, i == parts.Count - 1 ? buttons : []))];
    }

    private static void Add(List<string> parts, string part)
    {
        if (!string.IsNullOrWhiteSpace(part))
        {
            parts.Add(part);
        }
    }

    /// <summary>Where the last blank line starting within the limit begins (the part before it fits), or -1.</summary>
    private static int LastBlankLine(string text, int limit)
    {
        for (var i = Math.Min(limit + 1, text.Length - 1); i > 1; i--)
        {
            if (text[i] == '\n' && text[i - 1] == '\n')
            {
                return i - 1;
            }
        }

        return -1;
    }

    /// <summary>The last line break at or before the limit, or -1.</summary>
    private static int LastLineBreak(string text, int limit) => text.LastIndexOf('\n', Math.Min(limit, text.Length - 1));

    /// <summary>The last space within the limit (the part ends with it) that is not the base of a combining mark, or -1.</summary>
    private static int LastSpace(string text, int limit)
    {
        for (var i = Math.Min(limit - 1, text.Length - 1); i > 0; i--)
        {
            if (text[i] == ' ' && (i + 1 >= text.Length || !IsCombining(text[i + 1])))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsCombining(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
        || c is '\u200D' or '\uFE0F';

    /// <summary>The last grapheme boundary at or before the limit; inside the first grapheme (between code points) only when it alone is longer.</summary>
    private static int GraphemeCut(string text, int limit)
    {
        var cut = 0;
        while (cut < text.Length)
        {
            var next = StringInfo.GetNextTextElementLength(text.AsSpan(cut));
            if (cut + next > limit)
            {
                break;
            }

            cut += next;
        }

        if (cut > 0)
        {
            return cut;
        }

        cut = Math.Min(limit, text.Length);
        if (cut < text.Length && char.IsLowSurrogate(text[cut]) && char.IsHighSurrogate(text[cut - 1]))
        {
            cut = cut == 1 ? 2 : cut - 1;
        }

        return cut;
    }
}
