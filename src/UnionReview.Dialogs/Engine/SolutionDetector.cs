using System.Text;
using System.Text.RegularExpressions;
using UnionReview.Dialogs.Input;
using UnionReview.Dialogs.Text;

namespace UnionReview.Dialogs.Engine;

/// <summary>
/// Whether a Vietnamese answer proposes a solution or only names a problem: the heuristic behind
/// <c>followUp: solution</c>, which asks for a solution when an answer names a problem (<see cref="NamesProblem"/>)
/// and no solution. An answer proposes a solution when it contains one of the solution words
/// (<see cref="Markers"/>: "giải pháp", "biện pháp", "đề xuất", "đề nghị", "kiến nghị", "khắc phục", "tăng cường",
/// "đẩy mạnh", "cần", "nên", "sẽ") as whole words, not negated by "chưa", "không", "chẳng" or "thiếu" just before it,
/// directly or with "có" between ("chưa có giải pháp", "thiếu biện pháp" name no solution). Text typed without diacritics is matched on the
/// multi-syllable words only ("giai phap", "de xuat"…), because single syllables without marks are ambiguous
/// ("can" is also "cán", "nen" also "nền").
/// </summary>
public static partial class SolutionDetector
{
    /// <summary>Solution words, as typed with diacritics.</summary>
    public static readonly IReadOnlyList<string> Markers =
        ["giải pháp", "biện pháp", "đề xuất", "đề nghị", "kiến nghị", "khắc phục", "tăng cường", "đẩy mạnh", "cần", "nên", "sẽ"];

    /// <summary>
    /// Words that name a problem (a shortcoming, a difficulty, something missing or late). An answer with none of them
    /// ("Đạt và vượt kế hoạch.") names no problem, so no solution is asked for.
    /// </summary>
    public static readonly IReadOnlyList<string> ProblemMarkers =
        ["khó khăn", "khó", "hạn chế", "vướng mắc", "vướng", "tồn tại", "bất cập", "yếu", "kém", "chưa", "thiếu", "không",
         "chậm", "muộn", "chồng chéo", "giảm", "thấp", "ít", "quá tải", "phức tạp", "kiêm nhiệm", "hạn hẹp", "lúng túng",
         "trùng lặp", "dài", "hụt", "nợ", "sai", "lỗi"];

    /// <summary>Problem words typed without diacritics that still read one way.</summary>
    private static readonly string[] FoldedProblemMarkers =
        ["kho khan", "han che", "vuong mac", "ton tai", "bat cap", "chong cheo", "qua tai", "phuc tap", "kiem nhiem", "han hep",
         "lung tung", "trung lap", "thieu", "chua", "khong", "cham"];

    private static readonly string[] Negators = ["chưa", "không", "chẳng", "thiếu"];

    [GeneratedRegex(@"[^\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex Separators();

    /// <summary>True when <paramref name="text"/> names a solution (see the class summary for the rule).</summary>
    public static bool NamesSolution(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var words = Words(TextSanitizer.ReplaceLoneSurrogates(text).Normalize(NormalizationForm.FormC).ToLowerInvariant());
        if (Contains(words, Markers.Select(Words), Negators))
        {
            return true;
        }

        // Without diacritics: only the unambiguous multi-syllable words.
        var folded = words.Select(Diacritics.Fold).ToArray();
        var foldedMarkers = Markers.Select(m => Words(Diacritics.Fold(m))).Where(m => m.Length > 1);
        return Contains(folded, foldedMarkers, [.. Negators.Select(Diacritics.Fold)], "co");
    }

    /// <summary>True when <paramref name="text"/> names a problem: one of <see cref="ProblemMarkers"/> as whole words.</summary>
    public static bool NamesProblem(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var words = Words(TextSanitizer.ReplaceLoneSurrogates(text).Normalize(NormalizationForm.FormC).ToLowerInvariant());
        if (ProblemMarkers.Select(Words).Any(m => IndexOf(words, m) >= 0))
        {
            return true;
        }

        var folded = words.Select(Diacritics.Fold).ToArray();
        return FoldedProblemMarkers.Select(Words).Any(m => IndexOf(folded, m) >= 0);
    }

    private static int IndexOf(string[] words, string[] marker)
    {
        for (var i = 0; i + marker.Length <= words.Length; i++)
        {
            if (marker.Select((w, k) => words[i + k] == w).All(x => x))
            {
                return i;
            }
        }

        return -1;
    }

    private static string[] Words(string text) => Separators().Split(text).Where(w => w.Length > 0).ToArray();

    private static bool Contains(string[] words, IEnumerable<string[]> markers, IReadOnlyCollection<string> negators, string have = "có")
    {
        foreach (var marker in markers)
        {
            for (var i = 0; i + marker.Length <= words.Length; i++)
            {
                if (!marker.Select((w, k) => words[i + k] == w).All(x => x))
                {
                    continue;
                }

                var negated = (i >= 1 && negators.Contains(words[i - 1]))
                    || (i >= 2 && words[i - 1] == have && negators.Contains(words[i - 2]));
                if (!negated)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
