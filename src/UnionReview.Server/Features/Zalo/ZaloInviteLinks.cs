using Microsoft.Extensions.Options;
using UnionReview.Server.Features.Invites;

namespace UnionReview.Server.Features.Zalo;

/// <summary>What to do in Zalo with an invite code: find the bot (its configured name and link) and send "MÃ CODE".</summary>
internal sealed class ZaloInviteLinks(IOptions<ZaloOptions> options) : IInviteLinks
{
    public string Name => "Zalo";

    public Task<string?> LinkForAsync(string code, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        return Task.FromResult(settings.Enabled ? ZaloTexts.Invite(settings.BotName, settings.BotLink, code) : null);
    }
}
