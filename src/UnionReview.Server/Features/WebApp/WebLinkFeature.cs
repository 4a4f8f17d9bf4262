using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;

namespace UnionReview.Server.Features.WebApp;

/// <summary><c>/web</c> in any linked chat: a single-use sign-in link to the web app, a few per person and window.</summary>
public sealed class WebLinkFeature : IConversationFeature, IDisposable
{
    private readonly SignInLinks _links;
    private readonly PartitionedRateLimiter<int> _limiter;
    private readonly int _minutes;

    public WebLinkFeature(SignInLinks links, IOptions<WebAppOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _links = links;
        var o = options.Value;
        _minutes = (int)Math.Round(o.LinkLifetime.TotalMinutes);
        _limiter = PartitionedRateLimiter.Create<int, int>(personId => RateLimitPartition.GetFixedWindowLimiter(personId, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = o.LinksPerWindow,
            Window = o.LinkWindow,
            QueueLimit = 0,
        }));
    }

    public string Name => "weblink";

    public IReadOnlyList<(string Command, string Description)> Commands { get; } = [("/web", "Nhận đường dẫn đăng nhập trang web báo cáo")];

    public bool Claims(IncomingInput input, PersonContext person) =>
        string.Equals(input?.Text?.Trim().Split(' ')[0], "/web", StringComparison.OrdinalIgnoreCase);

    public Task<FeatureResult> HandleAsync(FeatureTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        using var lease = _limiter.AttemptAcquire(turn.Person.Person.Id);
        if (!lease.IsAcquired)
        {
            return Task.FromResult(FeatureResult.Reply(OutgoingMessage.Plain(WebAppTexts.TooManyLinks)));
        }

        var url = _links.Issue(turn.Db, turn.Person.Person.Id, turn.Person.Channel);
        return Task.FromResult(FeatureResult.Reply(OutgoingMessage.Plain(WebAppTexts.LinkMessage(url, _minutes))));
    }

    public void Dispose() => _limiter.Dispose();
}
