using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using static UnionReview.Server.Features.Proposals.ProposalUi;
using B = UnionReview.Server.Features.Proposals.ProposalButton;
using T = UnionReview.Server.Features.Proposals.ProposalTexts;

namespace UnionReview.Server.Features.Proposals;

/// <summary>Closing: a committee member in scope closes an open proposal, with or without a note; the sender is told.</summary>
internal static class CloseProposal
{
    public static async Task<FeatureResult> AskNoteAsync(ProposalTurn c, int id, CancellationToken ct)
    {
        if (await c.LoadManagedAsync(id, ct) is not { } p)
        {
            return c.Keep(await c.RefusalAsync(id, ct));
        }

        return ProposalTurn.Stay(new ProposalState.CloseNote(p.Id),
            new OutgoingMessage(T.AskCloseNote, [[Button(T.ButtonCloseNoNote, new B.CloseWithoutNote(p.Id))], [Button(T.ButtonOpen, new B.Open(p.Id))]]));
    }

    public static async Task<FeatureResult> CloseAsync(ProposalTurn c, int id, string? note, CancellationToken ct)
    {
        if (await c.LoadManagedAsync(id, ct) is not { } p)
        {
            return FeatureResult.Reply(await c.RefusalAsync(id, ct));
        }

        p.Status = ProposalStatus.Closed;
        p.UpdatedAt = c.Now;
        c.Db.ProposalStatusChanges.Add(new ProposalStatusChange { ProposalId = p.Id, Status = ProposalStatus.Closed, PersonId = c.Who.Person.Id, Channel = c.Who.Channel, At = c.Now, Note = note });
        if (p.SenderId != c.Who.Person.Id)
        {
            await c.Outbox.EnqueueForPersonAsync(c.Db, p.SenderId, new OutgoingMessage(T.ClosedNotice(p.Reference, note), [[Button(T.ButtonOpen, new B.Open(p.Id))]]),
                $"kn-close:{p.Id}", ct);
        }

        return FeatureResult.Reply(new OutgoingMessage(T.ClosedDone(p.Reference), [[Button(T.ButtonOpen, new B.Open(p.Id)), Button(T.ButtonOverview, new B.Overview())]]));
    }
}
