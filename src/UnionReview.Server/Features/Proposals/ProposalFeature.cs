using Microsoft.Extensions.Options;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using B = UnionReview.Server.Features.Proposals.ProposalButton;
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
/// This class only routes: typed buttons (<see cref="ProposalButton"/>) and the typed conversation state
/// (<see cref="ProposalState"/>) go to the use cases — <see cref="SubmitProposal"/>, <see cref="ReadProposals"/>,
/// <see cref="CommitteeInbox"/>, <see cref="AnswerProposal"/>, <see cref="ForwardProposal"/> and
/// <see cref="CloseProposal"/>. The text being written lives in <see cref="ProposalDraft"/> rows, so that another
/// command or a restart in the middle loses nothing.
/// </remarks>
public sealed class ProposalFeature : IConversationFeature
{
    private readonly SubmitProposal _submit;
    private readonly ReadProposals _read;
    private readonly CommitteeInbox _inbox;
    private readonly AnswerProposal _answer;

    public ProposalFeature(IOptions<ProposalOptions> options, ILogger<ProposalFeature> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _submit = new SubmitProposal(o, logger);
        _read = new ReadProposals(o);
        _inbox = new CommitteeInbox(o);
        _answer = new AnswerProposal(o, logger);
    }

    public string Name => "proposals";

    public IReadOnlyList<string> ButtonPrefixes => ProposalButtons.Prefixes;

    public IReadOnlyList<(string Command, string Description)> Commands { get; } =
        [(T.CommandSend, T.CommandSendDescription), (T.CommandDesk, T.CommandDeskDescription)];

