using UnionReview.Dialogs.Model;
using UnionReview.Dialogs.Text;

namespace UnionReview.Dialogs.Engine;

/// <summary>Long text answers: received over several messages as a draft, finished by the done word or the button.</summary>
internal sealed class TextAnswers(Turn turn)
{
    public TurnResult AppendText(QuestionDefinition q, string raw)
    {
        var (trimmed, finished) = SplitDoneLine(raw);
        if (trimmed.Length == 0 && finished)
        {
            return turn.Router.FinishDraft();
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
            return turn.Router.FinishDraft();
        }

        turn.Say(DialogTexts.DraftReceived(Turn.TextLength(draft)), Turn.DraftRow(q));
        return turn.Done(new TurnOutcome.DraftExtended(q.Id, Turn.TextLength(draft)));
    }


    /// <summary>Finishes the draft: checks its length, then stores it (or asks for the solution it lacks).</summary>
    public TurnResult Finish(QuestionDefinition q)
    {
        var draft = turn.State.Draft?.Trim() ?? "";
        if (draft.Length == 0)
        {
            turn.Say(turn.IsAnswered(q) ? DialogTexts.EmptyDraftKeepsOld : DialogTexts.EmptyDraft);
            turn.AskCurrent(showGuidance: false);
            return turn.Done(new TurnOutcome.AnswerRejected(q.Id, "empty"));
        }

        if (Turn.TextLength(draft) < q.MinLength)
        {
            turn.Say(DialogTexts.TextTooShort(Turn.TextLength(draft), q.MinLength), Turn.DraftRow(q));
            return turn.Done(new TurnOutcome.AnswerRejected(q.Id, "too-short"));
        }

        return SolutionFollowUp.IsWanted(q, draft)
            ? turn.FollowUp.Start(q, draft)
            : turn.Save(q, AnswerValue.OfText(draft), DialogTexts.SavedText(Turn.TextLength(draft)));
    }

    /// <summary>
    /// The message without a last line that only says "xong" (the officer finishing in the same message), and whether
    /// it had one. A message that is only "xong" gives an empty text.
    /// </summary>
    public static (string Text, bool Finished) SplitDoneLine(string raw)
    {
        var trimmed = raw.Trim();
        if (DoneWord.Is(trimmed))
        {
            return ("", true);
        }

        var lastBreak = trimmed.LastIndexOf('\n');
        return lastBreak > 0 && DoneWord.Is(trimmed[(lastBreak + 1)..])
            ? (trimmed[..lastBreak].Trim(), true)
            : (trimmed, false);
    }
}
