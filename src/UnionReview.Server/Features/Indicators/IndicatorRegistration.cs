using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Indicators;

public static class IndicatorRegistration
{
    /// <summary>Indicator tables (for digests, documents and chat), the /chitieu command, the tables shown before questions, the demo campaign.</summary>
    public static IHostApplicationBuilder AddIndicators(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<IndicatorOptions>().Bind(builder.Configuration.GetSection(IndicatorOptions.Section))
            .Validate(o => o.MessageLimit is >= 500 and <= 4_000, "Indicators:MessageLimit phải từ 500 đến 4.000 ký tự.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IndicatorTables>();
        builder.Services.AddSingleton<IIndicatorTables>(sp => sp.GetRequiredService<IndicatorTables>());
        builder.Services.AddSingleton<IndicatorFeature>();
        builder.Services.AddSingleton<IConversationFeature>(sp => sp.GetRequiredService<IndicatorFeature>());
        builder.Services.AddSingleton<IBriefingProvider, IndicatorBriefings>();
        builder.Services.AddSingleton<IDatabaseSeeder, IndicatorDemoSeeder>();
        return builder;
    }
}
