using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Inbox;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Conversations;

/// <summary>
/// The one entry point every channel calls. A turn: find the person, route the input (a feature or the
/// report dialog), store the answers, the new state and any outbox messages in one transaction, commit,
/// and only then return the replies. Turns of one sender run in order; different senders in parallel.
/// </summary>
/// <remarks>
/// SQLite has one writer, so the writer must do as little as possible. A report turn, the person's first one
/// included, is therefore prepared outside it (reads on a pooled connection, the pure engine), and the writer only
/// applies the result, guarded by the version numbers of the report and the conversation (a first turn inserts
/// both unless another turn did): if either changed since the read, the stale preparation is dropped and the turn
/// is prepared again from a fresh read, a few times at most; the engine, which parses what the person typed,
/// never runs inside the writer for it. Everything else (unknown senders, features, the choice between campaigns)
/// runs inside the writer.
/// </remarks>
public sealed class ConversationService(
    TurnExecutor executor,
    IDbContextFactory<UnionReviewDb> dbFactory,
    ReportStore reports,
    InviteService invites,
    OutboxWriter outbox,
    IEnumerable<IConversationFeature> features,
    ButtonPayloads payloads,
    TimeProvider clock,
    ILogger<ConversationService> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _senderLocks = new(StringComparer.Ordinal);
    private readonly TurnRouter _router = new(features, payloads);
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _personLocks = new();
    private readonly SemaphoreSlim _preparing = new(Math.Max(2, Environment.ProcessorCount * 2));
    private readonly ConcurrentDictionary<string, int> _personOf = new(StringComparer.Ordinal);
    private readonly ReportSessions _sessions = new(clock);

    /// <summary>How many times a turn found stale is prepared in all before the sender is asked to send it again.</summary>
    internal const int MaxAttempts = 4;

    private long _sqlTurns;
    private long _staleTurns;
    private long _engineInWriter;

    /// <summary>Turns committed as plain SQL from a prepared turn, and prepared turns found stale (then prepared again).</summary>
    internal (long SqlTurns, long StaleTurns) PathCounts => (Interlocked.Read(ref _sqlTurns), Interlocked.Read(ref _staleTurns));

    /// <summary>
    /// How often the dialog engine ran inside the writer: only for a report chosen from the campaign choice or left
    /// for another one (button inputs, never text the person typed).
    /// </summary>
    internal long EngineRunsInWriter => Interlocked.Read(ref _engineInWriter);

    /// <summary>Called after a report turn is prepared and before it is committed (tests make it stale here).</summary>
    internal Func<InboundMessage, Task>? AfterPrepare { get; set; }

    public void Dispose() => _preparing.Dispose();

    /// <summary>Commands of every feature, for help texts and chat-app command menus.</summary>
    public IEnumerable<(string Command, string Description)> FeatureCommands => _router.Features.SelectMany(f => f.Commands);

    /// <summary>Handles one inbound message.</summary>
    public async Task<TurnReply> HandleAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var key = message.Channel + ":" + message.ExternalUserId;
        var senderLock = _senderLocks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await senderLock.WaitAsync(cancellationToken);
        try
        {
            // One person's turns on different channels also run one at a time: they would only make each other stale.
            // (A first turn does not know its person yet; should two channels' first turns collide, one is prepared again.)
            var personLock = PersonOf(key) is { } personId ? _personLocks.GetOrAdd(personId, _ => new SemaphoreSlim(1, 1)) : null;
            if (personLock is not null)
            {
                await personLock.WaitAsync(cancellationToken);
            }

            try
            {
                return await HandleInOrderAsync(key, message, cancellationToken);
            }
            finally
            {
                personLock?.Release();
            }
        }
        finally
        {
            senderLock.Release();
        }
    }

    /// <summary>
    /// Prepares the turn outside the writer and commits it; a turn found stale is prepared again from a fresh read,
    /// up to <see cref="MaxAttempts"/> times, so the engine (and its parsing of what the person typed) never runs
    /// inside the writer for a report turn. Turns that are not report turns run in the writer.
    /// </summary>
    private async Task<TurnReply> HandleInOrderAsync(string key, InboundMessage message, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (attempt > 1 && await IsRepeatAsync(message, cancellationToken))
            {
                logger.LogInformation("Ignoring repeated {Channel} message {MessageId}", message.Channel, message.MessageId);
                return new TurnReply([], Duplicate: true);
            }

            // Preparing is CPU work: a few at a time, first come first served, so that in a crowd each turn is done
            // soon after it arrives instead of all of them sharing the processors and finishing together at the end.
            PreparedTurn? prepared;
            Routed? routed;
            await _preparing.WaitAsync(cancellationToken);
            try
            {
                (prepared, routed) = await PrepareReportTurnAsync(key, message, cancellationToken);
            }
            finally
            {
                _preparing.Release();
            }

            if (prepared is null)
            {
                return await executor.ExecuteAsync((db, ct) => HandleInTransactionAsync(db, message, routed, ct), cancellationToken);
            }

            if (AfterPrepare is { } hook)
            {
                await hook(message);
            }

            // The replies, and how the receipt keeps them until they have left, are found before the writer is asked.
            var replies = ReportReplies(prepared.Turn, prepared.Message, prepared.Session.Who);
            var storedReplies = message.MessageId is null ? null : Receipts.Write(replies);
            try
            {
                var reply = prepared.Turn.Outcome is TurnOutcome.Submitted
                    ? await executor.ExecuteAsync((db, sql, ct) => CommitSubmittedAsync(db, sql, prepared, replies, storedReplies, ct), cancellationToken)
                    : await executor.ExecuteSqlAsync(sql => CommitPrepared(sql, prepared, replies, storedReplies), cancellationToken);
                if (!ChangesBriefings(prepared))
                {
                    _sessions.Put(key, prepared.Session.After(prepared.Turn));
                }

                return reply;
            }
            catch (Exception e) when (e is DbUpdateException or StaleTurnException)
            {
                // Someone else changed the report or the conversation since it was read (or the message is a repeat).
                Interlocked.Increment(ref _staleTurns);
                if (attempt == MaxAttempts)
                {
                    logger.LogWarning("A {Channel} turn was found stale {Attempts} times in a row; the sender is asked to send it again", message.Channel, attempt);
                    return new TurnReply([OutgoingMessage.Plain(ServerTexts.TurnNotSaved)]) { Stored = false };
                }

                logger.LogDebug(e, "Prepared {Channel} turn was stale; preparing it again", message.Channel);
            }
        }
    }

    /// <summary>The person behind a chat identity, once a turn has read it (a link never moves to another person).</summary>
    private int? PersonOf(string key) => _personOf.TryGetValue(key, out var personId) ? personId : null;

    private async Task<bool> IsRepeatAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        if (message.MessageId is not { } messageId)
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Receipts.HandledAsync(db, message.Channel, messageId, cancellationToken);
    }

    /// <summary>A saved figure changes the tables shown before questions: the next turn reads the report afresh.</summary>
    private static bool ChangesBriefings(PreparedTurn prepared) =>
        prepared.Session.Loaded.Context.Briefings.Count > 0 && prepared.Turn.Effects.OfType<AnswerSaved>().Any(s => s.Question.Indicator is not null);

    /// <summary>A report turn computed from a read outside the writer, waiting to be applied.</summary>
    private sealed record PreparedTurn(InboundMessage Message, ReportSession Session, TurnResult Turn, DateTimeOffset Now);

    /// <summary>
    /// A turn routed outside the writer that the writer handles: the route holds while the person's conversation is
    /// still at the version it was routed on (otherwise the writer routes it afresh).
    /// </summary>
    private sealed record Routed(Route Route, int PersonId, int? ConversationVersion);

    /// <summary>
    /// Reads (or revalidates) the sender's report session, routes the turn (once: <see cref="TurnRouter"/>) and runs
    /// the engine for a report turn, outside the writer. For anything else (a feature's turn, the choice between
    /// campaigns, a person who is not an officer or whose unit has no open campaign) the route goes to the writer
    /// with the conversation's version; an unknown sender, or a report picked from the choice, is routed by the writer
    /// alone. A first report turn is prepared too: the conversation and the report are then inserted by the commit.
    /// </summary>
    private async Task<(PreparedTurn?, Routed?)> PrepareReportTurnAsync(string key, InboundMessage message, CancellationToken cancellationToken)
    {
        var session = _sessions.Take(key);
        if (message.Input.ButtonPayload is not null && CampaignChoice.IsChoiceInput(message.Input))
        {
            return (null, null); // a report chosen from the list: the writer switches to it
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        var now = clock.GetUtcNow();
        if (session is not null)
        {
            var current = await VersionsAsync(db, session.Conversation.Id, session.Loaded.Report.Id, session.Account.Id, cancellationToken);
            if (current != (session.Conversation.Version, session.Loaded.Report.Version, session.ReferenceVersion, session.Account.Unreachable))
            {
                session = null;
            }
        }

        Route route;
        Routed routed;
        if (session is not null)
        {
            route = _router.Route(message.Input, session.Who, session.Conversation.ActiveFeature, session.Conversation.FeatureState);
            routed = new Routed(route, session.Who.Person.Id, session.Conversation.Id == 0 ? null : session.Conversation.Version);
        }
        else
        {
            var read = await ReadSessionAsync(db, message, now, cancellationToken);
            if (read.Route is null)
            {
                return (null, null); // an unknown sender: the writer answers with the invitation
            }

            (session, route, routed) = (read.Session, read.Route, new Routed(read.Route, read.PersonId, read.ConversationVersion));
        }

        if (session is null || route is not Route.ToReport report)
        {
            return (null, routed);
        }

        // /baocao and /start show the choice of report to an officer with several; with one they go to the dialog.
        if (report.MayChoose && (await ParticipationsAsync(db, session.Who, cancellationToken)).Count > 1)
        {
            return (null, routed);
        }

        return (new PreparedTurn(message, session, DialogEngine.Handle(session.State, session.Loaded.Context, message.Input), now), null);
    }

    /// <summary>The active campaigns the officer's units take part in, newest campaign first (as the writer picks a report).</summary>
    private static Task<List<CampaignUnit>> ParticipationsAsync(UnionReviewDb db, PersonContext who, CancellationToken cancellationToken)
    {
        var unitIds = who.Memberships.Where(m => m.Role == Role.Officer).Select(m => m.UnitId).ToList();
        return (from cu in db.CampaignUnits
                join c in db.Campaigns on cu.CampaignId equals c.Id
                where c.IsActive && unitIds.Contains(cu.UnitId)
                orderby c.Id descending, cu.UnitId
                select cu).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The current versions of a conversation, a report and the reference data, and whether the sender's chat
    /// account is marked unreachable (a send that failed since): the whole read of a kept session's turn.
    /// </summary>
    private static async Task<(int, int, long, bool)?> VersionsAsync(UnionReviewDb db, int conversationId, int reportId, int accountId, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT c.Version, r.Version, (SELECT Version FROM data_versions WHERE Name = 'reference'), a.Unreachable FROM conversations c JOIN reports r ON r.Id = $r JOIN channel_accounts a ON a.Id = $a WHERE c.Id = $c";
            cmd.Parameters.Add(new SqliteParameter("$c", conversationId));
            cmd.Parameters.Add(new SqliteParameter("$r", reportId));
            cmd.Parameters.Add(new SqliteParameter("$a", accountId));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetBoolean(3)) : null;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>What a fresh read found: the session of a report turn, the turn's route (null for an unknown sender).</summary>
    private readonly record struct SessionRead(ReportSession? Session, Route? Route, int PersonId, int? ConversationVersion);

    private async Task<SessionRead> ReadSessionAsync(UnionReviewDb db, InboundMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Read first: a change made while the rest is read then shows as a newer version at the next turn.
        var referenceVersion = await db.DataVersions.Where(v => v.Name == DataVersion.Reference).Select(v => v.Version).FirstOrDefaultAsync(cancellationToken);
        var account = await db.ChannelAccounts.FirstOrDefaultAsync(a => a.Channel == message.Channel && a.ExternalId == message.ExternalUserId, cancellationToken);
        if (account is null)
        {
            return default;
        }

        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.PersonId == account.PersonId, cancellationToken);
        var who = await LoadPersonAsync(db, account.PersonId, message.Channel, cancellationToken);
        _personOf[message.Channel + ":" + message.ExternalUserId] = account.PersonId;
        var route = _router.Route(message.Input, who, conversation?.ActiveFeature, conversation?.FeatureState);
        var routedOnly = new SessionRead(null, route, account.PersonId, conversation?.Version);
        if (route is not Route.ToReport)
        {
            return routedOnly;
        }

        var loaded = conversation?.ReportId is not null
            ? await reports.LoadForOfficerAsync(db, who, conversation.ReportId, now, cancellationToken, createIfMissing: false)
            : null;
        if (loaded is null)
        {
            // The first report turn: the report the writer would pick, to be created by the commit if nobody has yet.
            var participations = await ParticipationsAsync(db, who, cancellationToken);
            if (participations.Count != 1)
            {
                return routedOnly; // none: the writer says so; several: the writer asks which
            }

            var (campaignId, unitId) = (participations[0].CampaignId, participations[0].UnitId);
            var report = await db.Reports.FirstOrDefaultAsync(r => r.CampaignId == campaignId && r.UnitId == unitId, cancellationToken)
                ?? new Report { CampaignId = campaignId, UnitId = unitId, Status = ReportStatus.NotStarted, CreatedAt = now, UpdatedAt = now };
            loaded = reports.At(await reports.LoadAsync(db, report, cancellationToken), now);
        }

        var version = conversation?.Version;
        conversation ??= new Conversation { PersonId = account.PersonId, UpdatedAt = now };
        return new SessionRead(new ReportSession(account, who, conversation, ReadState(conversation), loaded, referenceVersion, now), route, account.PersonId, version);
    }

    /// <summary>
    /// A prepared submission: the same generated SQL as any prepared turn, and the committee's notices queued through
    /// EF Core in the same savepoint.
    /// </summary>
    private async Task<TurnReply> CommitSubmittedAsync(UnionReviewDb db, WriterSql sql, PreparedTurn prepared, IReadOnlyList<OutgoingMessage> replies, string? storedReplies, CancellationToken cancellationToken)
    {
        var reply = CommitPrepared(sql, prepared, replies, storedReplies);
        await SubmissionNotice.EnqueueAsync(outbox, db, prepared.Session.Loaded, prepared.Session.Who.Person, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return reply;
    }

    /// <summary>The prepared turn as plain SQL (see <see cref="PreparedTurnSql"/>), its replies kept with its receipt.</summary>
    private TurnReply CommitPrepared(WriterSql sql, PreparedTurn prepared, IReadOnlyList<OutgoingMessage> replies, string? storedReplies)
    {
        PreparedTurnSql.Write(sql, prepared.Message, prepared.Session, prepared.Turn, prepared.Now, storedReplies);
        Interlocked.Increment(ref _sqlTurns);
        return new TurnReply(replies);
    }

    private async Task<TurnReply> HandleInTransactionAsync(UnionReviewDb db, InboundMessage message, Routed? routed, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // The receipt is the turn's first write: a message handled before writes nothing and gets no answer.
        if (message.MessageId is { } messageId && !await Receipts.MarkHandledAsync(db, message.Channel, messageId, now, cancellationToken))
        {
            logger.LogInformation("Ignoring repeated {Channel} message {MessageId}", message.Channel, messageId);
            return new TurnReply([], Duplicate: true);
        }

        var account = await db.ChannelAccounts.FirstOrDefaultAsync(a => a.Channel == message.Channel && a.ExternalId == message.ExternalUserId, cancellationToken);
        IReadOnlyList<OutgoingMessage> replies;
        if (account is null)
        {
            replies = await invites.HandleUnknownSenderAsync(db, message, now, cancellationToken);
        }
        else
        {
            AccountTouch.Apply(account, message, now);
            replies = await HandleKnownAsync(db, account.PersonId, message, routed, now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (message.MessageId is { } handledId)
        {
            // Kept with the receipt until they have left: a stop before they are sent loses none.
            await Receipts.StoreRepliesAsync(db, message.Channel, handledId, replies, cancellationToken);
        }

        return new TurnReply(replies);
    }

    private static async Task<PersonContext> LoadPersonAsync(UnionReviewDb db, int personId, string channel, CancellationToken cancellationToken)
    {
        var person = await db.People.SingleAsync(p => p.Id == personId, cancellationToken);
        var memberships = await db.Memberships.Where(m => m.PersonId == personId).ToListAsync(cancellationToken);
        return new PersonContext(person, memberships, channel);
    }

    private static DialogState ReadState(Conversation conversation) =>
        string.IsNullOrEmpty(conversation.DialogState) || conversation.DialogState == "{}"
            ? DialogState.Initial
            : StoredJson.Read<DialogState>(conversation.DialogState);

    private async Task<IReadOnlyList<OutgoingMessage>> HandleKnownAsync(UnionReviewDb db, int personId, InboundMessage message, Routed? routed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var who = await LoadPersonAsync(db, personId, message.Channel, cancellationToken);
        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.PersonId == personId, cancellationToken);
        // The route found outside the writer holds while the conversation is as it was read; otherwise it is found again here.
        var route = routed is not null && routed.PersonId == personId && routed.ConversationVersion == conversation?.Version
            ? routed.Route
            : _router.Route(message.Input, who, conversation?.ActiveFeature, conversation?.FeatureState);
        if (conversation is null)
        {
            conversation = new Conversation { PersonId = personId, UpdatedAt = now };
            db.Conversations.Add(conversation);
        }

        conversation.LastChannel = message.Channel;
        conversation.UpdatedAt = now;
        var input = message.Input;
        if (route.LeavesActive)
        {
            conversation.ActiveFeature = null;
            conversation.FeatureState = null;
        }

        if (route is Route.ToFeature { Feature: var feature, Resumes: var resumes })
        {
            var result = await feature.HandleAsync(new FeatureTurn(db, who, input, resumes ? conversation.FeatureState : null, now, outbox), cancellationToken);
            conversation.ActiveFeature = result.KeepState is null ? null : feature.Name;
            conversation.FeatureState = result.KeepState;
            return result.Replies;
        }

        if (route is Route.ToMainMenu)
        {
            return [MainMenu(who)];
        }

        // With more than one active campaign, the officer chooses which report to work on.
        var decision = await CampaignChoice.DecideAsync(db, who, conversation, input, now, cancellationToken);
        if (decision.Replies is { } choice)
        {
            return choice;
        }

        if (decision.SwitchToReportId is { } chosen)
        {
            if (conversation.ReportId != chosen)
            {
                await LeaveReportAsync(db, conversation, who, message, now, cancellationToken);
                conversation.ReportId = chosen;
                conversation.DialogState = StoredJson.Write(DialogState.Initial);
            }

            input = IncomingInput.FromButton(new DialogCommand(DialogCommandKind.Continue).ToPayload());
        }

        var loaded = await reports.LoadForOfficerAsync(db, who, conversation.ReportId, now, cancellationToken);
        if (loaded is null)
        {
            return [OutgoingMessage.Plain(ServerTexts.NoActiveCampaign)];
        }

        Interlocked.Increment(ref _engineInWriter);
        var turn = DialogEngine.Handle(ReadState(conversation), loaded.Context, input);
        var replies = await ApplyReportTurnAsync(db, conversation, who, loaded, turn, message, now, cancellationToken);
        return decision.Notice is { } notice ? [OutgoingMessage.Plain(notice), .. replies] : replies;
    }

    /// <summary>Before switching to another report: text being written for the current one is saved, as leaving a question does.</summary>
    private async Task LeaveReportAsync(UnionReviewDb db, Conversation conversation, PersonContext who, InboundMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var state = ReadState(conversation);
        if (conversation.ReportId is null || string.IsNullOrWhiteSpace(state.Draft))
        {
            return;
        }

        var current = await reports.LoadForOfficerAsync(db, who, conversation.ReportId, now, cancellationToken, createIfMissing: false);
        if (current is not null && current.Report.Id == conversation.ReportId)
        {
            Interlocked.Increment(ref _engineInWriter);
            var leave = DialogEngine.Handle(state, current.Context, IncomingInput.FromButton(new DialogCommand(DialogCommandKind.Menu).ToPayload()));
            ReportStore.Apply(db, current, leave.Effects, who.Person.Id, message.Channel, now);
        }
    }

    /// <summary>Stores a report turn's effects and new state on the writer's context; returns the replies.</summary>
    private async Task<IReadOnlyList<OutgoingMessage>> ApplyReportTurnAsync(UnionReviewDb db, Conversation conversation, PersonContext who, LoadedReport loaded, TurnResult turn, InboundMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        conversation.ReportId = loaded.Report.Id;
        ReportStore.Apply(db, loaded, turn.Effects, who.Person.Id, message.Channel, now);
        conversation.DialogState = StoredJson.Write(turn.State);
        if (turn.Outcome is TurnOutcome.Submitted)
        {
            await SubmissionNotice.EnqueueAsync(outbox, db, loaded, who.Person, cancellationToken);
        }

        return ReportReplies(turn, message, who);
    }

    /// <summary>The engine's replies; an unknown typed command also gets the main menu.</summary>
    private IReadOnlyList<OutgoingMessage> ReportReplies(TurnResult turn, InboundMessage message, PersonContext who) =>
        turn.Outcome is TurnOutcome.Unknown && IsTypedCommand(message.Input) ? [.. turn.Replies, MainMenu(who)] : turn.Replies;

    private static bool IsTypedCommand(IncomingInput input) => TurnRouter.IsTypedCommand(input);

    private OutgoingMessage MainMenu(PersonContext who)
    {
        var lines = new List<string> { ServerTexts.MainMenuTitle(who.Person.FullName) };
        if (who.IsOfficer)
        {
            lines.Add(ServerTexts.OfficerCommands);
        }

        lines.AddRange(_router.Features.SelectMany(f => f.Commands).Select(c => $"{c.Command} – {c.Description}"));
        var buttons = new List<IReadOnlyList<ChatButton>>();
        if (who.IsOfficer)
        {
            buttons.Add([new ChatButton(ServerTexts.ButtonReport, new DialogCommand(DialogCommandKind.Continue).ToPayload())]);
        }

        buttons.AddRange(_router.Features.SelectMany(f => f.MenuButtons(who)).Select(b => (IReadOnlyList<ChatButton>)[b]));
        return new OutgoingMessage(string.Join("\n", lines), buttons);
    }
}
