using UnionReview.Server.Features.Conversations;

namespace UnionReview.Server.Features.Digest;

public static class DigestRegistration
{
    /// <summary>The committee's digest: its builder (used by the daily run in Schedules) and the /tonghop chat feature.</summary>
    public static IHostApplicationBuilder AddDigest(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<DigestBuilder>();
        builder.Services.AddSingleton<DigestFeature>();
        builder.Services.AddSingleton<IConversationFeature>(sp => sp.GetRequiredService<DigestFeature>());
        return builder;
    }
}
