using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;

namespace UnionReview.Dialogs.Engine;

/// <summary>
/// One turn in progress: the state as it changes, the report's answers with this turn's changes, the replies and
/// effects so far, and what every part of the conversation shares (saving an answer, moving to a question, buttons).
/// The parts — <see cref="TurnRouter"/>, <see cref="Navigation"/>, <see cref="ReviewAndSubmit"/>, the answer kinds,
/// <see cref="SolutionFollowUp"/> and <see cref="QuestionPrompt"/> — each do one job on it.
/// </summary>
internal sealed class Turn
{
    public Turn(DialogState state, ReportContext context)
    {
        State = state;
        Context = context;
        Outline = context.Outline;
        Answers = new(context.Answers, StringComparer.Ordinal);
        Router = new(this);
        Navigation = new(this);
        Review = new(this);
        Numbers = new(this);
        Choices = new(this);
        Texts = new(this);
        YesNo = new(this);
        FollowUp = new(this);
        Prompt = new(this);
    }

    public ReportContext Context { get; }
    public OutlineDefinition Outline { get; }
    /// <summary>The report's answers, with those saved in this turn.</summary>
    public Dictionary<string, AnswerValue> Answers { get; }
    public DialogState State { get; set; }
    public List<OutgoingMessage> Replies { get; } = [];
    public List<DialogEffect> Effects { get; } = [];

    public TurnRouter Router { get; }
    public Navigation Navigation { get; }
    public ReviewAndSubmit Review { get; }
    public NumberAnswers Numbers { get; }
    public ChoiceAnswers Choices { get; }
    public TextAnswers Texts { get; }
    public YesNoAnswers YesNo { get; }
    public SolutionFollowUp FollowUp { get; }
    public QuestionPrompt Prompt { get; }

    public bool Locked => Context.Status == ReportStatus.Submitted;

    public QuestionDefinition? Current => Outline.FindQuestion(State.QuestionId);

    public TurnResult Done(TurnOutcome outcome) => new(State, Replies, Effects, outcome);

    /// <summary>Whether the unit is asked <paramref name="q"/> (it is meant for the unit's level).</summary>
    public bool Applies(QuestionDefinition q) => q.AppliesTo(Context.UnitLevel);

    /// <summary>The questions the unit is asked, in order.</summary>
    public IReadOnlyList<QuestionDefinition> Questions => _questions ??= Outline.Questions.Any(q => !Applies(q)) ? [.. Outline.Questions.Where(Applies)] : Outline.Questions;

    private IReadOnlyList<QuestionDefinition>? _questions;

    /// <summary>The unit's share of answered questions, 0–100.</summary>
    public int PercentAnswered => DialogEngine.PercentAnswered(Outline, Answers, Context.UnitLevel);

    /// <summary>Required questions the unit is asked and has not answered.</summary>
    public IReadOnlyList<QuestionDefinition> MissingRequired() => DialogEngine.MissingRequired(Outline, Answers, Context.UnitLevel);

    public bool IsAnswered(QuestionDefinition q) => Answers.TryGetValue(q.Id, out var a) && !a.IsEmpty;

    public void Say(string text, params IReadOnlyList<ChatButton>[] rows) => Replies.Add(new OutgoingMessage(text, rows));

    /// <summary>Asks the current question (see <see cref="QuestionPrompt"/>).</summary>
    public void AskCurrent(bool showGuidance, bool brief = false) => Prompt.Ask(showGuidance, brief);

    public TurnResult Reject(QuestionDefinition q, string reason)
    {
        Say("⚠️ " + reason);
        AskCurrent(showGuidance: false, brief: true);
        return Done(new TurnOutcome.AnswerRejected(q.Id, reason));
    }

    /// <summary>Stores the answer, confirms it and goes on to the next open question (or back to the review).</summary>
    public TurnResult Save(QuestionDefinition q, AnswerValue value, string confirmation)
    {
        Answers[q.Id] = value;
        Effects.Add(new AnswerSaved(q, value));
        State = State with { Draft = null, PendingNumber = null, PendingNote = null, PendingReadings = null, Skipped = [.. State.Skipped.Where(s => s != q.Id)] };
        Say(confirmation);
        var result = Navigation.Advance(q);
        return result with { Outcome = new TurnOutcome.AnswerAccepted(q.Id) };
    }

