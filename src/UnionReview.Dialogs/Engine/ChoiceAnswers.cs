using System.Globalization;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;
using UnionReview.Dialogs.Text;

namespace UnionReview.Dialogs.Engine;

/// <summary>Choice answers: one option, or several ticked on buttons or typed as numbers or labels.</summary>
internal sealed class ChoiceAnswers(Turn turn)
{
    public TurnResult Choose(string? value)
    {
        var q = turn.Current;
        if (q is null || q.Kind != QuestionKind.Choice || q.Options.All(o => o.Value != value))
        {
            return turn.Router.Stale();
        }

        if (!q.Multiple)
        {
            return turn.Save(q, AnswerValue.OfChoices([value!]), DialogTexts.Saved);
        }

        var chosen = turn.SplitDraft();
        chosen = chosen.Contains(value!) ? [.. chosen.Where(c => c != value)] : [.. q.Options.Select(o => o.Value).Where(v => v == value || chosen.Contains(v))];
        turn.State = turn.State with { Draft = string.Join(",", chosen) };
        turn.AskCurrent(showGuidance: false);
        return turn.Done(new TurnOutcome.DraftExtended(q.Id, chosen.Count));
    }

    /// <summary>Stores the options ticked so far on a multiple-choice question (at least one).</summary>
    public TurnResult FinishMultiple(QuestionDefinition q)
    {
        var chosen = turn.SplitDraft();
        if (chosen.Count == 0)
        {
            turn.Say(DialogTexts.ChooseAtLeastOne);
            turn.AskCurrent(showGuidance: false);
            return turn.Done(new TurnOutcome.AnswerRejected(q.Id, "none-chosen"));
        }

        return turn.Save(q, AnswerValue.OfChoices(chosen), DialogTexts.Saved);
    }

    public TurnResult AnswerChoiceText(QuestionDefinition q, string raw)
    {
        if (DoneWord.Is(raw.Trim()) && q.Multiple)
        {
            return turn.Router.FinishDraft();
        }

        var pieces = q.Multiple ? raw.Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [raw.Trim()];
        var chosen = new List<string>();
        foreach (var piece in pieces)
        {
            var option = MatchOption(q, piece);
            if (option is null)
            {
                return turn.Reject(q, DialogTexts.UnknownOption(piece, q.Options.Count));
            }

            if (!chosen.Contains(option.Value))
            {
                chosen.Add(option.Value);
            }
        }

        return chosen.Count == 0 ? turn.Reject(q, DialogTexts.ChooseAtLeastOne) : turn.Save(q, AnswerValue.OfChoices(chosen), DialogTexts.Saved);
    }

    private static ChoiceOption? MatchOption(QuestionDefinition q, string piece)
    {
        if (int.TryParse(piece, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= q.Options.Count)
        {
            return q.Options[n - 1];
        }

        var folded = Diacritics.Fold(piece);
        return q.Options.FirstOrDefault(o => o.Value == piece || Diacritics.Fold(o.Label) == folded);
    }
}
