using System.Globalization;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Persistence;
using static UnionReview.Server.Features.Proposals.ProposalUi;
using B = UnionReview.Server.Features.Proposals.ProposalButton;
using T = UnionReview.Server.Features.Proposals.ProposalTexts;

namespace UnionReview.Server.Features.Proposals;

/// <summary>
/// Writing and sending a proposal (/kiennghi): addressee, topic, text in as many messages as needed, an optional
/// attachment, confirm; the reference is given at once and the committee above the unit is told.
/// </summary>
internal sealed class SubmitProposal(ProposalOptions options, ILogger logger)
{
    private static readonly ProposalDraftKey Key = ProposalDraftKey.NewProposal;

    public async Task<FeatureResult> StartAsync(ProposalTurn c, CancellationToken ct)
    {
        if (c.SenderUnitId() is null)
        {
            return c.Keep(OutgoingMessage.Plain(T.NoUnit));
        }

        var draft = await c.FindDraftAsync(Key, ct);
        if (draft is { Addressee: not null })
        {
            return c.Keep(new OutgoingMessage(T.DraftWaiting(draft.Topic, draft.Text.Length),
                [[Button(T.ButtonResume, new B.ResumeDraft())], [Button(T.ButtonFresh, new B.FreshDraft())], [Button(T.ButtonMine, new B.Mine(0))]]));
        }

        draft ??= c.NewDraft(Key);
        draft.Step = ProposalDraftStep.Addressee;
        return ProposalTurn.Stay(ProposalState.Composing, Ask(draft));
    }

    public async Task<FeatureResult> ResumeAsync(ProposalTurn c, CancellationToken ct)
    {
        var draft = await c.FindDraftAsync(Key, ct);
        return draft is null ? await StartAsync(c, ct) : ProposalTurn.Stay(ProposalState.Composing, Ask(draft));
    }

    public async Task<FeatureResult> FreshAsync(ProposalTurn c, CancellationToken ct)
    {
        if (await c.FindDraftAsync(Key, ct) is { } old)
        {
            c.Db.ProposalDrafts.Remove(old);
            await c.Db.SaveChangesAsync(ct);
        }

        return await StartAsync(c, ct);
    }

    public static async Task<FeatureResult> DiscardAsync(ProposalTurn c, CancellationToken ct)
    {
        if (await c.FindDraftAsync(Key, ct) is not { } draft)
        {
            return c.Keep(OutgoingMessage.Plain(T.NoDraft));
        }

        c.Db.ProposalDrafts.Remove(draft);
        return FeatureResult.Reply(new OutgoingMessage(T.Discarded, [[Button(T.ButtonNew, new B.StartProposal()), Button(T.ButtonMine, new B.Mine(0))]]));
    }

    public async Task<FeatureResult> ChooseAddresseeAsync(ProposalTurn c, ProposalAddressee addressee, CancellationToken ct)
    {
        if (await c.FindDraftAsync(Key, ct) is not { } draft)
        {
            return c.Keep(OutgoingMessage.Plain(T.NoDraft));
        }

        draft.Addressee = addressee;
        draft.Step = draft.Topic is null ? ProposalDraftStep.Topic : ProposalDraftStep.Confirm;
        if (draft.Step == ProposalDraftStep.Confirm && draft.Text.Length == 0)
        {
            draft.Step = ProposalDraftStep.Text;
        }

        draft.UpdatedAt = c.Now;
        return ProposalTurn.Stay(ProposalState.Composing, Ask(draft));
    }

    /// <summary>Goes back to one step (addressee, topic, more text) of a draft that has an addressee.</summary>
    public async Task<FeatureResult> StepAsync(ProposalTurn c, ProposalDraftStep step, CancellationToken ct)
    {
        if (await c.FindDraftAsync(Key, ct) is not { Addressee: not null } draft)
        {
            return c.Keep(OutgoingMessage.Plain(T.NoDraft));
        }

        draft.Step = step;
        draft.UpdatedAt = c.Now;
        return ProposalTurn.Stay(ProposalState.Composing, Ask(draft));
    }

    /// <summary>The "done" button under the draft: as typing "xong" while writing the text, otherwise the current question again.</summary>
    public async Task<FeatureResult> DoneAsync(ProposalTurn c, CancellationToken ct)
    {
        if (await c.FindDraftAsync(Key, ct) is not { } draft)
        {
            return c.Keep(OutgoingMessage.Plain(T.NoDraft));
        }

        return draft.Step is ProposalDraftStep.Text or ProposalDraftStep.Confirm
            ? await InputAsync(c, "xong", ct)
            : ProposalTurn.Stay(ProposalState.Composing, Ask(draft));
    }

