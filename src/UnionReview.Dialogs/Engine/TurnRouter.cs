using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;

namespace UnionReview.Dialogs.Engine;

/// <summary>Routes one input to the part that handles it, by command and by what the conversation waits for; answers stale buttons.</summary>
internal sealed class TurnRouter(Turn turn)
{
    public TurnResult Command(DialogCommand command, bool fromButton)
    {
        // Buttons that answer a question carry that question's id; a mismatch means an old message.
        var answerKinds = command.Kind is DialogCommandKind.Back or DialogCommandKind.Skip or DialogCommandKind.Next
            or DialogCommandKind.Done or DialogCommandKind.ClearDraft or DialogCommandKind.Choose or DialogCommandKind.YesNo
            or DialogCommandKind.KeepFigure or DialogCommandKind.RetypeFigure or DialogCommandKind.ChooseReading;
        if (fromButton && answerKinds && (command.QuestionId != turn.State.QuestionId || turn.State.Mode is not (DialogMode.Answering or DialogMode.ConfirmFigure or DialogMode.FollowUp or DialogMode.ChooseReading)))
        {
            return Stale();
        }

        if (fromButton && command.Kind == DialogCommandKind.ConfirmSubmit && turn.State.Mode != DialogMode.ConfirmSubmit)
        {
            return Stale();
        }

        switch (command.Kind)
        {
            case DialogCommandKind.Continue: return turn.Navigation.Continue();
            case DialogCommandKind.Back: return turn.Navigation.Back();
            case DialogCommandKind.Skip: return turn.Navigation.Skip();
            case DialogCommandKind.Next: return turn.Navigation.Next();
            case DialogCommandKind.Done: return FinishDraft();
            case DialogCommandKind.ClearDraft: return ClearDraft();
            case DialogCommandKind.Choose: return turn.Choices.Choose(command.Argument);
            case DialogCommandKind.YesNo: return turn.YesNo.AnswerYesNo(command.Argument == "1");
            case DialogCommandKind.KeepFigure: return turn.Numbers.KeepFigure(note: null);
            case DialogCommandKind.RetypeFigure: return turn.Numbers.RetypeFigure();
            case DialogCommandKind.ChooseReading: return turn.Numbers.ChooseReading(command.Argument);
            case DialogCommandKind.Menu: return turn.Navigation.Menu();
            case DialogCommandKind.GoToSection: return turn.Navigation.GoToSection(command.Argument);
            case DialogCommandKind.GoToQuestion: return turn.Navigation.GoToQuestion(command.QuestionId, returnToSection: null);
            case DialogCommandKind.Review: return turn.Review.Review();
            case DialogCommandKind.ReviewSection: return turn.Review.ReviewSection(command.Argument);
            case DialogCommandKind.Edit: return turn.Navigation.Edit(command.QuestionId);
            case DialogCommandKind.Submit: return turn.Review.Submit();
            case DialogCommandKind.ConfirmSubmit: return turn.Review.ConfirmSubmit();
            case DialogCommandKind.Cancel: return Cancel();
            case DialogCommandKind.Progress: return turn.Navigation.Progress();
            case DialogCommandKind.Help:
                turn.Say(DialogTexts.Help, turn.NavigationRow());
                return turn.Done(new TurnOutcome.Shown());
            default: return UnknownCommand(command.Kind.ToString());
        }
    }

    public TurnResult UnknownCommand(string name)
    {
        turn.Say(DialogTexts.UnknownCommand(name), turn.NavigationRow());
        return turn.Done(new TurnOutcome.Unknown(name));
    }

    public TurnResult Stale()
    {
        var current = turn.Current;
        if (turn.Locked || current is null || turn.State.Mode is not (DialogMode.Answering or DialogMode.ConfirmFigure or DialogMode.FollowUp or DialogMode.ChooseReading))
        {
            turn.Say(DialogTexts.StaleButton, turn.NavigationRow());
        }
        else if (turn.State.Mode == DialogMode.ChooseReading && turn.State.PendingReadings is { Count: 2 } readings)
        {
            turn.Say(DialogTexts.StaleButtonWithQuestion);
            turn.Numbers.AskReading(current, readings, input: null);
        }
        else if (turn.State.Mode == DialogMode.FollowUp)
        {
            turn.Say(DialogTexts.StaleButtonWithQuestion);
            turn.FollowUp.AskFollowUp(current);
        }
        else
        {
            turn.Say(DialogTexts.StaleButtonWithQuestion);
            turn.AskCurrent(showGuidance: false);
        }

        return turn.Done(new TurnOutcome.StaleAction());
    }

