namespace UnionReview.Server.Features.Indicators;

/// <summary>Indicator settings (section "Indicators").</summary>
public sealed class IndicatorOptions
{
    public const string Section = "Indicators";

    /// <summary>
    /// Seed the demo campaign of the 6th executive-committee conference (discussion guide and the 2019 indicator
    /// figures of seed 004) into a fresh database, after the demo organisation.
    /// </summary>
    public bool SeedDemo { get; set; } = true;

    /// <summary>Longest chat message of a rendered table, in characters (the table is split between units).</summary>
    public int MessageLimit { get; set; } = IndicatorTableRenderer.DefaultMessageLimit;
}
