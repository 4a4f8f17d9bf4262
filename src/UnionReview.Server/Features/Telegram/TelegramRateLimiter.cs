using Microsoft.Extensions.Options;

namespace UnionReview.Server.Features.Telegram;

/// <summary>
/// Keeps sends within Telegram's limits: at most <see cref="TelegramOptions.GlobalPerSecond"/> messages in any
/// second over all chats, one per <see cref="TelegramOptions.PerChatInterval"/> to a chat (proactive messages),
/// and <see cref="TelegramOptions.GroupPerMinute"/> per minute to a group.
/// </summary>
/// <remarks>
/// A send holds its place in a window from the moment it is let go until one window after Telegram answered it.
/// Telegram counts a message when it arrives, which is somewhere in between, so however late a request travels
/// (a new connection, a busy thread pool), no window at Telegram's end can hold one message too many. Nothing
/// is sent in the first second after start, when the previous run's last sends may still count at Telegram.
/// </remarks>
internal sealed class TelegramRateLimiter(IOptions<TelegramOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    /// <summary>How often a caller looks again while every place is held by a send still under way.</summary>
    private static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(10);
    private readonly Lock _lock = new();
    private readonly Window _global = new();
    private readonly Dictionary<long, Window> _groups = [];
    private readonly Dictionary<long, ChatState> _chats = [];
    private long _lastCleanup;
    /// <summary>What an earlier run of the service sent in its last second is unknown, so the first second is left to it.</summary>
    private readonly long _startedAt = clock.GetTimestamp();

    /// <summary>Waits until a message to <paramref name="chatId"/> may go; dispose the lease when Telegram has answered.</summary>
    public async Task<IDisposable> AcquireAsync(long chatId, bool perChatLimit, CancellationToken cancellationToken)
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
                    _global.InFlight++;
                    Chat(chatId).InFlight++;
                    if (chatId < 0)
                    {
                        Group(chatId).InFlight++;
                    }

                    return new Lease(this, chatId);
                }
            }

            await Task.Delay(wait, clock, cancellationToken);
        }
    }

    private TimeSpan WaitLocked(long chatId, bool perChatLimit, TelegramOptions settings, long now)
    {
        var wait = Max(_global.Wait(settings.GlobalPerSecond, Second, now, clock), Second - clock.GetElapsedTime(_startedAt, now));
        if (perChatLimit && _chats.TryGetValue(chatId, out var chat))
        {
            wait = Max(wait, chat.InFlight > 0 ? Recheck : settings.PerChatInterval - clock.GetElapsedTime(chat.LastDone, now));
        }

        if (chatId < 0 && _groups.TryGetValue(chatId, out var group))
        {
            wait = Max(wait, group.Wait(settings.GroupPerMinute, Minute, now, clock));
        }

        return wait;
    }

    private void Release(long chatId)
    {
        lock (_lock)
        {
            var now = clock.GetTimestamp();
            _global.Done(now);
            var chat = Chat(chatId);
            chat.InFlight--;
            chat.LastDone = now;
            if (chatId < 0)
            {
                Group(chatId).Done(now);
            }

            if (clock.GetElapsedTime(_lastCleanup, now) > Minute * 2)
            {
                // Forget chats and groups that have been quiet for a while, so the tables stay small.
                _lastCleanup = now;
                foreach (var key in _chats.Where(p => p.Value.InFlight == 0 && clock.GetElapsedTime(p.Value.LastDone, now) > Minute).Select(p => p.Key).ToList())
                {
                    _chats.Remove(key);
                }

                foreach (var key in _groups.Where(p => p.Value.InFlight == 0 && p.Value.IsQuiet(Minute, now, clock)).Select(p => p.Key).ToList())
                {
                    _groups.Remove(key);
                }
            }
        }
    }

    private ChatState Chat(long chatId)
    {
        if (!_chats.TryGetValue(chatId, out var chat))
        {
            _chats[chatId] = chat = new ChatState { LastDone = long.MinValue / 2 };
        }

        return chat;
    }

    private Window Group(long chatId)
    {
        if (!_groups.TryGetValue(chatId, out var group))
        {
            _groups[chatId] = group = new Window();
        }

        return group;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class ChatState
    {
        public int InFlight { get; set; }
        public long LastDone { get; set; }
    }

    /// <summary>Sends under way plus sends answered within the last window length.</summary>
    private sealed class Window
    {
        private readonly Queue<long> _done = new();

        public int InFlight { get; set; }

        public void Done(long now)
        {
            InFlight--;
            _done.Enqueue(now);
        }

        public TimeSpan Wait(int limit, TimeSpan length, long now, TimeProvider clock)
        {
            while (_done.Count > 0 && clock.GetElapsedTime(_done.Peek(), now) >= length)
            {
                _done.Dequeue();
            }

            if (InFlight + _done.Count < limit)
            {
                return TimeSpan.Zero;
            }

            return _done.Count > 0 ? length - clock.GetElapsedTime(_done.Peek(), now) : Recheck;
        }

        public bool IsQuiet(TimeSpan length, long now, TimeProvider clock) => _done.Count == 0 || clock.GetElapsedTime(_done.Last(), now) >= length;
    }

    private sealed class Lease(TelegramRateLimiter owner, long chatId) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(chatId);
            }
        }
    }
}
