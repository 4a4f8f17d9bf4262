using UnionReview.Dialogs.Model;

namespace UnionReview.Dialogs.Engine;

/// <summary>Where a report stands in its life cycle.</summary>
public enum ReportStatus
{
    /// <summary>No answer yet.</summary>
    NotStarted,
    /// <summary>Being answered.</summary>
    InProgress,
    /// <summary>Submitted and locked.</summary>
    Submitted,
    /// <summary>Returned by the committee for revision; open again.</summary>
    Returned,
}

/// <summary>What the conversation is waiting for.</summary>
public enum DialogMode
{
    /// <summary>Nothing in particular: the next input starts or resumes.</summary>
    Idle,
    /// <summary>An answer to <see cref="DialogState.QuestionId"/>.</summary>
    Answering,
    /// <summary>A confirmation, correction or explanation of an unusual figure.</summary>
    ConfirmFigure,
    /// <summary>A section chosen from the menu.</summary>
    SectionMenu,
    /// <summary>Reading the review.</summary>
    Review,
    /// <summary>Confirmation of submission.</summary>
    ConfirmSubmit,
    /// <summary>The follow-up of <see cref="DialogState.QuestionId"/>'s saved answer (e.g. the solution to a named problem).</summary>
    FollowUp,
    /// <summary>Which of two readings of an ambiguous figure was meant ("0,5 hay 500?"); see <see cref="DialogState.PendingReadings"/>.</summary>
    ChooseReading,
}

/// <summary>The conversation's position: stored after every turn so it resumes exactly there.</summary>
public sealed record DialogState
{
    /// <summary>What the conversation waits for.</summary>
    public DialogMode Mode { get; init; }
    /// <summary>The current question.</summary>
    public string? QuestionId { get; init; }
    /// <summary>Text received so far for a long answer, or the options ticked so far.</summary>
    public string? Draft { get; init; }
    /// <summary>A figure waiting for confirmation.</summary>
    public decimal? PendingNumber { get; init; }
    /// <summary>The two readings of an ambiguous figure, in the order offered (decimal first, thousands second).</summary>
    public IReadOnlyList<decimal>? PendingReadings { get; init; }
    /// <summary>The explanation sent with the figure waiting for confirmation (or for its reading to be chosen), if any.</summary>
    public string? PendingNote { get; init; }
    /// <summary>Set while editing from the review: the section to return to.</summary>
    public string? ReturnToSectionId { get; init; }
    /// <summary>Optional questions the officer chose to skip.</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];

    /// <summary>The state of a conversation that has not begun.</summary>
    public static DialogState Initial { get; } = new();
}

/// <summary>Everything the engine needs to know about the report for one turn.</summary>
public sealed record ReportContext
{
    /// <summary>The outline being answered.</summary>
    public required OutlineDefinition Outline { get; init; }
    /// <summary>Current answers by question id.</summary>
    public required IReadOnlyDictionary<string, AnswerValue> Answers { get; init; }
    /// <summary>Report status.</summary>
    public ReportStatus Status { get; init; }
    /// <summary>Assigned targets (KH giao) by indicator id.</summary>
    public IReadOnlyDictionary<string, decimal> Targets { get; init; } = new Dictionary<string, decimal>();
    /// <summary>Name of the reporting unit.</summary>
    public required string UnitName { get; init; }
    /// <summary>The unit's deadline, if any.</summary>
    public DateOnly? Deadline { get; init; }
    /// <summary>Today's date where the units are (for "overdue"); null when the caller does not say.</summary>
    public DateOnly? Today { get; init; }
    /// <summary>The committee's note when the report was returned.</summary>
    public string? ReturnNote { get; init; }
    /// <summary>The reporting unit's level; questions meant for other levels (<see cref="QuestionDefinition.Levels"/>) are not asked. Null when not known: every question is asked.</summary>
    public UnionLevel? UnitLevel { get; init; }
    /// <summary>Text shown to the officer before a question, keyed by question id (for example an indicator table).</summary>
    public IReadOnlyDictionary<string, string> Briefings { get; init; } = new Dictionary<string, string>();
}
