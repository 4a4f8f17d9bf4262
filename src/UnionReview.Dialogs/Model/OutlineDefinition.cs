namespace UnionReview.Dialogs.Model;

/// <summary>The kind of answer a question expects.</summary>
public enum QuestionKind
{
    /// <summary>Long free text, possibly sent over several messages.</summary>
    Text,
    /// <summary>A number with a unit of measure (người, CĐCS, tin bài…).</summary>
    Number,
    /// <summary>An amount of money in đồng.</summary>
    Money,
    /// <summary>An actual figure compared with the unit's assigned target (KH giao).</summary>
    Indicator,
    /// <summary>One (or several) of a fixed list of options.</summary>
    Choice,
    /// <summary>Yes or no.</summary>
    YesNo,
}

/// <summary>How an indicator's figures add up over a unit's subtree.</summary>
public enum IndicatorAggregate
{
    /// <summary>Totals are sums of the rows.</summary>
    Sum,
    /// <summary>Totals are the mean of the rows that have a figure.</summary>
    Average,
    /// <summary>Totals are the largest row.</summary>
    Max,
}

/// <summary>One option of a choice question.</summary>
public sealed record ChoiceOption(string Value, string Label);

/// <summary>An indicator measured against an assigned target.</summary>
public sealed record IndicatorDefinition(string Id, string Name, string Unit, IndicatorAggregate Aggregate)
{
    /// <summary>
    /// When set, the target is not assigned directly but derived: the assigned figure of this other indicator
    /// (e.g. the number of members) times <see cref="Rate"/> (e.g. 50.000đ per member).
    /// </summary>
    public string? Basis { get; init; }
    /// <summary>Multiplier of <see cref="Basis"/>; 1 when not given.</summary>
    public decimal Rate { get; init; } = 1m;

    /// <summary>The unit's target for this indicator from the assigned figures, derived through <see cref="Basis"/> when set; null when none.</summary>
    public decimal? TargetFrom(IReadOnlyDictionary<string, decimal> assigned)
    {
        ArgumentNullException.ThrowIfNull(assigned);
        if (Basis is { } basis)
        {
            return assigned.TryGetValue(basis, out var b) ? b * Rate : null;
        }

        return assigned.TryGetValue(Id, out var t) ? t : null;
    }
}

/// <summary>What a question asks for after its answer.</summary>
public enum FollowUpKind
{
    /// <summary>Nothing.</summary>
    None,
    /// <summary>A concrete solution, when the answer names only a problem (see <see cref="Engine.SolutionDetector"/>).</summary>
    Solution,
}

/// <summary>How the rows of an indicator table are ordered.</summary>
public sealed record IndicatorTableDefinition(string Id, string Title, IReadOnlyList<string> IndicatorIds)
{
    /// <summary>Rows by this indicator's achievement, highest first (units without a result last); null keeps the units' order.</summary>
    public string? SortBy { get; init; }
    /// <summary>A line printed under the table (which plan, which period).</summary>
    public string? Footnote { get; init; }
    /// <summary>Decimal places of the table's percentages (0–2; the seed prints 230%, 102% but 233,3%).</summary>
    public int PercentDecimals { get; init; } = 1;
}

/// <summary>One question of an outline.</summary>
public sealed record QuestionDefinition
{
    /// <summary>Stable identifier, unique in its outline.</summary>
    public required string Id { get; init; }
    /// <summary>What kind of answer is expected.</summary>
    public required QuestionKind Kind { get; init; }
    /// <summary>The question as asked in the chat.</summary>
    public required string Prompt { get; init; }
    /// <summary>Guidance shown with the question.</summary>
    public string? Help { get; init; }
    /// <summary>Whether submission needs an answer.</summary>
    public bool Required { get; init; } = true;
    /// <summary>Longest accepted text answer, in characters.</summary>
    public int MaxLength { get; init; } = OutlineDefinition.DefaultMaxTextLength;
    /// <summary>Shortest accepted text answer, in characters.</summary>
    public int MinLength { get; init; }
    /// <summary>Unit of measure for numbers (đồng for money; the indicator's unit for indicators).</summary>
    public string? Unit { get; init; }
    /// <summary>Whether numbers must be whole.</summary>
    public bool WholeNumber { get; init; } = true;
    /// <summary>Smallest accepted number.</summary>
    public decimal? Min { get; init; }
    /// <summary>Largest accepted number.</summary>
    public decimal? Max { get; init; }
    /// <summary>The indicator an indicator question measures.</summary>
    public IndicatorDefinition? Indicator { get; init; }
    /// <summary>Options of a choice question.</summary>
    public IReadOnlyList<ChoiceOption> Options { get; init; } = [];
    /// <summary>Whether a choice question takes several options.</summary>
    public bool Multiple { get; init; }
    /// <summary>Identifier of the section the question belongs to.</summary>
    public required string SectionId { get; init; }
    /// <summary>Position in the whole outline, from 0.</summary>
    public int Index { get; init; }
    /// <summary>What the engine asks after the answer (for example a solution when only a problem was named).</summary>
    public FollowUpKind FollowUp { get; init; }
    /// <summary>An indicator table whose rows for the unit are shown before the question.</summary>
    public string? Table { get; init; }
    /// <summary>An earlier numeric question whose answer this one may not exceed (members within workers); outline key <c>atMost</c>.</summary>
    public string? AtMost { get; init; }

