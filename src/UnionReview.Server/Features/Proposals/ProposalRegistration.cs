using UnionReview.Server.Features.Conversations;

namespace UnionReview.Server.Features.Proposals;

public static class ProposalRegistration
{
    /// <summary>Proposals by message: the /kiennghi and /dskiennghi conversation feature, its settings and the digest source.</summary>
    public static IHostApplicationBuilder AddProposals(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ProposalOptions>().Bind(builder.Configuration.GetSection(ProposalOptions.Section))
            .Validate(o => o.MaxTopicLength is >= 20 and <= 1_000, "Proposals:MaxTopicLength phải từ 20 đến 1.000 ký tự.")
            .Validate(o => o.MaxTextLength is >= 20_000 and <= 1_000_000, "Proposals:MaxTextLength phải từ 20.000 đến 1.000.000 ký tự.")
            .Validate(o => o.PageSize is >= 1 and <= 40, "Proposals:PageSize phải từ 1 đến 40.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ProposalFeature>();
        builder.Services.AddSingleton<IConversationFeature>(sp => sp.GetRequiredService<ProposalFeature>());
        builder.Services.AddSingleton<IProposalDigestSource, ProposalDigestSource>();
        return builder;
    }
}
