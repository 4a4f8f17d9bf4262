using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Inbox;

/// <summary>One message from a chat app, as its channel's adapter hands it to the inbox.</summary>
/// <param name="MessageId">The receipt key: unique within the channel; a message with a key stored before is a repeat.</param>
/// <param name="ChatId">The chat whose messages are handled one after another.</param>
/// <param name="Payload">The message as the chat app sent it, stored until it is handled.</param>
/// <param name="Update">The message as received, handled from memory (the stored payload is read back only after a restart).</param>
public sealed record InboxMessage(string Channel, string MessageId, string ChatId, string Payload, object Update);

/// <summary>A channel's side of the inbox: how its messages are read back and handled.</summary>
public interface IInboxChannel
{
    string Channel { get; }

    /// <summary>Chats handled at the same time.</summary>
    int MaxParallelChats { get; }

    /// <summary>How long handled receipts are kept (to refuse a late redelivery).</summary>
    TimeSpan KeepHandled { get; }

    /// <summary>The stored payload read back, for a message stored before the last stop.</summary>
    object Read(string payload);

    /// <summary>
    /// Handles one message; true when its turn wrote the receipt as handled (in the turn's savepoint). When false
    /// (a message that needs no turn: a group, a sticker, an unanswerable query) the inbox marks it handled itself.
    /// </summary>
    Task<bool> HandleAsync(InboxMessage message, bool resumed, CancellationToken cancellationToken);

    /// <summary>
    /// Sends the replies a turn kept with the message's receipt and that had not left when the service stopped (the
    /// message's <see cref="InboxMessage.Update"/> is not read back: only its channel, id and chat are known), with
    /// the reply key the turn uses, so the outbox never queues one twice. False when the channel cannot send them.
    /// </summary>
    Task<bool> DeliverStoredAsync(InboxMessage message, IReadOnlyList<OutgoingMessage> replies, CancellationToken cancellationToken) => Task.FromResult(false);
}

/// <summary>
/// The one inbox every chat channel feeds: a message is stored as its receipt (one per channel and message id, so a
/// redelivery is dropped) in one writer commit before the chat app is told it arrived; then it is handled from memory
/// on its chat's queue, one message after another per chat and different chats in parallel. The turn that handles it
/// marks the receipt handled in its own savepoint, so a message is handled once, and what was stored but not handled
/// when the service stopped is handled at the next start, in order of arrival. The turn keeps its replies with the
/// receipt; once they have left (sent, queued in the outbox or dropped for an unreachable chat) they are marked in
/// batches, and replies kept but not marked when the service stopped are sent at the next start.
/// </summary>
public sealed class Inbox : IAsyncDisposable
{
    private const string StoreSql =
        "INSERT INTO inbound_receipts (Channel, MessageId, ReceivedAt, ChatId, Payload, HandledAt) VALUES ($p0, $p1, $p2, $p3, $p4, NULL) ON CONFLICT DO NOTHING";

    private readonly TurnExecutor _executor;
    private readonly IDbContextFactory<UnionReviewDb> _dbFactory;
    private readonly TimeProvider _clock;
    private readonly ILogger<Inbox> _logger;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, IInboxChannel> _channels = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _parallel = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly Dictionary<(string, string), Task> _tails = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly HandledMarks<(string Channel, string MessageId)> _marks;
    private readonly HandledMarks<(string Channel, string MessageId)> _replied;

    public Inbox(TurnExecutor executor, IDbContextFactory<UnionReviewDb> dbFactory, TimeProvider clock, ILogger<Inbox> logger)
    {
        _executor = executor;
        _dbFactory = dbFactory;
        _clock = clock;
        _logger = logger;
        _marks = new(MarkAsync, "inbox message", clock, logger);
        _replied = new(MarkRepliedAsync, "inbox reply", clock, logger);
    }

