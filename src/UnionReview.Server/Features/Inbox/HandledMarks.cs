using System.Threading.Channels;

namespace UnionReview.Server.Features.Inbox;

/// <summary>
/// Marks stored inbound rows handled, for a channel's inbox. Under load the ids that gathered while the previous write
/// ran go in one write, so the single writer is not asked for one extra commit per message. A row handled but not yet
/// marked when the service stops is offered again at the next start, where the conversation service recognises it.
/// </summary>
/// <typeparam name="TKey">What identifies a row.</typeparam>
/// <param name="mark">Marks the given row ids handled at the given time (one writer transaction).</param>
/// <param name="what">What the rows are, for the log ("Telegram update", "Zalo message").</param>
internal sealed class HandledMarks<TKey>(Func<IReadOnlyCollection<TKey>, DateTimeOffset, Task> mark, string what, TimeProvider clock, ILogger logger)
{
    private readonly Lock _lock = new();
    private readonly Channel<TKey> _handled = Channel.CreateUnbounded<TKey>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _recorder;

    /// <summary>Queues one row id to be marked handled.</summary>
    public void Record(TKey id)
    {
        lock (_lock)
        {
            _recorder ??= Task.Run(RecordLoopAsync);
        }

        _handled.Writer.TryWrite(id);
    }

    /// <summary>Writes what is queued (waiting at most 10 s) and takes no more.</summary>
    public async Task CompleteAsync()
    {
        _handled.Writer.TryComplete();
        if (_recorder is not null)
        {
            try
            {
                await _recorder.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is TimeoutException or ObjectDisposedException or InvalidOperationException)
            {
                logger.LogWarning("Handled {What} rows not all recorded at shutdown: {Error}", what, e.Message);
            }
        }
    }

    private async Task RecordLoopAsync()
    {
        var ids = new List<TKey>();
        while (await _handled.Reader.WaitToReadAsync(CancellationToken.None))
        {
            ids.Clear();
            while (ids.Count < 1_000 && _handled.Reader.TryRead(out var id))
            {
                ids.Add(id);
            }

            try
            {
                await mark(ids, clock.GetUtcNow());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Could not mark {Count} {What} row(s) handled; they are offered again at the next start", ids.Count, what);
            }
        }
    }
}
