using UnionReview.Dialogs.Messages;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Conversations;

/// <summary>
/// A conversation capability besides the report itself (proposals, the committee's tools, digests…).
/// The conversation service offers each input to the feature that owns the conversation, then to any
/// feature that claims it, and otherwise to the report dialog. It runs inside the turn's transaction.
/// </summary>
public interface IConversationFeature
{
    /// <summary>Stable name stored in <see cref="Conversation.ActiveFeature"/>.</summary>
    string Name { get; }

    /// <summary>Typed commands shown in menus and registered with chat apps (e.g. "/kiennghi" → "Gửi kiến nghị").</summary>
    IReadOnlyList<(string Command, string Description)> Commands { get; }

    /// <summary>
    /// The button payload prefixes this feature owns (each ends with ':'), for the one registry that refuses to start
    /// when two owners' prefixes overlap (<see cref="ButtonPayloads"/>). A feature may instead be declared with a
    /// <see cref="ButtonPrefix"/> registration. None by default.
    /// </summary>
    IReadOnlyList<string> ButtonPrefixes => [];

    /// <summary>Whether this feature takes the input when no feature owns the conversation.</summary>
    bool Claims(IncomingInput input, PersonContext person);

    /// <summary>
    /// Whether this feature, while it owns the conversation in <paramref name="state"/>, keeps a typed command it does
    /// not otherwise claim (for example /huy while a draft of its own is open). None by default.
    /// </summary>
    bool Keeps(IncomingInput input, string? state) => false;

    /// <summary>Handles one input; the returned state keeps the conversation with this feature until it says otherwise.</summary>
    Task<FeatureResult> HandleAsync(FeatureTurn turn, CancellationToken cancellationToken);

    /// <summary>Buttons this feature adds under the main menu for <paramref name="person"/> (none by default).</summary>
    IReadOnlyList<ChatButton> MenuButtons(PersonContext person) => [];
}

/// <summary>Who is speaking and what they may see.</summary>
public sealed record PersonContext(Person Person, IReadOnlyList<Membership> Memberships, string Channel)
{
    public bool IsOfficer => Memberships.Any(m => m.Role == Role.Officer);
    public bool IsCommittee => Memberships.Any(m => m.Role is Role.Committee or Role.Admin);
}

/// <summary>One input for a feature, with the open database context of the turn.</summary>
public sealed record FeatureTurn(UnionReviewDb Db, PersonContext Person, IncomingInput Input, string? State, DateTimeOffset Now, OutboxWriter Outbox);

/// <summary>A feature's replies; a non-null <see cref="KeepState"/> keeps the conversation with the feature.</summary>
public sealed record FeatureResult(IReadOnlyList<OutgoingMessage> Replies, string? KeepState = null)
{
    public static FeatureResult Reply(params OutgoingMessage[] messages) => new(messages);
}
