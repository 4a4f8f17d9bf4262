using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionReview.Channels.Telegram;
using UnionReview.Server.Features.Inbox;
using UnionReview.Server.Persistence;
using Telegram.Bot.Types;

namespace UnionReview.Server.Features.Telegram;

/// <summary>
/// Updates from either receiving mode go through here: each is stored (once: the same update delivered again is
/// dropped) before Telegram is told it arrived, then handled on its chat's queue, one update after another per chat
/// and different chats in parallel, and marked handled afterwards. Updates stored but not handled when the service
/// stopped are handled at the next start, in order.
/// </summary>
/// <remarks>
/// After a week without updates Telegram picks the next update_id at random, so it may be smaller than ids already
/// stored, even equal to one. An update is therefore a repeat only when a stored update has its id and also its
/// content (the same chat and message, or the same callback query); the stored offset is one past the update
/// received last, not past the highest id.
/// </remarks>
internal sealed class TelegramInbox(
    TurnExecutor executor,
    IDbContextFactory<UnionReviewDb> dbFactory,
    TelegramUpdateHandler handler,
    IOptions<TelegramOptions> options,
    TimeProvider clock,
    ILogger<TelegramInbox> logger) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, Task> _tails = [];
    private readonly SemaphoreSlim _parallel = new(options.Value.MaxParallelChats, options.Value.MaxParallelChats);
    private readonly CancellationTokenSource _stop = new();
    private readonly HandledMarks _marks = new(
        (ids, now) => executor.ExecuteAsync(async (db, ct) =>
            await db.TelegramUpdates.Where(u => ids.Contains(u.UpdateId)).ExecuteUpdateAsync(s => s.SetProperty(u => u.HandledAt, now), ct), CancellationToken.None),
        "Telegram update", clock, logger);
    private int _inFlight;

    /// <summary>Updates stored and not yet handled.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The offset for the next getUpdates: one past the update received last.</summary>
    public async Task<long?> NextOffsetAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await LastReceived(db).Select(u => (long?)u.UpdateId + 1).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The update received last (ids within a batch rise); it is kept as the stored offset.</summary>
    private static IQueryable<TelegramUpdateRow> LastReceived(UnionReviewDb db) =>
        db.TelegramUpdates.OrderByDescending(u => u.ReceivedAt).ThenByDescending(u => u.UpdateId).Take(1);

    /// <summary>Stores the updates not seen before (one commit) and queues them; returns how many were new.</summary>
    public async Task<int> AcceptAsync(IReadOnlyList<Update> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (updates.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var fresh = await executor.ExecuteAsync(async (db, ct) =>
        {
            var ids = updates.Select(u => (long)u.Id).ToList();
            var stored = await db.TelegramUpdates.Where(u => ids.Contains(u.UpdateId)).ToDictionaryAsync(u => u.UpdateId, ct);
            var rows = new List<TelegramUpdateRow>();
            foreach (var update in updates.DistinctBy(u => u.Id))
            {
                var payload = TelegramJson.Write(update);
                if (!stored.TryGetValue(update.Id, out var row))
                {
                    row = new TelegramUpdateRow { UpdateId = update.Id, ChatId = ChatOf(update), Payload = payload, ReceivedAt = now };
                    db.TelegramUpdates.Add(row);
                    rows.Add(row);
                }
                else if (IdentityOf(update) == IdentityOf(row))
                {
                    // Delivered again: the webhook's retry, or a getUpdates answered from an older offset.
                }
                else if (row.HandledAt is not null)
                {
                    // The id came round again (Telegram restarts ids at random after a week without updates).
                    logger.LogInformation("Telegram update id {UpdateId} is used again for a new update; the old one was handled on {HandledAt}", update.Id, row.HandledAt);
                    (row.ChatId, row.Payload, row.ReceivedAt, row.HandledAt) = (ChatOf(update), payload, now, null);
                    rows.Add(row);
                }
                else
                {
                    logger.LogError("Telegram update id {UpdateId} is used again for a new update while the old one is still waiting; the new one is dropped", update.Id);
                }
            }

            await db.SaveChangesAsync(ct);
            return rows;
        }, cancellationToken);
        if (fresh.Count < updates.Count)
        {
            logger.LogInformation("Dropped {Count} Telegram update(s) received before", updates.Count - fresh.Count);
        }

        foreach (var row in fresh.OrderBy(r => r.UpdateId))
        {
            Enqueue(row);
        }

        return fresh.Count;
    }

    /// <summary>Queues the updates stored but not handled before the last stop; also forgets old handled ones.</summary>
    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - options.Value.KeepHandledUpdates;
        await executor.ExecuteAsync(async (db, ct) =>
        {
            var offsetRow = await LastReceived(db).Select(u => (long?)u.UpdateId).FirstOrDefaultAsync(ct) ?? 0;
            return await db.TelegramUpdates.Where(u => u.HandledAt != null && u.HandledAt < cutoff && u.UpdateId != offsetRow).ExecuteDeleteAsync(ct);
        }, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pending = await db.TelegramUpdates.AsNoTracking().Where(u => u.HandledAt == null).OrderBy(u => u.UpdateId).ToListAsync(cancellationToken);
        if (pending.Count > 0)
        {
            logger.LogInformation("Handling {Count} Telegram update(s) received before the last stop", pending.Count);
        }

        foreach (var row in pending)
        {
            Enqueue(row, resumed: true);
        }
    }

    private void Enqueue(TelegramUpdateRow row, bool resumed = false)
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

    private async Task RunAfterAsync(Task previous, TelegramUpdateRow row, bool resumed)
    {
        try
        {
            await previous;
            await _parallel.WaitAsync(_stop.Token);
            try
            {
                var update = TelegramJson.Read(row.Payload)!;
                await handler.HandleAsync(update, resumed, _stop.Token);
                _marks.Record(row.UpdateId);
            }
            finally
            {
                _parallel.Release();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopping: the update stays unhandled and is handled at the next start.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Telegram update {UpdateId} could not be handled; it is kept and tried again at the next start", row.UpdateId);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>What an update carries, to tell a repeat from a new update under an update_id used again.</summary>
    internal static string IdentityOf(Update update) =>
        update.CallbackQuery is { } query ? IdentityOf(query)
        : update.Message is { } message ? IdentityOf(message)
        : update.EditedMessage is { } edited ? "edited:" + IdentityOf(edited)
        : "update:" + update.Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>A message is one chat's message id (unique within the chat).</summary>
    internal static string IdentityOf(Message message) =>
        string.Create(CultureInfo.InvariantCulture, $"message:{message.Chat.Id}:{message.MessageId}");

    /// <summary>A callback query has a unique id.</summary>
    internal static string IdentityOf(CallbackQuery query) => "callback:" + query.Id;

    private static string? IdentityOf(TelegramUpdateRow row)
    {
        try
        {
            return TelegramJson.Read(row.Payload) is { } stored ? IdentityOf(stored) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The chat an update belongs to; updates without one share queue 0.</summary>
    internal static long ChatOf(Update update) =>
        update.Message?.Chat.Id ?? update.EditedMessage?.Chat.Id ?? update.CallbackQuery?.Message?.Chat.Id ?? update.CallbackQuery?.From.Id ?? 0;

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
            logger.LogWarning("Telegram updates still running at shutdown; they are handled again at the next start");
        }

        await _marks.CompleteAsync();
        _stop.Dispose();
        _parallel.Dispose();
    }
}
