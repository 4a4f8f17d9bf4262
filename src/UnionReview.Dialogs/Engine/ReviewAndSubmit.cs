using System.Text;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;

namespace UnionReview.Dialogs.Engine;

/// <summary>The review of all answers or one section, the end of the outline, and submission with its confirmation.</summary>
internal sealed class ReviewAndSubmit(Turn turn)
{
    public TurnResult Review()
    {
        if (turn.Current is { } current && !turn.Locked)
        {
            turn.SaveDraftOnLeave(current);
        }

        turn.State = turn.State with { Mode = DialogMode.Review, Draft = null, PendingNumber = null, PendingNote = null, PendingReadings = null, ReturnToSectionId = null };
        var text = new StringBuilder(DialogTexts.ReviewTitle(turn.Context.UnitName, turn.Context.Status))
            .Append('\n').Append(DialogTexts.AnsweredShare(turn.Questions.Count(turn.IsAnswered), turn.Questions.Count, turn.PercentAnswered)).Append("\n\n");
        foreach (var section in turn.Outline.Sections)
        {
            text.Append("■ ").Append(section.Label).Append('\n');
            foreach (var q in section.Questions.Where(q => turn.Applies(q) && turn.IsAnswered(q)))
            {
                text.Append("  • ").Append(Turn.Shorten(q.Prompt, 70)).Append(": ").Append(Turn.Shorten(turn.Answers[q.Id].Display(q), 120)).Append('\n');
            }

            var open = section.Questions.Count(q => turn.Applies(q) && !turn.IsAnswered(q));
            if (open > 0)
            {
                text.Append("  ").Append(DialogTexts.UnansweredInSection(open)).Append('\n');
            }
        }

        var rows = turn.Outline.Sections.Select(s => Turn.Button(s.Code, new(DialogCommandKind.ReviewSection, null, s.Id))).Chunk(5).Select(r => (IReadOnlyList<ChatButton>)r).ToList();
        rows.Add(turn.Locked
            ? [Turn.Button(DialogTexts.ButtonProgress, new(DialogCommandKind.Progress))]
            : [Turn.Button(DialogTexts.ButtonContinue, new(DialogCommandKind.Continue)), Turn.Button(DialogTexts.ButtonSubmit, new(DialogCommandKind.Submit))]);
        turn.Replies.Add(new OutgoingMessage(text.ToString().TrimEnd() + "\n\n" + DialogTexts.ReviewHint, rows));
        return turn.Done(new TurnOutcome.Shown());
    }

    public TurnResult ReviewSection(string? sectionId)
    {
        var section = turn.Outline.FindSection(sectionId);
        if (section is null)
        {
            return turn.Router.Stale();
        }

        turn.State = turn.State with { Mode = DialogMode.Review, ReturnToSectionId = null };
        var text = new StringBuilder("■ ").Append(section.Label).Append("\n\n");
        var rows = new List<IReadOnlyList<ChatButton>>();
        foreach (var q in section.Questions.Where(turn.Applies))
        {
            var number = q.Index + 1;
            text.Append(DialogTexts.QuestionNumber(number, turn.Outline.Questions.Count)).Append(": ").Append(q.Prompt).Append('\n')
                .Append(turn.IsAnswered(q) ? "➜ " + turn.Answers[q.Id].Display(q) : DialogTexts.NotAnswered).Append("\n\n");
            if (!turn.Locked)
            {
                rows.Add([Turn.Button(DialogTexts.ButtonEdit(number), new(DialogCommandKind.Edit, q.Id))]);
            }
        }

        rows.Add([Turn.Button(DialogTexts.ButtonReviewAll, new(DialogCommandKind.Review)), Turn.Button(DialogTexts.ButtonContinue, new(DialogCommandKind.Continue))]);
        turn.Replies.Add(new OutgoingMessage(text.ToString().TrimEnd(), rows));
        return turn.Done(new TurnOutcome.Shown());
    }

    public TurnResult Submit()
    {
        if (turn.Locked)
        {
            turn.Say(DialogTexts.AlreadySubmitted(turn.Context.UnitName), [Turn.Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review))]);
            return turn.Done(new TurnOutcome.Locked());
        }

        if (turn.Current is { } current)
        {
            turn.SaveDraftOnLeave(current);
        }

        var missing = turn.MissingRequired();
        if (missing.Count > 0)
        {
            turn.State = turn.State with { Mode = DialogMode.Idle };
            var list = string.Join("\n", missing.Take(15).Select(q => $"• {turn.Outline.SectionOf(q).Code} – {DialogTexts.QuestionNumber(q.Index + 1, turn.Outline.Questions.Count)}: {Turn.Shorten(q.Prompt, 90)}"));
            turn.Say(DialogTexts.SubmitRefused(missing.Count, list, missing.Count - 15),
                [Turn.Button(DialogTexts.ButtonAnswerMissing, new(DialogCommandKind.GoToQuestion, missing[0].Id))],
                [Turn.Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review))]);
            return turn.Done(new TurnOutcome.SubmitRefused([.. missing.Select(q => q.Id)]));
        }

        turn.State = turn.State with { Mode = DialogMode.ConfirmSubmit };
        turn.Say(DialogTexts.ConfirmSubmit(turn.Context.UnitName, turn.Questions.Count(turn.IsAnswered), turn.Questions.Count),
            [Turn.Button(DialogTexts.ButtonConfirmSubmit, new(DialogCommandKind.ConfirmSubmit)), Turn.Button(DialogTexts.ButtonCancel, new(DialogCommandKind.Cancel))]);
        return turn.Done(new TurnOutcome.Shown());
    }

    public TurnResult ConfirmSubmit()
    {
        if (turn.Locked)
        {
            return Submit();
        }

        if (turn.State.Mode != DialogMode.ConfirmSubmit || turn.MissingRequired().Count > 0)
        {
            return Submit();
        }

        turn.Effects.Add(new ReportSubmitted());
        turn.State = turn.State with { Mode = DialogMode.Idle, Draft = null, PendingNumber = null, PendingNote = null, PendingReadings = null, ReturnToSectionId = null };
        turn.Say(DialogTexts.Submitted(turn.Context.UnitName), [Turn.Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review))]);
        return turn.Done(new TurnOutcome.Submitted());
    }

    public TurnResult Finished()
    {
        turn.State = turn.State with { Mode = DialogMode.Idle, Draft = null, PendingNumber = null, PendingNote = null, PendingReadings = null, ReturnToSectionId = null };
        var missing = turn.MissingRequired();
        if (missing.Count == 0)
        {
            turn.Say(DialogTexts.AllAnswered(turn.Questions.Count(turn.IsAnswered), turn.Questions.Count),
                [Turn.Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review)), Turn.Button(DialogTexts.ButtonSubmit, new(DialogCommandKind.Submit))]);
        }
        else
        {
            turn.Say(DialogTexts.EndWithMissing(missing.Count),
                [Turn.Button(DialogTexts.ButtonAnswerMissing, new(DialogCommandKind.GoToQuestion, missing[0].Id))],
                [Turn.Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review))]);
        }

        return turn.Done(new TurnOutcome.OutlineFinished(missing.Count));
    }
}
