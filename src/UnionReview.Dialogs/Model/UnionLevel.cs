using UnionReview.Dialogs.Text;

namespace UnionReview.Dialogs.Model;

/// <summary>A level of the union tree that an outline question can be meant for (outline key <c>levels</c>).</summary>
public enum UnionLevel
{
    /// <summary>Công đoàn cơ sở (outline value <c>co-so</c>).</summary>
    Grassroots,
    /// <summary>Công đoàn cấp trên trực tiếp cơ sở: district, sector, industrial-zone unions (outline value <c>cap-tren-co-so</c>).</summary>
    UpperLevel,
}

/// <summary>The outline's names of <see cref="UnionLevel"/>, and a unit's level recognised from the name of its level.</summary>
public static class UnionLevels
{
    /// <summary>The values an outline may write under <c>levels</c>.</summary>
    public static IReadOnlyDictionary<string, UnionLevel> OutlineValues { get; } = new Dictionary<string, UnionLevel>(StringComparer.Ordinal)
    {
        ["co-so"] = UnionLevel.Grassroots,
        ["cap-tren-co-so"] = UnionLevel.UpperLevel,
    };

    /// <summary>
    /// The level a unit-level name stands for (levels are data, named by the organisation): a name with “cấp trên”
    /// (“Công đoàn cấp trên trực tiếp cơ sở”) is <see cref="UnionLevel.UpperLevel"/>, another name with “cơ sở”
    /// (“Công đoàn cơ sở”) is <see cref="UnionLevel.Grassroots"/>, with or without diacritics; any other name (the
    /// provincial federation, its departments) is null, and such a unit is asked every question.
    /// </summary>
    public static UnionLevel? FromLevelName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var folded = " " + string.Join(' ', Diacritics.Fold(name).Split([' ', ',', '-', '(', ')'], StringSplitOptions.RemoveEmptyEntries)) + " ";
        return folded.Contains(" cap tren ", StringComparison.Ordinal) ? UnionLevel.UpperLevel
            : folded.Contains(" co so ", StringComparison.Ordinal) ? UnionLevel.Grassroots
            : null;
    }
}
