using System.Globalization;
using System.Text;
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
        var turn = new Turn(state, context);
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

    /// <summary>Questions that must be answered before submission and are not.</summary>
    public static IReadOnlyList<QuestionDefinition> MissingRequired(OutlineDefinition outline, IReadOnlyDictionary<string, AnswerValue> answers)
    {
        ArgumentNullException.ThrowIfNull(outline);
        ArgumentNullException.ThrowIfNull(answers);
        return [.. outline.Questions.Where(q => q.Required && !(answers.TryGetValue(q.Id, out var a) && !a.IsEmpty))];
    }

    /// <summary>Share of questions answered, 0–100.</summary>
    public static int PercentAnswered(OutlineDefinition outline, IReadOnlyDictionary<string, AnswerValue> answers)
    {
        ArgumentNullException.ThrowIfNull(outline);
        ArgumentNullException.ThrowIfNull(answers);
        var answered = outline.Questions.Count(q => answers.TryGetValue(q.Id, out var a) && !a.IsEmpty);
        return outline.Questions.Count == 0 ? 100 : (int)Math.Floor(answered * 100.0 / outline.Questions.Count);
    }

    /// <summary>Length of a text as a reader counts it: user-perceived characters (text elements), so an emoji or a letter with combining marks counts once.</summary>
    public static int TextLength(string? text) => string.IsNullOrEmpty(text) ? 0 : new StringInfo(TextSanitizer.ReplaceLoneSurrogates(text)).LengthInTextElements;

