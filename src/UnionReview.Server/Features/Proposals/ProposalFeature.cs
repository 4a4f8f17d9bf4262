using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Text;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Persistence;
using T = UnionReview.Server.Features.Proposals.ProposalTexts;

namespace UnionReview.Server.Features.Proposals;

/// <summary>
/// Proposals and recommendations by message. Any member or officer writes one with /kiennghi (addressee,
/// topic, text in as many messages as needed, optional attachment, confirm) and gets its reference at once;
/// sees their own proposals and replies to answers. Committee members list the proposals of the units in
/// their scope (/dskiennghi: new, unanswered, by addressee, by unit), forward, answer and close them; answers
/// and status changes reach the sender through the outbox.
/// </summary>
/// <remarks>
/// The conversation state is a short key ("new", "a12", "r12", "f12:3", "c12"); the text being written lives in
/// <see cref="ProposalDraft"/> rows so that another command or a restart in the middle loses nothing.
/// </remarks>
public sealed class ProposalFeature(IOptions<ProposalOptions> options, ILogger<ProposalFeature> logger) : IConversationFeature
{
    internal const string Prefix = "kn:";
    private const string NewKey = "new";
    private const int ChunkSize = 3_500;
    private const int MaxNoteLength = 2_000;
    private readonly ProposalOptions _options = options.Value;

    public string Name => "proposals";

    public IReadOnlyList<(string Command, string Description)> Commands { get; } =
        [(T.CommandSend, T.CommandSendDescription), (T.CommandDesk, T.CommandDeskDescription)];

