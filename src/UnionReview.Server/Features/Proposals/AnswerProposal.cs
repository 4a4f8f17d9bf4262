using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using static UnionReview.Server.Features.Proposals.ProposalUi;
using B = UnionReview.Server.Features.Proposals.ProposalButton;
using T = UnionReview.Server.Features.Proposals.ProposalTexts;

namespace UnionReview.Server.Features.Proposals;

/// <summary>
/// Answers and replies: a committee member in scope answers an open proposal (its status becomes answered and
/// the sender is told through the outbox); the sender replies to an answer, which goes to whoever answered last.
/// Either text may come in several messages and is finished with "xong" or the done button.
/// </summary>
internal sealed class AnswerProposal(ProposalOptions options, ILogger logger)
{
    public async Task<FeatureResult> StartAsync(ProposalTurn c, ProposalMessageKind kind, int id, CancellationToken ct)
    {
        var (access, refusal) = await CheckAsync(c, kind, id, ct);
        if (access is null)
        {
            return c.Keep(refusal!);
        }

        var key = ProposalDraftKey.For(kind, id);
        var draft = await c.FindDraftAsync(key, ct) ?? c.NewDraft(key);
        draft.Step = ProposalDraftStep.Text;
        var text = kind == ProposalMessageKind.Answer
            ? T.AskAnswer(access.Proposal.Reference, draft.Text.Length, options.MaxTextLength)
            : T.AskReply(access.Proposal.Reference, draft.Text.Length, options.MaxTextLength);
        return ProposalTurn.Stay(new ProposalState.Drafting(key), new OutgoingMessage(text, DraftRow(key)));
    }

    /// <summary>A message while an answer or reply is being written: more text, or the done word.</summary>
    public async Task<FeatureResult> InputAsync(ProposalTurn c, ProposalDraftKey key, string raw, CancellationToken ct)
    {
        if (await c.FindDraftAsync(key, ct) is not { } draft)
        {
            return FeatureResult.Reply(OutgoingMessage.Plain(T.NoDraft));
        }

        var text = raw.Trim();
        if (IsDoneWord(text))
        {
            return await FinishAsync(c, key, draft, ct);
        }

        var state = new ProposalState.Drafting(key);
        if (text.Length == 0)
        {
            return ProposalTurn.Stay(state, new OutgoingMessage(T.EmptyAnswer, DraftRow(key)));
        }

        draft.UpdatedAt = c.Now;
        return ProposalTurn.Stay(state, TryAppend(draft, text, options.MaxTextLength, out var before)
            ? new OutgoingMessage(T.Received(draft.Text.Length), DraftRow(key))
            : new OutgoingMessage(T.TextTooLong(before + text.Length + 1, options.MaxTextLength, before), DraftRow(key)));
    }

    /// <summary>The done button under an answer or reply.</summary>
    public async Task<FeatureResult> DoneAsync(ProposalTurn c, ProposalDraftKey key, CancellationToken ct) =>
        await c.FindDraftAsync(key, ct) is { } draft ? await FinishAsync(c, key, draft, ct) : c.Keep(OutgoingMessage.Plain(T.NoDraft));

    private async Task<FeatureResult> FinishAsync(ProposalTurn c, ProposalDraftKey key, ProposalDraft draft, CancellationToken ct)
    {
        var kind = key.Thread!.Value;
        var (access, refusal) = await CheckAsync(c, kind, key.ProposalId, ct);
        if (access is null)
        {
            return FeatureResult.Reply(refusal!);
        }

        if (draft.Text.Length == 0)
        {
            return ProposalTurn.Stay(new ProposalState.Drafting(key), new OutgoingMessage(T.EmptyAnswer, DraftRow(key)));
        }

        var proposal = access.Proposal;
        var message = new ProposalMessage { ProposalId = proposal.Id, Kind = kind, PersonId = c.Who.Person.Id, Text = draft.Text, Channel = c.Who.Channel, At = c.Now };
        c.Db.ProposalMessages.Add(message);
        c.Db.ProposalDrafts.Remove(draft);
        proposal.UpdatedAt = c.Now;
        if (kind == ProposalMessageKind.Answer)
        {
            proposal.Status = ProposalStatus.Answered;
            proposal.LastAnsweredAt = c.Now;
            c.Db.ProposalStatusChanges.Add(new ProposalStatusChange { ProposalId = proposal.Id, Status = ProposalStatus.Answered, PersonId = c.Who.Person.Id, Channel = c.Who.Channel, At = c.Now });
        }
        else
        {
            proposal.LastReplyAt = c.Now;
        }

        await c.Db.SaveChangesAsync(ct);
        if (kind == ProposalMessageKind.Answer)
        {
            var delivered = proposal.SenderId == c.Who.Person.Id || await SendChunksAsync(c, logger, proposal.SenderId,
                T.AnswerNotice(proposal.Reference, proposal.Topic, c.Who.Person.FullName) + "\n" + message.Text,
                [[Button(T.ButtonReply, new B.Reply(proposal.Id)), Button(T.ButtonOpen, new B.Open(proposal.Id))]], $"kn-answer:{message.Id}", ct);
            return FeatureResult.Reply(new OutgoingMessage(T.Answered(proposal.Reference, delivered),
                [[Button(T.ButtonOpen, new B.Open(proposal.Id)), Button(T.ButtonOverview, new B.Overview())]]));
        }

        // The reply goes to whoever answered last, or, failing that, to the committee above the unit.
        var answerer = await c.Db.ProposalMessages.Where(m => m.ProposalId == proposal.Id && m.Kind == ProposalMessageKind.Answer)
            .OrderByDescending(m => m.Id).Select(m => (int?)m.PersonId).FirstOrDefaultAsync(ct);
        if (answerer is { } to && to != c.Who.Person.Id)
        {
            await SendChunksAsync(c, logger, to, T.ReplyNotice(proposal.Reference, c.Who.Person.FullName) + "\n" + message.Text,
                [[Button(T.ButtonAnswer, new B.Answer(proposal.Id)), Button(T.ButtonOpen, new B.Open(proposal.Id))]], $"kn-reply:{message.Id}", ct);
        }

        return FeatureResult.Reply(new OutgoingMessage(T.Replied(proposal.Reference),
            [[Button(T.ButtonOpen, new B.Open(proposal.Id)), Button(T.ButtonMine, new B.Mine(0))]]));
    }

    /// <summary>An answer needs the committee scope, a reply the sender and an earlier answer; neither a closed proposal.</summary>
    private static async Task<(ProposalAccess? Access, OutgoingMessage? Refusal)> CheckAsync(ProposalTurn c, ProposalMessageKind kind, int id, CancellationToken ct)
    {
        var access = await c.LoadAsync(id, ct);
        if (access is null || (kind == ProposalMessageKind.Answer ? !access.InScope : !access.IsSender))
        {
            return (null, OutgoingMessage.Plain(T.OutOfScope));
        }

        if (access.Proposal.Status == ProposalStatus.Closed)
        {
            return (null, OutgoingMessage.Plain(T.Closed));
        }

        if (kind == ProposalMessageKind.Reply && access.Proposal.LastAnsweredAt is null)
        {
            return (null, OutgoingMessage.Plain(T.NothingToReply));
        }

        return (access, null);
    }
}