    public bool Claims(IncomingInput input, PersonContext person)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ProposalButtons.IsOurs(input.ButtonPayload) || CommandOf(input.Text) is not null;
    }

    /// <summary>/huy while a proposal is being written, or a reply or note is pending, cancels that here.</summary>
    public bool Keeps(IncomingInput input, string? state)
    {
        ArgumentNullException.ThrowIfNull(input);
        return !string.IsNullOrEmpty(state) && IsCancel(input.Text);
    }

    public IReadOnlyList<ChatButton> MenuButtons(PersonContext person)
    {
        ArgumentNullException.ThrowIfNull(person);
        var buttons = new List<ChatButton>();
        if (person.Memberships.Count > 0)
        {
            buttons.Add(ProposalUi.Button(T.ButtonNew, new B.StartProposal()));
        }

        if (person.IsCommittee)
        {
            buttons.Add(ProposalUi.Button(T.ButtonOverview, new B.Overview()));
        }

        return buttons;
    }

    public async Task<FeatureResult> HandleAsync(FeatureTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var c = new ProposalTurn(turn);
        if (turn.Input.ButtonPayload is { } payload)
        {
            if (!ProposalButtons.IsOurs(payload))
            {
                return c.Keep(OutgoingMessage.Plain(T.ForeignButton));
            }

            // A payload of ours that no longer reads (an old or cut-short button) gets a message, never an exception.
            return ProposalButtons.Parse(payload) is { } button
                ? await ButtonAsync(c, button, cancellationToken)
                : c.Keep(OutgoingMessage.Plain(T.StaleButton));
        }

        if (IsCancel(turn.Input.Text) && c.State is not null)
        {
            return c.State is ProposalState.Drafting { Draft.IsNewProposal: true }
                ? await SubmitProposal.DiscardAsync(c, cancellationToken)
                : FeatureResult.Reply(OutgoingMessage.Plain(T.PendingCancelled));
        }

        if (CommandOf(turn.Input.Text) is { } command)
        {
            var argument = turn.Input.Text!.Trim()[command.Length..].Trim();
            if (argument.Length > 0)
            {
                return await ReadProposals.OpenByReferenceAsync(c, argument, cancellationToken);
            }

            return command == T.CommandSend ? await _submit.StartAsync(c, cancellationToken) : await CommitteeInbox.OverviewAsync(c, cancellationToken);
        }

        var text = turn.Input.Text ?? "";
        return c.State switch
        {
            ProposalState.Drafting { Draft: { IsNewProposal: true } } => await _submit.InputAsync(c, text, cancellationToken),
            ProposalState.Drafting d => await _answer.InputAsync(c, d.Draft, text, cancellationToken),
            ProposalState.ForwardNote f => await ProposalTurn.NoteAsync(text, f, note => ForwardProposal.ForwardAsync(c, f.ProposalId, f.To, note, cancellationToken)),
            ProposalState.CloseNote x => await ProposalTurn.NoteAsync(text, x, note => CloseProposal.CloseAsync(c, x.ProposalId, note, cancellationToken)),
            _ => FeatureResult.Reply(OutgoingMessage.Plain(T.StaleButton)),
        };
    }

    private Task<FeatureResult> ButtonAsync(ProposalTurn c, ProposalButton button, CancellationToken ct) => button switch
    {
        B.StartProposal => _submit.StartAsync(c, ct),
        B.ResumeDraft => _submit.ResumeAsync(c, ct),
        B.FreshDraft => _submit.FreshAsync(c, ct),
        B.DiscardDraft => SubmitProposal.DiscardAsync(c, ct),
        B.ChooseAddressee b => _submit.ChooseAddresseeAsync(c, b.Addressee, ct),
        B.EditAddressee => _submit.StepAsync(c, ProposalDraftStep.Addressee, ct),
        B.EditTopic => _submit.StepAsync(c, ProposalDraftStep.Topic, ct),
        B.AddText => _submit.StepAsync(c, ProposalDraftStep.Text, ct),
        B.Send => _submit.SendAsync(c, ct),
        B.Done { Draft.IsNewProposal: true } => _submit.DoneAsync(c, ct),
        B.Done b => _answer.DoneAsync(c, b.Draft, ct),
        B.Clear b => c.ClearDraftAsync(b.Draft, ct),
        B.Mine b => _read.MineAsync(c, b.Page, ct),
        B.Open b => ReadProposals.OpenAsync(c, b.ProposalId, ct),
        B.Overview => CommitteeInbox.OverviewAsync(c, ct),
        B.ListPage b => _inbox.ListAsync(c, b.Filter, b.Page, ct),
        B.ByAddressee => CommitteeInbox.ByAddresseeAsync(c, ct),
        B.ByUnit => CommitteeInbox.ByUnitAsync(c, ct),
        B.Forward b => ForwardProposal.ChooseTargetAsync(c, b.ProposalId, ct),
        B.ForwardTo b => ForwardProposal.AskNoteAsync(c, b.ProposalId, b.To, ct),
        B.ForwardWithoutNote b => ForwardProposal.ForwardAsync(c, b.ProposalId, b.To, null, ct),
        B.Answer b => _answer.StartAsync(c, ProposalMessageKind.Answer, b.ProposalId, ct),
        B.Reply b => _answer.StartAsync(c, ProposalMessageKind.Reply, b.ProposalId, ct),
        B.Close b => CloseProposal.AskNoteAsync(c, b.ProposalId, ct),
        B.CloseWithoutNote b => CloseProposal.CloseAsync(c, b.ProposalId, null, ct),
        _ => Task.FromResult(c.Keep(OutgoingMessage.Plain(T.StaleButton))),
    };

    private static string? CommandOf(string? text)
    {
        var first = text?.TrimStart().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (string.Equals(first, T.CommandSend, StringComparison.OrdinalIgnoreCase))
        {
            return T.CommandSend;
        }

        return string.Equals(first, T.CommandDesk, StringComparison.OrdinalIgnoreCase) ? T.CommandDesk : null;
    }

    private static bool IsCancel(string? text) =>
        string.Equals(text?.Trim().Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(), T.CommandCancel, StringComparison.OrdinalIgnoreCase);

    /// <summary>Splits long text into pieces every chat app accepts, at a line break or space where possible.</summary>
    internal static List<string> Chunks(string text) => ProposalUi.Chunks(text);
}
