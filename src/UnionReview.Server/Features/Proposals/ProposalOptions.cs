namespace UnionReview.Server.Features.Proposals;

/// <summary>Proposal settings (section "Proposals").</summary>
public sealed class ProposalOptions
{
    public const string Section = "Proposals";

    /// <summary>Longest topic, in characters; a longer one is kept as the start of the text and a shorter topic asked for.</summary>
    public int MaxTopicLength { get; set; } = 200;

    /// <summary>Longest proposal, answer or reply text, in characters (it may come in many messages).</summary>
    public int MaxTextLength { get; set; } = 50_000;

    /// <summary>Proposals shown per page in lists.</summary>
    public int PageSize { get; set; } = 10;

    /// <summary>Tell the committee members whose scope includes the sender's unit about each new proposal at once.</summary>
    public bool NotifyCommitteeOnNew { get; set; } = true;
}
