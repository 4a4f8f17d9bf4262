using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;
using UnionReview.Server.Features.Documents;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Features.Outbox;
using UnionReview.Server.Features.TextChannels;

namespace UnionReview.Server.Features.Zalo;

/// <summary>The Zalo channel: the Bot API client, receiving (webhook or polling), text replies, proactive sends.</summary>
public static class ZaloRegistration
{
    /// <summary>Settings, the bot, the inbox, the receiver and the outbox channel. Without a bot token nothing runs.</summary>
    public static IHostApplicationBuilder AddZalo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ZaloOptions>().Bind(builder.Configuration.GetSection(ZaloOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ZaloOptions>, ZaloOptionsValidator>();
        builder.Services.AddSingleton<TextMenuStore>();
        builder.Services.AddSingleton<SharedFiles>();
        builder.Services.AddOptions<HostFilteringOptions>().PostConfigure<IOptions<DocumentOptions>, IConfiguration>(AllowPublicHost);
        builder.Services.AddSingleton<ZaloPacer>();
        builder.Services.AddSingleton<ZaloBot>();
        builder.Services.AddSingleton<ZaloOutboxChannel>();
        builder.Services.AddSingleton<IOutboxChannel>(sp => sp.GetRequiredService<ZaloOutboxChannel>());
        builder.Services.AddSingleton<ZaloUpdateHandler>();
        builder.Services.AddSingleton<ZaloInbox>();
        builder.Services.AddSingleton<ZaloWebhookEndpoint>();
        builder.Services.AddSingleton<ZaloReceiver>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ZaloReceiver>());
        builder.Services.AddSingleton<IInviteLinks, ZaloInviteLinks>();
        return builder;
    }

    /// <summary>The webhook endpoint (Zalo:WebhookPath); it answers 404 unless the webhook mode is on.</summary>
    public static WebApplication MapZalo(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var path = app.Services.GetRequiredService<IOptions<ZaloOptions>>().Value.WebhookPath;
        app.MapPost(path, (HttpContext http, ZaloWebhookEndpoint endpoint, CancellationToken ct) => endpoint.HandleAsync(http, ct));
        // Download links and chart pictures: public (outside the loopback-only pages), the signed link is the authorisation.
        app.MapSharedFiles();
        return app;
    }

    /// <summary>The host of the public address links are made with is served (unless every host already is).</summary>
    private static void AllowPublicHost(HostFilteringOptions options, IOptions<DocumentOptions> documents, IConfiguration configuration)
    {
        if (Uri.TryCreate(SharedFiles.BaseUrl(documents.Value, configuration), UriKind.Absolute, out var url) && !options.AllowedHosts.Contains("*")
            && !options.AllowedHosts.Contains(url.Host, StringComparer.OrdinalIgnoreCase))
        {
            options.AllowedHosts.Add(url.Host);
        }
    }
}
