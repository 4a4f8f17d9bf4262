using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Reports;

namespace UnionReview.Server.Features.Conversations;

/// <summary>Where one turn goes: decided once per turn by <see cref="TurnRouter"/>.</summary>
internal abstract record Route
{
    private Route()
    {
    }

    /// <summary>The typed command left the feature that owned the conversation (its state is dropped).</summary>
    public bool LeavesActive { get; init; }

    /// <summary>A feature handles the turn; <paramref name="Resumes"/> when it owned the conversation already (its state goes with it).</summary>
    public sealed record ToFeature(IConversationFeature Feature, bool Resumes) : Route;

    /// <summary>The report dialog; <paramref name="MayChoose"/> when the input may answer (or ask for) the choice between campaigns.</summary>
    public sealed record ToReport(bool MayChoose) : Route;

    /// <summary>Someone who is not an officer and asked no feature: the main menu.</summary>
    public sealed record ToMainMenu : Route;
}

/// <summary>
/// The one routing rule of a turn: the feature that owns the conversation keeps it, unless a typed command it does
/// not claim (nor keep) leaves it; otherwise a pressed button goes to the owner the payload registry names
/// (<see cref="ButtonPayloads"/>), a typed command to the feature that claims it; what is left goes to the report
/// dialog for an officer and to the main menu for anyone else.
/// </summary>
internal sealed class TurnRouter(IEnumerable<IConversationFeature> features, ButtonPayloads payloads)
{
    private readonly IReadOnlyList<IConversationFeature> _features = [.. features];
    private readonly Dictionary<string, IConversationFeature> _byName = features.GroupBy(f => f.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public IReadOnlyList<IConversationFeature> Features => _features;

    public Route Route(IncomingInput input, PersonContext who, string? activeFeature, string? featureState)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(who);
        var active = activeFeature is null ? null : _byName.GetValueOrDefault(activeFeature);
        var leaves = false;
        if (active is not null && IsTypedCommand(input) && !active.Claims(input, who) && !active.Keeps(input, featureState))
        {
            active = null;
            leaves = activeFeature is not null;
        }
        else if (active is null && activeFeature is not null)
        {
            leaves = true; // a feature no longer registered: its state goes
        }

        if (active is not null)
        {
            return new Route.ToFeature(active, Resumes: true);
        }

        if (Claimant(input, who) is { } feature)
        {
            return new Route.ToFeature(feature, Resumes: false) { LeavesActive = leaves };
        }

        return who.IsOfficer
            ? new Route.ToReport(CampaignChoice.IsChoiceInput(input)) { LeavesActive = leaves }
            : new Route.ToMainMenu { LeavesActive = leaves };
    }

    /// <summary>The feature that takes an input when none owns the conversation.</summary>
    private IConversationFeature? Claimant(IncomingInput input, PersonContext who)
    {
        if (input.ButtonPayload is { } payload && payloads.OwnerOf(payload) is { } owner)
        {
            // A registered payload: only its owner is asked (the engine's codes and the campaign choice belong to no feature).
            return _byName.TryGetValue(owner, out var feature) && feature.Claims(input, who) ? feature : null;
        }

        foreach (var feature in _features)
        {
            if (feature.Claims(input, who))
            {
                return feature;
            }
        }

        return null;
    }

    public static bool IsTypedCommand(IncomingInput input) => input.Text?.TrimStart().StartsWith('/') == true;
}
