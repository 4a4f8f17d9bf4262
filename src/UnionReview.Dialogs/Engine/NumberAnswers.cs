using UnionReview.Dialogs.Input;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;
using UnionReview.Dialogs.Text;

namespace UnionReview.Dialogs.Engine;

/// <summary>Number, money and indicator answers: reading the figure (and an explanation with it), checking it, an unusual figure questioned, an ambiguous one offered in its two readings.</summary>
internal sealed class NumberAnswers(Turn turn)
{
    private static NumberReading Read(QuestionDefinition q, string raw) =>
        VietnameseNumberParser.Parse(raw, q.Unit, mayBeFraction: MayBeFraction(q));

    /// <summary>A rate or an average: a value that may have decimals, where "1.500" may mean 1,5.</summary>
    private static bool MayBeFraction(QuestionDefinition q) => !q.WholeNumber && q.Kind != QuestionKind.Money;

    /// <summary>A value, or two readings to choose from.</summary>
    private static bool IsFigure(NumberReading reading) => reading.Success || reading.Problem == NumberProblem.Ambiguous;

    /// <summary>
    /// Reads <paramref name="raw"/> as a figure, or (for an indicator) as "figure (explanation)". Over-long text is
    /// not read at all: a figure has no reason to be longer than <see cref="DialogEngine.MaxNumberAnswerLength"/> characters.
    /// </summary>
    private static (NumberReading Reading, string? Note) ReadFigure(QuestionDefinition q, string raw)
    {
        var reading = raw.Length <= DialogEngine.MaxNumberAnswerLength
            ? Read(q, raw)
            : new NumberReading(null, DialogTexts.NumberTooLong(raw.Length, DialogEngine.MaxNumberAnswerLength)) { Problem = NumberProblem.Unreadable };
        if (!IsFigure(reading) && q.Kind == QuestionKind.Indicator && SplitExplanation(raw) is { } split && split.Figure.Length <= DialogEngine.MaxNumberAnswerLength)
        {
            var figure = Read(q, split.Figure);
            if (IsFigure(figure))
            {
                // "78.520.000 (giảm số lượng ĐV)": the figure and its explanation in one message.
                return (figure, split.Note);
            }

            if (figure.Problem is not (NumberProblem.Unreadable or NumberProblem.Empty))
            {
                // "12 tin (ghi chú)": say what is wrong with the figure, not that the whole text is no number.
                return (figure, null);
            }
        }

        return (reading, null);
    }

    public TurnResult AnswerNumber(QuestionDefinition q, string raw)
    {
        var (reading, note) = ReadFigure(q, raw);
        if (note is { Length: > DialogEngine.MaxNoteLength })
        {
            return turn.Reject(q, DialogTexts.NoteTooLong(note.Length, DialogEngine.MaxNoteLength));
        }

        if (reading.Problem == NumberProblem.Ambiguous && reading.Readings is { Count: 2 } readings)
        {
            turn.State = turn.State with { Mode = DialogMode.ChooseReading, PendingReadings = [.. readings], PendingNumber = null, PendingNote = note };
            AskReading(q, readings, raw.Length <= DialogEngine.MaxNumberAnswerLength ? raw.Trim() : SplitExplanation(raw)?.Figure);
            return turn.Done(new TurnOutcome.ReadingQuestioned(q.Id, readings[0], readings[1]));
        }

        if (!reading.Success)
        {
            return turn.Reject(q, reading.Error!);
        }

        return AcceptNumber(q, reading.Value!.Value, note);
    }

