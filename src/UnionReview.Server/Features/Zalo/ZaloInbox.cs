using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionReview.Channels.Zalo;
using UnionReview.Server.Features.Inbox;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Zalo;

/// <summary>
/// Messages from either receiving mode go through here: each is stored (once: a message_id seen before is dropped)
/// before Zalo is told it arrived, then handled on its chat's queue, one message after another per chat and different
/// chats in parallel, and marked handled afterwards. Messages stored but not handled when the service stopped are
/// handled at the next start, in order.
/// </summary>
internal sealed class ZaloInbox(
    TurnExecutor executor,
    IDbContextFactory<UnionReviewDb> dbFactory,
    ZaloUpdateHandler handler,
    IOptions<ZaloOptions> options,
    TimeProvider clock,
    ILogger<ZaloInbox> logger) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _parallel = new(options.Value.MaxParallelChats, options.Value.MaxParallelChats);
    private readonly CancellationTokenSource _stop = new();
    private readonly HandledMarks _marks = new(
        (ids, now) => executor.ExecuteAsync(async (db, ct) =>
            await db.ZaloUpdates.Where(u => ids.Contains(u.Seq)).ExecuteUpdateAsync(s => s.SetProperty(u => u.HandledAt, now), ct), CancellationToken.None),
        "Zalo message", clock, logger);
    private int _inFlight;

    /// <summary>Messages stored and not yet handled.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Stores the message unless its message_id was seen before, and queues it; returns whether it was new.</summary>
    public async Task<bool> AcceptAsync(ZaloUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var messageId = update.Message!.MessageId!;
        var row = new ZaloUpdateRow
        {
            MessageId = messageId,
            ChatId = update.Message.Chat?.Id ?? update.Message.From?.Id ?? "",
            Payload = JsonSerializer.Serialize(update, ZaloJson.Options),
            ReceivedAt = clock.GetUtcNow(),
        };
        var seq = await executor.ExecuteSqlAsync(sql => sql.Scalar(
            "INSERT INTO zalo_updates (MessageId, ChatId, Payload, ReceivedAt, HandledAt) VALUES ($p0, $p1, $p2, $p3, NULL) ON CONFLICT (MessageId) DO NOTHING RETURNING Seq",
            row.MessageId, row.ChatId, row.Payload, row.ReceivedAt.ToUnixTimeMilliseconds()), cancellationToken);
        if (seq <= 0)
        {
            logger.LogInformation("Dropped a Zalo message received before");
            return false;
        }

        row.Seq = seq;
        Enqueue(row);
        return true;
    }

    /// <summary>Queues the messages stored but not handled before the last stop; also forgets old handled ones.</summary>
    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.Value.KeepHandledUpdates;
        await executor.ExecuteAsync((db, ct) => db.ZaloUpdates.Where(u => u.HandledAt != null && u.HandledAt < cutoff).ExecuteDeleteAsync(ct), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pending = await db.ZaloUpdates.AsNoTracking().Where(u => u.HandledAt == null).OrderBy(u => u.Seq).ToListAsync(cancellationToken);
        if (pending.Count > 0)
        {
            logger.LogInformation("Handling {Count} Zalo message(s) received before the last stop", pending.Count);
        }

        foreach (var row in pending)
        {
            Enqueue(row, resumed: true);
        }
    }

    private void Enqueue(ZaloUpdateRow row, bool resumed = false)
    {
        Interlocked.Increment(ref _inFlight);
        lock (_lock)
        {
            var previous = _tails.GetValueOrDefault(row.ChatId) ?? Task.CompletedTask;
            Task next = null!;
            next = RunAfterAsync(previous, row, resumed).ContinueWith(_ =>
            {
                lock (_lock)
                {
                    if (_tails.TryGetValue(row.ChatId, out var tail) && tail == next)
                    {
                        _tails.Remove(row.ChatId);
                    }
                }
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            _tails[row.ChatId] = next;
        }
    }

    private async Task RunAfterAsync(Task previous, ZaloUpdateRow row, bool resumed)
    {
        try
        {
            await previous;
            await _parallel.WaitAsync(_stop.Token);
            try
            {
                var update = ZaloJson.ReadUpdate(Encoding.UTF8.GetBytes(row.Payload))!;
                await handler.HandleAsync(update, resumed, _stop.Token);
                _marks.Record(row.Seq);
            }
            finally
            {
                _parallel.Release();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopping: the message stays unhandled and is handled at the next start.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Zalo message {Seq} could not be handled; it is kept and tried again at the next start", row.Seq);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>Stops handling; what is not finished stays stored for the next start.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        Task[] tails;
        lock (_lock)
        {
            tails = [.. _tails.Values];
        }

        try
        {
            await Task.WhenAll(tails).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            logger.LogWarning("Zalo messages still running at shutdown; they are handled again at the next start");
        }

        await _marks.CompleteAsync();
        _stop.Dispose();
        _parallel.Dispose();
    }
}