    public bool Claims(IncomingInput input, PersonContext person)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.ButtonPayload?.StartsWith(Prefix, StringComparison.Ordinal) == true || CommandOf(input.Text) is not null;
    }

    /// <summary>/huy while a proposal is being written, or a reply or note is pending, cancels that here.</summary>
    public bool Keeps(IncomingInput input, string? state)
    {
        ArgumentNullException.ThrowIfNull(input);
        return !string.IsNullOrEmpty(state) && IsCancel(input.Text);
    }

    private static bool IsCancel(string? text) =>
        string.Equals(text?.Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(), T.CommandCancel, StringComparison.OrdinalIgnoreCase);

    public IReadOnlyList<ChatButton> MenuButtons(PersonContext person)
    {
        ArgumentNullException.ThrowIfNull(person);
        var buttons = new List<ChatButton>();
        if (person.Memberships.Count > 0)
        {
            buttons.Add(new ChatButton(T.ButtonNew, Prefix + "new"));
        }

        if (person.IsCommittee)
        {
            buttons.Add(new ChatButton(T.ButtonOverview, Prefix + "ov"));
        }

        return buttons;
    }

    public async Task<FeatureResult> HandleAsync(FeatureTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var c = new Context(turn);
        if (turn.Input.ButtonPayload is { } payload)
        {
            return payload.StartsWith(Prefix, StringComparison.Ordinal)
                ? await ButtonAsync(c, payload[Prefix.Length..].Split(':'), cancellationToken)
                : c.Keep(OutgoingMessage.Plain(T.ForeignButton));
        }

        if (IsCancel(turn.Input.Text) && !string.IsNullOrEmpty(turn.State))
        {
            return turn.State == NewKey
                ? await DiscardComposeAsync(c, cancellationToken)
                : FeatureResult.Reply(OutgoingMessage.Plain(T.PendingCancelled));
        }

        if (CommandOf(turn.Input.Text) is { } command)
        {
            var argument = turn.Input.Text!.Trim()[command.Length..].Trim();
            if (argument.Length > 0)
            {
                return await OpenByReferenceAsync(c, argument, cancellationToken);
            }

            return command == T.CommandSend ? await StartComposeAsync(c, cancellationToken) : await OverviewAsync(c, cancellationToken);
        }

        var text = turn.Input.Text ?? "";
        var state = turn.State ?? "";
        if (state == NewKey)
        {
            return await ComposeInputAsync(c, text, cancellationToken);
        }

        if (state.Length > 1 && state[0] is 'a' or 'r')
        {
            return await ThreadInputAsync(c, state, text, cancellationToken);
        }

        if (state.Length > 1 && state[0] == 'f' && state[1..].Split(':') is [var fid, var fcode] && Int(fid) is { } forwardId && Addressee(fcode) is { } to)
        {
            return await NoteAsync(c, text, note => ForwardAsync(c, forwardId, to, note, cancellationToken));
        }

        if (state.Length > 1 && state[0] == 'c' && Int(state[1..]) is { } closeId)
        {
            return await NoteAsync(c, text, note => CloseAsync(c, closeId, note, cancellationToken));
        }

        return FeatureResult.Reply(OutgoingMessage.Plain(T.StaleButton));
    }

    // ---- routing ------------------------------------------------------------------------------

    private static string? CommandOf(string? text)
    {
        var first = text?.TrimStart().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (string.Equals(first, T.CommandSend, StringComparison.OrdinalIgnoreCase))
        {
            return T.CommandSend;
        }

        return string.Equals(first, T.CommandDesk, StringComparison.OrdinalIgnoreCase) ? T.CommandDesk : null;
    }

    private Task<FeatureResult> ButtonAsync(Context c, string[] parts, CancellationToken ct)
    {
        var id = parts.Length > 1 ? Int(parts[1]) : null;
        var second = parts.ElementAtOrDefault(2);
        return (parts[0], id) switch
        {
            ("new", _) => StartComposeAsync(c, ct),
            ("resume", _) => ResumeComposeAsync(c, ct),
            ("fresh", _) => FreshComposeAsync(c, ct),
            ("x", _) => DiscardComposeAsync(c, ct),
            ("to", _) when parts.Length > 1 && Addressee(parts[1]) is { } a => ChooseAddresseeAsync(c, a, ct),
            ("ea", _) => StepAsync(c, ProposalDraftStep.Addressee, ct),
            ("et", _) => StepAsync(c, ProposalDraftStep.Topic, ct),
            ("more", _) => StepAsync(c, ProposalDraftStep.Text, ct),
            ("send", _) => SendAsync(c, ct),
            ("dn", _) when parts.Length > 1 => DoneButtonAsync(c, parts[1], ct),
            ("cl", _) when parts.Length > 1 => ClearAsync(c, parts[1], ct),
            ("m", { } page) => MineAsync(c, page, ct),
            ("o", { } pid) => OpenAsync(c, pid, ct),
            ("ov", _) => OverviewAsync(c, ct),
            ("l", _) when parts.Length > 2 && Int(parts[2]) is { } page => ListAsync(c, parts[1], page, ct),
            ("ba", _) => ByAddresseeAsync(c, ct),
            ("bu", _) => ByUnitAsync(c, ct),
            ("f", { } pid) => ChooseForwardTargetAsync(c, pid, ct),
            ("ft", { } pid) when Addressee(second) is { } to => AskForwardNoteAsync(c, pid, to, ct),
            ("fn", { } pid) when Addressee(second) is { } to => ForwardAsync(c, pid, to, null, ct),
            ("a", { } pid) => StartThreadAsync(c, ProposalMessageKind.Answer, pid, ct),
            ("r", { } pid) => StartThreadAsync(c, ProposalMessageKind.Reply, pid, ct),
            ("c", { } pid) => AskCloseNoteAsync(c, pid, ct),
            ("cn", { } pid) => CloseAsync(c, pid, null, ct),
            _ => Task.FromResult(c.Keep(OutgoingMessage.Plain(T.StaleButton))),
        };
    }

    // ---- writing a proposal --------------------------------------------------------------------

    private async Task<FeatureResult> StartComposeAsync(Context c, CancellationToken ct)
    {
        if (SenderUnitId(c.Who) is null)
        {
            return c.Keep(OutgoingMessage.Plain(T.NoUnit));
        }

        var draft = await FindDraftAsync(c, NewKey, ct);
        if (draft is { Addressee: not null })
        {
            return c.Keep(new OutgoingMessage(T.DraftWaiting(draft.Topic, draft.Text.Length),
                [[Button(T.ButtonResume, "resume")], [Button(T.ButtonFresh, "fresh")], [Button(T.ButtonMine, "m:0")]]));
        }

        draft ??= NewDraft(c, NewKey);
        draft.Step = ProposalDraftStep.Addressee;
        return new FeatureResult([Ask(draft)], NewKey);
    }

    private async Task<FeatureResult> ResumeComposeAsync(Context c, CancellationToken ct)
    {
        var draft = await FindDraftAsync(c, NewKey, ct);
        return draft is null ? await StartComposeAsync(c, ct) : new FeatureResult([Ask(draft)], NewKey);
    }

    private async Task<FeatureResult> FreshComposeAsync(Context c, CancellationToken ct)
    {
        if (await FindDraftAsync(c, NewKey, ct) is { } old)
        {
            c.Db.ProposalDrafts.Remove(old);
            await c.Db.SaveChangesAsync(ct);
        }

        return await StartComposeAsync(c, ct);
    }

    private static async Task<FeatureResult> DiscardComposeAsync(Context c, CancellationToken ct)
    {
        if (await FindDraftAsync(c, NewKey, ct) is not { } draft)
        {
            return c.Keep(OutgoingMessage.Plain(T.NoDraft));
        }

        c.Db.ProposalDrafts.Remove(draft);
        return new FeatureResult([new OutgoingMessage(T.Discarded, [[Button(T.ButtonNew, "new"), Button(T.ButtonMine, "m:0")]])]);
    }

    private async Task<FeatureResult> ChooseAddresseeAsync(Context c, ProposalAddressee addressee, CancellationToken ct)
    {
        if (await FindDraftAsync(c, NewKey, ct) is not { } draft)
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
        return new FeatureResult([Ask(draft)], NewKey);
    }

    private async Task<FeatureResult> StepAsync(Context c, ProposalDraftStep step, CancellationToken ct)
    {
        if (await FindDraftAsync(c, NewKey, ct) is not { Addressee: not null } draft)
        {
            return c.Keep(OutgoingMessage.Plain(T.NoDraft));
        }

        draft.Step = step;
        draft.UpdatedAt = c.Now;
        return new FeatureResult([Ask(draft)], NewKey);
    }

    private async Task<FeatureResult> ComposeInputAsync(Context c, string raw, CancellationToken ct)
    {
        if (await FindDraftAsync(c, NewKey, ct) is not { } draft)
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
                return new FeatureResult(replies, NewKey);
            }
        }

        var text = raw.Trim();
        switch (draft.Step)
        {
            case ProposalDraftStep.Addressee:
                if (Int(text) is { } n && n >= 1 && n <= AddresseeOrder.Length)
                {
                    return await ChooseAddresseeAsync(c, AddresseeOrder[n - 1], ct);
                }

                replies.Add(OutgoingMessage.Plain(T.ChooseAddressee));
                replies.Add(Ask(draft));
                break;
            case ProposalDraftStep.Topic:
                var topic = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                if (topic.Length == 0)
                {
                    replies.Add(OutgoingMessage.Plain(T.EmptyTopic));
                }
                else if (topic.Length > _options.MaxTopicLength)
                {
                    // Nothing typed is thrown away: a long "topic" is really the start of the text.
                    if (!TryAppend(draft, text, out _))
                    {
                        replies.Add(OutgoingMessage.Plain(T.TextTooLong(text.Length, _options.MaxTextLength, draft.Text.Length)));
                    }
                    else
                    {
                        replies.Add(OutgoingMessage.Plain(T.TopicTooLong(topic.Length, _options.MaxTopicLength)));
                    }
                }
                else
                {
                    draft.Topic = topic;
                    draft.Step = ProposalDraftStep.Text;
                    replies.Add(Ask(draft));
                }

                break;
            case ProposalDraftStep.Text:
            case ProposalDraftStep.Confirm:
                if (IsDoneWord(text))
                {
                    if (draft.Text.Length == 0)
                    {
                        replies.Add(new OutgoingMessage(T.EmptyText, [.. DraftRow(NewKey), [Button(T.ButtonDiscard, "x")]]));
                        break;
                    }

                    draft.Step = ProposalDraftStep.Confirm;
                    replies.Add(Ask(draft));
                    break;
                }

                if (text.Length == 0)
                {
                    replies.Add(Ask(draft));
                    break;
                }

                draft.Step = ProposalDraftStep.Text;
                replies.Add(TryAppend(draft, text, out var before)
                    ? new OutgoingMessage(T.Received(draft.Text.Length), DraftRow(NewKey))
                    : new OutgoingMessage(T.TextTooLong(before + text.Length + 1, _options.MaxTextLength, before), DraftRow(NewKey)));
                break;
        }

        return new FeatureResult(replies, NewKey);
    }

    private async Task<FeatureResult> SendAsync(Context c, CancellationToken ct)
    {
        var draft = await FindDraftAsync(c, NewKey, ct);
        if (draft is not { Step: ProposalDraftStep.Confirm, Addressee: { } addressee, Topic: { } topic } || draft.Text.Length == 0)
        {
            return c.Keep(OutgoingMessage.Plain(T.NoDraft));
        }

        if (SenderUnitId(c.Who) is not { } unitId)
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
        if (_options.NotifyCommitteeOnNew)
        {
            await NotifyCommitteeAsync(c, proposal, ct);
        }

        return FeatureResult.Reply(new OutgoingMessage(T.Sent(proposal.Reference, addressee), [[Button(T.ButtonMine, "m:0"), Button(T.ButtonNew, "new")]]));
    }

    private static async Task NotifyCommitteeAsync(Context c, Proposal proposal, CancellationToken ct)
    {
        var unit = await c.Db.Units.SingleAsync(u => u.Id == proposal.UnitId, ct);
        var pathIds = unit.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var members = await c.Db.Memberships.Where(m => pathIds.Contains(m.UnitId) && m.Role == Role.Committee && m.PersonId != proposal.SenderId)
            .Select(m => m.PersonId).Distinct().ToListAsync(ct);
        var message = new OutgoingMessage(T.NewNotice(proposal.Reference, unit.Name, c.Who.Person.FullName, proposal.Addressee, proposal.Topic),
            [[Button(T.ButtonOpen, $"o:{proposal.Id}")]]);
        foreach (var member in members)
        {
            await c.Outbox.EnqueueForPersonAsync(c.Db, member, message, $"kn-new:{proposal.Id}:{member}", ct);
        }
    }

    private OutgoingMessage Ask(ProposalDraft draft) => draft.Step switch
    {
        ProposalDraftStep.Addressee => new OutgoingMessage(T.AskAddressee,
            [.. AddresseeOrder.Select((a, i) => (IReadOnlyList<ChatButton>)[Button($"{i + 1}. {T.AddresseeName(a)}", $"to:{(int)a}")]),
                [Button(T.ButtonMine, "m:0")]]),
        ProposalDraftStep.Topic => new OutgoingMessage(T.AskTopic(draft.Addressee!.Value), [[Button(T.ButtonEditAddressee, "ea"), Button(T.ButtonDiscard, "x")]]),
        ProposalDraftStep.Text => new OutgoingMessage(T.AskText(draft.Topic!, draft.Text.Length, _options.MaxTextLength), DraftRow(NewKey)),
        _ => new OutgoingMessage(T.Confirm(draft.Addressee!.Value, draft.Topic!, draft.Text, draft.AttachmentName),
            [[Button(T.ButtonSend, "send")], [Button(T.ButtonEditTopic, "et"), Button(T.ButtonMoreText, "more")], [Button(T.ButtonEditAddressee, "ea"), Button(T.ButtonDiscard, "x")]]),
    };

    // ---- answers and replies -------------------------------------------------------------------

    private async Task<FeatureResult> StartThreadAsync(Context c, ProposalMessageKind kind, int id, CancellationToken ct)
    {
        var (access, refusal) = await CheckThreadAsync(c, kind, id, ct);
        if (access is null)
        {
            return c.Keep(refusal!);
        }

        var key = ThreadKey(kind, id);
        var draft = await FindDraftAsync(c, key, ct) ?? NewDraft(c, key);
        draft.Step = ProposalDraftStep.Text;
        return new FeatureResult([AskThread(kind, access.Proposal.Reference, draft)], key);
    }

    private async Task<FeatureResult> ThreadInputAsync(Context c, string key, string raw, CancellationToken ct)
    {
        if (await FindDraftAsync(c, key, ct) is not { } draft)
        {
            return FeatureResult.Reply(OutgoingMessage.Plain(T.NoDraft));
        }

        var text = raw.Trim();
        if (IsDoneWord(text))
        {
            return await FinishThreadAsync(c, draft, ct);
        }

        if (text.Length == 0)
        {
            return new FeatureResult([new OutgoingMessage(T.EmptyAnswer, DraftRow(key))], key);
        }

        draft.UpdatedAt = c.Now;
        return new FeatureResult([TryAppend(draft, text, out var before)
            ? new OutgoingMessage(T.Received(draft.Text.Length), DraftRow(key))
            : new OutgoingMessage(T.TextTooLong(before + text.Length + 1, _options.MaxTextLength, before), DraftRow(key))], key);
    }

    private async Task<FeatureResult> FinishThreadAsync(Context c, ProposalDraft draft, CancellationToken ct)
    {
        var kind = draft.Key[0] == 'a' ? ProposalMessageKind.Answer : ProposalMessageKind.Reply;
        var id = Int(draft.Key[1..]) ?? 0;
        var (access, refusal) = await CheckThreadAsync(c, kind, id, ct);
        if (access is null)
        {
            return FeatureResult.Reply(refusal!);
        }

        if (draft.Text.Length == 0)
        {
            return new FeatureResult([new OutgoingMessage(T.EmptyAnswer, DraftRow(draft.Key))], draft.Key);
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
            var delivered = proposal.SenderId == c.Who.Person.Id || await SendChunksAsync(c, proposal.SenderId,
                T.AnswerNotice(proposal.Reference, proposal.Topic, c.Who.Person.FullName) + "\n" + message.Text,
                [[Button(T.ButtonReply, $"r:{proposal.Id}"), Button(T.ButtonOpen, $"o:{proposal.Id}")]], $"kn-answer:{message.Id}", ct);
            return FeatureResult.Reply(new OutgoingMessage(T.Answered(proposal.Reference, delivered), [[Button(T.ButtonOpen, $"o:{proposal.Id}"), Button(T.ButtonOverview, "ov")]]));
        }

        // The reply goes to whoever answered last, or, failing that, to the committee above the unit.
        var answerer = await c.Db.ProposalMessages.Where(m => m.ProposalId == proposal.Id && m.Kind == ProposalMessageKind.Answer)
            .OrderByDescending(m => m.Id).Select(m => (int?)m.PersonId).FirstOrDefaultAsync(ct);
        if (answerer is { } to && to != c.Who.Person.Id)
        {
            await SendChunksAsync(c, to, T.ReplyNotice(proposal.Reference, c.Who.Person.FullName) + "\n" + message.Text,
                [[Button(T.ButtonAnswer, $"a:{proposal.Id}"), Button(T.ButtonOpen, $"o:{proposal.Id}")]], $"kn-reply:{message.Id}", ct);
        }

        return FeatureResult.Reply(new OutgoingMessage(T.Replied(proposal.Reference), [[Button(T.ButtonOpen, $"o:{proposal.Id}"), Button(T.ButtonMine, "m:0")]]));
    }

    private static async Task<(Access? Access, OutgoingMessage? Refusal)> CheckThreadAsync(Context c, ProposalMessageKind kind, int id, CancellationToken ct)
    {
        var access = await LoadAsync(c, id, ct);
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

    private OutgoingMessage AskThread(ProposalMessageKind kind, string reference, ProposalDraft draft) =>
        new(kind == ProposalMessageKind.Answer
            ? T.AskAnswer(reference, draft.Text.Length, _options.MaxTextLength)
            : T.AskReply(reference, draft.Text.Length, _options.MaxTextLength), DraftRow(draft.Key));

    private static string ThreadKey(ProposalMessageKind kind, int id) => (kind == ProposalMessageKind.Answer ? "a" : "r") + id.ToString(CultureInfo.InvariantCulture);

    private async Task<FeatureResult> DoneButtonAsync(Context c, string key, CancellationToken ct)
    {
        if (await FindDraftAsync(c, key, ct) is not { } draft)
        {
            return c.Keep(OutgoingMessage.Plain(T.NoDraft));
        }

        if (key == NewKey)
        {
            return draft.Step is ProposalDraftStep.Text or ProposalDraftStep.Confirm
                ? await ComposeInputAsync(c, "xong", ct)
                : new FeatureResult([Ask(draft)], NewKey);
        }

        return await FinishThreadAsync(c, draft, ct);
    }

    private static async Task<FeatureResult> ClearAsync(Context c, string key, CancellationToken ct)
    {
        if (await FindDraftAsync(c, key, ct) is not { } draft)
        {
            return c.Keep(OutgoingMessage.Plain(T.NoDraft));
        }

        draft.Text = "";
        draft.UpdatedAt = c.Now;
        if (key == NewKey)
        {
            draft.Step = draft.Topic is null ? draft.Step : ProposalDraftStep.Text;
        }

        return new FeatureResult([new OutgoingMessage(T.Cleared, DraftRow(key))], key);
    }

    // ---- forwarding and closing ----------------------------------------------------------------

    private static async Task<FeatureResult> ChooseForwardTargetAsync(Context c, int id, CancellationToken ct)
    {
        if (await LoadManagedAsync(c, id, ct) is not { } p)
        {
            return c.Keep(await RefusalAsync(c, id, ct));
        }

        var targets = ForwardTargets(p);
        if (targets.Count == 0)
        {
            return c.Keep(OutgoingMessage.Plain(T.NoHigherLevel));
        }

        return c.Keep(new OutgoingMessage(T.AskForwardTarget,
            [.. targets.Select(a => (IReadOnlyList<ChatButton>)[Button(T.AddresseeName(a), $"ft:{p.Id}:{(int)a}")]), [Button(T.ButtonOpen, $"o:{p.Id}")]]));
    }

    private static async Task<FeatureResult> AskForwardNoteAsync(Context c, int id, ProposalAddressee to, CancellationToken ct)
    {
        if (await LoadManagedAsync(c, id, ct) is not { } p)
        {
            return c.Keep(await RefusalAsync(c, id, ct));
        }

        if (!ForwardTargets(p).Contains(to))
        {
            return c.Keep(OutgoingMessage.Plain(T.StaleButton));
        }

        return new FeatureResult([new OutgoingMessage(T.AskForwardNote(p.Reference, to), [[Button(T.ButtonForwardNoNote, $"fn:{p.Id}:{(int)to}")], [Button(T.ButtonOpen, $"o:{p.Id}")]])],
            string.Create(CultureInfo.InvariantCulture, $"f{p.Id}:{(int)to}"));
    }

    private static async Task<FeatureResult> ForwardAsync(Context c, int id, ProposalAddressee to, string? note, CancellationToken ct)
    {
        if (await LoadManagedAsync(c, id, ct) is not { } p)
        {
            return FeatureResult.Reply(await RefusalAsync(c, id, ct));
        }

        if (!ForwardTargets(p).Contains(to))
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
            await c.Outbox.EnqueueForPersonAsync(c.Db, p.SenderId, new OutgoingMessage(T.ForwardedNotice(p.Reference, to, note), [[Button(T.ButtonOpen, $"o:{p.Id}")]]),
                $"kn-forward:{p.Id}:{c.Now.ToUnixTimeMilliseconds()}", ct);
        }

        return FeatureResult.Reply(new OutgoingMessage(T.Forwarded(p.Reference, to), [[Button(T.ButtonOpen, $"o:{p.Id}"), Button(T.ButtonOverview, "ov")]]));
    }

    private static async Task<FeatureResult> AskCloseNoteAsync(Context c, int id, CancellationToken ct)
    {
        if (await LoadManagedAsync(c, id, ct) is not { } p)
        {
            return c.Keep(await RefusalAsync(c, id, ct));
        }

        return new FeatureResult([new OutgoingMessage(T.AskCloseNote, [[Button(T.ButtonCloseNoNote, $"cn:{p.Id}")], [Button(T.ButtonOpen, $"o:{p.Id}")]])],
            "c" + p.Id.ToString(CultureInfo.InvariantCulture));
    }

    private static async Task<FeatureResult> CloseAsync(Context c, int id, string? note, CancellationToken ct)
    {
        if (await LoadManagedAsync(c, id, ct) is not { } p)
        {
            return FeatureResult.Reply(await RefusalAsync(c, id, ct));
        }

        p.Status = ProposalStatus.Closed;
        p.UpdatedAt = c.Now;
        c.Db.ProposalStatusChanges.Add(new ProposalStatusChange { ProposalId = p.Id, Status = ProposalStatus.Closed, PersonId = c.Who.Person.Id, Channel = c.Who.Channel, At = c.Now, Note = note });
        if (p.SenderId != c.Who.Person.Id)
        {
            await c.Outbox.EnqueueForPersonAsync(c.Db, p.SenderId, new OutgoingMessage(T.ClosedNotice(p.Reference, note), [[Button(T.ButtonOpen, $"o:{p.Id}")]]),
                $"kn-close:{p.Id}", ct);
        }

        return FeatureResult.Reply(new OutgoingMessage(T.ClosedDone(p.Reference), [[Button(T.ButtonOpen, $"o:{p.Id}"), Button(T.ButtonOverview, "ov")]]));
    }

    private static async Task<FeatureResult> NoteAsync(Context c, string raw, Func<string?, Task<FeatureResult>> apply)
    {
        var note = raw.Trim();
        if (note.Length == 0)
        {
            return new FeatureResult([OutgoingMessage.Plain(T.AskNote)], c.State);
        }

        if (note.Length > MaxNoteLength)
        {
            return new FeatureResult([OutgoingMessage.Plain(T.NoteTooLong)], c.State);
        }

        return await apply(note);
    }

    /// <summary>
    /// The level the proposal is at (its addressee, or where it was last forwarded) and every level above it,
    /// less the one it was already forwarded to: passing it on to whom it is meant for, or further up.
    /// </summary>
    private static List<ProposalAddressee> ForwardTargets(Proposal p)
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

    // ---- reading -------------------------------------------------------------------------------

    private static async Task<FeatureResult> OpenByReferenceAsync(Context c, string argument, CancellationToken ct)
    {
        var reference = argument.Trim().ToUpperInvariant();
        var id = await c.Db.Proposals.Where(p => p.Reference == reference).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        return id is null ? c.Keep(OutgoingMessage.Plain(T.OutOfScope)) : await OpenAsync(c, id.Value, ct);
    }

    private static async Task<FeatureResult> OpenAsync(Context c, int id, CancellationToken ct)
    {
        if (await LoadAsync(c, id, ct) is not { } access)
        {
            return c.Keep(OutgoingMessage.Plain(T.OutOfScope));
        }

        var p = access.Proposal;
        var thread = await c.Db.ProposalMessages.Where(m => m.ProposalId == p.Id).OrderBy(m => m.Id).ToListAsync(ct);
        var history = await c.Db.ProposalStatusChanges.Where(h => h.ProposalId == p.Id).OrderBy(h => h.Id).ToListAsync(ct);
        var personIds = thread.Select(m => m.PersonId).Concat(history.Select(h => h.PersonId)).Append(p.SenderId).Distinct().ToList();
        var names = await c.Db.People.Where(x => personIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.FullName, ct);
        var unit = await c.Db.Units.Where(u => u.Id == p.UnitId).Select(u => u.Name).SingleAsync(ct);

        var body = new StringBuilder(T.Detail(p, names[p.SenderId], unit)).Append('\n').Append(p.Text);
        foreach (var m in thread)
        {
            body.Append("\n\n").Append(T.ThreadEntry(m.Kind, names.GetValueOrDefault(m.PersonId, "?"), m.At, m.Text));
        }

        body.Append("\n\n").Append(T.HistoryTitle);
        foreach (var h in history)
        {
            body.Append('\n').Append(T.HistoryLine(h, names.GetValueOrDefault(h.PersonId, "?")));
        }

        var rows = new List<IReadOnlyList<ChatButton>>();
        if (access.InScope && p.Status != ProposalStatus.Closed)
        {
            rows.Add([Button(T.ButtonAnswer, $"a:{p.Id}"), Button(T.ButtonForward, $"f:{p.Id}")]);
            rows.Add([Button(T.ButtonClose, $"c:{p.Id}")]);
        }

        if (access.IsSender && p.Status != ProposalStatus.Closed && p.LastAnsweredAt is not null)
        {
            rows.Add([Button(T.ButtonReply, $"r:{p.Id}")]);
        }

        rows.Add(access.InScope ? [Button(T.ButtonOverview, "ov")] : [Button(T.ButtonMine, "m:0")]);
        var chunks = Chunks(body.ToString());
        return c.Keep([.. chunks.Select((text, i) => i == chunks.Count - 1 ? new OutgoingMessage(text, rows) : OutgoingMessage.Plain(text))]);
    }

    private async Task<FeatureResult> MineAsync(Context c, int page, CancellationToken ct)
    {
        var mine = c.Db.Proposals.Where(p => p.SenderId == c.Who.Person.Id);
        var total = await mine.CountAsync(ct);
        if (total == 0)
        {
            return c.Keep(new OutgoingMessage(T.NothingMine, [[Button(T.ButtonNew, "new")]]));
        }

        var (pageIndex, pages) = Page(total, page);
        var rows = await (from p in mine
                          join u in c.Db.Units on p.UnitId equals u.Id
                          orderby p.Id descending
                          select new Row(p.Id, p.Reference, p.Status, u.ShortName ?? u.Name, p.Topic, p.LastAnsweredAt, p.LastReplyAt))
            .Skip(pageIndex * _options.PageSize).Take(_options.PageSize).ToListAsync(ct);
        return c.Keep(Listing(T.MineTitle(total), rows, pageIndex, pages, p => $"m:{p}", [Button(T.ButtonNew, "new")]));
    }

    private static async Task<FeatureResult> OverviewAsync(Context c, CancellationToken ct)
    {
        if (!c.Who.IsCommittee)
        {
            return c.Keep(new OutgoingMessage(T.NotCommittee, [[Button(T.ButtonNew, "new"), Button(T.ButtonMine, "m:0")]]));
        }

        var scope = await c.ScopeAsync(ct);
        var inScope = c.Db.Proposals.Where(p => scope.Contains(p.UnitId));
        var counts = await inScope.GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        if (counts.Count == 0)
        {
            return c.Keep(OutgoingMessage.Plain(T.NothingInScope));
        }

        var awaiting = await Awaiting(inScope).CountAsync(ct);
        var news = counts.GetValueOrDefault(ProposalStatus.New);
        return c.Keep(new OutgoingMessage(
            T.OverviewTitle(news, counts.GetValueOrDefault(ProposalStatus.Forwarded), counts.GetValueOrDefault(ProposalStatus.Answered), counts.GetValueOrDefault(ProposalStatus.Closed), awaiting),
            [
                [Button($"{T.ButtonNewOnes} ({T.Count(news)})", "l:n:0"), Button($"{T.ButtonUnanswered} ({T.Count(awaiting)})", "l:u:0")],
                [Button(T.ButtonByAddressee, "ba"), Button(T.ButtonByUnit, "bu")],
                [Button(T.ButtonAll, "l:all:0")],
            ]));
    }

    private async Task<FeatureResult> ListAsync(Context c, string filter, int page, CancellationToken ct)
    {
        if (!c.Who.IsCommittee)
        {
            return c.Keep(OutgoingMessage.Plain(T.NotCommittee));
        }

        var scope = await c.ScopeAsync(ct);
        var query = c.Db.Proposals.Where(p => scope.Contains(p.UnitId));
        string title;
        var oldestFirst = false;
        switch (filter)
        {
            case "n":
                query = query.Where(p => p.Status == ProposalStatus.New);
                title = T.ButtonNewOnes;
                oldestFirst = true;
                break;
            case "u":
                query = Awaiting(query);
                title = T.ButtonUnanswered;
                oldestFirst = true;
                break;
            case "all":
                title = T.ButtonAll;
                break;
            case ['a', .. var code] when Addressee(code) is { } a:
                query = query.Where(p => p.Addressee == a);
                title = "🏛 " + T.AddresseeName(a);
                break;
            case ['d', .. var unitText] when Int(unitText) is { } unitId:
                if (!scope.Contains(unitId))
                {
                    return c.Keep(OutgoingMessage.Plain(T.UnitOutOfScope));
                }

                query = query.Where(p => p.UnitId == unitId);
                title = "🏢 " + await c.Db.Units.Where(u => u.Id == unitId).Select(u => u.Name).SingleAsync(ct);
                break;
            default:
                return c.Keep(OutgoingMessage.Plain(T.StaleButton));
        }

        var total = await query.CountAsync(ct);
        if (total == 0)
        {
            return c.Keep(new OutgoingMessage(T.NothingInList, [[Button(T.ButtonOverview, "ov")]]));
        }

        var (pageIndex, pages) = Page(total, page);
        var joined = from p in query
                     join u in c.Db.Units on p.UnitId equals u.Id
                     select new { p, u };
        joined = oldestFirst ? joined.OrderBy(x => x.p.Id) : joined.OrderByDescending(x => x.p.Id);
        var rows = await joined.Select(x => new Row(x.p.Id, x.p.Reference, x.p.Status, x.u.ShortName ?? x.u.Name, x.p.Topic, x.p.LastAnsweredAt, x.p.LastReplyAt))
            .Skip(pageIndex * _options.PageSize).Take(_options.PageSize).ToListAsync(ct);
        return c.Keep(Listing(T.ListTitle(title, total, pageIndex, pages), rows, pageIndex, pages, p => $"l:{filter}:{p}", [Button(T.ButtonOverview, "ov")]));
    }

    private static async Task<FeatureResult> ByAddresseeAsync(Context c, CancellationToken ct)
    {
        if (!c.Who.IsCommittee)
        {
            return c.Keep(OutgoingMessage.Plain(T.NotCommittee));
        }

        var scope = await c.ScopeAsync(ct);
        var counts = await c.Db.Proposals.Where(p => scope.Contains(p.UnitId)).GroupBy(p => p.Addressee)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var text = new StringBuilder(T.ByAddresseeTitle);
        var rows = new List<IReadOnlyList<ChatButton>>();
        foreach (var a in AddresseeOrder)
        {
            var n = counts.GetValueOrDefault(a);
            text.Append('\n').Append(T.AddresseeName(a)).Append(": ").Append(T.Count(n));
            if (n > 0)
            {
                rows.Add([Button($"{T.AddresseeName(a)} ({T.Count(n)})", $"l:a{(int)a}:0")]);
            }
        }

        rows.Add([Button(T.ButtonOverview, "ov")]);
        return c.Keep(new OutgoingMessage(text.ToString(), rows));
    }

    private static async Task<FeatureResult> ByUnitAsync(Context c, CancellationToken ct)
    {
        if (!c.Who.IsCommittee)
        {
            return c.Keep(OutgoingMessage.Plain(T.NotCommittee));
        }

        var scope = await c.ScopeAsync(ct);
        var counts = await c.Db.Proposals.Where(p => scope.Contains(p.UnitId)).GroupBy(p => p.UnitId)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var ids = counts.Select(x => x.Key).ToList();
        var units = await c.Db.Units.Where(u => ids.Contains(u.Id)).OrderBy(u => u.Path).ToListAsync(ct);
        if (units.Count == 0)
        {
            return c.Keep(OutgoingMessage.Plain(T.NothingInScope));
        }

        var text = new StringBuilder(T.ByUnitTitle);
        foreach (var u in units)
        {
            text.Append('\n').Append(u.Name).Append(": ").Append(T.Count(counts.Single(x => x.Key == u.Id).Count));
        }

        var buttons = units.Take(40).Select(u => Button(u.ShortName ?? u.Name, $"l:d{u.Id}:0")).Chunk(2).Select(r => (IReadOnlyList<ChatButton>)r).ToList();
        buttons.Add([Button(T.ButtonOverview, "ov")]);
        return c.Keep(new OutgoingMessage(text.ToString(), buttons));
    }

    private static OutgoingMessage Listing(string title, List<Row> rows, int page, int pages, Func<int, string> pagePayload, ChatButton[] last)
    {
        var text = new StringBuilder(title);
        foreach (var r in rows)
        {
            text.Append('\n').Append(T.Line(r.Reference, r.Status, r.Unit, r.Topic, AwaitsAfterReply(r)));
        }

        var buttons = rows.Select(r => Button(r.Reference, $"o:{r.Id}")).Chunk(2).Select(x => (IReadOnlyList<ChatButton>)x).ToList();
        var navigation = new List<ChatButton>();
        if (page > 0)
        {
            navigation.Add(Button(T.ButtonPrevious, pagePayload(page - 1)));
        }

        if (page < pages - 1)
        {
            navigation.Add(Button(T.ButtonNext, pagePayload(page + 1)));
        }

        if (navigation.Count > 0)
        {
            buttons.Add(navigation);
        }

        buttons.Add(last);
        return new OutgoingMessage(text.ToString(), buttons);
    }

    private static bool AwaitsAfterReply(Row r) => r.Status != ProposalStatus.Closed && r.LastReplyAt is { } reply && r.LastAnsweredAt is { } answered && reply > answered;

    private (int Page, int Pages) Page(int total, int page)
    {
        var pages = (total + _options.PageSize - 1) / _options.PageSize;
        return (Math.Clamp(page, 0, pages - 1), pages);
    }

    /// <summary>Not closed and without an answer to the latest word of the sender.</summary>
    internal static IQueryable<Proposal> Awaiting(IQueryable<Proposal> query) =>
        query.Where(p => p.Status != ProposalStatus.Closed && (p.LastAnsweredAt == null || p.LastReplyAt > p.LastAnsweredAt));

    // ---- access --------------------------------------------------------------------------------

    /// <summary>A proposal the person may see: their own, or (for the committee) one from a unit in their scope.</summary>
    private static async Task<Access?> LoadAsync(Context c, int id, CancellationToken ct)
    {
        var p = await c.Db.Proposals.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null)
        {
            return null;
        }

        var isSender = p.SenderId == c.Who.Person.Id;
        var inScope = c.Who.IsCommittee && (await c.ScopeAsync(ct)).Contains(p.UnitId);
        return isSender || inScope ? new Access(p, isSender, inScope) : null;
    }

    /// <summary>A proposal the person may forward, answer or close: in their committee scope and still open.</summary>
    private static async Task<Proposal?> LoadManagedAsync(Context c, int id, CancellationToken ct) =>
        await LoadAsync(c, id, ct) is { InScope: true, Proposal.Status: not ProposalStatus.Closed } access ? access.Proposal : null;

    private static async Task<OutgoingMessage> RefusalAsync(Context c, int id, CancellationToken ct) =>
        OutgoingMessage.Plain(await LoadAsync(c, id, ct) is { InScope: true } ? T.Closed : T.OutOfScope);

    private static int? SenderUnitId(PersonContext who) =>
        who.Memberships.OrderBy(m => m.Role == Role.Officer ? 0 : 1).ThenBy(m => m.Id).Select(m => (int?)m.UnitId).FirstOrDefault();

    // ---- drafts and small helpers --------------------------------------------------------------

    private static async Task<ProposalDraft?> FindDraftAsync(Context c, string key, CancellationToken ct) =>
        c.Db.ProposalDrafts.Local.FirstOrDefault(d => d.PersonId == c.Who.Person.Id && d.Key == key)
        ?? await c.Db.ProposalDrafts.FirstOrDefaultAsync(d => d.PersonId == c.Who.Person.Id && d.Key == key, ct);

    private static ProposalDraft NewDraft(Context c, string key)
    {
        var draft = new ProposalDraft { PersonId = c.Who.Person.Id, Key = key, UpdatedAt = c.Now };
        c.Db.ProposalDrafts.Add(draft);
        return draft;
    }

    private bool TryAppend(ProposalDraft draft, string text, out int before)
    {
        before = draft.Text.Length;
        var joined = before == 0 ? text : draft.Text + "\n" + text;
        if (joined.Length > _options.MaxTextLength)
        {
            return false;
        }

        draft.Text = joined;
        return true;
    }

    private async Task<bool> SendChunksAsync(Context c, int personId, string text, IReadOnlyList<IReadOnlyList<ChatButton>> buttons, string dedupeKey, CancellationToken ct)
    {
        var chunks = Chunks(text);
        var delivered = true;
        for (var i = 0; i < chunks.Count; i++)
        {
            var message = i == chunks.Count - 1 ? new OutgoingMessage(chunks[i], buttons) : OutgoingMessage.Plain(chunks[i]);
            delivered &= await c.Outbox.EnqueueForPersonAsync(c.Db, personId, message, $"{dedupeKey}:{i}", ct);
        }

        if (!delivered)
        {
            logger.LogInformation("Person {PersonId} has no reachable chat; the proposal message is kept for when they open it", personId);
        }

        return delivered;
    }

    /// <summary>Splits long text into pieces every chat app accepts (<see cref="MessageSplitter.Split"/>).</summary>
    internal static List<string> Chunks(string text) => [.. MessageSplitter.Split(text, ChunkSize)];

    private static IReadOnlyList<IReadOnlyList<ChatButton>> DraftRow(string key) => [[Button(T.ButtonDone, $"dn:{key}"), Button(T.ButtonClear, $"cl:{key}")]];

    private static ChatButton Button(string label, string payload) => new(label, Prefix + payload);

    private static bool IsDoneWord(string text) => DoneWord.Is(text);

    private static int? Int(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static ProposalAddressee? Addressee(string? code) =>
        Int(code) is { } n && Enum.IsDefined((ProposalAddressee)n) ? (ProposalAddressee)n : null;

    /// <summary>The addressee levels in the order the outline names them.</summary>
    internal static readonly ProposalAddressee[] AddresseeOrder =
        [ProposalAddressee.Party, ProposalAddressee.State, ProposalAddressee.Confederation, ProposalAddressee.ProvincialFederation, ProposalAddressee.UpperLevelUnion];

    private sealed record Access(Proposal Proposal, bool IsSender, bool InScope);

    private sealed record Row(int Id, string Reference, ProposalStatus Status, string Unit, string Topic, DateTimeOffset? LastAnsweredAt, DateTimeOffset? LastReplyAt);

    /// <summary>One turn: the database, the person and their committee scope (computed once, when needed).</summary>
    private sealed class Context(FeatureTurn turn)
    {
        private List<int>? _scope;

        public UnionReviewDb Db => turn.Db;
        public PersonContext Who => turn.Person;
        public IncomingInput Input => turn.Input;
        public DateTimeOffset Now => turn.Now;
        public OutboxWriter Outbox => turn.Outbox;
        public string? State => turn.State;

        public async Task<List<int>> ScopeAsync(CancellationToken ct) => _scope ??= await Scope.CommitteeScopeAsync(turn.Db, turn.Person.Memberships, ct);

        /// <summary>
        /// Replies keeping a text being written (it lives in a draft and the next message adds to it), but not a
        /// pending note for forwarding or closing: after looking elsewhere, a typed line must not close a proposal.
        /// </summary>
        public FeatureResult Keep(params OutgoingMessage[] messages) =>
            new(messages, turn.State is { Length: > 0 } s && (s == NewKey || s[0] is 'a' or 'r') ? s : null);
    }
}
