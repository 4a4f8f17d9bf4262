using System.Globalization;

namespace UnionReview.Dialogs.Model;

/// <summary>A stored answer: text, a number, chosen options or yes/no, with an optional explanation.</summary>
public sealed record AnswerValue
{
    /// <summary>Text of a text answer.</summary>
    public string? Text { get; init; }
    /// <summary>Number of a number, money or indicator answer.</summary>
    public decimal? Number { get; init; }
    /// <summary>Chosen option values of a choice answer.</summary>
    public IReadOnlyList<string>? Choices { get; init; }
    /// <summary>Yes (true) or no (false).</summary>
    public bool? Flag { get; init; }
    /// <summary>The officer's explanation for an unusual figure.</summary>
    public string? Note { get; init; }
    /// <summary>The answer to the question's follow-up (the concrete solution asked for after a problem).</summary>
    public string? FollowUp { get; init; }

    /// <summary>A text answer.</summary>
    public static AnswerValue OfText(string text) => new() { Text = text };
    /// <summary>A numeric answer.</summary>
    public static AnswerValue OfNumber(decimal number) => new() { Number = number };
    /// <summary>A choice answer.</summary>
    public static AnswerValue OfChoices(IReadOnlyList<string> choices) => new() { Choices = choices };
    /// <summary>A yes/no answer.</summary>
    public static AnswerValue OfFlag(bool flag) => new() { Flag = flag };

    /// <summary>Whether the answer carries anything.</summary>
    public bool IsEmpty => string.IsNullOrWhiteSpace(Text) && Number is null && (Choices is null || Choices.Count == 0) && Flag is null;

    /// <summary>The answer as a reader sees it, in Vietnamese formatting.</summary>
    public string Display(QuestionDefinition question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var main = question.Kind switch
        {
            QuestionKind.Text => Text ?? "",
            QuestionKind.Money => Number is { } m ? VietnameseFormat.Money(m) : "",
            QuestionKind.Number or QuestionKind.Indicator => Number is { } n ? VietnameseFormat.Number(n) + (question.Unit is { } u ? " " + u : "") : "",
            QuestionKind.Choice => string.Join(", ", (Choices ?? []).Select(c => question.Options.FirstOrDefault(o => o.Value == c)?.Label ?? c)),
            QuestionKind.YesNo => Flag switch { true => "Có", false => "Không", null => "" },
            _ => Text ?? Number?.ToString(CultureInfo.InvariantCulture) ?? "",
        };
        var shown = string.IsNullOrWhiteSpace(Note) ? main : $"{main} (giải trình: {Note})";
        return string.IsNullOrWhiteSpace(FollowUp) ? shown : $"{shown}\nGiải pháp: {FollowUp}";
    }
}
