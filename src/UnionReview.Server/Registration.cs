using UnionReview.Server.Cli;
using UnionReview.Server.Features.BotFramework;
using UnionReview.Server.Features.Charts;
using UnionReview.Server.Features.Committee;
using UnionReview.Server.Features.Health;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Digest;
using UnionReview.Server.Features.Indicators.Import;
using UnionReview.Server.Features.Indicators;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Features.Outbox;
using UnionReview.Server.Features.Proposals;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Features.Telegram;
using UnionReview.Server.Features.Zalo;
using UnionReview.Server.Features.Schedules;
using UnionReview.Server.Persistence;

namespace UnionReview.Server;

/// <summary>The service's areas, one registration method each, so Program.cs reads as a table of contents.</summary>
public static class Registration
{
    /// <summary>Outlines, the report store, the conversation service, invites, the committee's tools, demo data.</summary>
    public static IHostApplicationBuilder AddConversations(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<DialogOptions>().Bind(builder.Configuration.GetSection(DialogOptions.Section));
        builder.Services.AddOptions<DemoOptions>().Bind(builder.Configuration.GetSection(DemoOptions.Section));
        builder.Services.AddSingleton<OutlineCatalog>();
        builder.Services.AddSingleton<ReportStore>();
        builder.Services.AddSingleton<InviteService>();
        builder.Services.AddSingleton<OutboxWriter>();
        builder.Services.AddSingleton<ConversationService>();
        builder.Services.AddSingleton<ButtonPayloads>();
        builder.Services.AddSingleton<Features.Inbox.Inbox>();
        builder.Services.AddHostedService<ButtonPayloadsCheck>();
        // Button payload prefixes of the parts whose classes do not declare them themselves.
        builder.Services.AddSingleton(new ButtonPrefix("bc:", "campaign-choice"));
        builder.Services.AddSingleton(new ButtonPrefix("cm:", "committee"));
        builder.Services.AddSingleton<ConsoleChat>();
        builder.Services.AddSingleton<IConversationFeature, CommitteeFeature>();
        builder.Services.AddSingleton<CommitteeFeature>();
        builder.Services.AddSingleton<IDatabaseSeeder, DemoSeeder>();
        builder.Services.AddSingleton<DatabaseInitializer>();
        return builder;
    }

    /// <summary>The outbox dispatcher; channels add their <see cref="IOutboxChannel"/>.</summary>
    public static IHostApplicationBuilder AddOutbox(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<OutboxOptions>().Bind(builder.Configuration.GetSection(OutboxOptions.Section));
        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddSingleton<ReplyDelivery>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        return builder;
    }

    /// <summary>Channels, indicators, proposals and schedules register here, one line each.</summary>
    public static IHostApplicationBuilder AddFeatureModules(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddBotFramework();
        builder.AddProposals();
        builder.AddSchedules();
        builder.AddDigest();
        builder.AddTargetImport();
        builder.AddIndicators();
        builder.AddCharts();
        builder.AddTelegram();
        builder.AddZalo();
        return builder;
    }

    /// <summary>HTTP endpoints of the channels; the pages without a login are in <see cref="LocalPages"/>.</summary>
    public static WebApplication MapFeatureEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapBotFramework();
        app.MapTelegram();
        app.MapZalo();
        app.MapHealth();
        return app;
    }
}
