using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace UnionReview.Dialogs.Input;

/// <summary>The result of reading a number: the value, or a Vietnamese explanation of what is wrong.</summary>
public readonly record struct NumberReading(decimal? Value, string? Error)
{
    /// <summary>Whether a number was read.</summary>
    public bool Success => Value is not null;
}

/// <summary>
/// Reads numbers the way Vietnamese officers type them: "1.483.900", "1,5 triệu", "2 tỷ", "233,3",
/// "80.750.000đ", "12 tin", "1 483 900", "-5".
/// </summary>
/// <remarks>
/// Vietnamese writing uses the dot for thousands and the comma for decimals. A lone dot followed by
/// other than three digits ("1.5") is read as a decimal point, since that is what someone typing the
/// English way means; a lone dot followed by exactly three digits ("1.500") is a thousands dot.
/// </remarks>
public static partial class VietnameseNumberParser
{
    private static readonly (string Word, decimal Factor)[] Multipliers =
    [
        ("nghìn", 1_000m), ("ngàn", 1_000m), ("ngan", 1_000m), ("nghin", 1_000m), ("k", 1_000m),
        ("triệu", 1_000_000m), ("trieu", 1_000_000m), ("tr", 1_000_000m),
        ("tỷ", 1_000_000_000m), ("tỉ", 1_000_000_000m), ("ty", 1_000_000_000m), ("ti", 1_000_000_000m),
    ];

    // Words that may follow a number as its unit; anything else is not a number.
    private static readonly string[] UnitWords =
    [
        "đồng", "đ", "vnđ", "vnd", "dong", "d", "người", "nguoi", "tin", "bài", "bai", "tin bài", "tin, bài", "cđcs", "cdcs",
        "công đoàn cơ sở", "lượt", "lượt người", "vụ", "hội nghị", "sáng kiến", "đơn vị", "%", "phần trăm", "đoàn viên", "đv",
    ];

    [GeneratedRegex(@"^(?<sign>[-−+])?\s*(?<num>\d[\d.,\s]*\d|\d)\s*(?<rest>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    /// <summary>Reads a number, accepting the question's unit (and common unit words) after it.</summary>
    public static NumberReading Parse(string? input, string? unit = null)
    {
        var text = Normalize(input);
        if (text.Length == 0)
        {
            return new(null, DialogTexts.NumberEmpty);
        }

        var match = NumberPattern().Match(text);
        if (!match.Success)
        {
            return new(null, DialogTexts.NumberUnreadable(input!.Trim()));
        }

        var digits = match.Groups["num"].Value;
        var rest = match.Groups["rest"].Value.Trim();
        decimal factor = 1m;
        foreach (var (word, f) in Multipliers)
        {
            if (rest == word || rest.StartsWith(word + " ", StringComparison.Ordinal) || (rest.StartsWith(word, StringComparison.Ordinal) && word.Length > 1 && IsUnitWord(rest[word.Length..].Trim(), unit)))
            {
                factor = f;
                rest = rest[word.Length..].Trim();
                break;
            }
        }

        if (rest.Length > 0 && !IsUnitWord(rest, unit))
        {
            return new(null, DialogTexts.NumberUnreadable(input!.Trim()));
        }

        if (!TryReadDigits(digits, out var value))
        {
            return new(null, DialogTexts.NumberBadSeparators(input!.Trim()));
        }

        value *= factor;
        if (match.Groups["sign"].Value is "-" or "−")
        {
            value = -value;
        }

        return new(value, null);
    }

    private static string Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return "";
        }

        // NFC so that "tỷ" typed with combining marks matches; non-breaking spaces become spaces.
        var text = input.Normalize(NormalizationForm.FormC).Replace('\u00A0', ' ').Replace('\u202F', ' ').Trim().ToLowerInvariant();
        return text.TrimEnd('.', '!', ' ');
    }

    private static bool IsUnitWord(string rest, string? unit)
    {
        if (rest.Length == 0)
        {
            return true;
        }

        if (unit is not null)
        {
            var u = unit.Normalize(NormalizationForm.FormC).ToLowerInvariant();
            if (rest == u || u.StartsWith(rest + " ", StringComparison.Ordinal) || u.StartsWith(rest, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return UnitWords.Contains(rest, StringComparer.Ordinal);
    }

    private static bool TryReadDigits(string raw, out decimal value)
    {
        value = 0;
        var s = raw.Replace(" ", "", StringComparison.Ordinal);
        if (raw.Contains(' ', StringComparison.Ordinal) && !SpaceGroupsAreThousands(raw))
        {
            return false;
        }

        var dots = s.Count(c => c == '.');
        var commas = s.Count(c => c == ',');
        string integerPart, fraction = "";
        if (dots > 0 && commas > 0)
        {
            // Both present: whichever comes last is the decimal separator.
            var decimalSep = s.LastIndexOf('.') > s.LastIndexOf(',') ? '.' : ',';
            var groupSep = decimalSep == '.' ? ',' : '.';
            if (s.Count(c => c == decimalSep) != 1)
            {
                return false;
            }

            var at = s.LastIndexOf(decimalSep);
            integerPart = s[..at];
            fraction = s[(at + 1)..];
            if (!GroupsAreThousands(integerPart, groupSep))
            {
                return false;
            }

            integerPart = integerPart.Replace(groupSep.ToString(), "", StringComparison.Ordinal);
        }
        else if (dots > 1 || commas > 1)
        {
            var sep = dots > 1 ? '.' : ',';
            if (!GroupsAreThousands(s, sep))
            {
                return false;
            }

            integerPart = s.Replace(sep.ToString(), "", StringComparison.Ordinal);
        }
        else if (dots == 1)
        {
            var at = s.IndexOf('.', StringComparison.Ordinal);
            if (s.Length - at - 1 == 3)
            {
                integerPart = s.Remove(at, 1);
            }
            else
            {
                integerPart = s[..at];
                fraction = s[(at + 1)..];
            }
        }
        else if (commas == 1)
        {
            var at = s.IndexOf(',', StringComparison.Ordinal);
            integerPart = s[..at];
            fraction = s[(at + 1)..];
        }
        else
        {
            integerPart = s;
        }

        if (integerPart.Length == 0 || !integerPart.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit) || integerPart.Length > 18)
        {
            return false;
        }

        return decimal.TryParse(fraction.Length > 0 ? $"{integerPart}.{fraction}" : integerPart, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    private static bool GroupsAreThousands(string s, char sep)
    {
        var groups = s.Split(sep);
        return groups[0].Length is >= 1 and <= 3 && groups.Skip(1).All(g => g.Length == 3);
    }

    private static bool SpaceGroupsAreThousands(string raw)
    {
        var groups = raw.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return groups.Length > 1 && groups[0].Length <= 3 && groups.Skip(1).All(g => g.Length == 3 && g.All(char.IsAsciiDigit));
    }
}
