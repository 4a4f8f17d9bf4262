using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Schedules;

/// <summary>Required answers still missing in one section.</summary>
public sealed record SectionGap(SectionDefinition Section, int MissingRequired);

/// <summary>What is left of a report: answered share, missing required answers by section, where to continue.</summary>
public sealed record ReportRemainder(int Answered, int Total, int Percent, IReadOnlyList<QuestionDefinition> MissingRequired, IReadOnlyList<SectionGap> Sections)
{
    /// <summary>Computes the remainder the same way the dialog engine counts progress.</summary>
    public static ReportRemainder Of(OutlineDefinition outline, IReadOnlyDictionary<string, AnswerValue> answers)
    {
        ArgumentNullException.ThrowIfNull(outline);
        ArgumentNullException.ThrowIfNull(answers);
        var missing = DialogEngine.MissingRequired(outline, answers);
        var answered = outline.Questions.Count(q => answers.TryGetValue(q.Id, out var a) && !a.IsEmpty);
        var sections = missing.GroupBy(q => q.SectionId).Select(g => new SectionGap(outline.FindSection(g.Key)!, g.Count())).OrderBy(s => s.Section.Index).ToList();
        return new(answered, outline.Questions.Count, DialogEngine.PercentAnswered(outline, answers), missing, sections);
    }

    /// <summary>Reads a report's stored answers.</summary>
    public static Dictionary<string, AnswerValue> ReadAnswers(IEnumerable<Answer> rows) =>
        rows.ToDictionary(a => a.QuestionId, a => StoredJson.Read<AnswerValue>(a.Value), StringComparer.Ordinal);
}
