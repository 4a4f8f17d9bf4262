using UnionReview.Server.Cli;

namespace UnionReview.Server.Features.Indicators.Import;

/// <summary>Registers the <c>targets</c> command-line verb (import, list, template of KH giao).</summary>
public static class TargetImportRegistration
{
    public static IHostApplicationBuilder AddTargetImport(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<TargetImporter>();
        builder.Services.AddSingleton<TargetTemplate>();
        builder.Services.AddSingleton<ICliVerb, TargetsVerb>();
        return builder;
    }
}
