using System.Globalization;

namespace UnionReview.Dialogs.Model;

/// <summary>Numbers, money and percentages written the Vietnamese way: 1.483.900, 233,3%, 80.750.000đ.</summary>
public static class VietnameseFormat
{
    /// <summary>The vi-VN culture: dot for thousands, comma for decimals.</summary>
    public static readonly CultureInfo Culture = CreateCulture();

    private static CultureInfo CreateCulture()
    {
        // Build the separators by hand so output does not depend on the machine's ICU data.
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberGroupSeparator = ".";
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.PercentGroupSeparator = ".";
        culture.NumberFormat.PercentDecimalSeparator = ",";
        return CultureInfo.ReadOnly(culture);
    }

    /// <summary>A number with thousands dots and up to two decimals: 1.483.900; 233,33.</summary>
    public static string Number(decimal value) => value.ToString("#,##0.##", Culture);

    /// <summary>Money in đồng: 80.750.000đ.</summary>
    public static string Money(decimal value) => value.ToString("#,##0", Culture) + "đ";

    /// <summary>
    /// The one rounding rule for achievement percentages: half away from zero, to one decimal place unless a table
    /// prints another precision (0–2 places), trailing zeros dropped (230; 233,3; 141,7; 102).
    /// </summary>
    public static decimal RoundPercent(decimal percent, int decimals = 1) => Math.Round(percent, decimals, MidpointRounding.AwayFromZero);

    /// <summary>Achievement vs. target as a percentage, rounded by <see cref="RoundPercent"/>; null without a positive target.</summary>
    public static decimal? Achievement(decimal actual, decimal target, int decimals = 1) => target > 0 ? RoundPercent(actual * 100m / target, decimals) : null;

    /// <summary>A percentage rounded by the one rule and written with a comma: 233,3%.</summary>
    public static string Percent(decimal percent, int decimals = 1) =>
        RoundPercent(percent, decimals).ToString(decimals switch { <= 0 => "#,##0", 1 => "#,##0.#", _ => "#,##0.##" }, Culture) + "%";
}
