using Microsoft.Extensions.Options;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Features.Outbox;

namespace UnionReview.Server.Features.Telegram;

/// <summary>The Telegram channel: the Bot API client, receiving (long polling or webhook), replies, proactive sends.</summary>
public static class TelegramRegistration
{
    /// <summary>Settings, the bot, the update inbox, the receiver and the outbox channel. Without a bot token nothing runs.</summary>
    public static IHostApplicationBuilder AddTelegram(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TelegramOptions>().Bind(builder.Configuration.GetSection(TelegramOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>();
        builder.Services.AddSingleton<TelegramRateLimiter>();
        builder.Services.AddSingleton<TelegramBot>();
        builder.Services.AddSingleton<TelegramUpdateHandler>();
        builder.Services.AddSingleton<TelegramInbox>();
        builder.Services.AddSingleton<TelegramWebhookEndpoint>();
        builder.Services.AddSingleton<TelegramReceiver>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TelegramReceiver>());
        builder.Services.AddSingleton<TelegramOutboxChannel>();
        builder.Services.AddSingleton<IOutboxChannel>(sp => sp.GetRequiredService<TelegramOutboxChannel>());
        builder.Services.AddSingleton<IInviteLinks, TelegramInviteLinks>();
        return builder;
    }

    /// <summary>The webhook endpoint (Telegram:WebhookPath); it answers 404 unless the webhook mode is on.</summary>
    public static WebApplication MapTelegram(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var path = app.Services.GetRequiredService<IOptions<TelegramOptions>>().Value.WebhookPath;
        app.MapPost(path, (HttpContext http, TelegramWebhookEndpoint endpoint, CancellationToken ct) => endpoint.HandleAsync(http, ct));
        return app;
    }
}
