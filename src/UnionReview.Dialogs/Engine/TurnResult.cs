using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;

namespace UnionReview.Dialogs.Engine;

/// <summary>A change the engine asks the caller to store.</summary>
public abstract record DialogEffect;

/// <summary>Store (or replace) the answer to a question.</summary>
public sealed record AnswerSaved(QuestionDefinition Question, AnswerValue Value) : DialogEffect;

/// <summary>Submit and lock the report.</summary>
public sealed record ReportSubmitted : DialogEffect;

/// <summary>The expected outcomes of a turn: a small closed set, never exceptions.</summary>
public abstract record TurnOutcome
{
    private TurnOutcome()
    {
    }

    /// <summary>An answer was stored.</summary>
    public sealed record AnswerAccepted(string QuestionId) : TurnOutcome;
    /// <summary>An answer was refused; the question is asked again.</summary>
    public sealed record AnswerRejected(string QuestionId, string Reason) : TurnOutcome;
    /// <summary>Part of a long answer was received and kept.</summary>
    public sealed record DraftExtended(string QuestionId, int Length) : TurnOutcome;
    /// <summary>The answer was stored and its follow-up (a concrete solution) is asked for.</summary>
    public sealed record FollowUpAsked(string QuestionId) : TurnOutcome;
    /// <summary>An unusual figure awaits confirmation.</summary>
    public sealed record FigureQuestioned(string QuestionId, decimal Value) : TurnOutcome;
    /// <summary>A figure could be read two ways ("0.500": 0,5 or 500); the officer is asked which was meant.</summary>
    public sealed record ReadingQuestioned(string QuestionId, decimal First, decimal Second) : TurnOutcome;
    /// <summary>A question, menu, review or progress was shown.</summary>
    public sealed record Shown : TurnOutcome;
    /// <summary>Every question has been gone through.</summary>
    public sealed record OutlineFinished(int MissingRequired) : TurnOutcome;
    /// <summary>Submission refused for missing required answers.</summary>
    public sealed record SubmitRefused(IReadOnlyList<string> MissingQuestionIds) : TurnOutcome;
    /// <summary>The report was submitted.</summary>
    public sealed record Submitted : TurnOutcome;
    /// <summary>A button from an older message that no longer applies.</summary>
    public sealed record StaleAction : TurnOutcome;
    /// <summary>A change was refused because the report is locked.</summary>
    public sealed record Locked : TurnOutcome;
    /// <summary>An unknown command or button.</summary>
    public sealed record Unknown(string Input) : TurnOutcome;
}

/// <summary>What one turn produced: the new state, the replies, the changes to store and the outcome.</summary>
public sealed record TurnResult(DialogState State, IReadOnlyList<OutgoingMessage> Replies, IReadOnlyList<DialogEffect> Effects, TurnOutcome Outcome);
