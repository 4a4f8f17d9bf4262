using System.Globalization;
using System.Text;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Text;

namespace UnionReview.Dialogs.Input;

/// <summary>Why a text was not read as one number.</summary>
public enum NumberProblem
{
    /// <summary>A number was read.</summary>
    None,
    /// <summary>Nothing was typed.</summary>
    Empty,
    /// <summary>The text is not a number (or has words after it that are not a unit).</summary>
    Unreadable,
    /// <summary>Dots, commas or spaces are not where thousands separators or a decimal separator can be.</summary>
    BadSeparators,
    /// <summary>More digits than any figure of a report has.</summary>
    TooManyDigits,
    /// <summary>The number is followed by a unit other than the question's (for example “tin” where the unit is “người”).</summary>
    UnitMismatch,
    /// <summary>The text has number signs that are not the digits 0–9 of any script (①, ², Ⅻ).</summary>
    DigitsNotRecognised,
    /// <summary>A lone dot followed by three digits that may be a decimal point or a thousands dot; see <see cref="NumberReading.Readings"/>.</summary>
    Ambiguous,
}

/// <summary>The result of reading a number: the value, or a Vietnamese explanation of what is wrong.</summary>
public readonly record struct NumberReading(decimal? Value, string? Error)
{
    /// <summary>Whether a number was read.</summary>
    public bool Success => Value is not null;

    /// <summary>Why no number was read; <see cref="NumberProblem.None"/> on success.</summary>
    public NumberProblem Problem { get; init; }

    /// <summary>
    /// For <see cref="NumberProblem.Ambiguous"/>: the two possible values, the decimal reading first (0,5) and the
    /// thousands reading second (500). Null otherwise.
    /// </summary>
    public IReadOnlyList<decimal>? Readings { get; init; }
}

/// <summary>
/// Reads numbers the way Vietnamese officers type them: "1.483.900", "1,5 triệu", "2 tỷ", "233,3",
/// "80.750.000đ", "12 tin", "1 483 900", "1 000,5", "-5". A hand-written scanner: time and memory are linear in
/// the length of the text, whatever it holds.
/// </summary>
/// <remarks>
/// Vietnamese writing uses the dot for thousands and the comma for decimals. A lone dot followed by
/// other than three digits ("1.5") is read as a decimal point, since that is what someone typing the
/// English way means. A lone dot followed by exactly three digits is a thousands dot when it groups properly
/// ("1.500") and the value cannot have a fraction (money, head counts); where the value may have one (a rate, an
/// average), or the grouping is not a thousands grouping ("0.500", "1234.567"), the reading is
/// <see cref="NumberProblem.Ambiguous"/> and both values are offered. Digits of any script (full-width １２３,
/// Arabic-Indic ١٢٣) are read as the digits 0–9. A unit word after the number must be the question's unit
/// (or a spelling of it); a different known unit is refused, never taken for a multiplier.
/// </remarks>
public static class VietnameseNumberParser
{
    /// <summary>Most digits before the decimal separator (a quintillion is far beyond any report figure).</summary>
    public const int MaxIntegerDigits = 18;
    /// <summary>Most digits after the decimal separator.</summary>
    public const int MaxFractionDigits = 10;

    // Multiplier words, without diacritics, longest spellings of a stem first.
    private static readonly (string Word, decimal Factor)[] Multipliers =
    [
        ("nghin", 1_000m), ("ngan", 1_000m), ("k", 1_000m),
        ("trieu", 1_000_000m), ("tr", 1_000_000m),
        ("ty", 1_000_000_000m), ("ti", 1_000_000_000m),
    ];

    // Unit words that may follow a number, without diacritics, grouped by what they measure; the first spelling
    // of each group is how a message names it. Spellings in one group are the same unit.
    private static readonly (string Name, string[] Spellings)[] UnitGroups =
    [
        ("đồng", ["dong", "d", "vnd", "vn dong"]),
        // Head counts: "86 người", "59 nữ", "27 nam", "120 đoàn viên", "86 lao động". "nam" counts men only as typed
        // (without marks it is also "năm", a year: see Parse).
        ("người", ["nguoi", "doan vien", "dv", "nu", "nam", "nu doan vien", "doan vien nu", "lao dong", "lao dong nu", "nguoi lao dong", "cong nhan", "can bo", "thanh vien"]),
        ("lượt người", ["luot nguoi", "luot"]),
        ("tin bài", ["tin bai", "tin", "bai"]),
        ("CĐCS", ["cdcs", "cong doan co so"]),
        ("%", ["%", "phan tram"]),
        ("vụ", ["vu"]),
        ("hội nghị", ["hoi nghi"]),
        ("sáng kiến", ["sang kien"]),
        ("đơn vị", ["don vi"]),
        ("cuộc", ["cuoc"]),
    ];