    /// <summary>A message while the proposal is being written: the addressee's number, the topic, or more text.</summary>
    public async Task<FeatureResult> InputAsync(ProposalTurn c, string raw, CancellationToken ct)
    {
        if (await c.FindDraftAsync(Key, ct) is not { } draft)
        {
            return FeatureResult.Reply(OutgoingMessage.Plain(T.NoDraft));
        }

        draft.UpdatedAt = c.Now;
        var replies = new List<OutgoingMessage>();
        if (c.Input.Attachment is { } attachment)
        {
            draft.AttachmentName = attachment.FileName;
            draft.AttachmentContentType = attachment.ContentType;
            draft.AttachmentChannel = c.Who.Channel;
            draft.AttachmentReference = attachment.Reference;
            replies.Add(OutgoingMessage.Plain(T.AttachmentReceived(attachment.FileName)));
            if (string.IsNullOrWhiteSpace(raw))
            {
                replies.Add(Ask(draft));
                return ProposalTurn.Stay(ProposalState.Composing, [.. replies]);
            }
        }

        var text = raw.Trim();
        switch (draft.Step)
        {
            case ProposalDraftStep.Addressee:
                if (ProposalButtons.Int(text) is { } n && n >= 1 && n <= AddresseeOrder.Length)
                {
                    return await ChooseAddresseeAsync(c, AddresseeOrder[n - 1], ct);
                }

                replies.Add(OutgoingMessage.Plain(T.ChooseAddressee));
                replies.Add(Ask(draft));
                break;
            case ProposalDraftStep.Topic:
                TopicInput(draft, text, replies);
                break;
            case ProposalDraftStep.Text:
            case ProposalDraftStep.Confirm:
                TextInput(draft, text, replies);
                break;
        }

        return ProposalTurn.Stay(ProposalState.Composing, [.. replies]);
    }

    private void TopicInput(ProposalDraft draft, string text, List<OutgoingMessage> replies)
    {
        var topic = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (topic.Length == 0)
        {
            replies.Add(OutgoingMessage.Plain(T.EmptyTopic));
        }
        else if (topic.Length > options.MaxTopicLength)
        {
            // Nothing typed is thrown away: a long "topic" is really the start of the text.
            replies.Add(OutgoingMessage.Plain(TryAppend(draft, text, options.MaxTextLength, out _)
                ? T.TopicTooLong(topic.Length, options.MaxTopicLength)
                : T.TextTooLong(text.Length, options.MaxTextLength, draft.Text.Length)));
        }
        else
        {
            draft.Topic = topic;
            draft.Step = ProposalDraftStep.Text;
            replies.Add(Ask(draft));
        }
    }

    private void TextInput(ProposalDraft draft, string text, List<OutgoingMessage> replies)
    {
        if (IsDoneWord(text))
        {
            if (draft.Text.Length == 0)
            {
                replies.Add(new OutgoingMessage(T.EmptyText, [.. DraftRow(Key), [Button(T.ButtonDiscard, new B.DiscardDraft())]]));
                return;
            }

            draft.Step = ProposalDraftStep.Confirm;
            replies.Add(Ask(draft));
            return;
        }

        if (text.Length == 0)
        {
            replies.Add(Ask(draft));
            return;
        }

        draft.Step = ProposalDraftStep.Text;
        replies.Add(TryAppend(draft, text, options.MaxTextLength, out var before)
            ? new OutgoingMessage(T.Received(draft.Text.Length), DraftRow(Key))
            : new OutgoingMessage(T.TextTooLong(before + text.Length + 1, options.MaxTextLength, before), DraftRow(Key)));
    }

