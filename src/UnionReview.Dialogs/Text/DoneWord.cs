namespace UnionReview.Dialogs.Text;

/// <summary>
/// The word that finishes a text sent over several messages — a long answer, a multiple choice, a proposal, a reply:
/// “xong”, “/xong”, “hết” or “done”, in any case, with or without diacritics, with a trailing “.” or “!”.
/// The engine and every feature ask here, so a word that finishes one finishes all.
/// </summary>
public static class DoneWord
{
    /// <summary>The done words, folded (<see cref="Diacritics.Fold"/>).</summary>
    public static IReadOnlyList<string> Words { get; } = ["xong", "/xong", "het", "done"];

    /// <summary>True when the whole of <paramref name="text"/> is a done word.</summary>
    public static bool Is(string? text) => text is not null && Words.Contains(Diacritics.Fold(text), StringComparer.Ordinal);
}
