using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionReview.Channels.Zalo;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Inbox;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Zalo;

/// <summary>
/// Zalo's side of the one <see cref="Inbox"/>: messages from either receiving mode are stored there as their receipts
/// (the message_id is the key, so a redelivered message is dropped) before Zalo is told they arrived, then handled from
/// memory by <see cref="ZaloUpdateHandler"/> on their chat's queue.
/// </summary>
internal sealed class ZaloInbox : IInboxChannel
{
    private readonly Inbox.Inbox _inbox;
    private readonly IDbContextFactory<UnionReviewDb> _dbFactory;
    private readonly ZaloUpdateHandler _handler;
    private readonly ZaloOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<ZaloInbox> _logger;

    public ZaloInbox(Inbox.Inbox inbox, IDbContextFactory<UnionReviewDb> dbFactory, ZaloUpdateHandler handler, IOptions<ZaloOptions> options, TimeProvider clock, ILogger<ZaloInbox> logger)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        (_inbox, _dbFactory, _handler, _options, _clock, _logger) = (inbox, dbFactory, handler, options.Value, clock, logger);
        inbox.Register(this);
    }

    public string Channel => ChannelNames.Zalo;

    public int MaxParallelChats => _options.MaxParallelChats;

    public TimeSpan KeepHandled => _options.KeepHandledUpdates;

    /// <summary>Messages stored and not yet handled.</summary>
    public int InFlight => _inbox.InFlight(Channel);

    /// <summary>Stores the message unless its message_id was seen before, and queues it; returns whether it was new.</summary>
    public async Task<bool> AcceptAsync(ZaloUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var fresh = await _inbox.AcceptAsync([MessageOf(update)], null, cancellationToken);
        return fresh.Count == 1;
    }

    /// <summary>Replies a turn kept with the message's receipt, rendered and sent to its chat under the turn's reply key.</summary>
    public async Task<bool> DeliverStoredAsync(InboxMessage message, IReadOnlyList<OutgoingMessage> replies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrEmpty(message.ChatId))
        {
            return false;
        }

        await _handler.DeliverAsync(message.ChatId, replies, "zalo-reply:" + message.MessageId, cancellationToken);
        return true;
    }

    private InboxMessage MessageOf(ZaloUpdate update) =>
        new(Channel, update.Message!.MessageId!, update.Message.Chat?.Id ?? update.Message.From?.Id ?? "", JsonSerializer.Serialize(update, ZaloJson.Options), update);

    /// <summary>Takes over what waited in the old zalo_updates table, then queues the messages stored but not handled before the last stop.</summary>
    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        List<ZaloUpdateRow> legacy;
        await using (var db = await _dbFactory.CreateDbContextAsync(cancellationToken))
        {
            legacy = await db.ZaloUpdates.AsNoTracking().Where(u => u.HandledAt == null).OrderBy(u => u.Seq).ToListAsync(cancellationToken);
        }

        await _inbox.ResumeAsync(Channel, cancellationToken);
        if (legacy.Count > 0)
        {
            // A turn that was committed there already has its receipt: the inbox drops it as a repeat.
            _logger.LogInformation("Taking over {Count} Zalo message(s) stored before the one inbox", legacy.Count);
            var messages = legacy.Select(r => ZaloJson.ReadUpdate(Encoding.UTF8.GetBytes(r.Payload))).OfType<ZaloUpdate>()
                .Where(u => u.Message is { MessageId.Length: > 0 }).Select(MessageOf).ToList();
            var seqs = string.Join(", ", legacy.Select(r => r.Seq));
            var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
            await _inbox.AcceptAsync(messages, sql => sql.Execute($"UPDATE zalo_updates SET HandledAt = $p0 WHERE HandledAt IS NULL AND Seq IN ({seqs})", now), cancellationToken);
        }
    }

    public object Read(string payload) => ZaloJson.ReadUpdate(Encoding.UTF8.GetBytes(payload)) ?? throw new ArgumentException("An empty Zalo message.", nameof(payload));

    public Task<bool> HandleAsync(InboxMessage message, bool resumed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _handler.HandleAsync((ZaloUpdate)message.Update, resumed, cancellationToken);
    }
}
