using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace UnionReview.Server.Features.Zalo;

/// <summary>
/// Spaces sends: at most <see cref="ZaloOptions.GlobalPerSecond"/> over all chats, and (for proactive messages) one per
/// <see cref="ZaloOptions.PerChatInterval"/> to a chat. Each send reserves the next free slot, so callers wait in turn.
/// </summary>
internal sealed class ZaloPacer(IOptions<ZaloOptions> options, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<string, long> _nextPerChat = new(StringComparer.Ordinal);
    private long _nextGlobal = long.MinValue;

    public async Task WaitAsync(string chatId, bool perChat, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var frequency = clock.TimestampFrequency;
        var globalGap = frequency / settings.GlobalPerSecond;
        var chatGap = (long)(settings.PerChatInterval.TotalSeconds * frequency);
        long wait;
        lock (_lock)
        {
            var now = clock.GetTimestamp();
            var slot = Math.Max(now, _nextGlobal);
            if (perChat && _nextPerChat.TryGetValue(chatId, out var chatSlot))
            {
                slot = Math.Max(slot, chatSlot);
            }

            _nextGlobal = slot + globalGap;
            _nextPerChat[chatId] = slot + chatGap;
            wait = slot - now;
            if (_nextPerChat.Count > 10_000)
            {
                foreach (var old in _nextPerChat.Where(p => p.Value < now).Select(p => p.Key).ToList())
                {
                    _nextPerChat.TryRemove(old, out _);
                }
            }
        }

        if (wait > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds((double)wait / frequency), clock, cancellationToken);
        }
    }
}
