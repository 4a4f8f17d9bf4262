using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Persistence;
using UnionReview.Server.Features.Reports;

namespace UnionReview.Server.Features.WebApp;

/// <summary>What saving one page of the form did.</summary>
public sealed record SectionSave(int Saved, IReadOnlyDictionary<string, string> Errors, IReadOnlySet<string> QuestionedFigures, IReadOnlyList<string> Notices, bool Locked);

/// <summary>What a submission did: submitted, or the questions still missing.</summary>
public sealed record WebSubmission(bool Submitted, IReadOnlyList<QuestionDefinition> Missing, string? Problem);

/// <summary>
/// The officer's report on the web. Every answer goes through the dialog engine (its validation, its reading of
/// Vietnamese numbers) as if typed in the chat at that question, and its effects are stored with
/// <see cref="ReportStore.Apply"/> inside the single writer (<see cref="TurnExecutor"/>), so earlier answers are kept
/// as revisions and the chat sees the same report.
/// </summary>
public sealed class WebReportForms(TurnExecutor executor, ReportStore reports, OutboxWriter outbox, TimeProvider clock)
{
    /// <summary>The channel recorded with answers given on the web.</summary>
    public const string Channel = "webapp";

    /// <summary>The person with their memberships, as the chat sees them.</summary>
    public static async Task<PersonContext?> PersonAsync(UnionReviewDb db, int personId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == personId, cancellationToken);
        if (person is null)
        {
            return null;
        }

