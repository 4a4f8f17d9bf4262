using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Conversations;

/// <summary>
/// "Last seen" and the address of a chat account, written by a turn: they pick the channel for proactive messages, and
/// a person who writes again is reachable again. Minute precision is plenty and saves a write per turn.
/// </summary>
internal static class AccountTouch
{
    public static bool Needed(ChannelAccount account, InboundMessage message, DateTimeOffset now) =>
        account.Unreachable || (message.Address is not null && message.Address != account.Address) || now - account.LastSeenAt >= TimeSpan.FromMinutes(1);

    public static void Apply(ChannelAccount account, InboundMessage message, DateTimeOffset now)
    {
        account.LastSeenAt = now;
        account.Unreachable = false;
        if (message.Address is not null)
        {
            account.Address = message.Address;
        }
    }
}
