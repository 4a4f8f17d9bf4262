using System.Globalization;

namespace UnionReview.Server.Features.Proposals;

/// <summary>
/// One button of the proposals feature. Each button is a record; <see cref="ProposalButtons.Format"/> and
/// <see cref="ProposalButtons.Parse"/> are the only code that reads or writes a payload.
/// </summary>
public abstract record ProposalButton
{
    private protected ProposalButton()
    {
    }

    /// <summary>The payload, with the feature's prefix (ASCII, well under Telegram's 64 bytes).</summary>
    public string ToPayload() => ProposalButtons.Format(this);

    /// <summary>Start writing a new proposal.</summary>
    public sealed record StartProposal : ProposalButton;

    /// <summary>Go on with the proposal being written.</summary>
    public sealed record ResumeDraft : ProposalButton;

    /// <summary>Throw the proposal being written away and start a new one.</summary>
    public sealed record FreshDraft : ProposalButton;

    /// <summary>Throw the proposal being written away.</summary>
    public sealed record DiscardDraft : ProposalButton;

    /// <summary>Send the new proposal to this addressee.</summary>
    public sealed record ChooseAddressee(ProposalAddressee Addressee) : ProposalButton;

    /// <summary>Choose the addressee again.</summary>
    public sealed record EditAddressee : ProposalButton;

    /// <summary>Type the topic again.</summary>
    public sealed record EditTopic : ProposalButton;

    /// <summary>Add more text to the proposal.</summary>
    public sealed record AddText : ProposalButton;

    /// <summary>Send the proposal as confirmed.</summary>
    public sealed record Send : ProposalButton;

    /// <summary>Finish the text of this draft (a new proposal, an answer or a reply).</summary>
    public sealed record Done(ProposalDraftKey Draft) : ProposalButton;

    /// <summary>Clear the text of this draft.</summary>
    public sealed record Clear(ProposalDraftKey Draft) : ProposalButton;

    /// <summary>The sender's own proposals, one page.</summary>
    public sealed record Mine(int Page) : ProposalButton;

    /// <summary>Open one proposal.</summary>
    public sealed record Open(int ProposalId) : ProposalButton;

    /// <summary>The committee's overview of the proposals in scope.</summary>
    public sealed record Overview : ProposalButton;

    /// <summary>One page of a committee list.</summary>
    public sealed record ListPage(ProposalListFilter Filter, int Page) : ProposalButton;

    /// <summary>Counts by addressee.</summary>
    public sealed record ByAddressee : ProposalButton;

    /// <summary>Counts by unit.</summary>
    public sealed record ByUnit : ProposalButton;

    /// <summary>Choose where to forward a proposal.</summary>
    public sealed record Forward(int ProposalId) : ProposalButton;

    /// <summary>Forward to this level, asking for a note first.</summary>
    public sealed record ForwardTo(int ProposalId, ProposalAddressee To) : ProposalButton;

    /// <summary>Forward to this level without a note.</summary>
    public sealed record ForwardWithoutNote(int ProposalId, ProposalAddressee To) : ProposalButton;

    /// <summary>Write the committee's answer.</summary>
    public sealed record Answer(int ProposalId) : ProposalButton;

    /// <summary>Write the sender's reply to an answer.</summary>
    public sealed record Reply(int ProposalId) : ProposalButton;

    /// <summary>Close a proposal, asking for a note first.</summary>
    public sealed record Close(int ProposalId) : ProposalButton;

    /// <summary>Close a proposal without a note.</summary>
    public sealed record CloseWithoutNote(int ProposalId) : ProposalButton;
}

/// <summary>Which of the committee's lists: new, unanswered, all, one addressee or one unit.</summary>
public sealed record ProposalListFilter(ProposalListKind Kind, int Argument = 0)
{
    public static ProposalListFilter New { get; } = new(ProposalListKind.New);
    public static ProposalListFilter Unanswered { get; } = new(ProposalListKind.Unanswered);
    public static ProposalListFilter All { get; } = new(ProposalListKind.All);

    public static ProposalListFilter Of(ProposalAddressee addressee) => new(ProposalListKind.Addressee, (int)addressee);

    public static ProposalListFilter OfUnit(int unitId) => new(ProposalListKind.Unit, unitId);

    internal string Format() => Kind switch
    {
        ProposalListKind.New => "n",
        ProposalListKind.Unanswered => "u",
        ProposalListKind.All => "all",
        ProposalListKind.Addressee => "a" + ProposalButtons.Number(Argument),
        _ => "d" + ProposalButtons.Number(Argument),
    };

    internal static ProposalListFilter? Parse(string text) => text switch
    {
        "n" => New,
        "u" => Unanswered,
        "all" => All,
        ['a', .. var code] when ProposalButtons.Addressee(code) is { } a => Of(a),
        ['d', .. var unit] when ProposalButtons.Int(unit) is { } id => OfUnit(id),
        _ => null,
    };
}

public enum ProposalListKind
{
    New,
    Unanswered,
    All,
    Addressee,
    Unit,
}