    /// <summary>The first question after <paramref name="after"/> (wrapping round) that is neither answered nor skipped.</summary>
    public QuestionDefinition? NextOpen(QuestionDefinition? after)
    {
        bool Open(QuestionDefinition q) => Applies(q) && !IsAnswered(q) && !State.Skipped.Contains(q.Id);
        var start = after is null ? 0 : after.Index + 1;
        for (var i = start; i < Outline.Questions.Count; i++)
        {
            if (Open(Outline.Questions[i]))
            {
                return Outline.Questions[i];
            }
        }

        for (var i = 0; i < start && i < Outline.Questions.Count; i++)
        {
            if (Open(Outline.Questions[i]) && Outline.Questions[i].Id != after?.Id)
            {
                return Outline.Questions[i];
            }
        }

        return null;
    }

    public void MoveTo(QuestionDefinition q, bool keepDraft) =>
        State = State with { Mode = DialogMode.Answering, QuestionId = q.Id, Draft = keepDraft ? State.Draft : null, PendingNumber = null, PendingNote = null, PendingReadings = null, ReturnToSectionId = keepDraft ? State.ReturnToSectionId : null };

    public void SaveDraftOnLeave(QuestionDefinition current)
    {
        // Leaving a half-written long answer must not lose it: the text so far becomes the answer (or its follow-up).
        if (State.Mode == DialogMode.FollowUp && !string.IsNullOrWhiteSpace(State.Draft) && !Locked && Answers.TryGetValue(current.Id, out var answered))
        {
            var value = answered with { FollowUp = State.Draft.Trim() };
            Answers[current.Id] = value;
            Effects.Add(new AnswerSaved(current, value));
            Say(DialogTexts.FollowUpSavedOnLeave);
        }
        else if (current.Kind == QuestionKind.Text && State.Mode == DialogMode.Answering && !string.IsNullOrWhiteSpace(State.Draft) && !Locked)
        {
            var value = AnswerValue.OfText(State.Draft.Trim());
            Answers[current.Id] = value;
            Effects.Add(new AnswerSaved(current, value));
            Say(DialogTexts.DraftSavedOnLeave(TextLength(value.Text)));
        }

        State = State with { Draft = null, PendingNumber = null, PendingNote = null, PendingReadings = null };
    }

    public int PercentDecimals(QuestionDefinition q) => Outline.PercentDecimalsOf(q.Indicator?.Id);

    public decimal? Target(QuestionDefinition q) => q.Indicator?.TargetFrom(Context.Targets);

    public static string Format(QuestionDefinition q, decimal value) =>
        q.Kind == QuestionKind.Money || q.Unit == "đồng" ? VietnameseFormat.Money(value) : VietnameseFormat.Number(value) + (q.Unit is null ? "" : " " + q.Unit);

    /// <summary>The options ticked so far on a multiple-choice question.</summary>
    public List<string> SplitDraft() => string.IsNullOrEmpty(State.Draft) ? [] : [.. State.Draft.Split(',', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>Length as a reader counts it: user-perceived characters (an emoji or a letter with its marks is one).</summary>
    public static int TextLength(string? text) => DialogEngine.TextLength(text);

    public static string Shorten(string text, int max)
    {
        var oneLine = text.ReplaceLineEndings(" ");
        return oneLine.Length <= max ? oneLine : string.Concat(oneLine.AsSpan(0, max - 1), "…");
    }

    public static ChatButton Button(string label, DialogCommand command) => new(label, command.ToPayload());

    public ChatButton[] NavigationRow() => Locked
        ? [Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review)), Button(DialogTexts.ButtonProgress, new(DialogCommandKind.Progress))]
        : [Button(DialogTexts.ButtonContinue, new(DialogCommandKind.Continue)), Button(DialogTexts.ButtonMenu, new(DialogCommandKind.Menu)), Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review))];

    public static ChatButton[] DraftRow(QuestionDefinition q) =>
        [Button(DialogTexts.ButtonDone, new(DialogCommandKind.Done, q.Id)), Button(DialogTexts.ButtonClearDraft, new(DialogCommandKind.ClearDraft, q.Id))];
}