    /// <summary>Checks a figure against the question (whole, bounds, plausibility) and saves it, or asks about it.</summary>
    private TurnResult AcceptNumber(QuestionDefinition q, decimal value, string? note)
    {
        if (q.WholeNumber && value != decimal.Truncate(value))
        {
            return turn.Reject(q, DialogTexts.NumberNotWhole(DialogTexts.ShowExact(value)));
        }

        if (q.Min is { } min && value < min)
        {
            return turn.Reject(q, DialogTexts.NumberTooSmall(value, min, q.Kind == QuestionKind.Money));
        }

        if (q.Max is { } max && value > max)
        {
            return turn.Reject(q, DialogTexts.NumberTooLarge(value, max, q.Kind == QuestionKind.Money));
        }

        if (turn.Outline.FindQuestion(q.AtMost) is { } bound && turn.Answers.TryGetValue(bound.Id, out var boundAnswer) && boundAnswer.Number is { } limit && value > limit)
        {
            return turn.Reject(q, DialogTexts.NumberAboveOtherAnswer(Turn.Format(q, value), Turn.Format(bound, limit), bound.Index + 1, Turn.Shorten(bound.Prompt, 90)));
        }

        if (q.Kind == QuestionKind.Indicator && turn.Target(q) is { } target && IsImplausible(value, target))
        {
            turn.State = turn.State with { Mode = DialogMode.ConfirmFigure, PendingNumber = value, PendingNote = note, PendingReadings = null };
            turn.Say(DialogTexts.FigureQuestioned(Turn.Format(q, value), Turn.Format(q, target), VietnameseFormat.Achievement(value, target, turn.PercentDecimals(q)), turn.PercentDecimals(q)),
                [Turn.Button(DialogTexts.ButtonKeepFigure, new(DialogCommandKind.KeepFigure, q.Id)), Turn.Button(DialogTexts.ButtonRetypeFigure, new(DialogCommandKind.RetypeFigure, q.Id))]);
            return turn.Done(new TurnOutcome.FigureQuestioned(q.Id, value));
        }

        return turn.Save(q, AnswerValue.OfNumber(value) with { Note = note }, SavedNumberText(q, value) + (note is null ? "" : "\n" + DialogTexts.NoteSaved));
    }

    /// <summary>"0,5 hay 500?": the two readings as buttons, answerable by 1/2 or the number itself.</summary>
    public void AskReading(QuestionDefinition q, IReadOnlyList<decimal> readings, string? input)
    {
        turn.Say(DialogTexts.WhichReading(input is null ? null : Turn.Shorten(input, 40), readings[0], readings[1]),
            [Turn.Button(DialogTexts.ReadingChoice(1, readings[0]), new(DialogCommandKind.ChooseReading, q.Id, "1")),
             Turn.Button(DialogTexts.ReadingChoice(2, readings[1]), new(DialogCommandKind.ChooseReading, q.Id, "2"))],
            [Turn.Button(DialogTexts.ButtonRetypeFigure, new(DialogCommandKind.RetypeFigure, q.Id))]);
    }

    public TurnResult ChooseReading(string? argument)
    {
        var q = turn.Current;
        if (q is null || turn.State.Mode != DialogMode.ChooseReading || turn.State.PendingReadings is not { Count: 2 } readings || argument is not ("1" or "2"))
        {
            return turn.Router.Stale();
        }

        return TakeReading(q, readings[argument == "1" ? 0 : 1]);
    }

    private TurnResult TakeReading(QuestionDefinition q, decimal value)
    {
        var note = turn.State.PendingNote;
        turn.State = turn.State with { Mode = DialogMode.Answering, PendingReadings = null, PendingNumber = null, PendingNote = null };
        return AcceptNumber(q, value, note);
    }

    public TurnResult ReadingReply(QuestionDefinition q, string raw)
    {
        if (turn.State.PendingReadings is not { Count: 2 } readings)
        {
            turn.State = turn.State with { Mode = DialogMode.Answering, PendingReadings = null, PendingNote = null };
            return AnswerNumber(q, raw);
        }

        var (reading, _) = ReadFigure(q, raw);
        if (raw.Trim().TrimEnd('.', ')') is "1" or "2" || (reading.Value is 1m or 2m && !readings.Contains(reading.Value.Value)))
        {
            // "1" or "2" (also "1.", "2)", "１"): the position of the choice, unless it is one of the readings itself.
            return TakeReading(q, readings[raw.Trim().StartsWith('1') || reading.Value == 1m ? 0 : 1]);
        }

        if (reading.Success && readings.Contains(reading.Value!.Value))
        {
            return TakeReading(q, reading.Value.Value);
        }

        if (IsFigure(reading) || reading.Problem is NumberProblem.UnitMismatch or NumberProblem.BadSeparators or NumberProblem.TooManyDigits)
        {
            // Another figure (or an attempt at one): read it as a new answer.
            turn.State = turn.State with { Mode = DialogMode.Answering, PendingReadings = null, PendingNote = null };
            return AnswerNumber(q, raw);
        }

        turn.Say("⚠️ " + DialogTexts.ReadingExpected);
        AskReading(q, readings, input: null);
        return turn.Done(new TurnOutcome.AnswerRejected(q.Id, "reading-expected"));
    }

