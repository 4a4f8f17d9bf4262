using System.Collections.Concurrent;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Conversations;

/// <summary>What a report turn needs to know about one sender, as of the versions it was read at.</summary>
internal sealed record ReportSession(ChannelAccount Account, PersonContext Who, Conversation Conversation, DialogState State, LoadedReport Loaded, long ReferenceVersion, DateTimeOffset ReadAt)
{
    /// <summary>The session after a committed turn: the engine's new state and the answers it saved.</summary>
    public ReportSession After(TurnResult turn)
    {
        var answers = new Dictionary<string, AnswerValue>(Loaded.Context.Answers, StringComparer.Ordinal);
        foreach (var saved in turn.Effects.OfType<AnswerSaved>())
        {
            answers[saved.Question.Id] = saved.Value;
        }

        var context = Loaded.Context with { Answers = answers, Status = Loaded.Report.Status, ReturnNote = Loaded.Report.ReturnNote };
        return this with { State = turn.State, Loaded = Loaded with { Context = context } };
    }
}

/// <summary>
/// Report sessions kept between turns so an ordinary turn reads two version numbers instead of a dozen rows.
/// The database stays the truth: a session is used only while the conversation's and the report's versions and
/// the organisation's reference data version are the ones it was read at, and is re-read after
/// <see cref="MaxAge"/> anyway (for changes made with bulk SQL that no version records).
/// A turn takes its sender's session out and puts the next one back only after its commit, so a failed or
/// stale turn can never leave a half-changed session behind.
/// </summary>
internal sealed class ReportSessions(TimeProvider clock)
{
    private const int MaxSessions = 20_000;
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, ReportSession> _sessions = new(StringComparer.Ordinal);

    /// <summary>Removes and returns the sender's session if it is young enough.</summary>
    public ReportSession? Take(string sender) =>
        _sessions.TryRemove(sender, out var session) && clock.GetUtcNow() - session.ReadAt < MaxAge ? session : null;

    /// <summary>Keeps the sender's session for the next turn.</summary>
    public void Put(string sender, ReportSession session)
    {
        if (_sessions.Count >= MaxSessions)
        {
            // Rare: drop the older half rather than grow without bound.
            var cutoff = _sessions.Values.Select(s => s.ReadAt).Order().ElementAt(_sessions.Count / 2);
            foreach (var (key, old) in _sessions)
            {
                if (old.ReadAt <= cutoff)
                {
                    _sessions.TryRemove(key, out _);
                }
            }
        }

        _sessions[sender] = session;
    }
}
