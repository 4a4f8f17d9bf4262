using System.Globalization;
using UnionReview.Dialogs.Input;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;

namespace UnionReview.Dialogs.Engine;

/// <summary>
/// The guided conversation over an outline. Pure: a state, the report's answers and one input in;
/// a new state, replies and the answers to store out. No clock, database, network or chat app.
/// </summary>
public static class DialogEngine
{
    /// <summary>Figures above this multiple of the target are questioned.</summary>
    public const decimal ImplausiblyHighRatio = 3m;
    /// <summary>Figures below this fraction of the target are questioned (a thousand times off, a missing "triệu").</summary>
    public const decimal ImplausiblyLowRatio = 0.01m;
    /// <summary>Longest explanation kept with a figure, in characters.</summary>
    public const int MaxNoteLength = 2_000;
    /// <summary>Longest answer (or figure before its explanation) read as a number, in characters; longer ones are refused unread.</summary>
    public const int MaxNumberAnswerLength = 200;

    /// <summary>Handles one input.</summary>
    public static TurnResult Handle(DialogState state, ReportContext context, IncomingInput input)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var turn = new Turn(state, context).Router;
        if (input.ButtonPayload is not null)
        {
            var command = DialogCommand.FromPayload(input.ButtonPayload);
            if (command is null)
            {
                return turn.Stale();
            }

            return turn.Command(command, fromButton: true);
        }

        // Half of a UTF-16 pair (a client cutting a message) becomes U+FFFD: nothing downstream may throw on it or store it.
        var raw = TextSanitizer.ReplaceLoneSurrogates(input.Text ?? "");
        var text = raw.Trim();
        if (text.StartsWith('/'))
        {
            var name = text.Split(' ', 2)[0];
            var at = name.IndexOf('@', StringComparison.Ordinal);
            if (at > 0)
            {
                name = name[..at];
            }

            return DialogCommand.TypedCommands.TryGetValue(name, out var kind)
                ? turn.Command(new DialogCommand(kind, state.QuestionId), fromButton: false)
                : turn.UnknownCommand(name);
        }

        return turn.Text(raw);
    }

    /// <summary>Questions that must be answered before submission and are not; those meant for other levels than <paramref name="level"/> are not asked, so never missing.</summary>
    public static IReadOnlyList<QuestionDefinition> MissingRequired(OutlineDefinition outline, IReadOnlyDictionary<string, AnswerValue> answers, UnionLevel? level = null)
    {
        ArgumentNullException.ThrowIfNull(outline);
        ArgumentNullException.ThrowIfNull(answers);
        return [.. outline.Questions.Where(q => q.Required && q.AppliesTo(level) && !(answers.TryGetValue(q.Id, out var a) && !a.IsEmpty))];
    }

    /// <summary>Share of the questions a unit of <paramref name="level"/> is asked that are answered, 0–100.</summary>
    public static int PercentAnswered(OutlineDefinition outline, IReadOnlyDictionary<string, AnswerValue> answers, UnionLevel? level = null)
    {
        ArgumentNullException.ThrowIfNull(outline);
        ArgumentNullException.ThrowIfNull(answers);
        var asked = outline.Questions.Count(q => q.AppliesTo(level));
        var answered = outline.Questions.Count(q => q.AppliesTo(level) && answers.TryGetValue(q.Id, out var a) && !a.IsEmpty);
        return asked == 0 ? 100 : (int)Math.Floor(answered * 100.0 / asked);
    }

    /// <summary>Length of a text as a reader counts it: user-perceived characters (text elements), so an emoji or a letter with combining marks counts once.</summary>
    public static int TextLength(string? text) => string.IsNullOrEmpty(text) ? 0 : new StringInfo(TextSanitizer.ReplaceLoneSurrogates(text)).LengthInTextElements;
}