    /// <summary>Splits "figure (explanation)", "figure - explanation" or "figure: explanation"; null when there is no such shape.</summary>
    private static (string Figure, string Note)? SplitExplanation(string raw)
    {
        var text = raw.Trim();
        foreach (var separator in new[] { "(", " - ", " – ", " — ", ":", ";" })
        {
            var at = text.IndexOf(separator, StringComparison.Ordinal);
            if (at <= 0)
            {
                continue;
            }

            var note = text[(at + separator.Length)..].Trim().TrimEnd(')').Trim();
            return note.Length == 0 ? null : (text[..at].Trim(), note);
        }

        return null;
    }

    public TurnResult FigureReply(QuestionDefinition q, string raw)
    {
        // A number is a correction; anything else is the explanation that travels with the figure.
        // "12 tin" alone is a correction in the wrong unit (refused); "5 CĐCS: giải thể" is an explanation.
        if (IsFigure(ReadFigure(q, raw).Reading) || (raw.Length <= DialogEngine.MaxNumberAnswerLength && Read(q, raw).Problem == NumberProblem.UnitMismatch))
        {
            turn.State = turn.State with { Mode = DialogMode.Answering, PendingNumber = null, PendingNote = null, PendingReadings = null };
            return AnswerNumber(q, raw);
        }

        var note = raw.Trim();
        if (DoneWord.Is(note) || note.Length == 0)
        {
            return KeepFigure(null);
        }

        if (note.Length > DialogEngine.MaxNoteLength)
        {
            turn.Say(DialogTexts.NoteTooLong(note.Length, DialogEngine.MaxNoteLength));
            return turn.Done(new TurnOutcome.AnswerRejected(q.Id, "note-too-long"));
        }

        return KeepFigure(note);
    }

    public TurnResult KeepFigure(string? note)
    {
        var q = turn.Current;
        if (q is null || turn.State.PendingNumber is not { } value)
        {
            return turn.Router.Stale();
        }

        note ??= turn.State.PendingNote;

        turn.State = turn.State with { Mode = DialogMode.Answering, PendingNumber = null, PendingNote = null, PendingReadings = null };
        return turn.Save(q, AnswerValue.OfNumber(value) with { Note = note }, SavedNumberText(q, value) + (note is null ? "" : "\n" + DialogTexts.NoteSaved));
    }

    public TurnResult RetypeFigure()
    {
        turn.State = turn.State with { Mode = DialogMode.Answering, PendingNumber = null, PendingNote = null, PendingReadings = null };
        turn.Say(DialogTexts.RetypeFigure);
        turn.AskCurrent(showGuidance: false);
        return turn.Done(new TurnOutcome.Shown());
    }

    private static bool IsImplausible(decimal value, decimal target) =>
        target > 0 && (value > target * DialogEngine.ImplausiblyHighRatio || (value > 0 && value < target * DialogEngine.ImplausiblyLowRatio));

    private string SavedNumberText(QuestionDefinition q, decimal value)
    {
        var text = DialogTexts.SavedNumber(Turn.Format(q, value));
        if (q.Kind == QuestionKind.Indicator && turn.Target(q) is { } target && VietnameseFormat.Achievement(value, target, turn.PercentDecimals(q)) is { } pct)
        {
            text += "\n" + DialogTexts.Achievement(pct, Turn.Format(q, target), turn.PercentDecimals(q));
        }

        return text;
    }
}
