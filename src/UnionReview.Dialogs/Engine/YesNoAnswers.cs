using UnionReview.Dialogs.Model;
using UnionReview.Dialogs.Text;

namespace UnionReview.Dialogs.Engine;

/// <summary>Yes/no answers, by button or typed (có, không, rồi, chưa… with or without diacritics).</summary>
internal sealed class YesNoAnswers(Turn turn)
{
    public TurnResult AnswerYesNoText(QuestionDefinition q, string raw)
    {
        var word = Diacritics.Fold(raw);
        bool? flag = word switch
        {
            "co" or "c" or "yes" or "y" or "dung" or "roi" or "da" or "co a" or "vang" => true,
            "khong" or "k" or "ko" or "no" or "n" or "chua" or "khong a" => false,
            _ => null,
        };
        return flag is null ? turn.Reject(q, DialogTexts.YesNoExpected) : AnswerYesNo(flag.Value);
    }

    public TurnResult AnswerYesNo(bool flag)
    {
        var q = turn.Current;
        return q is null || q.Kind != QuestionKind.YesNo ? turn.Router.Stale() : turn.Save(q, AnswerValue.OfFlag(flag), DialogTexts.Saved);
    }
}