    /// <summary>Adds a channel's adapter (once, when the adapter is created: before any of its messages arrive).</summary>
    public void Register(IInboxChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (!_channels.TryAdd(channel.Channel, channel))
        {
            throw new InvalidOperationException($"The {channel.Channel} channel has an inbox adapter already.");
        }

        _parallel[channel.Channel] = new SemaphoreSlim(channel.MaxParallelChats, channel.MaxParallelChats);
    }

    /// <summary>The channel's messages stored and not yet handled.</summary>
    public int InFlight(string channel)
    {
        lock (_lock)
        {
            return _inFlight.GetValueOrDefault(channel);
        }
    }

    /// <summary>
    /// Stores the messages not seen before in one commit (with <paramref name="alsoStore"/>, such as Telegram's offset)
    /// and queues them; returns the new ones, each with the task of its handling.
    /// </summary>
    public async Task<IReadOnlyList<(InboxMessage Message, Task Handled)>> AcceptAsync(IReadOnlyList<InboxMessage> messages, Action<WriterSql>? alsoStore, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return [];
        }

        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var fresh = await _executor.ExecuteSqlAsync(sql =>
        {
            var stored = new List<InboxMessage>(messages.Count);
            foreach (var message in messages)
            {
                if (sql.Execute(StoreSql, message.Channel, message.MessageId, now, message.ChatId, message.Payload) == 1)
                {
                    stored.Add(message);
                }
            }

            alsoStore?.Invoke(sql);
            return stored;
        }, cancellationToken);
        if (fresh.Count < messages.Count)
        {
            _logger.LogInformation("Dropped {Count} {Channel} message(s) received before", messages.Count - fresh.Count, messages[0].Channel);
        }

