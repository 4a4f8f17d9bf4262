using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;

namespace UnionReview.Dialogs.Engine;

/// <summary>The follow-up of a text answer that names a problem and no solution: the solution is asked for, received as a draft and stored with the answer.</summary>
internal sealed class SolutionFollowUp(Turn turn)
{
    /// <summary>Whether a finished text answer needs its follow-up: the question asks for one and the answer names a problem but no solution.</summary>
    public static bool IsWanted(QuestionDefinition q, string draft) =>
        q.FollowUp == FollowUpKind.Solution && SolutionDetector.NamesProblem(draft) && !SolutionDetector.NamesSolution(draft);

    /// <summary>Keeps what was written, then asks for the solution the guide insists on.</summary>
    public TurnResult Start(QuestionDefinition q, string draft)
    {
        var value = AnswerValue.OfText(draft);
        turn.Answers[q.Id] = value;
        turn.Effects.Add(new AnswerSaved(q, value));
        turn.State = turn.State with { Mode = DialogMode.FollowUp, Draft = null, PendingNumber = null, PendingNote = null, PendingReadings = null, Skipped = [.. turn.State.Skipped.Where(s => s != q.Id)] };
        turn.Say(DialogTexts.SavedText(Turn.TextLength(draft)));
        AskFollowUp(q);
        return turn.Done(new TurnOutcome.FollowUpAsked(q.Id));
    }

    public void AskFollowUp(QuestionDefinition q)
    {
        var rows = new List<IReadOnlyList<ChatButton>>();
        if (turn.State.Draft is { Length: > 0 })
        {
            rows.Add(Turn.DraftRow(q));
        }

        rows.Add([Turn.Button(DialogTexts.ButtonSkipFollowUp, new(DialogCommandKind.Skip, q.Id))]);
        turn.Replies.Add(new OutgoingMessage(DialogTexts.AskSolution(Turn.TextLength(turn.State.Draft)), rows));
    }

    public TurnResult AppendFollowUp(QuestionDefinition q, string raw)
    {
        var (trimmed, finished) = TextAnswers.SplitDoneLine(raw);
        if (trimmed.Length == 0 && finished)
        {
            return FinishFollowUp(q);
        }

        var draft = string.IsNullOrEmpty(turn.State.Draft) ? trimmed : turn.State.Draft + "\n" + trimmed;
        if (Turn.TextLength(draft) > q.MaxLength)
        {
            turn.Say(DialogTexts.TextTooLong(Turn.TextLength(draft), q.MaxLength, Turn.TextLength(turn.State.Draft)), Turn.DraftRow(q));
            return turn.Done(new TurnOutcome.AnswerRejected(q.Id, "too-long"));
        }

        turn.State = turn.State with { Draft = draft };
        if (finished)
        {
            return FinishFollowUp(q);
        }

        turn.Say(DialogTexts.DraftReceived(Turn.TextLength(draft)), Turn.DraftRow(q), [Turn.Button(DialogTexts.ButtonSkipFollowUp, new(DialogCommandKind.Skip, q.Id))]);
        return turn.Done(new TurnOutcome.DraftExtended(q.Id, Turn.TextLength(draft)));
    }

    public TurnResult FinishFollowUp(QuestionDefinition q)
    {
        var draft = turn.State.Draft?.Trim() ?? "";
        if (draft.Length == 0)
        {
            turn.Say(DialogTexts.EmptyFollowUp);
            AskFollowUp(q);
            return turn.Done(new TurnOutcome.AnswerRejected(q.Id, "empty"));
        }

        var answer = turn.Answers.TryGetValue(q.Id, out var a) ? a : AnswerValue.OfText("");
        turn.State = turn.State with { Mode = DialogMode.Answering };
        return turn.Save(q, answer with { FollowUp = draft }, DialogTexts.SolutionSaved);
    }

    public TurnResult LeaveFollowUp(QuestionDefinition q)
    {
        turn.SaveDraftOnLeave(q);
        turn.State = turn.State with { Mode = DialogMode.Answering };
        return turn.Navigation.Advance(q);
    }
}
