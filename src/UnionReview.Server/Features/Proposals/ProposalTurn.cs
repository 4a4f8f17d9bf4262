using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Persistence;
using T = UnionReview.Server.Features.Proposals.ProposalTexts;

namespace UnionReview.Server.Features.Proposals;

/// <summary>
/// One turn of the proposals feature: the database, the person, their committee scope (computed once, when
/// needed), the state read from the conversation, and what every use case needs to see proposals and drafts.
/// </summary>
internal sealed class ProposalTurn(FeatureTurn turn)
{
    private List<int>? _scope;

    public UnionReviewDb Db => turn.Db;
    public PersonContext Who => turn.Person;
    public IncomingInput Input => turn.Input;
    public DateTimeOffset Now => turn.Now;
    public OutboxWriter Outbox => turn.Outbox;

    /// <summary>The conversation's state, read once (old short keys included); null when there is none.</summary>
    public ProposalState? State { get; } = ProposalState.Read(turn.State);

    public async Task<List<int>> ScopeAsync(CancellationToken ct) => _scope ??= await Scope.CommitteeScopeAsync(turn.Db, turn.Person.Memberships, ct);

    /// <summary>
    /// Replies keeping a text being written (it lives in a draft and the next message adds to it), but not a
    /// pending note for forwarding or closing: after looking elsewhere, a typed line must not close a proposal.
    /// </summary>
    public FeatureResult Keep(params OutgoingMessage[] messages) =>
        new(messages, State is { KeepsWhileBrowsing: true } s ? s.Format() : null);

    /// <summary>Replies and waits in <paramref name="state"/>.</summary>
    public static FeatureResult Stay(ProposalState state, params OutgoingMessage[] messages) => new(messages, state.Format());

    // ---- access --------------------------------------------------------------------------------

    /// <summary>A proposal the person may see: their own, or (for the committee) one from a unit in their scope.</summary>
    public async Task<ProposalAccess?> LoadAsync(int id, CancellationToken ct)
    {
        var p = await Db.Proposals.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null)
        {
            return null;
        }

        var isSender = p.SenderId == Who.Person.Id;
        var inScope = Who.IsCommittee && (await ScopeAsync(ct)).Contains(p.UnitId);
        return isSender || inScope ? new ProposalAccess(p, isSender, inScope) : null;
    }

    /// <summary>A proposal the person may forward, answer or close: in their committee scope and still open.</summary>
    public async Task<Proposal?> LoadManagedAsync(int id, CancellationToken ct) =>
        await LoadAsync(id, ct) is { InScope: true, Proposal.Status: not ProposalStatus.Closed } access ? access.Proposal : null;

    public async Task<OutgoingMessage> RefusalAsync(int id, CancellationToken ct) =>
        OutgoingMessage.Plain(await LoadAsync(id, ct) is { InScope: true } ? T.Closed : T.OutOfScope);

    /// <summary>The unit a proposal is sent for: the person's officer membership first, then any other.</summary>
    public int? SenderUnitId() =>
        Who.Memberships.OrderBy(m => m.Role == Role.Officer ? 0 : 1).ThenBy(m => m.Id).Select(m => (int?)m.UnitId).FirstOrDefault();

    // ---- drafts --------------------------------------------------------------------------------

    public async Task<ProposalDraft?> FindDraftAsync(ProposalDraftKey key, CancellationToken ct)
    {
        var text = key.Format();
        return Db.ProposalDrafts.Local.FirstOrDefault(d => d.PersonId == Who.Person.Id && d.Key == text)
            ?? await Db.ProposalDrafts.FirstOrDefaultAsync(d => d.PersonId == Who.Person.Id && d.Key == text, ct);
    }

    public ProposalDraft NewDraft(ProposalDraftKey key)
    {
        var draft = new ProposalDraft { PersonId = Who.Person.Id, Key = key.Format(), UpdatedAt = Now };
        Db.ProposalDrafts.Add(draft);
        return draft;
    }

    /// <summary>The clear button under any draft: the text goes, the addressee and topic stay.</summary>
    public async Task<FeatureResult> ClearDraftAsync(ProposalDraftKey key, CancellationToken ct)
    {
        if (await FindDraftAsync(key, ct) is not { } draft)
        {
            return Keep(OutgoingMessage.Plain(T.NoDraft));
        }

        draft.Text = "";
        draft.UpdatedAt = Now;
        if (key.IsNewProposal)
        {
            draft.Step = draft.Topic is null ? draft.Step : ProposalDraftStep.Text;
        }

        return Stay(new ProposalState.Drafting(key), new OutgoingMessage(T.Cleared, ProposalUi.DraftRow(key)));
    }

    /// <summary>A note for forwarding or closing: asked again when empty or too long, otherwise applied.</summary>
    public static async Task<FeatureResult> NoteAsync(string raw, ProposalState pending, Func<string?, Task<FeatureResult>> apply)
    {
        var note = raw.Trim();
        if (note.Length == 0)
        {
            return Stay(pending, OutgoingMessage.Plain(T.AskNote));
        }

        if (note.Length > ProposalUi.MaxNoteLength)
        {
            return Stay(pending, OutgoingMessage.Plain(T.NoteTooLong));
        }

        return await apply(note);
    }
}

/// <summary>A proposal the person may see, and why: they sent it, or it is in their committee scope.</summary>
internal sealed record ProposalAccess(Proposal Proposal, bool IsSender, bool InScope);
