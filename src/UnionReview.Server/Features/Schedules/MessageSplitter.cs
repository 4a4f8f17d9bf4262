using UnionReview.Dialogs.Messages;

namespace UnionReview.Server.Features.Schedules;

/// <summary>
/// Splits long text into chat messages under a length limit (Telegram: 4,096 UTF-16 units), preferring blank
/// lines between blocks, then line breaks, then spaces; never inside a surrogate pair. Buttons go on the last part.
/// </summary>
public static class MessageSplitter
{
    public static IReadOnlyList<string> Split(string text, int limit)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 16);
        var parts = new List<string>();
        var rest = text.Trim();
        while (rest.Length > limit)
        {
            var cut = LastBreak(rest, limit, "\n\n");
            if (cut <= 0)
            {
                cut = LastBreak(rest, limit, "\n");
            }

            if (cut <= 0)
            {
                cut = LastBreak(rest, limit, " ");
            }

            if (cut <= 0)
            {
                cut = char.IsHighSurrogate(rest[limit - 1]) ? limit - 1 : limit;
            }

            parts.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart();
        }

        if (rest.Length > 0)
        {
            parts.Add(rest);
        }

        return parts;
    }

    /// <summary>The text as one or more messages; <paramref name="buttons"/> under the last.</summary>
    public static IReadOnlyList<OutgoingMessage> ToMessages(string text, int limit, IReadOnlyList<IReadOnlyList<ChatButton>> buttons)
    {
        var parts = Split(text, limit);
        return [.. parts.Select((p, i) => new OutgoingMessage(p, i == parts.Count - 1 ? buttons : []))];
    }

    private static int LastBreak(string text, int limit, string separator)
    {
        // The separator may start at most at limit so that the part before it fits.
        var index = text.LastIndexOf(separator, Math.Min(limit, text.Length - 1), StringComparison.Ordinal);
        return index;
    }
}