/// <summary>Lower case without diacritics, so "Không", "khong" and "KHÔNG" compare equal.</summary>
    internal static string Fold(string text)
    {
        var decomposed = TextSanitizer.ReplaceLoneSurrogates(text).Trim().ToLowerInvariant().Replace('đ', 'd').Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(c);
            }
        }

        return sb.ToString().TrimEnd('.', '!', ' ');
    }

    private sealed class Turn(DialogState state, ReportContext context)
    {
        private readonly OutlineDefinition _outline = context.Outline;
        private readonly Dictionary<string, AnswerValue> _answers = new(context.Answers, StringComparer.Ordinal);
        private readonly List<OutgoingMessage> _replies = [];
        private readonly List<DialogEffect> _effects = [];
        private DialogState _state = state;
        private bool Locked => context.Status == ReportStatus.Submitted;
        private QuestionDefinition? Current => _outline.FindQuestion(_state.QuestionId);

        private TurnResult Done(TurnOutcome outcome) => new(_state, _replies, _effects, outcome);

        private bool IsAnswered(QuestionDefinition q) => _answers.TryGetValue(q.Id, out var a) && !a.IsEmpty;

        private void Say(string text, params IReadOnlyList<ChatButton>[] rows) => _replies.Add(new OutgoingMessage(text, rows));

        public TurnResult Command(DialogCommand command, bool fromButton)
        {
            // Buttons that answer a question carry that question's id; a mismatch means an old message.
            var answerKinds = command.Kind is DialogCommandKind.Back or DialogCommandKind.Skip or DialogCommandKind.Next
                or DialogCommandKind.Done or DialogCommandKind.ClearDraft or DialogCommandKind.Choose or DialogCommandKind.YesNo
                or DialogCommandKind.KeepFigure or DialogCommandKind.RetypeFigure or DialogCommandKind.ChooseReading;
            if (fromButton && answerKinds && (command.QuestionId != _state.QuestionId || _state.Mode is not (DialogMode.Answering or DialogMode.ConfirmFigure or DialogMode.FollowUp or DialogMode.ChooseReading)))
            {
                return Stale();
            }

            if (fromButton && command.Kind == DialogCommandKind.ConfirmSubmit && _state.Mode != DialogMode.ConfirmSubmit)
            {
                return Stale();
            }

            switch (command.Kind)
            {
                case DialogCommandKind.Continue: return Continue();
                case DialogCommandKind.Back: return Back();
                case DialogCommandKind.Skip: return Skip();
                case DialogCommandKind.Next: return Next();
                case DialogCommandKind.Done: return FinishDraft();
                case DialogCommandKind.ClearDraft: return ClearDraft();
                case DialogCommandKind.Choose: return Choose(command.Argument);
                case DialogCommandKind.YesNo: return AnswerYesNo(command.Argument == "1");
                case DialogCommandKind.KeepFigure: return KeepFigure(note: null);
                case DialogCommandKind.RetypeFigure: return RetypeFigure();
                case DialogCommandKind.ChooseReading: return ChooseReading(command.Argument);
                case DialogCommandKind.Menu: return Menu();
                case DialogCommandKind.GoToSection: return GoToSection(command.Argument);
                case DialogCommandKind.GoToQuestion: return GoToQuestion(command.QuestionId, returnToSection: null);
                case DialogCommandKind.Review: return Review();
                case DialogCommandKind.ReviewSection: return ReviewSection(command.Argument);
                case DialogCommandKind.Edit: return Edit(command.QuestionId);
                case DialogCommandKind.Submit: return Submit();
                case DialogCommandKind.ConfirmSubmit: return ConfirmSubmit();
                case DialogCommandKind.Cancel: return Cancel();
                case DialogCommandKind.Progress: return Progress();
                case DialogCommandKind.Help:
                    Say(DialogTexts.Help, NavigationRow());
                    return Done(new TurnOutcome.Shown());
                default: return UnknownCommand(command.Kind.ToString());
            }
        }

        public TurnResult UnknownCommand(string name)
        {
            Say(DialogTexts.UnknownCommand(name), NavigationRow());
            return Done(new TurnOutcome.Unknown(name));
        }

        public TurnResult Stale()
        {
            var current = Current;
            if (Locked || current is null || _state.Mode is not (DialogMode.Answering or DialogMode.ConfirmFigure or DialogMode.FollowUp or DialogMode.ChooseReading))
            {
                Say(DialogTexts.StaleButton, NavigationRow());
            }
            else if (_state.Mode == DialogMode.ChooseReading && _state.PendingReadings is { Count: 2 } readings)
            {
                Say(DialogTexts.StaleButtonWithQuestion);
                AskReading(current, readings, input: null);
            }
            else if (_state.Mode == DialogMode.FollowUp)
            {
                Say(DialogTexts.StaleButtonWithQuestion);
                AskFollowUp(current);
            }
            else
            {
                Say(DialogTexts.StaleButtonWithQuestion);
                AskCurrent(showGuidance: false);
            }

            return Done(new TurnOutcome.StaleAction());
        }

        public TurnResult Text(string raw)
        {
            if (Locked)
            {
                Say(DialogTexts.ReportLocked(context.UnitName), [Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review))]);
                return Done(new TurnOutcome.Locked());
            }

            var current = Current;
            if (_state.Mode is DialogMode.SectionMenu or DialogMode.Review)
            {
                return TextOnList(raw);
            }

            if (current is null || _state.Mode is DialogMode.Idle)
            {
                if (raw.Trim().Length > 0 && _answers.Count > 0 && NextOpen(after: null) is null && context.Status != ReportStatus.Returned)
                {
                    // Every question has an answer: the text belongs to no question, and the officer is told so.
                    Say(DialogTexts.TypedAfterEnd);
                }

                return Continue();
            }

            if (_state.Mode == DialogMode.ConfirmFigure)
            {
                return FigureReply(current, raw);
            }

            if (_state.Mode == DialogMode.ChooseReading)
            {
                return ReadingReply(current, raw);
            }

            if (_state.Mode == DialogMode.FollowUp)
            {
                return AppendFollowUp(current, raw);
            }

            _state = _state with { Mode = DialogMode.Answering };
            return current.Kind switch
            {
                QuestionKind.Text => AppendText(current, raw),
                QuestionKind.Number or QuestionKind.Money or QuestionKind.Indicator => AnswerNumber(current, raw),
                QuestionKind.Choice => AnswerChoiceText(current, raw),
                QuestionKind.YesNo => AnswerYesNoText(current, raw),
                _ => UnknownCommand(raw),
            };
        }

        /// <summary>
        /// Text typed while the table of contents or the review is on screen: a section code opens that section; anything
        /// else is not taken as an answer to a question the officer cannot see.
        /// </summary>
        private TurnResult TextOnList(string raw)
        {
            var typed = raw.Trim().TrimEnd('.', ' ');
            var section = _outline.Sections.FirstOrDefault(s => string.Equals(s.Code.TrimEnd('.', ' '), typed, StringComparison.OrdinalIgnoreCase));
            if (section is not null)
            {
                return _state.Mode == DialogMode.Review ? ReviewSection(section.Id) : GoToSection(section.Id);
            }

            Say(DialogTexts.NotASectionCode(Shorten(typed, 40)), NavigationRow());
            return Done(new TurnOutcome.Unknown(typed));
        }

        // ---- navigation -------------------------------------------------------------------------

        private TurnResult Continue()
        {
            if (Locked)
            {
                Say(DialogTexts.ReportLocked(context.UnitName), [Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review))]);
                return Done(new TurnOutcome.Locked());
            }

            var isNew = _answers.Count == 0 && _state.QuestionId is null;
            if (isNew)
            {
                Say(DialogTexts.Welcome(_outline, context.UnitName, context.Deadline, context.Today));
            }
            else if (_state.Mode == DialogMode.Idle && DialogTexts.IsOverdue(context.Deadline, context.Today, context.Status))
            {
                Say(DialogTexts.DeadlineLine(context.Deadline!.Value, context.Today, context.Status));
            }
            else if (context.Status == ReportStatus.Returned && context.ReturnNote is not null && _state.Mode == DialogMode.Idle)
            {
                Say(DialogTexts.ReturnedForRevision(context.ReturnNote));
            }

            if (Current is { } pending && _state.Mode == DialogMode.FollowUp)
            {
                AskFollowUp(pending);
                return Done(new TurnOutcome.Shown());
            }

            if (Current is { } ambiguous && _state.Mode == DialogMode.ChooseReading && _state.PendingReadings is { Count: 2 } readings)
            {
                // Resumed (after a pause or a restart) in the middle of "0,5 hay 500?": the question, then the choice again.
                Say(DialogTexts.QuestionNumber(ambiguous.Index + 1, _outline.Questions.Count) + ": " + ambiguous.Prompt);
                AskReading(ambiguous, readings, input: null);
                return Done(new TurnOutcome.Shown());
            }

            var target = Current is { } q && _state.Mode is DialogMode.Answering or DialogMode.ConfirmFigure
                ? q
                : Current is { } c && !IsAnswered(c) && !_state.Skipped.Contains(c.Id) ? c : NextOpen(after: null);
            if (target is null)
            {
                return Finished();
            }

            if (!isNew && target.Id == _state.QuestionId && _state.Draft is { Length: > 0 } draft && target.Kind == QuestionKind.Text)
            {
                Say(DialogTexts.DraftKept(TextLength(draft)));
            }

            MoveTo(target, keepDraft: target.Id == _state.QuestionId);
            AskCurrent(showGuidance: true);
            return Done(new TurnOutcome.Shown());
        }

        private TurnResult Back()
        {
            var current = Current;
            if (current is null)
            {
                return Continue();
            }

            SaveDraftOnLeave(current);
            if (current.Index == 0)
            {
                Say(DialogTexts.AlreadyFirst);
                AskCurrent(showGuidance: false);
                return Done(new TurnOutcome.Shown());
            }

            MoveTo(_outline.Questions[current.Index - 1], keepDraft: false);
            AskCurrent(showGuidance: false);
            return Done(new TurnOutcome.Shown());
        }

        private TurnResult Skip()
        {
            var current = Current;
            if (current is null || Locked)
            {
                return Continue();
            }

            if (_state.Mode == DialogMode.FollowUp)
            {
                return LeaveFollowUp(current);
            }

            if (current.Required)
            {
                Say(DialogTexts.CannotSkipRequired);
                AskCurrent(showGuidance: false);
                return Done(new TurnOutcome.Shown());
            }

            SaveDraftOnLeave(current);
            if (!IsAnswered(current) && !_state.Skipped.Contains(current.Id))
            {
                _state = _state with { Skipped = [.. _state.Skipped, current.Id] };
            }

            return Advance(current);
        }

        private TurnResult Next()
        {
            var current = Current;
            if (current is null)
            {
                return Continue();
            }

            if (_state.Mode == DialogMode.FollowUp)
            {
                return LeaveFollowUp(current);
            }

            if (!IsAnswered(current) && current.Required && string.IsNullOrEmpty(_state.Draft))
            {
                Say(DialogTexts.CannotSkipRequired);
                AskCurrent(showGuidance: false);
                return Done(new TurnOutcome.Shown());
            }

            SaveDraftOnLeave(current);
            if (_state.ReturnToSectionId is null && current.Index + 1 < _outline.Questions.Count)
            {
                // "Keep and go on" walks the outline in order, answered questions included: going through a finished
                // report question by question must not jump to the end.
                var following = _outline.Questions[current.Index + 1];
                MoveTo(following, keepDraft: false);
                AskCurrent(showGuidance: following.SectionId != current.SectionId);
                return Done(new TurnOutcome.Shown());
            }

            return Advance(current);
        }

        private TurnResult Menu()
        {
            var current = Current;
            if (current is not null)
            {
                SaveDraftOnLeave(current);
            }

            _state = _state with { Mode = DialogMode.SectionMenu, Draft = null, PendingNumber = null, PendingNote = null, PendingReadings = null };
            var text = new StringBuilder(DialogTexts.MenuTitle(_outline.Title)).Append('\n');
            string? part = null;
            foreach (var section in _outline.Sections)
            {
                if (section.PartId != part)
                {
                    part = section.PartId;
                    var p = _outline.Parts.First(x => x.Id == part);
                    text.Append('\n').Append(p.Title).Append('\n');
                }

                var answered = section.Questions.Count(IsAnswered);
                text.Append(answered == section.Questions.Count ? "✅ " : answered > 0 ? "✏️ " : "▫️ ")
                    .Append(section.Label).Append(" (").Append(answered).Append('/').Append(section.Questions.Count).Append(")\n");
            }

            var buttons = _outline.Sections.Select(s => Button(s.Code, new(DialogCommandKind.GoToSection, null, s.Id))).Chunk(5).Select(r => (IReadOnlyList<ChatButton>)r).ToList();
            buttons.Add([Button(DialogTexts.ButtonContinue, new(DialogCommandKind.Continue)), Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review))]);
            _replies.Add(new OutgoingMessage(text.ToString().TrimEnd(), buttons));
            return Done(new TurnOutcome.Shown());
        }

        private TurnResult GoToSection(string? sectionId)
        {
            var section = _outline.FindSection(sectionId);
            if (section is null)
            {
                return Stale();
            }

            if (Locked)
            {
                return ReviewSection(section.Id);
            }

            if (Current is { } current)
            {
                SaveDraftOnLeave(current);
            }

            var target = section.Questions.FirstOrDefault(q => !IsAnswered(q)) ?? section.Questions[0];
            MoveTo(target, keepDraft: false);
            AskCurrent(showGuidance: true);
            return Done(new TurnOutcome.Shown());
        }

        private TurnResult GoToQuestion(string? questionId, string? returnToSection)
        {
            var question = _outline.FindQuestion(questionId);
            if (question is null)
            {
                return Stale();
            }

            if (Locked)
            {
                Say(DialogTexts.ReportLocked(context.UnitName), [Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review))]);
                return Done(new TurnOutcome.Locked());
            }

            if (Current is { } current && current.Id != question.Id)
            {
                SaveDraftOnLeave(current);
            }

            MoveTo(question, keepDraft: question.Id == _state.QuestionId);
            _state = _state with { ReturnToSectionId = returnToSection };
            AskCurrent(showGuidance: returnToSection is null && question.Index == _outline.SectionOf(question).Questions[0].Index);
            return Done(new TurnOutcome.Shown());
        }

        private TurnResult Edit(string? questionId)
        {
            var question = _outline.FindQuestion(questionId);
            return question is null ? Stale() : GoToQuestion(question.Id, _outline.SectionOf(question).Id);
        }

        private TurnResult Cancel()
        {
            if (_state.Mode == DialogMode.ConfirmSubmit)
            {
                Say(DialogTexts.SubmitCancelled);
                _state = _state with { Mode = DialogMode.Idle };
                return Continue();
            }

            if (_state.Mode is DialogMode.ConfirmFigure or DialogMode.ChooseReading)
            {
                return RetypeFigure();
            }

            if (_state.Mode == DialogMode.FollowUp && Current is { } followed && string.IsNullOrEmpty(_state.Draft))
            {
                return LeaveFollowUp(followed);
            }

            if (!string.IsNullOrEmpty(_state.Draft))
            {
                return ClearDraft();
            }

            Say(DialogTexts.NothingToCancel, NavigationRow());
            return Done(new TurnOutcome.Shown());
        }

        private TurnResult Progress()
        {
            var current = Current;
            var section = current is null ? null : _outline.SectionOf(current);
            var answered = _outline.Questions.Count(IsAnswered);
            var missing = DialogEngine.MissingRequired(_outline, _answers).Count;
            Say(DialogTexts.ProgressReport(section, _outline.Sections.Count, answered, _outline.Questions.Count, DialogEngine.PercentAnswered(_outline, _answers), missing, context.Status, context.Deadline, context.Today), NavigationRow());
            return Done(new TurnOutcome.Shown());
        }

        // ---- review and submission ---------------------------------------------------------------

        private TurnResult Review()
        {
            if (Current is { } current && !Locked)
            {
                SaveDraftOnLeave(current);
            }

            _state = _state with { Mode = DialogMode.Review, Draft = null, PendingNumber = null, PendingNote = null, PendingReadings = null, ReturnToSectionId = null };
            var text = new StringBuilder(DialogTexts.ReviewTitle(context.UnitName, context.Status))
                .Append('\n').Append(DialogTexts.AnsweredShare(_outline.Questions.Count(IsAnswered), _outline.Questions.Count, DialogEngine.PercentAnswered(_outline, _answers))).Append("\n\n");
            foreach (var section in _outline.Sections)
            {
                text.Append("■ ").Append(section.Label).Append('\n');
                foreach (var q in section.Questions.Where(IsAnswered))
                {
                    text.Append("  • ").Append(Shorten(q.Prompt, 70)).Append(": ").Append(Shorten(_answers[q.Id].Display(q), 120)).Append('\n');
                }

                var open = section.Questions.Count(q => !IsAnswered(q));
                if (open > 0)
                {
                    text.Append("  ").Append(DialogTexts.UnansweredInSection(open)).Append('\n');
                }
            }

            var rows = _outline.Sections.Select(s => Button(s.Code, new(DialogCommandKind.ReviewSection, null, s.Id))).Chunk(5).Select(r => (IReadOnlyList<ChatButton>)r).ToList();
            rows.Add(Locked
                ? [Button(DialogTexts.ButtonProgress, new(DialogCommandKind.Progress))]
                : [Button(DialogTexts.ButtonContinue, new(DialogCommandKind.Continue)), Button(DialogTexts.ButtonSubmit, new(DialogCommandKind.Submit))]);
            _replies.Add(new OutgoingMessage(text.ToString().TrimEnd() + "\n\n" + DialogTexts.ReviewHint, rows));
            return Done(new TurnOutcome.Shown());
        }

        private TurnResult ReviewSection(string? sectionId)
        {
            var section = _outline.FindSection(sectionId);
            if (section is null)
            {
                return Stale();
            }

            _state = _state with { Mode = DialogMode.Review, ReturnToSectionId = null };
            var text = new StringBuilder("■ ").Append(section.Label).Append("\n\n");
            var rows = new List<IReadOnlyList<ChatButton>>();
            foreach (var q in section.Questions)
            {
                var number = q.Index + 1;
                text.Append(DialogTexts.QuestionNumber(number, _outline.Questions.Count)).Append(": ").Append(q.Prompt).Append('\n')
                    .Append(IsAnswered(q) ? "➜ " + _answers[q.Id].Display(q) : DialogTexts.NotAnswered).Append("\n\n");
                if (!Locked)
                {
                    rows.Add([Button(DialogTexts.ButtonEdit(number), new(DialogCommandKind.Edit, q.Id))]);
                }
            }

            rows.Add([Button(DialogTexts.ButtonReviewAll, new(DialogCommandKind.Review)), Button(DialogTexts.ButtonContinue, new(DialogCommandKind.Continue))]);
            _replies.Add(new OutgoingMessage(text.ToString().TrimEnd(), rows));
            return Done(new TurnOutcome.Shown());
        }

        private TurnResult Submit()
        {
            if (Locked)
            {
                Say(DialogTexts.AlreadySubmitted(context.UnitName), [Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review))]);
                return Done(new TurnOutcome.Locked());
            }

            if (Current is { } current)
            {
                SaveDraftOnLeave(current);
            }

            var missing = DialogEngine.MissingRequired(_outline, _answers);
            if (missing.Count > 0)
            {
                _state = _state with { Mode = DialogMode.Idle };
                var list = string.Join("\n", missing.Take(15).Select(q => $"• {_outline.SectionOf(q).Code} – {DialogTexts.QuestionNumber(q.Index + 1, _outline.Questions.Count)}: {Shorten(q.Prompt, 90)}"));
                Say(DialogTexts.SubmitRefused(missing.Count, list, missing.Count - 15),
                    [Button(DialogTexts.ButtonAnswerMissing, new(DialogCommandKind.GoToQuestion, missing[0].Id))],
                    [Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review))]);
                return Done(new TurnOutcome.SubmitRefused([.. missing.Select(q => q.Id)]));
            }

            _state = _state with { Mode = DialogMode.ConfirmSubmit };
            Say(DialogTexts.ConfirmSubmit(context.UnitName, _outline.Questions.Count(IsAnswered), _outline.Questions.Count),
                [Button(DialogTexts.ButtonConfirmSubmit, new(DialogCommandKind.ConfirmSubmit)), Button(DialogTexts.ButtonCancel, new(DialogCommandKind.Cancel))]);
            return Done(new TurnOutcome.Shown());
        }

        private TurnResult ConfirmSubmit()
        {
            if (Locked)
            {
                return Submit();
            }

            if (_state.Mode != DialogMode.ConfirmSubmit || DialogEngine.MissingRequired(_outline, _answers).Count > 0)
            {
                return Submit();
            }

            _effects.Add(new ReportSubmitted());
            _state = _state with { Mode = DialogMode.Idle, Draft = null, PendingNumber = null, PendingNote = null, PendingReadings = null, ReturnToSectionId = null };
            Say(DialogTexts.Submitted(context.UnitName), [Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review))]);
            return Done(new TurnOutcome.Submitted());
        }

        private TurnResult Finished()
        {
            _state = _state with { Mode = DialogMode.Idle, Draft = null, PendingNumber = null, PendingNote = null, PendingReadings = null, ReturnToSectionId = null };
            var missing = DialogEngine.MissingRequired(_outline, _answers);
            if (missing.Count == 0)
            {
                Say(DialogTexts.AllAnswered(_outline.Questions.Count(IsAnswered), _outline.Questions.Count),
                    [Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review)), Button(DialogTexts.ButtonSubmit, new(DialogCommandKind.Submit))]);
            }
            else
            {
                Say(DialogTexts.EndWithMissing(missing.Count),
                    [Button(DialogTexts.ButtonAnswerMissing, new(DialogCommandKind.GoToQuestion, missing[0].Id))],
                    [Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review))]);
            }

            return Done(new TurnOutcome.OutlineFinished(missing.Count));
        }

        // ---- answers -----------------------------------------------------------------------------

        private TurnResult AppendText(QuestionDefinition q, string raw)
        {
            var (trimmed, finished) = SplitDoneLine(raw);
            if (trimmed.Length == 0 && finished)
            {
                return FinishDraft();
            }

            var draft = string.IsNullOrEmpty(_state.Draft) ? trimmed : _state.Draft + "\n" + trimmed;
            if (TextLength(draft) > q.MaxLength)
            {
                Say(DialogTexts.TextTooLong(TextLength(draft), q.MaxLength, TextLength(_state.Draft)), DraftRow(q));
                return Done(new TurnOutcome.AnswerRejected(q.Id, "too-long"));
            }

            _state = _state with { Draft = draft };
            if (finished)
            {
                return FinishDraft();
            }

            Say(DialogTexts.DraftReceived(TextLength(draft)), DraftRow(q));
            return Done(new TurnOutcome.DraftExtended(q.Id, TextLength(draft)));
        }

        /// <summary>
        /// The message without a last line that only says "xong" (the officer finishing in the same message), and whether
        /// it had one. A message that is only "xong" gives an empty text.
        /// </summary>
        private static (string Text, bool Finished) SplitDoneLine(string raw)
        {
            var trimmed = raw.Trim();
            if (IsDoneWord(trimmed))
            {
                return ("", true);
            }

            var lastBreak = trimmed.LastIndexOf('\n');
            return lastBreak > 0 && IsDoneWord(trimmed[(lastBreak + 1)..])
                ? (trimmed[..lastBreak].Trim(), true)
                : (trimmed, false);
        }

        private TurnResult FinishDraft()
        {
            var q = Current;
            if (q is not null && _state.Mode == DialogMode.FollowUp)
            {
                return FinishFollowUp(q);
            }

            if (q is null || _state.Mode != DialogMode.Answering)
            {
                return Continue();
            }

            if (q.Kind == QuestionKind.Choice && q.Multiple)
            {
                var chosen = SplitDraft();
                if (chosen.Count == 0)
                {
                    Say(DialogTexts.ChooseAtLeastOne);
                    AskCurrent(showGuidance: false);
                    return Done(new TurnOutcome.AnswerRejected(q.Id, "none-chosen"));
                }

                return Save(q, AnswerValue.OfChoices(chosen), DialogTexts.Saved);
            }

            if (q.Kind != QuestionKind.Text)
            {
                AskCurrent(showGuidance: false);
                return Done(new TurnOutcome.Shown());
            }

            var draft = _state.Draft?.Trim() ?? "";
            if (draft.Length == 0)
            {
                Say(IsAnswered(q) ? DialogTexts.EmptyDraftKeepsOld : DialogTexts.EmptyDraft);
                AskCurrent(showGuidance: false);
                return Done(new TurnOutcome.AnswerRejected(q.Id, "empty"));
            }

            if (TextLength(draft) < q.MinLength)
            {
                Say(DialogTexts.TextTooShort(TextLength(draft), q.MinLength), DraftRow(q));
                return Done(new TurnOutcome.AnswerRejected(q.Id, "too-short"));
            }

            if (q.FollowUp == FollowUpKind.Solution && SolutionDetector.NamesProblem(draft) && !SolutionDetector.NamesSolution(draft))
            {
                // Keep what was written, then ask for the solution the guide insists on.
                var value = AnswerValue.OfText(draft);
                _answers[q.Id] = value;
                _effects.Add(new AnswerSaved(q, value));
                _state = _state with { Mode = DialogMode.FollowUp, Draft = null, PendingNumber = null, PendingNote = null, PendingReadings = null, Skipped = [.. _state.Skipped.Where(s => s != q.Id)] };
                Say(DialogTexts.SavedText(TextLength(draft)));
                AskFollowUp(q);
                return Done(new TurnOutcome.FollowUpAsked(q.Id));
            }

            return Save(q, AnswerValue.OfText(draft), DialogTexts.SavedText(TextLength(draft)));
        }

        // ---- follow-up (the solution to a named problem) -----------------------------------------

        private void AskFollowUp(QuestionDefinition q)
        {
            var rows = new List<IReadOnlyList<ChatButton>>();
            if (_state.Draft is { Length: > 0 })
            {
                rows.Add(DraftRow(q));
            }

            rows.Add([Button(DialogTexts.ButtonSkipFollowUp, new(DialogCommandKind.Skip, q.Id))]);
            _replies.Add(new OutgoingMessage(DialogTexts.AskSolution(TextLength(_state.Draft)), rows));
        }

        private TurnResult AppendFollowUp(QuestionDefinition q, string raw)
        {
            var (trimmed, finished) = SplitDoneLine(raw);
            if (trimmed.Length == 0 && finished)
            {
                return FinishFollowUp(q);
            }

            var draft = string.IsNullOrEmpty(_state.Draft) ? trimmed : _state.Draft + "\n" + trimmed;
            if (TextLength(draft) > q.MaxLength)
            {
                Say(DialogTexts.TextTooLong(TextLength(draft), q.MaxLength, TextLength(_state.Draft)), DraftRow(q));
                return Done(new TurnOutcome.AnswerRejected(q.Id, "too-long"));
            }

            _state = _state with { Draft = draft };
            if (finished)
            {
                return FinishFollowUp(q);
            }

            Say(DialogTexts.DraftReceived(TextLength(draft)), DraftRow(q), [Button(DialogTexts.ButtonSkipFollowUp, new(DialogCommandKind.Skip, q.Id))]);
            return Done(new TurnOutcome.DraftExtended(q.Id, TextLength(draft)));
        }

        private TurnResult FinishFollowUp(QuestionDefinition q)
        {
            var draft = _state.Draft?.Trim() ?? "";
            if (draft.Length == 0)
            {
                Say(DialogTexts.EmptyFollowUp);
                AskFollowUp(q);
                return Done(new TurnOutcome.AnswerRejected(q.Id, "empty"));
            }

            var answer = _answers.TryGetValue(q.Id, out var a) ? a : AnswerValue.OfText("");
            _state = _state with { Mode = DialogMode.Answering };
            return Save(q, answer with { FollowUp = draft }, DialogTexts.SolutionSaved);
        }

        private TurnResult LeaveFollowUp(QuestionDefinition q)
        {
            SaveDraftOnLeave(q);
            _state = _state with { Mode = DialogMode.Answering };
            return Advance(q);
        }

        private TurnResult ClearDraft()
        {
            var q = Current;
            _state = _state with { Draft = null };
            Say(DialogTexts.DraftCleared);
            if (q is not null && _state.Mode == DialogMode.FollowUp)
            {
                AskFollowUp(q);
            }
            else if (q is not null)
            {
                AskCurrent(showGuidance: false);
            }

            return Done(new TurnOutcome.Shown());
        }

        private static NumberReading Read(QuestionDefinition q, string raw) =>
            VietnameseNumberParser.Parse(raw, q.Unit, mayBeFraction: MayBeFraction(q));

        /// <summary>A rate or an average: a value that may have decimals, where "1.500" may mean 1,5.</summary>
        private static bool MayBeFraction(QuestionDefinition q) => !q.WholeNumber && q.Kind != QuestionKind.Money;

        /// <summary>A value, or two readings to choose from.</summary>
        private static bool IsFigure(NumberReading reading) => reading.Success || reading.Problem == NumberProblem.Ambiguous;

        /// <summary>
        /// Reads <paramref name="raw"/> as a figure, or (for an indicator) as "figure (explanation)". Over-long text is
        /// not read at all: a figure has no reason to be longer than <see cref="MaxNumberAnswerLength"/> characters.
        /// </summary>
        private static (NumberReading Reading, string? Note) ReadFigure(QuestionDefinition q, string raw)
        {
            var reading = raw.Length <= MaxNumberAnswerLength
                ? Read(q, raw)
                : new NumberReading(null, DialogTexts.NumberTooLong(raw.Length, MaxNumberAnswerLength)) { Problem = NumberProblem.Unreadable };
            if (!IsFigure(reading) && q.Kind == QuestionKind.Indicator && SplitExplanation(raw) is { } split && split.Figure.Length <= MaxNumberAnswerLength)
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

        private TurnResult AnswerNumber(QuestionDefinition q, string raw)
        {
            var (reading, note) = ReadFigure(q, raw);
            if (note is { Length: > MaxNoteLength })
            {
                return Reject(q, DialogTexts.NoteTooLong(note.Length, MaxNoteLength));
            }

            if (reading.Problem == NumberProblem.Ambiguous && reading.Readings is { Count: 2 } readings)
            {
                _state = _state with { Mode = DialogMode.ChooseReading, PendingReadings = [.. readings], PendingNumber = null, PendingNote = note };
                AskReading(q, readings, raw.Length <= MaxNumberAnswerLength ? raw.Trim() : SplitExplanation(raw)?.Figure);
                return Done(new TurnOutcome.ReadingQuestioned(q.Id, readings[0], readings[1]));
            }

            if (!reading.Success)
            {
                return Reject(q, reading.Error!);
            }

            return AcceptNumber(q, reading.Value!.Value, note);
        }

        /// <summary>Checks a figure against the question (whole, bounds, plausibility) and saves it, or asks about it.</summary>
        private TurnResult AcceptNumber(QuestionDefinition q, decimal value, string? note)
        {
            if (q.WholeNumber && value != decimal.Truncate(value))
            {
                return Reject(q, DialogTexts.NumberNotWhole(DialogTexts.ShowExact(value)));
            }

            if (q.Min is { } min && value < min)
            {
                return Reject(q, DialogTexts.NumberTooSmall(value, min, q.Kind == QuestionKind.Money));
            }

            if (q.Max is { } max && value > max)
            {
                return Reject(q, DialogTexts.NumberTooLarge(value, max, q.Kind == QuestionKind.Money));
            }

            if (_outline.FindQuestion(q.AtMost) is { } bound && _answers.TryGetValue(bound.Id, out var boundAnswer) && boundAnswer.Number is { } limit && value > limit)
            {
                return Reject(q, DialogTexts.NumberAboveOtherAnswer(Format(q, value), Format(bound, limit), bound.Index + 1, Shorten(bound.Prompt, 90)));
            }

            if (q.Kind == QuestionKind.Indicator && Target(q) is { } target && IsImplausible(value, target))
            {
                _state = _state with { Mode = DialogMode.ConfirmFigure, PendingNumber = value, PendingNote = note, PendingReadings = null };
                Say(DialogTexts.FigureQuestioned(Format(q, value), Format(q, target), VietnameseFormat.Achievement(value, target, PercentDecimals(q)), PercentDecimals(q)),
                    [Button(DialogTexts.ButtonKeepFigure, new(DialogCommandKind.KeepFigure, q.Id)), Button(DialogTexts.ButtonRetypeFigure, new(DialogCommandKind.RetypeFigure, q.Id))]);
                return Done(new TurnOutcome.FigureQuestioned(q.Id, value));
            }

            return Save(q, AnswerValue.OfNumber(value) with { Note = note }, SavedNumberText(q, value) + (note is null ? "" : "\n" + DialogTexts.NoteSaved));
        }

        /// <summary>"0,5 hay 500?": the two readings as buttons, answerable by 1/2 or the number itself.</summary>
        private void AskReading(QuestionDefinition q, IReadOnlyList<decimal> readings, string? input)
        {
            Say(DialogTexts.WhichReading(input is null ? null : Shorten(input, 40), readings[0], readings[1]),
                [Button(DialogTexts.ReadingChoice(1, readings[0]), new(DialogCommandKind.ChooseReading, q.Id, "1")),
                 Button(DialogTexts.ReadingChoice(2, readings[1]), new(DialogCommandKind.ChooseReading, q.Id, "2"))],
                [Button(DialogTexts.ButtonRetypeFigure, new(DialogCommandKind.RetypeFigure, q.Id))]);
        }

        private TurnResult ChooseReading(string? argument)
        {
            var q = Current;
            if (q is null || _state.Mode != DialogMode.ChooseReading || _state.PendingReadings is not { Count: 2 } readings || argument is not ("1" or "2"))
            {
                return Stale();
            }

            return TakeReading(q, readings[argument == "1" ? 0 : 1]);
        }

        private TurnResult TakeReading(QuestionDefinition q, decimal value)
        {
            var note = _state.PendingNote;
            _state = _state with { Mode = DialogMode.Answering, PendingReadings = null, PendingNumber = null, PendingNote = null };
            return AcceptNumber(q, value, note);
        }

        private TurnResult ReadingReply(QuestionDefinition q, string raw)
        {
            if (_state.PendingReadings is not { Count: 2 } readings)
            {
                _state = _state with { Mode = DialogMode.Answering, PendingReadings = null, PendingNote = null };
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
                _state = _state with { Mode = DialogMode.Answering, PendingReadings = null, PendingNote = null };
                return AnswerNumber(q, raw);
            }

            Say("⚠️ " + DialogTexts.ReadingExpected);
            AskReading(q, readings, input: null);
            return Done(new TurnOutcome.AnswerRejected(q.Id, "reading-expected"));
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

        private TurnResult FigureReply(QuestionDefinition q, string raw)
        {
            // A number is a correction; anything else is the explanation that travels with the figure.
            // "12 tin" alone is a correction in the wrong unit (refused); "5 CĐCS: giải thể" is an explanation.
            if (IsFigure(ReadFigure(q, raw).Reading) || (raw.Length <= MaxNumberAnswerLength && Read(q, raw).Problem == NumberProblem.UnitMismatch))
            {
                _state = _state with { Mode = DialogMode.Answering, PendingNumber = null, PendingNote = null, PendingReadings = null };
                return AnswerNumber(q, raw);
            }

            var note = raw.Trim();
            if (IsDoneWord(note) || note.Length == 0)
            {
                return KeepFigure(null);
            }

            if (note.Length > MaxNoteLength)
            {
                Say(DialogTexts.NoteTooLong(note.Length, MaxNoteLength));
                return Done(new TurnOutcome.AnswerRejected(q.Id, "note-too-long"));
            }

            return KeepFigure(note);
        }

        private TurnResult KeepFigure(string? note)
        {
            var q = Current;
            if (q is null || _state.PendingNumber is not { } value)
            {
                return Stale();
            }

            note ??= _state.PendingNote;

            _state = _state with { Mode = DialogMode.Answering, PendingNumber = null, PendingNote = null, PendingReadings = null };
            return Save(q, AnswerValue.OfNumber(value) with { Note = note }, SavedNumberText(q, value) + (note is null ? "" : "\n" + DialogTexts.NoteSaved));
        }

        private TurnResult RetypeFigure()
        {
            _state = _state with { Mode = DialogMode.Answering, PendingNumber = null, PendingNote = null, PendingReadings = null };
            Say(DialogTexts.RetypeFigure);
            AskCurrent(showGuidance: false);
            return Done(new TurnOutcome.Shown());
        }

        private TurnResult Choose(string? value)
        {
            var q = Current;
            if (q is null || q.Kind != QuestionKind.Choice || q.Options.All(o => o.Value != value))
            {
                return Stale();
            }

            if (!q.Multiple)
            {
                return Save(q, AnswerValue.OfChoices([value!]), DialogTexts.Saved);
            }

            var chosen = SplitDraft();
            chosen = chosen.Contains(value!) ? [.. chosen.Where(c => c != value)] : [.. q.Options.Select(o => o.Value).Where(v => v == value || chosen.Contains(v))];
            _state = _state with { Draft = string.Join(",", chosen) };
            AskCurrent(showGuidance: false);
            return Done(new TurnOutcome.DraftExtended(q.Id, chosen.Count));
        }

        private TurnResult AnswerChoiceText(QuestionDefinition q, string raw)
        {
            if (IsDoneWord(raw.Trim()) && q.Multiple)
            {
                return FinishDraft();
            }

            var pieces = q.Multiple ? raw.Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [raw.Trim()];
            var chosen = new List<string>();
            foreach (var piece in pieces)
            {
                var option = MatchOption(q, piece);
                if (option is null)
                {
                    return Reject(q, DialogTexts.UnknownOption(piece, q.Options.Count));
                }

                if (!chosen.Contains(option.Value))
                {
                    chosen.Add(option.Value);
                }
            }

            return chosen.Count == 0 ? Reject(q, DialogTexts.ChooseAtLeastOne) : Save(q, AnswerValue.OfChoices(chosen), DialogTexts.Saved);
        }

        private TurnResult AnswerYesNoText(QuestionDefinition q, string raw)
        {
            var word = Fold(raw);
            bool? flag = word switch
            {
                "co" or "c" or "yes" or "y" or "dung" or "roi" or "da" or "co a" or "vang" => true,
                "khong" or "k" or "ko" or "no" or "n" or "chua" or "khong a" => false,
                _ => null,
            };
            return flag is null ? Reject(q, DialogTexts.YesNoExpected) : AnswerYesNo(flag.Value);
        }

        private TurnResult AnswerYesNo(bool flag)
        {
            var q = Current;
            return q is null || q.Kind != QuestionKind.YesNo ? Stale() : Save(q, AnswerValue.OfFlag(flag), DialogTexts.Saved);
        }

        private TurnResult Reject(QuestionDefinition q, string reason)
        {
            Say("⚠️ " + reason);
            AskCurrent(showGuidance: false, brief: true);
            return Done(new TurnOutcome.AnswerRejected(q.Id, reason));
        }

        private TurnResult Save(QuestionDefinition q, AnswerValue value, string confirmation)
        {
            _answers[q.Id] = value;
            _effects.Add(new AnswerSaved(q, value));
            _state = _state with { Draft = null, PendingNumber = null, PendingNote = null, PendingReadings = null, Skipped = [.. _state.Skipped.Where(s => s != q.Id)] };
            Say(confirmation);
            var result = Advance(q);
            return result with { Outcome = new TurnOutcome.AnswerAccepted(q.Id) };
        }

        private TurnResult Advance(QuestionDefinition from)
        {
            if (_state.ReturnToSectionId is { } sectionId)
            {
                _state = _state with { ReturnToSectionId = null };
                return ReviewSection(sectionId);
            }

            var next = NextOpen(after: from);
            if (next is null)
            {
                return Finished();
            }

            var enteringSection = next.SectionId != from.SectionId;
            MoveTo(next, keepDraft: false);
            AskCurrent(showGuidance: enteringSection);
            return Done(new TurnOutcome.Shown());
        }

        // ---- helpers -----------------------------------------------------------------------------

        private QuestionDefinition? NextOpen(QuestionDefinition? after)
        {
            bool Open(QuestionDefinition q) => !IsAnswered(q) && !_state.Skipped.Contains(q.Id);
            var start = after is null ? 0 : after.Index + 1;
            for (var i = start; i < _outline.Questions.Count; i++)
            {
                if (Open(_outline.Questions[i]))
                {
                    return _outline.Questions[i];
                }
            }

            for (var i = 0; i < start && i < _outline.Questions.Count; i++)
            {
                if (Open(_outline.Questions[i]) && _outline.Questions[i].Id != after?.Id)
                {
                    return _outline.Questions[i];
                }
            }

            return null;
        }

        private void MoveTo(QuestionDefinition q, bool keepDraft) =>
            _state = _state with { Mode = DialogMode.Answering, QuestionId = q.Id, Draft = keepDraft ? _state.Draft : null, PendingNumber = null, PendingNote = null, PendingReadings = null, ReturnToSectionId = keepDraft ? _state.ReturnToSectionId : null };

        private void SaveDraftOnLeave(QuestionDefinition current)
        {
            // Leaving a half-written long answer must not lose it: the text so far becomes the answer (or its follow-up).
            if (_state.Mode == DialogMode.FollowUp && !string.IsNullOrWhiteSpace(_state.Draft) && !Locked && _answers.TryGetValue(current.Id, out var answered))
            {
                var value = answered with { FollowUp = _state.Draft.Trim() };
                _answers[current.Id] = value;
                _effects.Add(new AnswerSaved(current, value));
                Say(DialogTexts.FollowUpSavedOnLeave);
            }
            else if (current.Kind == QuestionKind.Text && _state.Mode == DialogMode.Answering && !string.IsNullOrWhiteSpace(_state.Draft) && !Locked)
            {
                var value = AnswerValue.OfText(_state.Draft.Trim());
                _answers[current.Id] = value;
                _effects.Add(new AnswerSaved(current, value));
                Say(DialogTexts.DraftSavedOnLeave(TextLength(value.Text)));
            }

            _state = _state with { Draft = null, PendingNumber = null, PendingNote = null, PendingReadings = null };
        }

        private int PercentDecimals(QuestionDefinition q) => _outline.PercentDecimalsOf(q.Indicator?.Id);

        private decimal? Target(QuestionDefinition q) => q.Indicator?.TargetFrom(context.Targets);

        private static bool IsImplausible(decimal value, decimal target) =>
            target > 0 && (value > target * ImplausiblyHighRatio || (value > 0 && value < target * ImplausiblyLowRatio));

        private static string Format(QuestionDefinition q, decimal value) =>
            q.Kind == QuestionKind.Money || q.Unit == "đồng" ? VietnameseFormat.Money(value) : VietnameseFormat.Number(value) + (q.Unit is null ? "" : " " + q.Unit);

        private string SavedNumberText(QuestionDefinition q, decimal value)
        {
            var text = DialogTexts.SavedNumber(Format(q, value));
            if (q.Kind == QuestionKind.Indicator && Target(q) is { } target && VietnameseFormat.Achievement(value, target, PercentDecimals(q)) is { } pct)
            {
                text += "\n" + DialogTexts.Achievement(pct, Format(q, target), PercentDecimals(q));
            }

            return text;
        }

        private List<string> SplitDraft() => string.IsNullOrEmpty(_state.Draft) ? [] : [.. _state.Draft.Split(',', StringSplitOptions.RemoveEmptyEntries)];

        private static ChoiceOption? MatchOption(QuestionDefinition q, string piece)
        {
            if (int.TryParse(piece, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= q.Options.Count)
            {
                return q.Options[n - 1];
            }

            var folded = Fold(piece);
            return q.Options.FirstOrDefault(o => o.Value == piece || Fold(o.Label) == folded);
        }

        /// <summary>Length as a reader counts it: user-perceived characters (an emoji or a letter with its marks is one).</summary>
        private static int TextLength(string? text) => DialogEngine.TextLength(text);

        private static bool IsDoneWord(string text) => Fold(text) is "xong" or "/xong" or "het" or "done";

        private static string Shorten(string text, int max)
        {
            var oneLine = text.ReplaceLineEndings(" ");
            return oneLine.Length <= max ? oneLine : string.Concat(oneLine.AsSpan(0, max - 1), "…");
        }

        private static ChatButton Button(string label, DialogCommand command) => new(label, command.ToPayload());

        private ChatButton[] NavigationRow() => Locked
            ? [Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review)), Button(DialogTexts.ButtonProgress, new(DialogCommandKind.Progress))]
            : [Button(DialogTexts.ButtonContinue, new(DialogCommandKind.Continue)), Button(DialogTexts.ButtonMenu, new(DialogCommandKind.Menu)), Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review))];

        private static ChatButton[] DraftRow(QuestionDefinition q) =>
            [Button(DialogTexts.ButtonDone, new(DialogCommandKind.Done, q.Id)), Button(DialogTexts.ButtonClearDraft, new(DialogCommandKind.ClearDraft, q.Id))];

        private void AskCurrent(bool showGuidance, bool brief = false)
        {
            var q = Current!;
            if (_state.Mode == DialogMode.ChooseReading)
            {
                // The plain question again: the choice between two readings is dropped.
                _state = _state with { Mode = DialogMode.Answering, PendingReadings = null, PendingNote = null };
            }

            var section = _outline.SectionOf(q);
            var text = new StringBuilder();
            text.Append(DialogTexts.QuestionHeader(section, _outline.Sections.Count, DialogEngine.PercentAnswered(_outline, _answers))).Append('\n');
            if (showGuidance && !brief)
            {
                if (section.Heading is not null)
                {
                    text.Append(section.Heading).Append('\n');
                }

                if (section.Intro is not null)
                {
                    text.Append(section.Intro).Append('\n');
                }

                if (section.Guidance.Count > 0)
                {
                    text.Append(DialogTexts.GuidanceTitle).Append('\n');
                    foreach (var g in section.Guidance)
                    {
                        text.Append("• ").Append(g).Append('\n');
                    }
                }

                text.Append('\n');
            }

            if (!brief && context.Briefings.TryGetValue(q.Id, out var briefing))
            {
                text.Append(briefing).Append("\n\n");
            }

            text.Append(DialogTexts.QuestionNumber(q.Index + 1, _outline.Questions.Count)).Append(q.Required ? "" : DialogTexts.OptionalMark).Append(": ").Append(q.Prompt).Append('\n');
            if (!brief && q.Help is not null)
            {
                text.Append("💡 ").Append(q.Help).Append('\n');
            }

            if (q.Kind == QuestionKind.Indicator && Target(q) is { } target)
            {
                text.Append(DialogTexts.TargetLine(Format(q, target))).Append('\n');
            }

            text.Append(DialogTexts.KindHint(q));
            if (IsAnswered(q))
            {
                text.Append('\n').Append(DialogTexts.CurrentAnswer(Shorten(_answers[q.Id].Display(q), 500)));
            }

            if (_state.Draft is { Length: > 0 } draft && q.Kind == QuestionKind.Text)
            {
                text.Append('\n').Append(DialogTexts.DraftSoFar(TextLength(draft)));
            }

            var rows = new List<IReadOnlyList<ChatButton>>();
            if (q.Kind == QuestionKind.Choice)
            {
                if (q.Multiple && string.IsNullOrEmpty(_state.Draft) && IsAnswered(q))
                {
                    // Shown for editing: the boxes start from the current answer, so a change is one press.
                    _state = _state with { Draft = string.Join(",", _answers[q.Id].Choices ?? []) };
                }

                var chosen = q.Multiple ? SplitDraft() : IsAnswered(q) ? [.. _answers[q.Id].Choices ?? []] : [];
                rows.AddRange(q.Options.Select(o => (IReadOnlyList<ChatButton>)[Button((q.Multiple ? (chosen.Contains(o.Value) ? "☑ " : "☐ ") : chosen.Contains(o.Value) ? "✔️ " : "") + o.Label, new(DialogCommandKind.Choose, q.Id, o.Value))]));
                if (q.Multiple)
                {
                    rows.Add([Button(DialogTexts.ButtonDone, new(DialogCommandKind.Done, q.Id))]);
                }
            }
            else if (q.Kind == QuestionKind.YesNo)
            {
                rows.Add([Button(DialogTexts.Yes, new(DialogCommandKind.YesNo, q.Id, "1")), Button(DialogTexts.No, new(DialogCommandKind.YesNo, q.Id, "0"))]);
            }
            else if (q.Kind == QuestionKind.Text && _state.Draft is { Length: > 0 })
            {
                rows.Add(DraftRow(q));
            }

            var nav = new List<ChatButton>();
            if (q.Index > 0)
            {
                nav.Add(Button(DialogTexts.ButtonBack, new(DialogCommandKind.Back, q.Id)));
            }

            if (!q.Required && !IsAnswered(q))
            {
                nav.Add(Button(DialogTexts.ButtonSkip, new(DialogCommandKind.Skip, q.Id)));
            }

            if (IsAnswered(q))
            {
                nav.Add(Button(DialogTexts.ButtonKeep, new(DialogCommandKind.Next, q.Id)));
            }

            rows.Add(nav);
            rows.Add([Button(DialogTexts.ButtonMenu, new(DialogCommandKind.Menu)), Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review)), Button(DialogTexts.ButtonSubmit, new(DialogCommandKind.Submit))]);
            _replies.Add(new OutgoingMessage(text.ToString().TrimEnd(), rows.Where(r => r.Count > 0).ToList()));
        }
    }
}