    public async Task<FeatureResult> SendAsync(ProposalTurn c, CancellationToken ct)
    {
        var draft = await c.FindDraftAsync(Key, ct);
        if (draft is not { Step: ProposalDraftStep.Confirm, Addressee: { } addressee, Topic: { } topic } || draft.Text.Length == 0)
        {
            return c.Keep(OutgoingMessage.Plain(T.NoDraft));
        }

        if (c.SenderUnitId() is not { } unitId)
        {
            return c.Keep(OutgoingMessage.Plain(T.NoUnit));
        }

        // Turns are serialised on one writer, so the next number in the year cannot be taken twice;
        // the unique index on (Year, Sequence) would refuse it if it were.
        var year = c.Now.ToOffset(TimeSpan.FromHours(7)).Year;
        var sequence = (await c.Db.Proposals.Where(p => p.Year == year).MaxAsync(p => (int?)p.Sequence, ct) ?? 0) + 1;
        var proposal = new Proposal
        {
            Reference = string.Create(CultureInfo.InvariantCulture, $"KN-{year}-{sequence:0000}"),
            Year = year,
            Sequence = sequence,
            SenderId = c.Who.Person.Id,
            UnitId = unitId,
            Addressee = addressee,
            Topic = topic,
            Text = draft.Text,
            AttachmentName = draft.AttachmentName,
            AttachmentContentType = draft.AttachmentContentType,
            AttachmentChannel = draft.AttachmentChannel,
            AttachmentReference = draft.AttachmentReference,
            Status = ProposalStatus.New,
            Channel = c.Who.Channel,
            CreatedAt = c.Now,
            UpdatedAt = c.Now,
        };
        c.Db.Proposals.Add(proposal);
        c.Db.ProposalDrafts.Remove(draft);
        await c.Db.SaveChangesAsync(ct);
        c.Db.ProposalStatusChanges.Add(new ProposalStatusChange { ProposalId = proposal.Id, Status = ProposalStatus.New, PersonId = c.Who.Person.Id, Channel = c.Who.Channel, At = c.Now });
        logger.LogInformation("Proposal {Reference} sent by person {PersonId} of unit {UnitId}", proposal.Reference, proposal.SenderId, unitId);
        if (options.NotifyCommitteeOnNew)
        {
            await NotifyCommitteeAsync(c, proposal, ct);
        }

        return FeatureResult.Reply(new OutgoingMessage(T.Sent(proposal.Reference, addressee), [[Button(T.ButtonMine, new B.Mine(0)), Button(T.ButtonNew, new B.StartProposal())]]));
    }

    private static async Task NotifyCommitteeAsync(ProposalTurn c, Proposal proposal, CancellationToken ct)
    {
        var unit = await c.Db.Units.SingleAsync(u => u.Id == proposal.UnitId, ct);
        var pathIds = unit.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var members = await c.Db.Memberships.Where(m => pathIds.Contains(m.UnitId) && m.Role == Role.Committee && m.PersonId != proposal.SenderId)
            .Select(m => m.PersonId).Distinct().ToListAsync(ct);
        var message = new OutgoingMessage(T.NewNotice(proposal.Reference, unit.Name, c.Who.Person.FullName, proposal.Addressee, proposal.Topic),
            [[Button(T.ButtonOpen, new B.Open(proposal.Id))]]);
        foreach (var member in members)
        {
            await c.Outbox.EnqueueForPersonAsync(c.Db, member, message, $"kn-new:{proposal.Id}:{member}", ct);
        }
    }

    /// <summary>The question of the draft's current step, with its buttons.</summary>
    private OutgoingMessage Ask(ProposalDraft draft) => draft.Step switch
    {
        ProposalDraftStep.Addressee => new OutgoingMessage(T.AskAddressee,
            [.. AddresseeOrder.Select((a, i) => (IReadOnlyList<ChatButton>)[Button($"{i + 1}. {T.AddresseeName(a)}", new B.ChooseAddressee(a))]),
                [Button(T.ButtonMine, new B.Mine(0))]]),
        ProposalDraftStep.Topic => new OutgoingMessage(T.AskTopic(draft.Addressee!.Value),
            [[Button(T.ButtonEditAddressee, new B.EditAddressee()), Button(T.ButtonDiscard, new B.DiscardDraft())]]),
        ProposalDraftStep.Text => new OutgoingMessage(T.AskText(draft.Topic!, draft.Text.Length, options.MaxTextLength), DraftRow(Key)),
        _ => new OutgoingMessage(T.Confirm(draft.Addressee!.Value, draft.Topic!, draft.Text, draft.AttachmentName),
            [
                [Button(T.ButtonSend, new B.Send())],
                [Button(T.ButtonEditTopic, new B.EditTopic()), Button(T.ButtonMoreText, new B.AddText())],
                [Button(T.ButtonEditAddressee, new B.EditAddressee()), Button(T.ButtonDiscard, new B.DiscardDraft())],
            ]),
    };
}
