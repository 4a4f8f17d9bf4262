using System.Globalization;
using System.Text;
using UnionReview.Dialogs.Input;

namespace UnionReview.Dialogs.Text;

/// <summary>Vietnamese text compared the way people type it: with or without diacritics, in any case.</summary>
public static class Diacritics
{
    /// <summary>
    /// Lower case without diacritics or trailing “.”, “!” and spaces, so “Không”, “khong” and “KHÔNG.” compare equal:
    /// tone marks and the marks of ă, â, ê, ô, ơ, ư are dropped, đ and Đ become d. Half of a UTF-16 pair becomes
    /// U+FFFD first, so any text a chat app sends can be folded.
    /// </summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = TextSanitizer.ReplaceLoneSurrogates(text).Trim().ToLowerInvariant().Replace('đ', 'd').Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(c);
            }
        }

        return sb.ToString().Normalize(NormalizationForm.FormC).TrimEnd('.', '!', ' ');
    }
}
