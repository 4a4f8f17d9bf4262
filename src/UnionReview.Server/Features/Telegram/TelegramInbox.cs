using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionReview.Channels.Telegram;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Inbox;
using UnionReview.Server.Persistence;
using Telegram.Bot.Types;

namespace UnionReview.Server.Features.Telegram;

/// <summary>
/// Telegram's side of the one <see cref="Inbox"/>: updates from either receiving mode are stored there as their receipts
/// (with the getUpdates offset, in the same commit) before Telegram is told they arrived, then handled from memory by
/// <see cref="TelegramUpdateHandler"/> on their chat's queue.
/// </summary>
/// <remarks>
/// After a week without updates Telegram picks the next update_id at random, so it may be smaller than ids already
/// stored, even equal to one. The receipt key is therefore the update_id with what the update carries (the same chat
/// and message, or the same callback query): only a real repeat has the same key. The stored offset is one past the
/// update received last, not past the highest id.
/// </remarks>
internal sealed class TelegramInbox : IInboxChannel
{
    /// <summary>Where the getUpdates offset is kept (key_values).</summary>
    internal const string OffsetKey = "telegram:offset";

    private readonly Inbox.Inbox _inbox;
    private readonly TurnExecutor _executor;
    private readonly IDbContextFactory<UnionReviewDb> _dbFactory;
    private readonly TelegramUpdateHandler _handler;
    private readonly TelegramOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<TelegramInbox> _logger;

    public TelegramInbox(Inbox.Inbox inbox, TurnExecutor executor, IDbContextFactory<UnionReviewDb> dbFactory, TelegramUpdateHandler handler, IOptions<TelegramOptions> options, TimeProvider clock, ILogger<TelegramInbox> logger)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        (_inbox, _executor, _dbFactory, _handler, _options, _clock, _logger) = (inbox, executor, dbFactory, handler, options.Value, clock, logger);
        inbox.Register(this);
    }

    public string Channel => ChannelNames.Telegram;

    public int MaxParallelChats => _options.MaxParallelChats;

    public TimeSpan KeepHandled => _options.KeepHandledUpdates;

    /// <summary>Updates stored and not yet handled.</summary>
    public int InFlight => _inbox.InFlight(Channel);

    /// <summary>The offset for the next getUpdates: one past the update received last.</summary>
    public async Task<long?> NextOffsetAsync(CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.KeyValues.Where(k => k.Key == OffsetKey).Select(k => k.Value).FirstOrDefaultAsync(cancellationToken);
        if (stored is not null)
        {
            return long.Parse(stored, CultureInfo.InvariantCulture);
        }

        // Before the one inbox the offset was the last row of telegram_updates.
        return await db.TelegramUpdates.OrderByDescending(u => u.ReceivedAt).ThenByDescending(u => u.UpdateId).Select(u => (long?)u.UpdateId + 1).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Stores the updates not seen before with the next offset (one commit) and queues them; returns how many were new.</summary>
    public async Task<int> AcceptAsync(IReadOnlyList<Update> updates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (updates.Count == 0)
        {
            return 0;
        }

        var messages = updates.DistinctBy(u => u.Id).Select(u => new InboxMessage(Channel, ReceiptId(u), ChatOf(u).ToString(CultureInfo.InvariantCulture), TelegramJson.Write(u), u)).ToList();
        var offset = (updates[^1].Id + 1L).ToString(CultureInfo.InvariantCulture);
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var fresh = await _inbox.AcceptAsync(messages, sql => sql.Execute(
            "INSERT INTO key_values (\"Key\", Value, UpdatedAt) VALUES ($p0, $p1, $p2) ON CONFLICT (\"Key\") DO UPDATE SET Value = excluded.Value, UpdatedAt = excluded.UpdatedAt",
            OffsetKey, offset, now), cancellationToken);
        return fresh.Count;
    }

    /// <summary>Takes over what waited in the old telegram_updates table, then queues the updates stored but not handled before the last stop.</summary>
    public async Task ResumeAsync(CancellationToken cancellationToken)
    {
        List<TelegramUpdateRow> legacy;
        await using (var db = await _dbFactory.CreateDbContextAsync(cancellationToken))
        {
            legacy = await db.TelegramUpdates.AsNoTracking().Where(u => u.HandledAt == null).OrderBy(u => u.ReceivedAt).ThenBy(u => u.UpdateId).ToListAsync(cancellationToken);
        }

        if (legacy.Count > 0)
        {
            // A turn that was committed there already has its receipt: the inbox drops it as a repeat.
            var updates = legacy.Select(r => TelegramJson.Read(r.Payload)).OfType<Update>().ToList();
            var messages = updates.Select(u => new InboxMessage(Channel, ReceiptId(u), ChatOf(u).ToString(CultureInfo.InvariantCulture), TelegramJson.Write(u), u)).ToList();
            var ids = legacy.Select(r => r.UpdateId).ToList();
            var now = _clock.GetUtcNow();
            _logger.LogInformation("Taking over {Count} Telegram update(s) stored before the one inbox", messages.Count);
            await _inbox.ResumeAsync(Channel, cancellationToken);
            // Stored in the inbox first, then let go of in the old table: a stop in between only repeats the take-over.
            await _inbox.AcceptAsync(messages, sql => sql.Execute(
                $"UPDATE telegram_updates SET HandledAt = $p0 WHERE HandledAt IS NULL AND UpdateId IN ({string.Join(", ", ids)})", now.ToUnixTimeMilliseconds()), cancellationToken);
            return;
        }

        await _inbox.ResumeAsync(Channel, cancellationToken);
    }

    public object Read(string payload) => TelegramJson.Read(payload) ?? throw new ArgumentException("An empty Telegram update.", nameof(payload));

    public Task<bool> HandleAsync(InboxMessage message, bool resumed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _handler.HandleAsync((Update)message.Update, message.MessageId, resumed, cancellationToken);
    }

    /// <summary>Replies a turn kept with the update's receipt, sent to its chat under the turn's reply key.</summary>
    public async Task<bool> DeliverStoredAsync(InboxMessage message, IReadOnlyList<OutgoingMessage> replies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!long.TryParse(message.ChatId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var chatId))
        {
            return false;
        }

        await _handler.DeliverAsync(chatId, replies, message.MessageId, cancellationToken);
        return true;
    }

    /// <summary>
    /// The update's receipt: the update_id with what the update carries (chat and message, or callback query), since
    /// Telegram may hand out an update_id again after a week without updates.
    /// </summary>
    internal static string ReceiptId(Update update) => update.Id.ToString(CultureInfo.InvariantCulture) + ":" + IdentityOf(update);

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

    /// <summary>The chat an update belongs to; updates without one share queue 0.</summary>
    internal static long ChatOf(Update update) =>
        update.Message?.Chat.Id ?? update.EditedMessage?.Chat.Id ?? update.CallbackQuery?.Message?.Chat.Id ?? update.CallbackQuery?.From.Id ?? 0;
}