        var memberships = await db.Memberships.Where(m => m.PersonId == personId).ToListAsync(cancellationToken);
        return new PersonContext(person, memberships, Channel);
    }

    /// <summary>The officer's report, the one the chat works on; null if it does not exist yet (or no campaign is open).</summary>
    public async Task<LoadedReport?> LoadAsync(UnionReviewDb db, PersonContext who, bool create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(who);
        var chosen = await db.Conversations.Where(c => c.PersonId == who.Person.Id).Select(c => c.ReportId).FirstOrDefaultAsync(cancellationToken);
        return await reports.LoadForOfficerAsync(db, who, chosen, clock.GetUtcNow(), cancellationToken, createIfMissing: create);
    }

    /// <summary>Creates the officer's report if an open campaign includes their unit; false if none does.</summary>
    public Task<bool> StartAsync(int personId, CancellationToken cancellationToken) =>
        executor.ExecuteAsync(async (db, ct) =>
        {
            var who = await PersonAsync(db, personId, ct);
            var loaded = who is null ? null : await LoadAsync(db, who, create: true, ct);
            await db.SaveChangesAsync(ct);
            return loaded is not null;
        }, cancellationToken);

    /// <summary>Saves the answers of one section posted in <paramref name="form"/> (fields <c>q:&lt;id&gt;</c>).</summary>
    public Task<SectionSave?> SaveSectionAsync(int personId, string sectionId, IFormCollection form, CancellationToken cancellationToken) =>
        executor.ExecuteAsync(async (db, ct) =>
        {
            var who = await PersonAsync(db, personId, ct);
            var loaded = who is null ? null : await LoadAsync(db, who, create: true, ct);
            var section = loaded?.Outline.FindSection(sectionId);
            if (loaded is null || section is null)
            {
                return null;
            }

            if (loaded.Report.Status == ReportStatus.Submitted)
            {
                return new SectionSave(0, new Dictionary<string, string>(), new HashSet<string>(), [], Locked: true);
            }

            var context = loaded.Context;
            var effects = new List<DialogEffect>();
            var errors = new Dictionary<string, string>(StringComparer.Ordinal);
            var questioned = new HashSet<string>(StringComparer.Ordinal);
            var notices = new List<string>();
            foreach (var q in section.Questions.Where(q => q.AppliesTo(context.UnitLevel)))
            {
                var result = Answer(context, q, form, out var offerKeep);
                if (result is null)
                {
                    continue;
                }

                var saved = result.Effects.OfType<AnswerSaved>().Where(s => s.Question.Id == q.Id).ToList();
                if (saved.Count > 0)
                {
                    effects.AddRange(saved);
                    var answers = new Dictionary<string, AnswerValue>(context.Answers, StringComparer.Ordinal) { [q.Id] = saved[^1].Value };
                    context = context with { Answers = answers };
                    if (result.Outcome is TurnOutcome.FollowUpAsked)
                    {
                        notices.Add(FirstLine((result.Replies.Count > 0 ? result.Replies[^1].Text : null)));
                    }
                }
                else
                {
                    errors[q.Id] = FirstLine((result.Replies.Count > 0 ? result.Replies[0].Text : null));
                    if (offerKeep)
                    {
                        questioned.Add(q.Id);
                    }
                }
            }

            if (effects.Count > 0)
            {
                ReportStore.Apply(db, loaded, effects, personId, Channel, clock.GetUtcNow());
                await db.SaveChangesAsync(ct);
            }

            return new SectionSave(effects.Count, errors, questioned, notices, Locked: false);
        }, cancellationToken);

    /// <summary>Submits the report through the engine's own submission; lists the missing answers if any.</summary>
    public Task<WebSubmission> SubmitAsync(int personId, CancellationToken cancellationToken) =>
        executor.ExecuteAsync(async (db, ct) =>
        {
            var who = await PersonAsync(db, personId, ct);
            var loaded = who is null ? null : await LoadAsync(db, who, create: false, ct);
            if (who is null || loaded is null)
            {
                return new WebSubmission(false, [], WebAppTexts.NoReport);
            }

            var missing = DialogEngine.MissingRequired(loaded.Outline, loaded.Context.Answers, loaded.Context.UnitLevel);
            if (missing.Count > 0)
            {
                return new WebSubmission(false, missing, null);
            }

            var ask = DialogEngine.Handle(DialogState.Initial, loaded.Context, IncomingInput.FromButton(new DialogCommand(DialogCommandKind.Submit).ToPayload()));
            var confirm = ask.State.Mode == DialogMode.ConfirmSubmit
                ? DialogEngine.Handle(ask.State, loaded.Context, IncomingInput.FromButton(new DialogCommand(DialogCommandKind.ConfirmSubmit).ToPayload()))
                : ask;
            if (confirm.Outcome is not TurnOutcome.Submitted)
            {
                return new WebSubmission(false, [], FirstLine((confirm.Replies.Count > 0 ? confirm.Replies[0].Text : null)));
            }

            var now = clock.GetUtcNow();
            ReportStore.Apply(db, loaded, confirm.Effects, personId, Channel, now);
            await db.SaveChangesAsync(ct);
            // Committee members of the units above hear of it in their chat, as after a submission in the chat.
            await SubmissionNotice.EnqueueAsync(outbox, db, loaded, who.Person, ct);

            await db.SaveChangesAsync(ct);
            return new WebSubmission(true, [], null);
        }, cancellationToken);

    /// <summary>The value a field shows for a stored answer (what posting it unchanged sends back).</summary>
    public static string Shown(QuestionDefinition q, AnswerValue? value)
    {
        ArgumentNullException.ThrowIfNull(q);
        if (value is null)
        {
            return "";
        }

        return q.Kind switch
        {
            QuestionKind.Text => value.Text ?? "",
            QuestionKind.Number or QuestionKind.Money or QuestionKind.Indicator => value.Number is { } n ? VietnameseFormat.Number(n) : "",
            QuestionKind.Choice => string.Join(",", value.Choices ?? []),
            QuestionKind.YesNo => value.Flag switch { true => "1", false => "0", null => "" },
            _ => "",
        };
    }

    /// <summary>One question's posted value through the engine; null when the field is empty or unchanged.</summary>
    private static TurnResult? Answer(ReportContext context, QuestionDefinition q, IFormCollection form, out bool offerKeep)
    {
        offerKeep = false;
        var key = "q:" + q.Id;
        var current = context.Answers.GetValueOrDefault(q.Id);
        var state = new DialogState { Mode = DialogMode.Answering, QuestionId = q.Id };
        string Payload(DialogCommandKind kind, string? argument = null) => new DialogCommand(kind, q.Id, argument).ToPayload();
        switch (q.Kind)
        {
            case QuestionKind.Text:
            {
                var text = form[key].ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
                if (text.Length == 0 || text == (current?.Text ?? "").Trim())
                {
                    return null;
                }

                // As in the chat: the text is received, then finished with "Xong".
                var received = DialogEngine.Handle(state, context, IncomingInput.FromText(text));
                return received.Outcome is TurnOutcome.DraftExtended
                    ? DialogEngine.Handle(received.State, context, IncomingInput.FromButton(Payload(DialogCommandKind.Done)))
                    : received;
            }

            case QuestionKind.Number or QuestionKind.Money or QuestionKind.Indicator:
            {
                var raw = form[key].ToString().Trim();
                if (raw.Length == 0 || raw == Shown(q, current))
                {
                    return null;
                }

                var result = DialogEngine.Handle(state, context, IncomingInput.FromText(raw));
                if (result.Outcome is TurnOutcome.FigureQuestioned)
                {
                    if (form["keep:" + q.Id] == "1")
                    {
                        return DialogEngine.Handle(result.State, context, IncomingInput.FromButton(Payload(DialogCommandKind.KeepFigure)));
                    }

                    offerKeep = true;
                }

                return result;
            }

            case QuestionKind.Choice when q.Multiple:
            {
                var chosen = form[key].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
                if (chosen.Count == 0 || chosen.Order(StringComparer.Ordinal).SequenceEqual((current?.Choices ?? []).Order(StringComparer.Ordinal)))
                {
                    return null;
                }

                // The options' numbers, as typed in the chat ("1, 3").
                var numbers = chosen.Select(v => q.Options.ToList().FindIndex(o => o.Value == v) + 1).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                return DialogEngine.Handle(state, context, IncomingInput.FromText(string.Join(", ", numbers)));
            }

            case QuestionKind.Choice:
            {
                var value = form[key].ToString();
                return value.Length == 0 || value == Shown(q, current) ? null : DialogEngine.Handle(state, context, IncomingInput.FromButton(Payload(DialogCommandKind.Choose, value)));
            }

            case QuestionKind.YesNo:
            {
                var value = form[key].ToString();
                return value is not ("1" or "0") || value == Shown(q, current) ? null : DialogEngine.Handle(state, context, IncomingInput.FromButton(Payload(DialogCommandKind.YesNo, value)));
            }

            default:
                return null;
        }
    }

    private static string FirstLine(string? text) => (text ?? "").Replace("⚠️", "", StringComparison.Ordinal).Trim();
}
