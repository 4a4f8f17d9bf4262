using Microsoft.Extensions.Options;
using UnionReview.Channels.Zalo;

namespace UnionReview.Server.Features.Zalo;

/// <summary>
/// Starts the channel: checks the token (getMe), hands over messages left from the last run, then either registers
/// the webhook (and never polls) or removes any webhook and long-polls getUpdates, one message per call, backing off
/// on errors. Without a bot token it does nothing at all.
/// </summary>
internal sealed class ZaloReceiver(ZaloBot bot, ZaloInbox inbox, IOptions<ZaloOptions> options, TimeProvider clock, ILogger<ZaloReceiver> logger) : BackgroundService
{
    /// <summary>Messages waiting to be handled before polling pauses (back-pressure).</summary>
    private const int MaxInFlight = 2_000;

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set once start-up is done and messages are being received.</summary>
    public Task Ready => _ready.Task;

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
            if (settings.Mode == ZaloMode.Polling)
            {
                await PollAsync(settings, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> SetUpAsync(ZaloOptions settings, CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                var me = await bot.Client.GetMeAsync(stoppingToken);
                if (settings.Mode == ZaloMode.Webhook)
                {
                    await bot.Client.SetWebhookAsync(settings.WebhookUrl, settings.WebhookSecret, stoppingToken);
                    logger.LogInformation("Zalo bot {Bot} receives messages by webhook", me.AccountName);
                }
                else
                {
                    await bot.Client.DeleteWebhookAsync(stoppingToken);
                    logger.LogInformation("Zalo bot {Bot} receives messages by long polling (development mode)", me.AccountName);
                }

                return true;
            }
            catch (ZaloApiException e) when (e.IsUnauthorized)
            {
                logger.LogCritical("Zalo refused the bot token ({ErrorCode} {Description}); the Zalo channel stays off", e.ErrorCode, e.Description);
                return false;
            }
            catch (Exception e) when (e is ZaloApiException or HttpRequestException or TimeoutException)
            {
                logger.LogWarning("Zalo start-up failed ({Error}); trying again in {Delay} s", e.Message, backoff.TotalSeconds);
                await Task.Delay(backoff, clock, stoppingToken);
                backoff = Next(backoff);
            }
        }
    }

    private async Task PollAsync(ZaloOptions settings, CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        var timeout = (int)settings.PollTimeout.TotalSeconds;
        while (!stoppingToken.IsCancellationRequested)
        {
            while (inbox.InFlight > MaxInFlight)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), clock, stoppingToken);
            }

            ZaloUpdate? update;
            try
            {
                update = await bot.Client.GetUpdateAsync(timeout, stoppingToken);
                backoff = TimeSpan.FromSeconds(1);
            }
            catch (Exception e) when (e is ZaloApiException or HttpRequestException or TimeoutException)
            {
                logger.LogWarning("Zalo getUpdates failed ({Error}); trying again in {Delay} s", e.Message, backoff.TotalSeconds);
                await Task.Delay(backoff, clock, stoppingToken);
                backoff = Next(backoff);
                continue;
            }

            if (update?.Message is { MessageId.Length: > 0, Chat.Id.Length: > 0 })
            {
                // Zalo has no offset to confirm: what getUpdates handed out is ours, so it is stored at once.
                await inbox.AcceptAsync(update, stoppingToken);
            }
        }
    }

    private static TimeSpan Next(TimeSpan backoff) => backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
}
