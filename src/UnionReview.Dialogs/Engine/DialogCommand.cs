namespace UnionReview.Dialogs.Engine;

/// <summary>What a person can ask of the engine, by typed command or by button.</summary>
public enum DialogCommandKind
{
    /// <summary>Start or resume.</summary>
    Continue,
    /// <summary>Previous question.</summary>
    Back,
    /// <summary>Skip an optional question.</summary>
    Skip,
    /// <summary>Keep the current answer and go on.</summary>
    Next,
    /// <summary>Finish a long text or a multiple choice.</summary>
    Done,
    /// <summary>Discard the text received so far for the current answer.</summary>
    ClearDraft,
    /// <summary>Choose an option (toggle when several may be chosen).</summary>
    Choose,
    /// <summary>Answer yes or no.</summary>
    YesNo,
    /// <summary>Keep an unusual figure.</summary>
    KeepFigure,
    /// <summary>Re-enter an unusual figure.</summary>
    RetypeFigure,
    /// <summary>Choose one of the two readings of an ambiguous figure (argument 1 or 2).</summary>
    ChooseReading,
    /// <summary>Show the section menu.</summary>
    Menu,
    /// <summary>Go to a section.</summary>
    GoToSection,
    /// <summary>Go to a question and continue from it.</summary>
    GoToQuestion,
    /// <summary>Review everything.</summary>
    Review,
    /// <summary>Review one section in full.</summary>
    ReviewSection,
    /// <summary>Edit an answer, then come back to the review.</summary>
    Edit,
    /// <summary>Ask to submit.</summary>
    Submit,
    /// <summary>Confirm submission.</summary>
    ConfirmSubmit,
    /// <summary>Cancel what is pending.</summary>
    Cancel,
    /// <summary>Progress.</summary>
    Progress,
    /// <summary>Help.</summary>
    Help,
}

/// <summary>A decoded command; <see cref="QuestionId"/> ties answer buttons to the question they were shown with.</summary>
public sealed record DialogCommand(DialogCommandKind Kind, string? QuestionId = null, string? Argument = null)
{
    private static readonly Dictionary<string, DialogCommandKind> Codes = new(StringComparer.Ordinal)
    {
        ["go"] = DialogCommandKind.Continue, ["bk"] = DialogCommandKind.Back, ["sk"] = DialogCommandKind.Skip,
        ["nx"] = DialogCommandKind.Next, ["dn"] = DialogCommandKind.Done, ["cl"] = DialogCommandKind.ClearDraft,
        ["ch"] = DialogCommandKind.Choose, ["yn"] = DialogCommandKind.YesNo, ["fk"] = DialogCommandKind.KeepFigure,
        ["fr"] = DialogCommandKind.RetypeFigure, ["nr"] = DialogCommandKind.ChooseReading, ["mn"] = DialogCommandKind.Menu, ["sc"] = DialogCommandKind.GoToSection,
        ["aq"] = DialogCommandKind.GoToQuestion, ["rv"] = DialogCommandKind.Review, ["rs"] = DialogCommandKind.ReviewSection,
        ["ed"] = DialogCommandKind.Edit, ["sb"] = DialogCommandKind.Submit, ["sy"] = DialogCommandKind.ConfirmSubmit,
        ["cx"] = DialogCommandKind.Cancel, ["pg"] = DialogCommandKind.Progress, ["hp"] = DialogCommandKind.Help,
    };

    /// <summary>The codes that begin the engine's button payloads (a payload is the code, or the code, ':' and more).</summary>
    public static IReadOnlyCollection<string> PayloadCodes => Codes.Keys;

    /// <summary>Typed commands (Vietnamese, without diacritics, as chat apps want them).</summary>
    public static IReadOnlyDictionary<string, DialogCommandKind> TypedCommands { get; } = new Dictionary<string, DialogCommandKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["/start"] = DialogCommandKind.Continue, ["/baocao"] = DialogCommandKind.Continue, ["/tiep"] = DialogCommandKind.Continue,
        ["/quaylai"] = DialogCommandKind.Back, ["/boqua"] = DialogCommandKind.Skip, ["/xong"] = DialogCommandKind.Done,
        ["/mucluc"] = DialogCommandKind.Menu, ["/xem"] = DialogCommandKind.Review, ["/nop"] = DialogCommandKind.Submit,
        ["/huy"] = DialogCommandKind.Cancel, ["/tiendo"] = DialogCommandKind.Progress, ["/trogiup"] = DialogCommandKind.Help,
        ["/help"] = DialogCommandKind.Help,
    };

    /// <summary>Encodes the command as a button payload (ASCII, at most 64 bytes).</summary>
    public string ToPayload()
    {
        var code = Codes.First(c => c.Value == Kind).Key;
        return (QuestionId, Argument) switch
        {
            (null, null) => code,
            (not null, null) => $"{code}:{QuestionId}",
            (null, not null) => $"{code}::{Argument}",
            _ => $"{code}:{QuestionId}:{Argument}",
        };
    }

    /// <summary>Decodes a button payload; null when it is not one of ours.</summary>
    public static DialogCommand? FromPayload(string? payload)
    {
        if (string.IsNullOrEmpty(payload))
        {
            return null;
        }

        var parts = payload.Split(':', 3);
        if (!Codes.TryGetValue(parts[0], out var kind))
        {
            return null;
        }

        var question = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null;
        var argument = parts.Length > 2 && parts[2].Length > 0 ? parts[2] : null;
        return new(kind, question, argument);
    }
}