/// <summary>The payload format of <see cref="ProposalButton"/>: <c>kn:</c>, a short code, then arguments separated by ':'.</summary>
public static class ProposalButtons
{
    /// <summary>The prefix of every payload of this feature (kept from the first version: buttons already in chats stay valid).</summary>
    public const string Prefix = "kn:";

    /// <summary>Every payload prefix this feature claims, for the registry that keeps features' prefixes apart.</summary>
    public static IReadOnlyList<string> Prefixes { get; } = [Prefix];

    /// <summary>Whether the payload is one of this feature's (well formed or not).</summary>
    public static bool IsOurs(string? payload) => payload?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    public static string Format(ProposalButton button)
    {
        ArgumentNullException.ThrowIfNull(button);
        return Prefix + button switch
        {
            ProposalButton.StartProposal => "new",
            ProposalButton.ResumeDraft => "resume",
            ProposalButton.FreshDraft => "fresh",
            ProposalButton.DiscardDraft => "x",
            ProposalButton.ChooseAddressee b => "to:" + Number((int)b.Addressee),
            ProposalButton.EditAddressee => "ea",
            ProposalButton.EditTopic => "et",
            ProposalButton.AddText => "more",
            ProposalButton.Send => "send",
            ProposalButton.Done b => "dn:" + b.Draft.Format(),
            ProposalButton.Clear b => "cl:" + b.Draft.Format(),
            ProposalButton.Mine b => "m:" + Number(b.Page),
            ProposalButton.Open b => "o:" + Number(b.ProposalId),
            ProposalButton.Overview => "ov",
            ProposalButton.ListPage b => $"l:{b.Filter.Format()}:{Number(b.Page)}",
            ProposalButton.ByAddressee => "ba",
            ProposalButton.ByUnit => "bu",
            ProposalButton.Forward b => "f:" + Number(b.ProposalId),
            ProposalButton.ForwardTo b => $"ft:{Number(b.ProposalId)}:{Number((int)b.To)}",
            ProposalButton.ForwardWithoutNote b => $"fn:{Number(b.ProposalId)}:{Number((int)b.To)}",
            ProposalButton.Answer b => "a:" + Number(b.ProposalId),
            ProposalButton.Reply b => "r:" + Number(b.ProposalId),
            ProposalButton.Close b => "c:" + Number(b.ProposalId),
            ProposalButton.CloseWithoutNote b => "cn:" + Number(b.ProposalId),
            _ => throw new ArgumentOutOfRangeException(nameof(button), button, "Unknown proposal button."),
        };
    }

    /// <summary>
    /// Decodes a payload of this feature; null when it has another prefix, or when it is stale or malformed
    /// (an unknown code, a missing or non-numeric argument, an addressee that does not exist).
    /// </summary>
    public static ProposalButton? Parse(string? payload)
    {
        if (!IsOurs(payload))
        {
            return null;
        }

        var parts = payload![Prefix.Length..].Split(':');
        var first = parts.Length > 1 ? parts[1] : null;
        var second = parts.Length > 2 ? parts[2] : null;
        var id = Int(first);
        return parts[0] switch
        {
            "new" => new ProposalButton.StartProposal(),
            "resume" => new ProposalButton.ResumeDraft(),
            "fresh" => new ProposalButton.FreshDraft(),
            "x" => new ProposalButton.DiscardDraft(),
            "to" when Addressee(first) is { } a => new ProposalButton.ChooseAddressee(a),
            "ea" => new ProposalButton.EditAddressee(),
            "et" => new ProposalButton.EditTopic(),
            "more" => new ProposalButton.AddText(),
            "send" => new ProposalButton.Send(),
            "dn" when ProposalDraftKey.Parse(first) is { } key => new ProposalButton.Done(key),
            "cl" when ProposalDraftKey.Parse(first) is { } key => new ProposalButton.Clear(key),
            "m" when id is { } page => new ProposalButton.Mine(page),
            "o" when id is { } pid => new ProposalButton.Open(pid),
            "ov" => new ProposalButton.Overview(),
            "l" when first is not null && ProposalListFilter.Parse(first) is { } filter && Int(second) is { } page => new ProposalButton.ListPage(filter, page),
            "ba" => new ProposalButton.ByAddressee(),
            "bu" => new ProposalButton.ByUnit(),
            "f" when id is { } pid => new ProposalButton.Forward(pid),
            "ft" when id is { } pid && Addressee(second) is { } to => new ProposalButton.ForwardTo(pid, to),
            "fn" when id is { } pid && Addressee(second) is { } to => new ProposalButton.ForwardWithoutNote(pid, to),
            "a" when id is { } pid => new ProposalButton.Answer(pid),
            "r" when id is { } pid => new ProposalButton.Reply(pid),
            "c" when id is { } pid => new ProposalButton.Close(pid),
            "cn" when id is { } pid => new ProposalButton.CloseWithoutNote(pid),
            _ => null,
        };
    }

    internal static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    internal static int? Int(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    internal static ProposalAddressee? Addressee(string? code) => Addressee(Int(code));

    internal static ProposalAddressee? Addressee(int? code) =>
        code is { } n && Enum.IsDefined((ProposalAddressee)n) ? (ProposalAddressee)n : null;
}
