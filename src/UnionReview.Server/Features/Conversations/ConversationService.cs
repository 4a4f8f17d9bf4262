using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Conversations;

/// <summary>
/// The one entry point every channel calls. A turn: find the person, route the input (a feature or the
/// report dialog), store the answers, the new state and any outbox messages in one transaction, commit,
/// and only then return the replies. Turns of one sender run in order; different senders in parallel
/// up to the single SQLite writer.
/// </summary>
public sealed class ConversationService(
    TurnExecutor executor,
    ReportStore reports,
    InviteService invites,
    OutboxWriter outbox,
    IEnumerable<IConversationFeature> features,
    TimeProvider clock,
    ILogger<ConversationService> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _senderLocks = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<IConversationFeature> _features = [.. features];

    /// <summary>Commands of every feature, for help texts and chat-app command menus.</summary>
    public IEnumerable<(string Command, string Description)> FeatureCommands => _features.SelectMany(f => f.Commands);

    /// <summary>Handles one inbound message.</summary>
    public async Task<TurnReply> HandleAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var key = message.Channel + ":" + message.ExternalUserId;
        var senderLock = _senderLocks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await senderLock.WaitAsync(cancellationToken);
        try
        {
            return await executor.ExecuteAsync((db, ct) => HandleInTransactionAsync(db, message, ct), cancellationToken);
        }
        finally
        {
            senderLock.Release();
        }
    }

    private async Task<TurnReply> HandleInTransactionAsync(UnionReviewDb db, InboundMessage message, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (message.MessageId is { } messageId)
        {
            if (await db.InboundReceipts.AnyAsync(r => r.Channel == message.Channel && r.MessageId == messageId, cancellationToken))
            {
                logger.LogInformation("Ignoring repeated {Channel} message {MessageId}", message.Channel, messageId);
                return new TurnReply([], Duplicate: true);
            }

            db.InboundReceipts.Add(new InboundReceipt { Channel = message.Channel, MessageId = messageId, ReceivedAt = now });
        }

        var account = await db.ChannelAccounts.FirstOrDefaultAsync(a => a.Channel == message.Channel && a.ExternalId == message.ExternalUserId, cancellationToken);
        IReadOnlyList<OutgoingMessage> replies;
        if (account is null)
        {
            replies = await invites.HandleUnknownSenderAsync(db, message, now, cancellationToken);
        }
        else
        {
            account.LastSeenAt = now;
            account.Unreachable = false;
            if (message.Address is not null)
            {
                account.Address = message.Address;
            }

            replies = await HandleKnownAsync(db, account.PersonId, message, now, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new TurnReply(replies);
    }

    private async Task<IReadOnlyList<OutgoingMessage>> HandleKnownAsync(UnionReviewDb db, int personId, InboundMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var person = await db.People.SingleAsync(p => p.Id == personId, cancellationToken);
        var memberships = await db.Memberships.Where(m => m.PersonId == personId).ToListAsync(cancellationToken);
        var who = new PersonContext(person, memberships, message.Channel);
        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.PersonId == personId, cancellationToken);
        if (conversation is null)
        {
            conversation = new Conversation { PersonId = personId, UpdatedAt = now };
            db.Conversations.Add(conversation);
        }

        conversation.LastChannel = message.Channel;
        conversation.UpdatedAt = now;
        var input = message.Input;

        // A typed command that belongs to the report dialog or to another feature leaves the active feature.
        var active = _features.FirstOrDefault(f => f.Name == conversation.ActiveFeature);
        if (active is not null && IsTypedCommand(input) && !active.Claims(input, who))
        {
            active = null;
            conversation.ActiveFeature = null;
            conversation.FeatureState = null;
        }

        var feature = active ?? _features.FirstOrDefault(f => f.Claims(input, who));
        if (feature is not null)
        {
            var result = await feature.HandleAsync(new FeatureTurn(db, who, input, feature == active ? conversation.FeatureState : null, now, outbox), cancellationToken);
            conversation.ActiveFeature = result.KeepState is null ? null : feature.Name;
            conversation.FeatureState = result.KeepState;
            return result.Replies;
        }

        if (!who.IsOfficer)
        {
            return [MainMenu(who)];
        }

        var loaded = await reports.LoadForOfficerAsync(db, who, conversation.ReportId, now, cancellationToken);
        if (loaded is null)
        {
            return [OutgoingMessage.Plain(ServerTexts.NoActiveCampaign)];
        }

        conversation.ReportId = loaded.Report.Id;
        var state = string.IsNullOrEmpty(conversation.DialogState) || conversation.DialogState == "{}"
            ? DialogState.Initial
            : StoredJson.Read<DialogState>(conversation.DialogState);
        var turn = DialogEngine.Handle(state, loaded.Context, input);
        ReportStore.Apply(db, loaded, turn.Effects, personId, message.Channel, now);
        conversation.DialogState = StoredJson.Write(turn.State);
        if (turn.Outcome is TurnOutcome.Submitted)
        {
            await NotifyCommitteeOfSubmissionAsync(db, loaded, person, cancellationToken);
        }

        if (turn.Outcome is TurnOutcome.Unknown && IsTypedCommand(input))
        {
            return [.. turn.Replies, MainMenu(who)];
        }

        return turn.Replies;
    }

    private async Task NotifyCommitteeOfSubmissionAsync(UnionReviewDb db, LoadedReport loaded, Persistence.Person officer, CancellationToken cancellationToken)
    {
        // Committee members of the units above this one hear of the submission through the outbox.
        var ancestorIds = loaded.Unit.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).Where(id => id != loaded.Unit.Id).ToList();
        var committee = await db.Memberships.Where(m => ancestorIds.Contains(m.UnitId) && m.Role == Role.Committee).Select(m => m.PersonId).Distinct().ToListAsync(cancellationToken);
        foreach (var memberId in committee)
        {
            await outbox.EnqueueForPersonAsync(db, memberId, OutgoingMessage.Plain(ServerTexts.ReportSubmittedNotice(loaded.Unit.Name, officer.FullName)),
                $"submitted:{loaded.Report.Id}:{loaded.Report.SubmittedAt?.ToUnixTimeMilliseconds()}:{memberId}", cancellationToken);
        }
    }

    private static bool IsTypedCommand(IncomingInput input) => input.Text?.TrimStart().StartsWith('/') == true;

    private OutgoingMessage MainMenu(PersonContext who)
    {
        var lines = new List<string> { ServerTexts.MainMenuTitle(who.Person.FullName) };
        if (who.IsOfficer)
        {
            lines.Add(ServerTexts.OfficerCommands);
        }

        lines.AddRange(_features.SelectMany(f => f.Commands).Select(c => $"{c.Command} – {c.Description}"));
        var buttons = new List<IReadOnlyList<ChatButton>>();
        if (who.IsOfficer)
        {
            buttons.Add([new ChatButton(ServerTexts.ButtonReport, new DialogCommand(DialogCommandKind.Continue).ToPayload())]);
        }

        buttons.AddRange(_features.SelectMany(f => f.MenuButtons(who)).Select(b => (IReadOnlyList<ChatButton>)[b]));
        return new OutgoingMessage(string.Join("\n", lines), buttons);
    }
}
