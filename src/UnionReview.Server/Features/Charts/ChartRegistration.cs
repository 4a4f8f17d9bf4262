namespace UnionReview.Server.Features.Charts;

public static class ChartRegistration
{
    /// <summary>Finds the chart fonts at start (<c>Charts:FontDirectory</c> first) and says clearly when there are none.</summary>
    public static IHostApplicationBuilder AddCharts(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHostedService<ChartFontCheck>();
        return builder;
    }

    private sealed class ChartFontCheck(IConfiguration configuration, ILogger<ChartFontCheck> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (ChartFonts.Ensure(configuration["Charts:FontDirectory"]))
            {
                logger.LogInformation("{Status}", ChartFonts.Status);
            }
            else
            {
                logger.LogWarning("{Status}", ChartFonts.Status);
                Console.Error.WriteLine(ChartFonts.Status);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