        return [.. fresh.Select(m => (m, Enqueue(m, resumed: false, replies: null)))];
    }

    /// <summary>
    /// Queues the channel's messages stored but not handled before the last stop, and the replies kept but not sent
    /// then, in order of arrival; forgets its old handled receipts.
    /// </summary>
    public async Task ResumeAsync(string channel, CancellationToken cancellationToken)
    {
        var adapter = _channels[channel];
        var cutoff = _clock.GetUtcNow() - adapter.KeepHandled;
        await _executor.ExecuteAsync((db, ct) => db.InboundReceipts.Where(r => r.Channel == channel && r.HandledAt != null && r.HandledAt < cutoff && r.Replies == null).ExecuteDeleteAsync(ct), cancellationToken);
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var pending = await db.InboundReceipts.FromSqlRaw(
                "SELECT * FROM inbound_receipts WHERE Channel = {0} AND (HandledAt IS NULL OR (Replies IS NOT NULL AND RepliedAt IS NULL)) ORDER BY ReceivedAt, rowid", channel)
            .AsNoTracking().ToListAsync(cancellationToken);
        if (pending.Count > 0)
        {
            _logger.LogInformation("Handling {Count} {Channel} message(s) received before the last stop, or whose replies had not left", pending.Count, channel);
        }

        foreach (var row in pending)
        {
            if (row.HandledAt is not null)
            {
                IReadOnlyList<OutgoingMessage> replies;
                try
                {
                    replies = Receipts.Read(row.Replies!);
                }
                catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException)
                {
                    _logger.LogError(e, "Stored replies to {Channel} message {MessageId} cannot be read; they are dropped", channel, row.MessageId);
                    _replied.Record((channel, row.MessageId));
                    continue;
                }

                _ = Enqueue(new InboxMessage(channel, row.MessageId, row.ChatId ?? "", "", replies), resumed: true, replies);
                continue;
            }

            object update;
            try
            {
                update = adapter.Read(row.Payload ?? "");
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException or ArgumentException)
            {
                _logger.LogError(e, "Stored {Channel} message {MessageId} cannot be read; it is marked handled", channel, row.MessageId);
                _marks.Record((channel, row.MessageId));
                continue;
            }

            _ = Enqueue(new InboxMessage(channel, row.MessageId, row.ChatId ?? "", row.Payload ?? "", update), resumed: true, replies: null);
        }
    }

    /// <param name="replies">Replies kept with a handled message's receipt, to be sent (instead of handling the message).</param>
    private Task Enqueue(InboxMessage message, bool resumed, IReadOnlyList<OutgoingMessage>? replies)
    {
        var chat = (message.Channel, message.ChatId);
        lock (_lock)
        {
            _inFlight[message.Channel] = _inFlight.GetValueOrDefault(message.Channel) + 1;
            var previous = _tails.GetValueOrDefault(chat) ?? Task.CompletedTask;
            Task next = null!;
            next = RunAfterAsync(previous, message, resumed, replies).ContinueWith(_ =>
            {
                lock (_lock)
                {
                    if (_tails.TryGetValue(chat, out var tail) && tail == next)
                    {
                        _tails.Remove(chat);
                    }
                }
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            _tails[chat] = next;
            return next;
        }
    }

    private async Task RunAfterAsync(Task previous, InboxMessage message, bool resumed, IReadOnlyList<OutgoingMessage>? replies)
    {
        try
        {
            await previous;
            var parallel = _parallel[message.Channel];
            await parallel.WaitAsync(_stop.Token);
            try
            {
                var adapter = _channels[message.Channel];
                if (replies is not null)
                {
                    if (!await adapter.DeliverStoredAsync(message, replies, _stop.Token))
                    {
                        _logger.LogWarning("{Count} stored {Channel} replies to message {MessageId} cannot be sent after the restart; they are dropped", replies.Count, message.Channel, message.MessageId);
                    }

                    _replied.Record((message.Channel, message.MessageId));
                }
                else if (await adapter.HandleAsync(message, resumed, _stop.Token))
                {
                    // The turn's replies have left (sent, queued in the outbox, or dropped for an unreachable chat).
                    _replied.Record((message.Channel, message.MessageId));
                }
                else
                {
                    _marks.Record((message.Channel, message.MessageId));
                }
            }
            finally
            {
                parallel.Release();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopping: the message stays unhandled and is handled at the next start.
        }
        catch (Exception e)
        {
            _logger.LogError(e, "{Channel} message {MessageId} could not be handled; it is kept and tried again at the next start", message.Channel, message.MessageId);
        }
        finally
        {
            lock (_lock)
            {
                _inFlight[message.Channel]--;
            }
        }
    }

    /// <summary>Marks messages that needed no turn handled (a batch in one writer transaction).</summary>
    private Task<int> MarkAsync(IReadOnlyCollection<(string Channel, string MessageId)> keys, DateTimeOffset now) =>
        _executor.ExecuteSqlAsync(sql =>
        {
            foreach (var (channel, messageId) in keys)
            {
                sql.Execute("UPDATE inbound_receipts SET HandledAt = $p0, Payload = NULL WHERE Channel = $p1 AND MessageId = $p2 AND HandledAt IS NULL", now.ToUnixTimeMilliseconds(), channel, messageId);
            }

            return 0;
        }, CancellationToken.None);

    /// <summary>Marks the replies kept with handled receipts as gone, and forgets them (a batch in one writer transaction).</summary>
    private Task<int> MarkRepliedAsync(IReadOnlyCollection<(string Channel, string MessageId)> keys, DateTimeOffset now) =>
        _executor.ExecuteSqlAsync(sql =>
        {
            foreach (var (channel, messageId) in keys)
            {
                sql.Execute("UPDATE inbound_receipts SET RepliedAt = $p0, Replies = NULL WHERE Channel = $p1 AND MessageId = $p2 AND RepliedAt IS NULL", now.ToUnixTimeMilliseconds(), channel, messageId);
            }

            return 0;
        }, CancellationToken.None);

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
            _logger.LogWarning("Inbox messages still running at shutdown; they are handled again at the next start");
        }

        await _marks.CompleteAsync();
        await _replied.CompleteAsync();
        _stop.Dispose();
        foreach (var parallel in _parallel.Values)
        {
            parallel.Dispose();
        }
    }
}
