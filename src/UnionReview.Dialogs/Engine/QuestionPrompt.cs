using System.Text;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;

namespace UnionReview.Dialogs.Engine;

/// <summary>Renders the current question: header and progress, the section's guidance when entering it, the briefing, the prompt and hints, the current answer or draft, and its buttons.</summary>
internal sealed class QuestionPrompt(Turn turn)
{
    /// <summary>Asks the current question; <paramref name="brief"/> leaves out the guidance, briefing and help (after a refused answer).</summary>
    public void Ask(bool showGuidance, bool brief = false)
    {
        var q = turn.Current!;
        if (turn.State.Mode == DialogMode.ChooseReading)
        {
            // The plain question again: the choice between two readings is dropped.
            turn.State = turn.State with { Mode = DialogMode.Answering, PendingReadings = null, PendingNote = null };
        }

        var section = turn.Outline.SectionOf(q);
        var text = new StringBuilder();
        text.Append(DialogTexts.QuestionHeader(section, turn.Outline.Sections.Count, turn.PercentAnswered)).Append('\n');
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

        if (!brief && turn.Context.Briefings.TryGetValue(q.Id, out var briefing))
        {
            text.Append(briefing).Append("\n\n");
        }

        text.Append(DialogTexts.QuestionNumber(q.Index + 1, turn.Outline.Questions.Count)).Append(q.Required ? "" : DialogTexts.OptionalMark).Append(": ").Append(q.Prompt).Append('\n');
        if (!brief && q.Help is not null)
        {
            text.Append("💡 ").Append(q.Help).Append('\n');
        }

        if (q.Kind == QuestionKind.Indicator && turn.Target(q) is { } target)
        {
            text.Append(DialogTexts.TargetLine(Turn.Format(q, target))).Append('\n');
        }

        text.Append(DialogTexts.KindHint(q));
        if (turn.IsAnswered(q))
        {
            text.Append('\n').Append(DialogTexts.CurrentAnswer(Turn.Shorten(turn.Answers[q.Id].Display(q), 500)));
        }

        if (turn.State.Draft is { Length: > 0 } draft && q.Kind == QuestionKind.Text)
        {
            text.Append('\n').Append(DialogTexts.DraftSoFar(Turn.TextLength(draft)));
        }

        var rows = new List<IReadOnlyList<ChatButton>>();
        if (q.Kind == QuestionKind.Choice)
        {
            if (q.Multiple && string.IsNullOrEmpty(turn.State.Draft) && turn.IsAnswered(q))
            {
                // Shown for editing: the boxes start from the current answer, so a change is one press.
                turn.State = turn.State with { Draft = string.Join(",", turn.Answers[q.Id].Choices ?? []) };
            }

            var chosen = q.Multiple ? turn.SplitDraft() : turn.IsAnswered(q) ? [.. turn.Answers[q.Id].Choices ?? []] : [];
            rows.AddRange(q.Options.Select(o => (IReadOnlyList<ChatButton>)[Turn.Button((q.Multiple ? (chosen.Contains(o.Value) ? "☑ " : "☐ ") : chosen.Contains(o.Value) ? "✔️ " : "") + o.Label, new(DialogCommandKind.Choose, q.Id, o.Value))]));
            if (q.Multiple)
            {
                rows.Add([Turn.Button(DialogTexts.ButtonDone, new(DialogCommandKind.Done, q.Id))]);
            }
        }
        else if (q.Kind == QuestionKind.YesNo)
        {
            rows.Add([Turn.Button(DialogTexts.Yes, new(DialogCommandKind.YesNo, q.Id, "1")), Turn.Button(DialogTexts.No, new(DialogCommandKind.YesNo, q.Id, "0"))]);
        }
        else if (q.Kind == QuestionKind.Text && turn.State.Draft is { Length: > 0 })
        {
            rows.Add(Turn.DraftRow(q));
        }

        var nav = new List<ChatButton>();
        if (q.Index > 0)
        {
            nav.Add(Turn.Button(DialogTexts.ButtonBack, new(DialogCommandKind.Back, q.Id)));
        }

        if (!q.Required && !turn.IsAnswered(q))
        {
            nav.Add(Turn.Button(DialogTexts.ButtonSkip, new(DialogCommandKind.Skip, q.Id)));
        }

        if (turn.IsAnswered(q))
        {
            nav.Add(Turn.Button(DialogTexts.ButtonKeep, new(DialogCommandKind.Next, q.Id)));
        }

        rows.Add(nav);
        rows.Add([Turn.Button(DialogTexts.ButtonMenu, new(DialogCommandKind.Menu)), Turn.Button(DialogTexts.ButtonReview, new(DialogCommandKind.Review)), Turn.Button(DialogTexts.ButtonSubmit, new(DialogCommandKind.Submit))]);
        turn.Replies.Add(new OutgoingMessage(text.ToString().TrimEnd(), rows.Where(r => r.Count > 0).ToList()));
    }
}