    public TurnResult Text(string raw)
    {
        if (turn.Locked)
        {
            turn.Say(DialogTexts.ReportLocked(turn.Context.UnitName), [Turn.Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review))]);
            return turn.Done(new TurnOutcome.Locked());
        }

        var current = turn.Current;
        if (turn.State.Mode is DialogMode.SectionMenu or DialogMode.Review)
        {
            return TextOnList(raw);
        }

        if (current is null || turn.State.Mode is DialogMode.Idle)
        {
            if (raw.Trim().Length > 0 && turn.Answers.Count > 0 && turn.NextOpen(after: null) is null && turn.Context.Status != ReportStatus.Returned)
            {
                // Every question has an answer: the text belongs to no question, and the officer is told so.
                turn.Say(DialogTexts.TypedAfterEnd);
            }

            return turn.Navigation.Continue();
        }

        if (turn.State.Mode == DialogMode.ConfirmFigure)
        {
            return turn.Numbers.FigureReply(current, raw);
        }

        if (turn.State.Mode == DialogMode.ChooseReading)
        {
            return turn.Numbers.ReadingReply(current, raw);
        }

        if (turn.State.Mode == DialogMode.FollowUp)
        {
            return turn.FollowUp.AppendFollowUp(current, raw);
        }

        turn.State = turn.State with { Mode = DialogMode.Answering };
        return current.Kind switch
        {
            QuestionKind.Text => turn.Texts.AppendText(current, raw),
            QuestionKind.Number or QuestionKind.Money or QuestionKind.Indicator => turn.Numbers.AnswerNumber(current, raw),
            QuestionKind.Choice => turn.Choices.AnswerChoiceText(current, raw),
            QuestionKind.YesNo => turn.YesNo.AnswerYesNoText(current, raw),
            _ => UnknownCommand(raw),
        };
    }

    /// <summary>
    /// Text typed while the table of contents or the review is on screen: a section code opens that section; anything
    /// else is not taken as an answer to a question the officer cannot see.
    /// </summary>
    private TurnResult TextOnList(string raw)
    {
        var typed = raw.Trim().TrimEnd('.', ' ');
        var section = turn.Outline.Sections.FirstOrDefault(s => string.Equals(s.Code.TrimEnd('.', ' '), typed, StringComparison.OrdinalIgnoreCase));
        if (section is not null)
        {
            return turn.State.Mode == DialogMode.Review ? turn.Review.ReviewSection(section.Id) : turn.Navigation.GoToSection(section.Id);
        }

        turn.Say(DialogTexts.NotASectionCode(Turn.Shorten(typed, 40)), turn.NavigationRow());
        return turn.Done(new TurnOutcome.Unknown(typed));
    }

    private TurnResult Cancel()
    {
        if (turn.State.Mode == DialogMode.ConfirmSubmit)
        {
            turn.Say(DialogTexts.SubmitCancelled);
            turn.State = turn.State with { Mode = DialogMode.Idle };
            return turn.Navigation.Continue();
        }

        if (turn.State.Mode is DialogMode.ConfirmFigure or DialogMode.ChooseReading)
        {
            return turn.Numbers.RetypeFigure();
        }

        if (turn.State.Mode == DialogMode.FollowUp && turn.Current is { } followed && string.IsNullOrEmpty(turn.State.Draft))
        {
            return turn.FollowUp.LeaveFollowUp(followed);
        }

        if (!string.IsNullOrEmpty(turn.State.Draft))
        {
            return ClearDraft();
        }

        turn.Say(DialogTexts.NothingToCancel, turn.NavigationRow());
        return turn.Done(new TurnOutcome.Shown());
    }

    public TurnResult FinishDraft()
    {
        var q = turn.Current;
        if (q is not null && turn.State.Mode == DialogMode.FollowUp)
        {
            return turn.FollowUp.FinishFollowUp(q);
        }

        if (q is null || turn.State.Mode != DialogMode.Answering)
        {
            return turn.Navigation.Continue();
        }

        if (q.Kind == QuestionKind.Choice && q.Multiple)
        {
            return turn.Choices.FinishMultiple(q);
        }

        if (q.Kind != QuestionKind.Text)
        {
            turn.AskCurrent(showGuidance: false);
            return turn.Done(new TurnOutcome.Shown());
        }

        return turn.Texts.Finish(q);
    }

    private TurnResult ClearDraft()
    {
        var q = turn.Current;
        turn.State = turn.State with { Draft = null };
        turn.Say(DialogTexts.DraftCleared);
        if (q is not null && turn.State.Mode == DialogMode.FollowUp)
        {
            turn.FollowUp.AskFollowUp(q);
        }
        else if (q is not null)
        {
            turn.AskCurrent(showGuidance: false);
        }

        return turn.Done(new TurnOutcome.Shown());
    }
}
