using Microsoft.Extensions.Options;

namespace UnionReview.Server.Features.Telegram;

/// <summary>
/// Keeps sends within Telegram's limits: at most <see cref="TelegramOptions.GlobalPerSecond"/> messages in any
/// second over all chats, one per <see cref="TelegramOptions.PerChatInterval"/> to a chat (proactive messages),
/// and <see cref="TelegramOptions.GroupPerMinute"/> per minute to a group.
/// </summary>
/// <remarks>
/// <para>
/// A send holds its place in a window from the moment it is let go until one window after Telegram answered it.
/// Telegram counts a message when it arrives, which is somewhere in between, so however late a request travels
/// (a new connection, a busy thread pool), no window at Telegram's end can hold one message too many. Nothing
/// is sent in the first second after start, when the previous run's last sends may still count at Telegram.
/// </para>
/// <para>
/// Waiting is first come, first served, and replies (a person is waiting for them) go before proactive messages
/// (reminders, digests: the outbox). Waiters queue; a waiter that only its own chat or group holds back keeps its
/// place while those behind it that may go do. Nobody polls: a send that ends lets the next waiters go, and one
/// timer of the <see cref="TimeProvider"/> is set for the moment the earliest held-back waiter may go.
/// </para>
/// </remarks>
internal sealed class TelegramRateLimiter : IDisposable
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    /// <summary>A wait that only a send ending (not time) can end.</summary>
    private static readonly TimeSpan UntilASendEnds = TimeSpan.MaxValue;
    private readonly IOptions<TelegramOptions> _options;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private readonly Window _global = new();
    private readonly Dictionary<long, Window> _groups = [];
    private readonly Dictionary<long, ChatState> _chats = [];
    private readonly LinkedList<Waiter> _replies = new();
    private readonly LinkedList<Waiter> _proactive = new();
    private readonly ITimer _timer;
    private long _lastCleanup;
    /// <summary>What an earlier run of the service sent in its last second is unknown, so the first second is left to it.</summary>
    private readonly long _startedAt;

    public TelegramRateLimiter(IOptions<TelegramOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _options = options;
        _clock = clock;
        _startedAt = clock.GetTimestamp();
        _lastCleanup = _startedAt;
        _timer = clock.CreateTimer(static state => ((TelegramRateLimiter)state!).Pump(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Waiters not yet let go (replies, proactive messages).</summary>
    public (int Replies, int Proactive) Waiting
    {
        get
        {
            lock (_lock)
            {
                return (_replies.Count, _proactive.Count);
            }
        }
    }

    /// <summary>
    /// Waits until a message to <paramref name="chatId"/> may go; dispose the lease when Telegram has answered.
    /// A proactive message (<paramref name="perChatLimit"/>) keeps the per-chat spacing and waits behind every reply.
    /// </summary>
    public Task<IDisposable> AcquireAsync(long chatId, bool perChatLimit, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IDisposable>(cancellationToken);
        }

        Waiter waiter;
        lock (_lock)
        {
            var queue = perChatLimit ? _proactive : _replies;
            // Straight through when nobody it must let go first is waiting and the limits allow it now.
            if (queue.Count == 0 && (!perChatLimit || _replies.Count == 0) && Wait(chatId, perChatLimit, _options.Value, _clock.GetTimestamp()) == TimeSpan.Zero)
            {
                Take(chatId);
                return Task.FromResult<IDisposable>(new Lease(this, chatId));
            }

            waiter = new Waiter(this, chatId, perChatLimit);
            waiter.Node = queue.AddLast(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Owner.Cancel((Waiter)state!, token), waiter);
        }

        Pump();
        return waiter.Done.Task;
    }

    private void Cancel(Waiter waiter, CancellationToken token)
    {
        lock (_lock)
        {
            if (waiter.Node?.List is not { } list)
            {
                return; // already let go: the caller has its lease
            }

            list.Remove(waiter.Node);
            waiter.Node = null;
        }

        waiter.Done.TrySetCanceled(token);
        // Whoever waited behind it may go now.
        Pump();
    }

    /// <summary>Lets go every waiter that may go now, in order, and sets the timer for the earliest one held back by time.</summary>
    private void Pump()
    {
        List<Waiter>? ready = null;
        lock (_lock)
        {
            var settings = _options.Value;
            var now = _clock.GetTimestamp();
            var next = UntilASendEnds;
            if (Serve(_replies, settings, now, ref next, ref ready))
            {
                Serve(_proactive, settings, now, ref next, ref ready);
            }

            _timer.Change(next == UntilASendEnds ? Timeout.InfiniteTimeSpan : next, Timeout.InfiniteTimeSpan);
        }

        if (ready is null)
        {
            return;
        }

        foreach (var waiter in ready)
        {
            waiter.Registration.Dispose();
            waiter.Done.TrySetResult(new Lease(this, waiter.ChatId));
        }
    }

    /// <summary>Serves one queue front to back; false when the overall limit stops everyone behind.</summary>
    private bool Serve(LinkedList<Waiter> queue, TelegramOptions settings, long now, ref TimeSpan next, ref List<Waiter>? ready)
    {
        for (var node = queue.First; node is not null;)
        {
            var overall = OverallWait(settings, now);
            if (overall != TimeSpan.Zero)
            {
                next = overall < next ? overall : next;
                return false;
            }

            var waiter = node.Value;
            var following = node.Next;
            var wait = Wait(waiter.ChatId, waiter.PerChatLimit, settings, now);
            if (wait == TimeSpan.Zero)
            {
                queue.Remove(node);
                waiter.Node = null;
                Take(waiter.ChatId);
                (ready ??= []).Add(waiter);
            }
            else if (wait < next)
            {
                next = wait;
            }

            node = following;
        }

        return true;
    }

    private TimeSpan OverallWait(TelegramOptions settings, long now)
    {
        var start = Second - _clock.GetElapsedTime(_startedAt, now);
        return Longest(start, _global.Wait(settings.GlobalPerSecond, Second, now, _clock));
    }

    /// <summary>Zero when a message to the chat may go now; else how long until it may, or <see cref="UntilASendEnds"/>.</summary>
    private TimeSpan Wait(long chatId, bool perChatLimit, TelegramOptions settings, long now)
    {
        var wait = OverallWait(settings, now);
        if (perChatLimit && _chats.TryGetValue(chatId, out var chat))
        {
            wait = Longest(wait, chat.InFlight > 0 ? UntilASendEnds : settings.PerChatInterval - _clock.GetElapsedTime(chat.LastDone, now));
        }

        if (chatId < 0 && _groups.TryGetValue(chatId, out var group))
        {
            wait = Longest(wait, group.Wait(settings.GroupPerMinute, Minute, now, _clock));
        }

        return wait;
    }

    private void Take(long chatId)
    {
        _global.InFlight++;
        Chat(chatId).InFlight++;
        if (chatId < 0)
        {
            Group(chatId).InFlight++;
        }
    }

    private void Release(long chatId)
    {
        lock (_lock)
        {
            var now = _clock.GetTimestamp();
            _global.Done(now);
            var chat = Chat(chatId);
            chat.InFlight--;
            chat.LastDone = now;
            if (chatId < 0)
            {
                Group(chatId).Done(now);
            }

            if (_clock.GetElapsedTime(_lastCleanup, now) > Minute * 2)
            {
                // Forget chats and groups that have been quiet for a while, so the tables stay small.
                _lastCleanup = now;
                foreach (var key in _chats.Where(p => p.Value.InFlight == 0 && _clock.GetElapsedTime(p.Value.LastDone, now) > Minute).Select(p => p.Key).ToList())
                {
                    _chats.Remove(key);
                }

                foreach (var key in _groups.Where(p => p.Value.InFlight == 0 && p.Value.IsQuiet(Minute, now, _clock)).Select(p => p.Key).ToList())
                {
                    _groups.Remove(key);
                }
            }

            if (_replies.Count == 0 && _proactive.Count == 0)
            {
                return;
            }
        }

        Pump();
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

    /// <summary>The longer of two waits, never less than zero.</summary>
    private static TimeSpan Longest(TimeSpan a, TimeSpan b)
    {
        var longest = a > b ? a : b;
        return longest > TimeSpan.Zero ? longest : TimeSpan.Zero;
    }

    public void Dispose() => _timer.Dispose();

    private sealed class ChatState
    {
        public int InFlight { get; set; }
        public long LastDone { get; set; }
    }

    /// <summary>One caller waiting for its turn.</summary>
    private sealed class Waiter(TelegramRateLimiter owner, long chatId, bool perChatLimit)
    {
        public TelegramRateLimiter Owner { get; } = owner;
        public long ChatId { get; } = chatId;
        public bool PerChatLimit { get; } = perChatLimit;
        public TaskCompletionSource<IDisposable> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public LinkedListNode<Waiter>? Node { get; set; }
        public CancellationTokenRegistration Registration { get; set; }
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

        /// <summary>Zero when one more may go; else until the oldest answered send leaves the window, or <see cref="UntilASendEnds"/> while only sends under way fill it.</summary>
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

            return _done.Count > 0 ? length - clock.GetElapsedTime(_done.Peek(), now) : UntilASendEnds;
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
