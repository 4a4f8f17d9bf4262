using System.Text;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;

namespace UnionReview.Dialogs.Engine;

/// <summary>Moving through the outline: start and resume, back, skip, keep and go on, the table of contents, going to a section or question, progress.</summary>
internal sealed class Navigation(Turn turn)
{
    public TurnResult Continue()
    {
        if (turn.Locked)
        {
            turn.Say(DialogTexts.ReportLocked(turn.Context.UnitName), [Turn.Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review))]);
            return turn.Done(new TurnOutcome.Locked());
        }

        var isNew = turn.Answers.Count == 0 && turn.State.QuestionId is null;
        if (isNew)
        {
            turn.Say(DialogTexts.Welcome(turn.Outline, turn.Context.UnitName, turn.Context.Deadline, turn.Context.Today));
        }
        else if (turn.State.Mode == DialogMode.Idle && DialogTexts.IsOverdue(turn.Context.Deadline, turn.Context.Today, turn.Context.Status))
        {
            turn.Say(DialogTexts.DeadlineLine(turn.Context.Deadline!.Value, turn.Context.Today, turn.Context.Status));
        }
        else if (turn.Context.Status == ReportStatus.Returned && turn.Context.ReturnNote is not null && turn.State.Mode == DialogMode.Idle)
        {
            turn.Say(DialogTexts.ReturnedForRevision(turn.Context.ReturnNote));
        }

        if (turn.Current is { } pending && turn.State.Mode == DialogMode.FollowUp)
        {
            turn.FollowUp.AskFollowUp(pending);
            return turn.Done(new TurnOutcome.Shown());
        }

        if (turn.Current is { } ambiguous && turn.State.Mode == DialogMode.ChooseReading && turn.State.PendingReadings is { Count: 2 } readings)
        {
            // Resumed (after a pause or a restart) in the middle of "0,5 hay 500?": the question, then the choice again.
            turn.Say(DialogTexts.QuestionNumber(ambiguous.Index + 1, turn.Outline.Questions.Count) + ": " + ambiguous.Prompt);
            turn.Numbers.AskReading(ambiguous, readings, input: null);
            return turn.Done(new TurnOutcome.Shown());
        }

        var target = turn.Current is { } q && turn.State.Mode is DialogMode.Answering or DialogMode.ConfirmFigure && turn.Applies(q)
            ? q
            : turn.Current is { } c && turn.Applies(c) && !turn.IsAnswered(c) && !turn.State.Skipped.Contains(c.Id) ? c : turn.NextOpen(after: null);
        if (target is null)
        {
            return turn.Review.Finished();
        }

        if (!isNew && target.Id == turn.State.QuestionId && turn.State.Draft is { Length: > 0 } draft && target.Kind == QuestionKind.Text)
        {
            turn.Say(DialogTexts.DraftKept(Turn.TextLength(draft)));
        }

        turn.MoveTo(target, keepDraft: target.Id == turn.State.QuestionId);
        turn.AskCurrent(showGuidance: true);
        return turn.Done(new TurnOutcome.Shown());
    }

    public TurnResult Back()
    {
        var current = turn.Current;
        if (current is null)
        {
            return Continue();
        }

        turn.SaveDraftOnLeave(current);
        var previous = turn.Questions.LastOrDefault(q => q.Index < current.Index);
        if (previous is null)
        {
            turn.Say(DialogTexts.AlreadyFirst);
            turn.AskCurrent(showGuidance: false);
            return turn.Done(new TurnOutcome.Shown());
        }

        turn.MoveTo(previous, keepDraft: false);
        turn.AskCurrent(showGuidance: false);
        return turn.Done(new TurnOutcome.Shown());
    }

    public TurnResult Skip()
    {
        var current = turn.Current;
        if (current is null || turn.Locked)
        {
            return Continue();
        }

        if (turn.State.Mode == DialogMode.FollowUp)
        {
            return turn.FollowUp.LeaveFollowUp(current);
        }

        if (current.Required)
        {
            turn.Say(DialogTexts.CannotSkipRequired);
            turn.AskCurrent(showGuidance: false);
            return turn.Done(new TurnOutcome.Shown());
        }

        turn.SaveDraftOnLeave(current);
        if (!turn.IsAnswered(current) && !turn.State.Skipped.Contains(current.Id))
        {
            turn.State = turn.State with { Skipped = [.. turn.State.Skipped, current.Id] };
        }

        return Advance(current);
    }

    public TurnResult Next()
    {
        var current = turn.Current;
        if (current is null)
        {
            return Continue();
        }

        if (turn.State.Mode == DialogMode.FollowUp)
        {
            return turn.FollowUp.LeaveFollowUp(current);
        }

        if (!turn.IsAnswered(current) && current.Required && string.IsNullOrEmpty(turn.State.Draft))
        {
            turn.Say(DialogTexts.CannotSkipRequired);
            turn.AskCurrent(showGuidance: false);
            return turn.Done(new TurnOutcome.Shown());
        }

        turn.SaveDraftOnLeave(current);
        if (turn.State.ReturnToSectionId is null && turn.Questions.FirstOrDefault(q => q.Index > current.Index) is { } following)
        {
            // "Keep and go on" walks the outline in order, answered questions included: going through a finished
            // report question by question must not jump to the end.
            turn.MoveTo(following, keepDraft: false);
            turn.AskCurrent(showGuidance: following.SectionId != current.SectionId);
            return turn.Done(new TurnOutcome.Shown());
        }

        return Advance(current);
    }

    public TurnResult Menu()
    {
        var current = turn.Current;
        if (current is not null)
        {
            turn.SaveDraftOnLeave(current);
        }

        turn.State = turn.State with { Mode = DialogMode.SectionMenu, Draft = null, PendingNumber = null, PendingNote = null, PendingReadings = null };
        var text = new StringBuilder(DialogTexts.MenuTitle(turn.Outline.Title)).Append('\n');
        string? part = null;
        foreach (var section in turn.Outline.Sections)
        {
            if (section.PartId != part)
            {
                part = section.PartId;
                var p = turn.Outline.Parts.First(x => x.Id == part);
                text.Append('\n').Append(p.Title).Append('\n');
            }

            var asked = section.Questions.Count(turn.Applies);
            var answered = section.Questions.Count(q => turn.Applies(q) && turn.IsAnswered(q));
            text.Append(answered == asked ? "✅ " : answered > 0 ? "✏️ " : "▫️ ")
                .Append(section.Label).Append(" (").Append(answered).Append('/').Append(asked).Append(")\n");
        }

        var buttons = turn.Outline.Sections.Select(s => Turn.Button(s.Code, new(DialogCommandKind.GoToSection, null, s.Id))).Chunk(5).Select(r => (IReadOnlyList<ChatButton>)r).ToList();
        buttons.Add([Turn.Button(DialogTexts.ButtonContinue, new(DialogCommandKind.Continue)), Turn.Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review))]);
        turn.Replies.Add(new OutgoingMessage(text.ToString().TrimEnd(), buttons));
        return turn.Done(new TurnOutcome.Shown());
    }

    public TurnResult GoToSection(string? sectionId)
    {
        var section = turn.Outline.FindSection(sectionId);
        if (section is null)
        {
            return turn.Router.Stale();
        }

        if (turn.Locked)
        {
            return turn.Review.ReviewSection(section.Id);
        }

        if (turn.Current is { } current)
        {
            turn.SaveDraftOnLeave(current);
        }

        var asked = section.Questions.Where(turn.Applies).ToList();
        if (asked.Count == 0)
        {
            // Every question of the section is meant for other levels: the table of contents again.
            return Menu();
        }

        var target = asked.FirstOrDefault(q => !turn.IsAnswered(q)) ?? asked[0];
        turn.MoveTo(target, keepDraft: false);
        turn.AskCurrent(showGuidance: true);
        return turn.Done(new TurnOutcome.Shown());
    }

    public TurnResult GoToQuestion(string? questionId, string? returnToSection)
    {
        var question = turn.Outline.FindQuestion(questionId);
        if (question is null || !turn.Applies(question))
        {
            return turn.Router.Stale();
        }

        if (turn.Locked)
        {
            turn.Say(DialogTexts.ReportLocked(turn.Context.UnitName), [Turn.Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review))]);
            return turn.Done(new TurnOutcome.Locked());
        }

        if (turn.Current is { } current && current.Id != question.Id)
        {
            turn.SaveDraftOnLeave(current);
        }

        turn.MoveTo(question, keepDraft: question.Id == turn.State.QuestionId);
        turn.State = turn.State with { ReturnToSectionId = returnToSection };
        turn.AskCurrent(showGuidance: returnToSection is null && question == turn.Outline.SectionOf(question).Questions.First(turn.Applies));
        return turn.Done(new TurnOutcome.Shown());
    }

    public TurnResult Edit(string? questionId)
    {
        var question = turn.Outline.FindQuestion(questionId);
        return question is null ? turn.Router.Stale() : GoToQuestion(question.Id, turn.Outline.SectionOf(question).Id);
    }

    public TurnResult Progress()
    {
        var current = turn.Current;
        var section = current is null ? null : turn.Outline.SectionOf(current);
        var answered = turn.Questions.Count(turn.IsAnswered);
        var missing = turn.MissingRequired().Count;
        turn.Say(DialogTexts.ProgressReport(section, turn.Outline.Sections.Count, answered, turn.Questions.Count, turn.PercentAnswered, missing, turn.Context.Status, turn.Context.Deadline, turn.Context.Today), turn.NavigationRow());
        return turn.Done(new TurnOutcome.Shown());
    }

    public TurnResult Advance(QuestionDefinition from)
    {
        if (turn.State.ReturnToSectionId is { } sectionId)
        {
            turn.State = turn.State with { ReturnToSectionId = null };
            return turn.Review.ReviewSection(sectionId);
        }

        var next = turn.NextOpen(after: from);
        if (next is null)
        {
            return turn.Review.Finished();
        }

        var enteringSection = next.SectionId != from.SectionId;
        turn.MoveTo(next, keepDraft: false);
        turn.AskCurrent(showGuidance: enteringSection);
        return turn.Done(new TurnOutcome.Shown());
    }
}
