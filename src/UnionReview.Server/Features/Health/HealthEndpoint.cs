using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionReview.Server.Features.Charts;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Telegram;
using UnionReview.Server.Features.Zalo;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Health;

/// <summary>
/// <c>GET /health</c>: the service answers, and what an operator looks at first when replies are slow or missing:
/// whether charts can be drawn (their fonts); the writer (turns waiting for it, seconds since its last commit); each
/// receiver (how it receives, seconds since the last update stored, updates stored but not handled yet); and the
/// outbox lag (pending rows and the age of the oldest). Ages are whole seconds, <c>null</c> when there is nothing yet.
/// </summary>
public static class HealthEndpoint
{
    public static WebApplication MapHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/health", async (IServiceProvider services, CancellationToken ct) => Results.Json(await ReadAsync(services, ct)));
        return app;
    }

    private static async Task<object> ReadAsync(IServiceProvider services, CancellationToken ct)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var writer = services.GetRequiredService<TurnExecutor>();
        var telegram = services.GetRequiredService<IOptions<TelegramOptions>>().Value;
        var zalo = services.GetRequiredService<IOptions<ZaloOptions>>().Value;
        await using var db = await services.GetRequiredService<IDbContextFactory<UnionReviewDb>>().CreateDbContextAsync(ct);

        var lastTelegram = await LastReceivedAsync(db, ChannelNames.Telegram, ct);
        var lastZalo = await LastReceivedAsync(db, ChannelNames.Zalo, ct);
        var pending = db.Outbox.Where(o => o.Status == OutboxStatus.Pending);
        var oldest = await pending.OrderBy(o => o.CreatedAt).Select(o => new { o.CreatedAt }).FirstOrDefaultAsync(ct);
        return new
        {
            status = "ok",
            charts = ChartFonts.Available ? "ok" : "missing-fonts",
            chartFonts = ChartFonts.Status,
            writer = new
            {
                queueDepth = writer.QueueDepth,
                lastCommitAgeSeconds = writer.SinceLastCommit is { } since ? Seconds(since) : (long?)null,
            },
            receivers = new
            {
                telegram = new
                {
                    mode = !telegram.Enabled ? "off" : telegram.Mode == TelegramMode.Webhook ? "webhook" : "polling",
                    lastUpdateAgeSeconds = lastTelegram is { } t ? Seconds(now - t) : (long?)null,
                    unhandled = await db.InboundReceipts.CountAsync(r => r.Channel == ChannelNames.Telegram && r.HandledAt == null, ct),
                },
                zalo = new
                {
                    mode = !zalo.Enabled ? "off" : zalo.Mode == ZaloMode.Webhook ? "webhook" : "polling",
                    lastUpdateAgeSeconds = lastZalo is { } z ? Seconds(now - z) : (long?)null,
                    unhandled = await db.InboundReceipts.CountAsync(r => r.Channel == ChannelNames.Zalo && r.HandledAt == null, ct),
                },
            },
            outbox = new
            {
                pending = await pending.CountAsync(ct),
                oldestPendingAgeSeconds = oldest is null ? (long?)null : Seconds(now - oldest.CreatedAt),
            },
        };
    }

    /// <summary>When the channel's inbox last received a message (receipts of every channel share one table).</summary>
    private static async Task<DateTimeOffset?> LastReceivedAsync(UnionReviewDb db, string channel, CancellationToken ct) =>
        await db.InboundReceipts.Where(r => r.Channel == channel).OrderByDescending(r => r.ReceivedAt).Select(r => (DateTimeOffset?)r.ReceivedAt).FirstOrDefaultAsync(ct);

    private static long Seconds(TimeSpan age) => (long)Math.Max(0, Math.Floor(age.TotalSeconds));
}
