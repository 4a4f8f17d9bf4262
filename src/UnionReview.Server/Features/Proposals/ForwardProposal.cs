using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using static UnionReview.Server.Features.Proposals.ProposalUi;
using B = UnionReview.Server.Features.Proposals.ProposalButton;
using T = UnionReview.Server.Features.Proposals.ProposalTexts;

namespace UnionReview.Server.Features.Proposals;

/// <summary>
/// Forwarding: a committee member in scope passes an open proposal on to the level it is meant for or further
/// up, with or without a note; the sender is told through the outbox.
/// </summary>
internal static class ForwardProposal
{
    public static async Task<FeatureResult> ChooseTargetAsync(ProposalTurn c, int id, CancellationToken ct)
    {
        if (await c.LoadManagedAsync(id, ct) is not { } p)
        {
            return c.Keep(await c.RefusalAsync(id, ct));
        }

        var targets = Targets(p);
        if (targets.Count == 0)
        {
            return c.Keep(OutgoingMessage.Plain(T.NoHigherLevel));
        }

        return c.Keep(new OutgoingMessage(T.AskForwardTarget,
            [.. targets.Select(a => (IReadOnlyList<ChatButton>)[Button(T.AddresseeName(a), new B.ForwardTo(p.Id, a))]), [Button(T.ButtonOpen, new B.Open(p.Id))]]));
    }

    public static async Task<FeatureResult> AskNoteAsync(ProposalTurn c, int id, ProposalAddressee to, CancellationToken ct)
    {
        if (await c.LoadManagedAsync(id, ct) is not { } p)
        {
            return c.Keep(await c.RefusalAsync(id, ct));
        }

        if (!Targets(p).Contains(to))
        {
            return c.Keep(OutgoingMessage.Plain(T.StaleButton));
        }

        return ProposalTurn.Stay(new ProposalState.ForwardNote(p.Id, to),
            new OutgoingMessage(T.AskForwardNote(p.Reference, to), [[Button(T.ButtonForwardNoNote, new B.ForwardWithoutNote(p.Id, to))], [Button(T.ButtonOpen, new B.Open(p.Id))]]));
    }

    public static async Task<FeatureResult> ForwardAsync(ProposalTurn c, int id, ProposalAddressee to, string? note, CancellationToken ct)
    {
        if (await c.LoadManagedAsync(id, ct) is not { } p)
        {
            return FeatureResult.Reply(await c.RefusalAsync(id, ct));
        }

        if (!Targets(p).Contains(to))
        {
            return FeatureResult.Reply(OutgoingMessage.Plain(T.StaleButton));
        }

        p.Status = ProposalStatus.Forwarded;
        p.ForwardedTo = to;
        p.UpdatedAt = c.Now;
        c.Db.ProposalStatusChanges.Add(new ProposalStatusChange
        {
            ProposalId = p.Id, Status = ProposalStatus.Forwarded, PersonId = c.Who.Person.Id, Channel = c.Who.Channel, At = c.Now,
            Note = $"→ {T.AddresseeName(to)}" + (note is null ? "" : $". {note}"),
        });
        if (p.SenderId != c.Who.Person.Id)
        {
            await c.Outbox.EnqueueForPersonAsync(c.Db, p.SenderId, new OutgoingMessage(T.ForwardedNotice(p.Reference, to, note), [[Button(T.ButtonOpen, new B.Open(p.Id))]]),
                $"kn-forward:{p.Id}:{c.Now.ToUnixTimeMilliseconds()}", ct);
        }

        return FeatureResult.Reply(new OutgoingMessage(T.Forwarded(p.Reference, to), [[Button(T.ButtonOpen, new B.Open(p.Id)), Button(T.ButtonOverview, new B.Overview())]]));
    }

    /// <summary>
    /// The level the proposal is at (its addressee, or where it was last forwarded) and every level above it,
    /// less the one it was already forwarded to: passing it on to whom it is meant for, or further up.
    /// </summary>
    private static List<ProposalAddressee> Targets(Proposal p)
    {
        var from = Rank(p.ForwardedTo ?? p.Addressee);
        return [.. AddresseeOrder.Where(a => Rank(a) >= from && a != p.ForwardedTo)];
    }

    private static int Rank(ProposalAddressee a) => a switch
    {
        ProposalAddressee.UpperLevelUnion => 0,
        ProposalAddressee.ProvincialFederation => 1,
        ProposalAddressee.Confederation => 2,
        _ => 3,
    };
}
