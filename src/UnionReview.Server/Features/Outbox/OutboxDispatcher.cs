using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Outbox;

/// <summary>What happened when a channel tried to deliver an outbox message.</summary>
public abstract record OutboxSendResult
{
    private OutboxSendResult()
    {
    }

    /// <summary>Delivered.</summary>
    public sealed record Sent : OutboxSendResult;
    /// <summary>Try again later (429 retry_after, 5xx, network).</summary>
    public sealed record Retry(TimeSpan After, string Error) : OutboxSendResult;
    /// <summary>The recipient blocked the bot or is gone: stop sending to them.</summary>
    public sealed record Unreachable(string Error) : OutboxSendResult;
    /// <summary>A permanent error for this message (bad request).</summary>
    public sealed record Failed(string Error) : OutboxSendResult;
}

/// <summary>A channel that delivers outbox messages itself (Telegram, Bot Framework). It owns its protocol's limits.</summary>
public interface IOutboxChannel
{
    string Channel { get; }

    Task<OutboxSendResult> SendAsync(OutboxMessage message, OutgoingMessage payload, CancellationToken cancellationToken);
}

/// <summary>Outbox settings (section "Outbox").</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>How often the dispatcher looks for due messages when idle.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts before a message is marked failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay for 5xx and network errors; doubles each attempt.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// Sends due outbox messages through their channels and records each result. A message is marked sent
/// right after the channel accepts it, so a crash can repeat only a message whose send was not yet recorded.
/// </summary>
public sealed class OutboxDispatcher(
    IDbContextFactory<UnionReviewDb> dbFactory,
    WriteGate writeGate,
    IEnumerable<IOutboxChannel> channels,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private readonly Dictionary<string, IOutboxChannel> _channels = channels.ToDictionary(c => c.Channel, StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_channels.Count == 0)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            int sent;
            try
            {
                sent = await DispatchDueAsync(200, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Outbox dispatch failed; retrying after the poll interval");
                sent = 0;
            }

            if (sent == 0)
            {
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
            }
        }
    }

    /// <summary>Sends up to <paramref name="limit"/> due messages; returns how many were handled.</summary>
    public async Task<int> DispatchDueAsync(int limit, CancellationToken cancellationToken)
    {
        var names = _channels.Keys.ToList();
        List<OutboxMessage> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var now = clock.GetUtcNow();
            due = await db.Outbox.AsNoTracking()
                .Where(o => o.Status == OutboxStatus.Pending && names.Contains(o.Channel) && o.NextAttemptAt <= now)
                .OrderBy(o => o.Id).Take(limit).ToListAsync(cancellationToken);
        }

        var handled = 0;
        foreach (var group in due.GroupBy(m => m.Channel))
        {
            var channel = _channels[group.Key];
            await Parallel.ForEachAsync(group.GroupBy(m => m.Address), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (perAddress, ct) =>
            {
                // One recipient's messages go in order; different recipients in parallel (the channel enforces its limits).
                foreach (var message in perAddress)
                {
                    var result = await SendOneAsync(channel, message, ct);
                    await RecordAsync(message, result, ct);
                    Interlocked.Increment(ref handled);
                    if (result is not OutboxSendResult.Sent)
                    {
                        break;
                    }
                }
            });
        }

        return handled;
    }

    /// <summary>Through the same send-result mapping as a turn's replies (<see cref="ReplyDelivery.SendOneAsync"/>).</summary>
    private static Task<OutboxSendResult> SendOneAsync(IOutboxChannel channel, OutboxMessage message, CancellationToken cancellationToken) =>
        ReplyDelivery.SendOneAsync(ct => channel.SendAsync(message, StoredJson.Read<OutgoingMessage>(message.Payload), ct), cancellationToken, cancellationToken);

    private async Task RecordAsync(OutboxMessage message, OutboxSendResult result, CancellationToken cancellationToken)
    {
        await writeGate.RunAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var row = await db.Outbox.SingleAsync(o => o.Id == message.Id, cancellationToken);
            var now = clock.GetUtcNow();
            row.Attempts++;
            switch (result)
            {
                case OutboxSendResult.Sent:
                    row.Status = OutboxStatus.Sent;
                    row.SentAt = now;
                    row.LastError = null;
                    break;
                case OutboxSendResult.Retry retry when row.Attempts < options.Value.MaxAttempts:
                    var backoff = retry.After > TimeSpan.Zero
                        ? retry.After
                        : options.Value.RetryBaseDelay * Math.Pow(2, row.Attempts - 1) * (0.8 + (Random.Shared.NextDouble() * 0.4));
                    row.NextAttemptAt = now + backoff;
                    row.LastError = retry.Error;
                    break;
                case OutboxSendResult.Retry retry:
                    row.Status = OutboxStatus.Failed;
                    row.LastError = retry.Error;
                    break;
                case OutboxSendResult.Unreachable unreachable:
                    row.Status = OutboxStatus.Failed;
                    row.LastError = unreachable.Error;
                    await ReplyDelivery.MarkUnreachableAsync(db, row.Channel, row.Address, cancellationToken);
                    break;
                case OutboxSendResult.Failed failed:
                    row.Status = OutboxStatus.Failed;
                    row.LastError = failed.Error;
                    break;
            }

            await db.SaveChangesAsync(cancellationToken);
            return 0;
        }, cancellationToken);
        if (result is not OutboxSendResult.Sent)
        {
            logger.LogWarning("Outbox message {Id} on {Channel}: {Result}", message.Id, message.Channel, result.GetType().Name);
        }
    }
}