    /// <summary>Reads a number, accepting the question's unit (and common unit words) after it.</summary>
    /// <param name="input">What the person typed.</param>
    /// <param name="unit">The question's unit; null accepts any known unit word.</param>
    /// <param name="mayBeFraction">
    /// Whether the value may have a fractional part (a rate, an average): a properly grouped "1.500" is then
    /// ambiguous. Money and head counts pass false and read it as 1500.
    /// </param>
    public static NumberReading Parse(string? input, string? unit = null, bool mayBeFraction = false)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return Fail(NumberProblem.Empty, DialogTexts.NumberEmpty);
        }

        var text = Normalize(input, out var otherNumberSigns);
        var shown = Shorten(TextSanitizer.ReplaceLoneSurrogates(input.Trim()));
        if (text.Length == 0)
        {
            return Fail(NumberProblem.Empty, DialogTexts.NumberEmpty);
        }

        // Sign, then the number: from its first digit over digits, dots, commas and spaces, ending at the last digit.
        var at = 0;
        var negative = false;
        if (text[0] is '-' or '−' or '+')
        {
            negative = text[0] != '+';
            at = 1;
            while (at < text.Length && text[at] == ' ')
            {
                at++;
            }
        }

        if (at >= text.Length || !char.IsAsciiDigit(text[at]))
        {
            return otherNumberSigns
                ? Fail(NumberProblem.DigitsNotRecognised, DialogTexts.NumberDigitsNotRecognised(shown))
                : Fail(NumberProblem.Unreadable, DialogTexts.NumberUnreadable(shown, unit));
        }

        var start = at;
        var lastDigit = at;
        for (var i = at; i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] is '.' or ',' or ' '); i++)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                lastDigit = i;
            }
        }

        var number = text.AsSpan(start, lastDigit - start + 1);
        var rest = text.AsSpan(lastDigit + 1).Trim();

        // What follows: nothing, a multiplier, a unit, or a multiplier and a unit.
        var factor = 1m;
        if (rest.Length > 0)
        {
            var words = Fold(rest);
            if (words == "nam" && !rest.Equals("nam", StringComparison.OrdinalIgnoreCase))
            {
                // "năm" (years) folds to "nam" (men): a year is no head count.
                words = "năm";
            }

            var unitWords = words;
            foreach (var (word, f) in Multipliers)
            {
                if (!words.StartsWith(word, StringComparison.Ordinal))
                {
                    continue;
                }

                var after = words[word.Length..];
                if (after.Length == 0 || after[0] == ' ' || GroupOf(after) is not null || MatchesQuestionUnit(after, unit))
                {
                    factor = f;
                    unitWords = after.Trim();
                    break;
                }
            }

            if (unitWords.Length > 0 && !MatchesQuestionUnit(unitWords, unit))
            {
                var group = GroupOf(unitWords);
                if (group is null)
                {
                    return otherNumberSigns
                        ? Fail(NumberProblem.DigitsNotRecognised, DialogTexts.NumberDigitsNotRecognised(shown))
                        : Fail(NumberProblem.Unreadable, DialogTexts.NumberUnreadable(shown, unit));
                }

                if (unit is not null)
                {
                    return Fail(NumberProblem.UnitMismatch, DialogTexts.NumberUnitMismatch(shown, group, unit));
                }
            }
        }

        var digits = ReadDigits(number, mayBeFraction, out var value, out var alternative);
        switch (digits)
        {
            case NumberProblem.BadSeparators:
                return Fail(digits, DialogTexts.NumberBadSeparators(shown));
            case NumberProblem.TooManyDigits:
                return Fail(digits, DialogTexts.NumberTooManyDigits(shown));
            case NumberProblem.Ambiguous:
                var sign = negative ? -1m : 1m;
                decimal[] readings = [sign * alternative * factor, sign * value * factor];
                return new NumberReading(null, DialogTexts.NumberAmbiguous(shown, readings[0], readings[1])) { Problem = NumberProblem.Ambiguous, Readings = readings };
        }

        value *= factor;
        return new NumberReading(negative ? -value : value, null);
    }

    private static NumberReading Fail(NumberProblem problem, string error) => new(null, error) { Problem = problem };

    /// <summary>
    /// NFC, lower case, digits of every script as 0–9, full-width forms as ASCII, every space as ' ', lone surrogates
    /// as U+FFFD (so normalization cannot throw), trailing full stops and exclamation marks dropped.
    /// </summary>
    private static string Normalize(string input, out bool otherNumberSigns)
    {
        otherNumberSigns = false;
        var sb = new StringBuilder(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < input.Length && char.IsLowSurrogate(input[i + 1]))
                {
                    var rune = new Rune(c, input[i + 1]);
                    i++;
                    var category = Rune.GetUnicodeCategory(rune);
                    if (category == UnicodeCategory.DecimalDigitNumber)
                    {
                        sb.Append((char)('0' + (int)Rune.GetNumericValue(rune)));
                        continue;
                    }

                    otherNumberSigns |= category is UnicodeCategory.OtherNumber or UnicodeCategory.LetterNumber;
                    sb.Append(c).Append(input[i]);
                }
                else
                {
                    sb.Append('\uFFFD');
                }

                continue;
            }

            if (c is >= '\uFF01' and <= '\uFF5E')
            {
                // Full-width ASCII (１２３．５, ＫＧ): the ASCII character itself.
                c = (char)(c - 0xFEE0);
            }

            if (char.IsAsciiDigit(c))
            {
                sb.Append(c);
            }
            else if (char.IsWhiteSpace(c))
            {
                sb.Append(' ');
            }
            else
            {
                var category = CharUnicodeInfo.GetUnicodeCategory(c);
                if (category == UnicodeCategory.DecimalDigitNumber)
                {
                    sb.Append((char)('0' + CharUnicodeInfo.GetDecimalDigitValue(c)));
                }
                else
                {
                    otherNumberSigns |= category is UnicodeCategory.OtherNumber or UnicodeCategory.LetterNumber;
                    sb.Append(c);
                }
            }
        }

        var text = sb.ToString();
        try
        {
            // NFC so that "tỷ" typed with combining marks matches.
            text = text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // Lone surrogates are already replaced; keep the text as it is if normalization still refuses it.
        }

        return text.Trim().ToLowerInvariant().TrimEnd('.', '!', ' ');
    }

    /// <summary>The shared folding (lower case, no diacritics, đ as d), then commas as spaces and runs of spaces as one: "Tin, Bài" → "tin bai".</summary>
    private static string Fold(ReadOnlySpan<char> text)
    {
        var folded = Diacritics.Fold(text.ToString());
        var sb = new StringBuilder(folded.Length);
        foreach (var ch in folded)
        {
            var c = ch is ',' || char.IsWhiteSpace(ch) ? ' ' : ch;
            if (c == ' ' && (sb.Length == 0 || sb[^1] == ' '))
            {
                continue;
            }

            sb.Append(c);
        }

        return sb.ToString().TrimEnd();
    }

    private static string? GroupOf(string folded)
    {
        foreach (var (name, spellings) in UnitGroups)
        {
            if (spellings.Contains(folded, StringComparer.Ordinal))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>The question's unit itself, a leading word of it ("tin" for "tin bài"), or another spelling of it ("đ" for "đồng").</summary>
    private static bool MatchesQuestionUnit(string folded, string? unit)
    {
        if (unit is null || folded.Length == 0)
        {
            return false;
        }

        var u = Fold(unit);
        return folded == u || u.StartsWith(folded + " ", StringComparison.Ordinal) || (GroupOf(folded) is { } g && g == GroupOf(u));
    }

    /// <summary>Reads the digits with their separators; <paramref name="alternative"/> is the decimal reading when ambiguous.</summary>
    private static NumberProblem ReadDigits(ReadOnlySpan<char> s, bool mayBeFraction, out decimal value, out decimal alternative)
    {
        value = 0;
        alternative = 0;
        int dots = 0, commas = 0, spaces = 0, lastDot = -1, lastComma = -1, lastSpace = -1;
        for (var i = 0; i < s.Length; i++)
        {
            switch (s[i])
            {
                case '.': dots++; lastDot = i; break;
                case ',': commas++; lastComma = i; break;
                case ' ': spaces++; lastSpace = i; break;
            }
        }

        string integerPart, fraction = "";
        if (spaces > 0)
        {
            // Spaces group thousands ("1 483 900"); a single dot or comma after the last group is the decimal separator ("1 000,5").
            if (dots + commas > 1)
            {
                return NumberProblem.BadSeparators;
            }

            var sep = Math.Max(lastDot, lastComma);
            if (sep >= 0 && sep < lastSpace)
            {
                return NumberProblem.BadSeparators;
            }

            var whole = sep >= 0 ? s[..sep] : s;
            if (!GroupsAreThousands(whole, ' ', allowRuns: true))
            {
                return NumberProblem.BadSeparators;
            }

            integerPart = Without(whole, ' ');
            fraction = sep >= 0 ? s[(sep + 1)..].ToString() : "";
        }
        else if (dots > 0 && commas > 0)
        {
            // Both present: whichever comes last is the decimal separator.
            var decimalSep = lastDot > lastComma ? '.' : ',';
            var groupSep = decimalSep == '.' ? ',' : '.';
            if ((decimalSep == '.' ? dots : commas) != 1)
            {
                return NumberProblem.BadSeparators;
            }

            var at = Math.Max(lastDot, lastComma);
            if (!GroupsAreThousands(s[..at], groupSep, allowRuns: false))
            {
                return NumberProblem.BadSeparators;
            }

            integerPart = Without(s[..at], groupSep);
            fraction = s[(at + 1)..].ToString();
        }
        else if (dots > 1 || commas > 1)
        {
            var sep = dots > 1 ? '.' : ',';
            if (!GroupsAreThousands(s, sep, allowRuns: false))
            {
                return NumberProblem.BadSeparators;
            }

            integerPart = Without(s, sep);
        }
        else if (dots == 1 && s.Length - lastDot - 1 == 3)
        {
            // "1.500": a thousands dot, or a decimal point typed the English way.
            var left = s[..lastDot];
            var groupsProperly = left.Length is >= 1 and <= 3 && left[0] != '0';
            integerPart = Without(s, '.');
            if (groupsProperly && !mayBeFraction)
            {
                return ToDecimal(integerPart, "", out value);
            }

            var thousands = ToDecimal(integerPart, "", out value);
            var asDecimal = ToDecimal(left.ToString(), s[(lastDot + 1)..].ToString(), out alternative);
            return thousands != NumberProblem.None ? thousands : asDecimal != NumberProblem.None ? asDecimal : NumberProblem.Ambiguous;
        }
        else if (dots == 1 || commas == 1)
        {
            var at = Math.Max(lastDot, lastComma);
            integerPart = s[..at].ToString();
            fraction = s[(at + 1)..].ToString();
        }
        else
        {
            integerPart = s.ToString();
        }

        return ToDecimal(integerPart, fraction, out value);
    }

    private static NumberProblem ToDecimal(string integerPart, string fraction, out decimal value)
    {
        value = 0;
        if (integerPart.Length == 0)
        {
            return NumberProblem.BadSeparators;
        }

        var significant = integerPart.TrimStart('0');
        if (significant.Length > MaxIntegerDigits || fraction.Length > MaxFractionDigits)
        {
            return NumberProblem.TooManyDigits;
        }

        foreach (var c in integerPart)
        {
            if (!char.IsAsciiDigit(c))
            {
                return NumberProblem.BadSeparators;
            }
        }

        foreach (var c in fraction)
        {
            if (!char.IsAsciiDigit(c))
            {
                return NumberProblem.BadSeparators;
            }
        }

        var digits = (significant.Length == 0 ? "0" : significant) + (fraction.Length > 0 ? "." + fraction : "");
        return decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) ? NumberProblem.None : NumberProblem.BadSeparators;
    }

    /// <summary>First group of 1–3 digits, every later group of exactly 3; with <paramref name="allowRuns"/>, runs of the separator count as one.</summary>
    private static bool GroupsAreThousands(ReadOnlySpan<char> s, char sep, bool allowRuns)
    {
        var group = 0;
        var first = true;
        for (var i = 0; i <= s.Length; i++)
        {
            if (i < s.Length && s[i] != sep)
            {
                group++;
                continue;
            }

            if (group == 0 && allowRuns && !first)
            {
                continue;
            }

            if (first ? group is < 1 or > 3 : group != 3)
            {
                return false;
            }

            first = false;
            group = 0;
        }

        return true;
    }

    private static string Without(ReadOnlySpan<char> s, char sep)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c != sep)
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>The input as quoted in a message: at most 40 characters, on one line.</summary>
    private static string Shorten(string input)
    {
        const int max = 40;
        if (input.Length <= max)
        {
            return input.ReplaceLineEndings(" ");
        }

        var cut = char.IsHighSurrogate(input[max - 2]) ? max - 2 : max - 1;
        return string.Concat(input.AsSpan(0, cut), "…").ReplaceLineEndings(" ");
    }
}