    /// <summary>The union levels the question is meant for (outline key <c>levels</c>); empty for every level.</summary>
    public IReadOnlyList<UnionLevel> Levels { get; init; } = [];

    /// <summary>Whether a unit of <paramref name="level"/> is asked this question: always when the question names no level or the unit's level is not known.</summary>
    public bool AppliesTo(UnionLevel? level) => Levels.Count == 0 || level is null || Levels.Contains(level.Value);

    /// <summary>Whether the answer is a number (number, money or indicator).</summary>
    public bool IsNumeric => Kind is QuestionKind.Number or QuestionKind.Money or QuestionKind.Indicator;
}

/// <summary>A section of the outline (one area of the report).</summary>
public sealed record SectionDefinition
{
    /// <summary>Stable identifier, unique in its outline.</summary>
    public required string Id { get; init; }
    /// <summary>The outline's own numbering, e.g. "II.3".</summary>
    public required string Code { get; init; }
    /// <summary>The group heading this section opens, if any (e.g. "II. KẾT QUẢ…").</summary>
    public string? Heading { get; init; }
    /// <summary>Section title.</summary>
    public required string Title { get; init; }
    /// <summary>Paragraph shown before the guidance.</summary>
    public string? Intro { get; init; }
    /// <summary>The outline's guidance bullets for this area.</summary>
    public IReadOnlyList<string> Guidance { get; init; } = [];
    /// <summary>Questions in order.</summary>
    public required IReadOnlyList<QuestionDefinition> Questions { get; init; }
    /// <summary>Identifier of the part the section belongs to.</summary>
    public required string PartId { get; init; }
    /// <summary>Position among all sections, from 0.</summary>
    public int Index { get; init; }

    /// <summary>Code and title as shown in menus.</summary>
    public string Label => $"{Code}. {Title}";
}

/// <summary>A part of the outline (PHẦN THỨ NHẤT, PHẦN THỨ HAI).</summary>
public sealed record PartDefinition(string Id, string Title, string? Subtitle, IReadOnlyList<SectionDefinition> Sections);

/// <summary>A whole report outline or discussion guide, loaded and validated.</summary>
public sealed class OutlineDefinition
{
    /// <summary>Default limit for long text answers.</summary>
    public const int DefaultMaxTextLength = 20_000;

    private readonly Dictionary<string, QuestionDefinition> _questions;
    private readonly Dictionary<string, SectionDefinition> _sections;

    /// <summary>Builds the outline and its indexes.</summary>
    public OutlineDefinition(string id, string title, string? description, IReadOnlyList<PartDefinition> parts, IReadOnlyList<IndicatorDefinition> indicators, IReadOnlyList<IndicatorTableDefinition>? tables = null)
    {
        Tables = tables ?? [];
        Id = id;
        Title = title;
        Description = description;
        Parts = parts;
        Indicators = indicators;
        Sections = [.. parts.SelectMany(p => p.Sections)];
        Questions = [.. Sections.SelectMany(s => s.Questions)];
        _questions = Questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
        _sections = Sections.ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    /// <summary>Stable identifier.</summary>
    public string Id { get; }
    /// <summary>Report title.</summary>
    public string Title { get; }
    /// <summary>Short introduction shown at the start.</summary>
    public string? Description { get; }
    /// <summary>Parts in order.</summary>
    public IReadOnlyList<PartDefinition> Parts { get; }
    /// <summary>Indicators the outline measures.</summary>
    public IReadOnlyList<IndicatorDefinition> Indicators { get; }
    /// <summary>Indicator tables the outline lays out (which indicators side by side, how rows are ordered).</summary>
    public IReadOnlyList<IndicatorTableDefinition> Tables { get; }
    /// <summary>All sections in order.</summary>
    public IReadOnlyList<SectionDefinition> Sections { get; }
    /// <summary>All questions in order.</summary>
    public IReadOnlyList<QuestionDefinition> Questions { get; }

    /// <summary>Finds a question by id.</summary>
    public QuestionDefinition? FindQuestion(string? id) => id is not null && _questions.TryGetValue(id, out var q) ? q : null;

    /// <summary>Finds a section by id.</summary>
    public SectionDefinition? FindSection(string? id) => id is not null && _sections.TryGetValue(id, out var s) ? s : null;

    /// <summary>The section a question belongs to.</summary>
    public SectionDefinition SectionOf(QuestionDefinition question) => _sections[question.SectionId];

    /// <summary>
    /// Decimal places of an indicator's achievement percentage: those of the first table that lists the indicator, so
    /// the conversation and the table print the same figure (102% in both); one place for an indicator in no table.
    /// </summary>
    public int PercentDecimalsOf(string? indicatorId) =>
        indicatorId is null ? 1 : Tables.FirstOrDefault(t => t.IndicatorIds.Contains(indicatorId))?.PercentDecimals ?? 1;
}
