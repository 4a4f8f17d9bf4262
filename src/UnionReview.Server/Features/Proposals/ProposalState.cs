using System.Text.Json;
using System.Text.Json.Serialization;

namespace UnionReview.Server.Features.Proposals;

/// <summary>
/// Which draft a text belongs to: the person's new proposal, or their answer or reply on one proposal.
/// <see cref="Format"/> is also the <see cref="ProposalDraft.Key"/> stored in the database ("new", "a12", "r12").
/// </summary>
public readonly record struct ProposalDraftKey
{
    private ProposalDraftKey(ProposalMessageKind? thread, int proposalId)
    {
        Thread = thread;
        ProposalId = proposalId;
    }

    /// <summary>The person's new proposal (one at a time).</summary>
    public static ProposalDraftKey NewProposal { get; } = new(null, 0);

    /// <summary>Null for a new proposal; otherwise whether an answer or a reply is being written.</summary>
    public ProposalMessageKind? Thread { get; }

    /// <summary>The proposal answered or replied to (0 for a new proposal).</summary>
    public int ProposalId { get; }

    public bool IsNewProposal => Thread is null;

    public static ProposalDraftKey For(ProposalMessageKind kind, int proposalId)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(proposalId);
        return new(kind, proposalId);
    }

    public string Format() => Thread switch
    {
        null => "new",
        ProposalMessageKind.Answer => "a" + ProposalButtons.Number(ProposalId),
        _ => "r" + ProposalButtons.Number(ProposalId),
    };

    /// <summary>Reads a key written by <see cref="Format"/>; null for anything else.</summary>
    public static ProposalDraftKey? Parse(string? text) => text switch
    {
        "new" => NewProposal,
        ['a', .. var id] when ProposalButtons.Int(id) is int n and > 0 => For(ProposalMessageKind.Answer, n),
        ['r', .. var id] when ProposalButtons.Int(id) is int n and > 0 => For(ProposalMessageKind.Reply, n),
        _ => null,
    };

    public override string ToString() => Format();
}

/// <summary>
/// What the conversation waits for while the proposals feature holds it, kept in the conversation's FeatureState.
/// Written as a small versioned JSON object; <see cref="Read"/> also reads the short keys of the first version
/// ("new", "a12", "r12", "f12:3", "c12"), so a conversation in progress when the service is upgraded goes on.
/// </summary>
public abstract record ProposalState
{
    /// <summary>The version written by <see cref="Format"/>.</summary>
    public const int Version = 1;

    private protected ProposalState()
    {
    }

    /// <summary>Text goes into this draft (a new proposal, an answer or a reply) until it is finished.</summary>
    public sealed record Drafting(ProposalDraftKey Draft) : ProposalState;

    /// <summary>The next message is the note for forwarding this proposal to <paramref name="To"/>.</summary>
    public sealed record ForwardNote(int ProposalId, ProposalAddressee To) : ProposalState;

    /// <summary>The next message is the note for closing this proposal.</summary>
    public sealed record CloseNote(int ProposalId) : ProposalState;

    /// <summary>A state this version cannot read (cut short, or written by something else).</summary>
    public sealed record Unreadable(string Text) : ProposalState;

    /// <summary>The new proposal is being written.</summary>
    public static ProposalState Composing { get; } = new Drafting(ProposalDraftKey.NewProposal);

    /// <summary>Whether a text is being written: that state is kept when the person looks at something else.</summary>
    public bool KeepsWhileBrowsing => this is Drafting;

    /// <summary>The stored form; null for <see cref="Unreadable"/>, which is never written back.</summary>
    public string? Format() => this switch
    {
        Drafting d => Write(new StateJson(Version, "draft", d.Draft.Format(), null, null)),
        ForwardNote f => Write(new StateJson(Version, "forward", null, f.ProposalId, (int)f.To)),
        CloseNote c => Write(new StateJson(Version, "close", null, c.ProposalId, null)),
        _ => null,
    };

    /// <summary>Reads a stored state of this or the first version; null when there is none.</summary>
    public static ProposalState? Read(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return (text[0] == '{' ? FromJson(text) : FromFirstVersion(text)) ?? new Unreadable(text);
    }

    private static string Write(StateJson state) => JsonSerializer.Serialize(state, ProposalStateJsonContext.Default.StateJson);

    private static ProposalState? FromJson(string text)
    {
        StateJson? state;
        try
        {
            state = JsonSerializer.Deserialize(text, ProposalStateJsonContext.Default.StateJson);
        }
        catch (JsonException)
        {
            return null;
        }

        // Later versions may add fields; the kinds known here are read as long as their fields are.
        return state switch
        {
            { V: >= 1, Kind: "draft", Draft: var key } when ProposalDraftKey.Parse(key) is { } draft => new Drafting(draft),
            { V: >= 1, Kind: "forward", Id: int id and > 0, To: var to } when ProposalButtons.Addressee(to) is { } a => new ForwardNote(id, a),
            { V: >= 1, Kind: "close", Id: int id and > 0 } => new CloseNote(id),
            _ => null,
        };
    }

    /// <summary>The first version's keys: the draft key itself, "f{id}:{addressee}" or "c{id}".</summary>
    private static ProposalState? FromFirstVersion(string text)
    {
        if (ProposalDraftKey.Parse(text) is { } draft)
        {
            return new Drafting(draft);
        }

        if (text is ['f', .. var forward] && forward.Split(':') is [var id, var to]
            && ProposalButtons.Int(id) is int forwardId and > 0 && ProposalButtons.Addressee(to) is { } addressee)
        {
            return new ForwardNote(forwardId, addressee);
        }

        return text is ['c', .. var close] && ProposalButtons.Int(close) is int closeId and > 0 ? new CloseNote(closeId) : null;
    }

    internal sealed record StateJson(int V, string Kind, string? Draft, int? Id, int? To);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProposalState.StateJson))]
internal sealed partial class ProposalStateJsonContext : JsonSerializerContext;
