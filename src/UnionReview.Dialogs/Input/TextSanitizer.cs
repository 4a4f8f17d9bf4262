namespace UnionReview.Dialogs.Input;

/// <summary>Makes text from a chat app safe to normalize.</summary>
internal static class TextSanitizer
{
    /// <summary>
    /// The text with every lone surrogate (half of a UTF-16 pair, which some clients send when they cut a message)
    /// replaced by U+FFFD, so that <see cref="string.Normalize()"/> cannot throw. The same string when there is none.
    /// </summary>
    public static string ReplaceLoneSurrogates(string text)
    {
        char[]? copy = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsSurrogate(c))
            {
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            copy ??= text.ToCharArray();
            copy[i] = '\uFFFD';
        }

        return copy is null ? text : new string(copy);
    }
}
