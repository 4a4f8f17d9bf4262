using Microsoft.Extensions.Options;

namespace UnionReview.Server.Features.Telegram;

/// <summary>
/// Keeps sends within Telegram's limits: at most <see cref="TelegramOptions.GlobalPerSecond"/> messages in any
/// second over all chats, one per <see cref="TelegramOptions.PerChatInterval"/> to a chat (proactive messages),
/// and <see cref="TelegramOptions.GroupPerMinute"/> per minute to a group. It counts the moments sends were let go
/// (sliding windows, with a small margin for network jitter) and makes callers wait for the next free moment.
/// </summary>
internal sealed class TelegramRateLimiter(IOptions<TelegramOptions> options, TimeProvider clock)
{
    /// <summary>Added to every window so that jitter between here and Telegram does not put one message too many in a second.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private readonly Lock _lock = new();
    private readonly Queue<long> _global = new();
    private readonly Dictionary<long, long> _lastPerChat = [];
    private readonly Dictionary<long, Queue<long>> _perGroup = [];
    private long _lastCleanup;

    /// <summary>Waits until a message to <paramref name="chatId"/> may go, and counts it.</summary>
    public async Task WaitAsync(long chatId, bool perChatLimit, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = clock.GetTimestamp();
                wait = WaitLocked(chatId, perChatLimit, settings, now);
                if (wait <= TimeSpan.Zero)
                {
                    Record(chatId, now);
                    return;
                }
            }

            await Task.Delay(wait, clock, cancellationToken);
        }
    }

    private TimeSpan WaitLocked(long chatId, bool perChatLimit, TelegramOptions settings, long now)
    {
        var wait = TimeSpan.Zero;
        while (_global.Count > 0 && clock.GetElapsedTime(_global.Peek(), now) >= Second + Margin)
        {
            _global.Dequeue();
        }

        if (_global.Count >= settings.GlobalPerSecond)
        {
            wait = Max(wait, Second + Margin - clock.GetElapsedTime(_global.Peek(), now));
        }

        if (perChatLimit && _lastPerChat.TryGetValue(chatId, out var last))
        {
            wait = Max(wait, settings.PerChatInterval + Margin - clock.GetElapsedTime(last, now));
        }

        if (chatId < 0 && _perGroup.TryGetValue(chatId, out var group))
        {
            while (group.Count > 0 && clock.GetElapsedTime(group.Peek(), now) >= Minute + Margin)
            {
                group.Dequeue();
            }

            if (group.Count >= settings.GroupPerMinute)
            {
                wait = Max(wait, Minute + Margin - clock.GetElapsedTime(group.Peek(), now));
            }
        }

        return wait;
    }

    private void Record(long chatId, long now)
    {
        _global.Enqueue(now);
        _lastPerChat[chatId] = now;
        if (chatId < 0)
        {
            if (!_perGroup.TryGetValue(chatId, out var group))
            {
                _perGroup[chatId] = group = new Queue<long>();
            }

            group.Enqueue(now);
        }

        // Forget chats that have been quiet for a while, so the tables stay small.
        if (clock.GetElapsedTime(_lastCleanup, now) > Minute * 2)
        {
            _lastCleanup = now;
            foreach (var chat in _lastPerChat.Where(p => clock.GetElapsedTime(p.Value, now) > Minute).Select(p => p.Key).ToList())
            {
                _lastPerChat.Remove(chat);
            }

            foreach (var group in _perGroup.Where(p => p.Value.Count == 0 || clock.GetElapsedTime(p.Value.Last(), now) > Minute * 2).Select(p => p.Key).ToList())
            {
                _perGroup.Remove(group);
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
