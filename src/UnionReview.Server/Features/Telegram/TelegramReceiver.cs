using Microsoft.Extensions.Options;
using UnionReview.Channels.Telegram;
using UnionReview.Server.Features.Conversations;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace UnionReview.Server.Features.Telegram;

/// <summary>
/// Starts the channel: learns the bot's username, registers the command menu, hands over updates left from the last
/// run, then either long-polls (after removing any webhook, so the two are never active together) or registers the
/// webhook (and never polls). Without a bot token it does nothing at all.
/// </summary>
internal sealed class TelegramReceiver(
    TelegramBot bot,
    TelegramInbox inbox,
    ConversationService conversations,
    IOptions<TelegramOptions> options,
    TimeProvider clock,
    ILogger<TelegramReceiver> logger) : BackgroundService
{
    /// <summary>The kinds of update the bot asks for.</summary>
    internal static readonly IReadOnlyList<UpdateType> AllowedUpdates = [UpdateType.Message, UpdateType.CallbackQuery];

    /// <summary>Updates waiting to be handled before polling pauses (back-pressure).</summary>
    private const int MaxInFlight = 2_000;

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>Set once start-up is done and updates are being received.</summary>
    public Task Ready => _ready.Task;

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!bot.Enabled)
        {
            return;
        }

        await Task.Yield();
        var settings = options.Value;
        try
        {
            await inbox.ResumeAsync(stoppingToken);
            if (!await SetUpAsync(settings, stoppingToken))
            {
                return;
            }

            _ready.TrySetResult();
            if (settings.Mode == TelegramMode.Polling)
            {
                await PollAsync(settings, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>getMe, setMyCommands and the receiving mode, retried with backoff; false when the token is refused.</summary>
    private async Task<bool> SetUpAsync(TelegramOptions settings, CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                var me = await bot.Client.GetMeAsync(stoppingToken);
                bot.Username = me.Username;
                if (settings.RegisterCommands)
                {
                    await bot.Client.SetMyCommandsAsync(Commands(), stoppingToken);
                }

                if (settings.Mode == TelegramMode.Webhook)
                {
                    await bot.Client.SetWebhookAsync(settings.WebhookUrl, settings.WebhookSecret, AllowedUpdates, Math.Min(settings.MaxParallelChats, 100), stoppingToken);
                    logger.LogInformation("Telegram bot @{Bot} receives updates by webhook", me.Username);
                }
                else
                {
                    await bot.Client.DeleteWebhookAsync(dropPendingUpdates: false, stoppingToken);
                    logger.LogInformation("Telegram bot @{Bot} receives updates by long polling", me.Username);
                }

                return true;
            }
            catch (TelegramApiException e) when (e.ErrorCode is 401 or 404)
            {
                logger.LogCritical("Telegram refused the bot token ({ErrorCode} {Description}); the Telegram channel stays off", e.ErrorCode, e.Description);
                return false;
            }
            catch (Exception e) when (e is TelegramApiException or HttpRequestException or TimeoutException)
            {
                logger.LogWarning("Telegram start-up failed ({Error}); trying again in {Delay} s", e.Message, backoff.TotalSeconds);
                await Task.Delay(backoff, clock, stoppingToken);
                backoff = Next(backoff);
            }
        }
    }

    private async Task PollAsync(TelegramOptions settings, CancellationToken stoppingToken)
    {
        var offset = await inbox.NextOffsetAsync(stoppingToken);
        var backoff = TimeSpan.FromSeconds(1);
        var timeout = (int)settings.PollTimeout.TotalSeconds;
        while (!stoppingToken.IsCancellationRequested)
        {
            while (inbox.InFlight > MaxInFlight)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), clock, stoppingToken);
            }

            Update[] updates;
            try
            {
                // The offset confirms every update before it: they are all stored by now.
                updates = await bot.Client.GetUpdatesAsync(offset, 100, timeout, AllowedUpdates, stoppingToken);
                backoff = TimeSpan.FromSeconds(1);
            }
            catch (TelegramApiException e) when (e.ErrorCode == 409)
            {
                logger.LogWarning("Telegram getUpdates conflict: {Description}; another instance or a webhook is receiving for this bot", e.Description);
                await Task.Delay(backoff, clock, stoppingToken);
                backoff = Next(backoff);
                continue;
            }
            catch (Exception e) when (e is TelegramApiException or HttpRequestException or TimeoutException)
            {
                logger.LogWarning("Telegram getUpdates failed ({Error}); trying again in {Delay} s", e.Message, backoff.TotalSeconds);
                await Task.Delay(backoff, clock, stoppingToken);
                backoff = Next(backoff);
                continue;
            }

            if (updates.Length > 0)
            {
                await inbox.AcceptAsync(updates, stoppingToken);
                offset = updates.Max(u => u.Id) + 1;
            }
        }
    }

    /// <summary>The command menu: the report dialog's commands and every feature's, with Vietnamese descriptions.</summary>
    internal IReadOnlyList<BotCommand> Commands() =>
        [.. TelegramTexts.CoreCommands.Concat(conversations.FeatureCommands.Select(c => (Command: c.Command.TrimStart('/'), c.Description)))
            .Where(c => c.Command.Length is >= 1 and <= 32 && c.Command.All(ch => ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            .DistinctBy(c => c.Command)
            .Select(c => new BotCommand { Command = c.Command, Description = c.Description.Length > 256 ? c.Description[..256] : c.Description })];

    private static TimeSpan Next(TimeSpan backoff) => backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
}
