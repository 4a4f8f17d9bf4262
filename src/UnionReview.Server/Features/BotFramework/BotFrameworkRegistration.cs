using Microsoft.Extensions.Options;
using UnionReview.Channels.BotFramework;
using UnionReview.Server.Features.Outbox;

namespace UnionReview.Server.Features.BotFramework;

/// <summary>The Bot Framework channel: Azure Bot Service channels (Teams, Web Chat…) and the Emulator.</summary>
public static class BotFrameworkRegistration
{
    /// <summary>Settings, the Connector client, request authentication, the outbox channel.</summary>
    public static IHostApplicationBuilder AddBotFramework(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<BotFrameworkOptions>().Bind(builder.Configuration.GetSection(BotFrameworkOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BotFrameworkOptions>, BotFrameworkOptionsValidator>();
        builder.Services.AddSingleton<BotFrameworkHttp>();
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ConnectorTokenProvider>(sp, sp.GetRequiredService<BotFrameworkHttp>().Client));
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ConnectorClient>(sp, sp.GetRequiredService<BotFrameworkHttp>().Client));
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<BotFrameworkAuthenticator>(sp, sp.GetRequiredService<BotFrameworkHttp>().Client));
        builder.Services.AddSingleton<BotFrameworkSender>();
        builder.Services.AddSingleton<BotFrameworkEndpoint>();
        builder.Services.AddHostedService<BotFrameworkInboxResume>();
        builder.Services.AddSingleton<IOutboxChannel, BotFrameworkOutboxChannel>();
        return builder;
    }

    /// <summary>POST /api/messages, the messaging endpoint registered with the Azure Bot.</summary>
    public static WebApplication MapBotFramework(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/api/messages", (HttpContext http, BotFrameworkEndpoint endpoint, CancellationToken ct) => endpoint.HandleAsync(http, ct));
        return app;
    }
}

/// <summary>Checks the BotFramework section at start-up, with messages in Vietnamese.</summary>
internal sealed class BotFrameworkOptionsValidator : IValidateOptions<BotFrameworkOptions>
{
    public ValidateOptionsResult Validate(string? name, BotFrameworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>One HTTP client for the Connector, the token endpoint and the key documents; connections are recycled so DNS changes are seen.</summary>
internal sealed class BotFrameworkHttp : IDisposable
{
    public HttpClient Client { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose() => Client.Dispose();
}
