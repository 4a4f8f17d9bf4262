using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using UnionReview.Server;
using UnionReview.Server.Persistence;

namespace UnionReview.Benchmarks;

/// <summary>The service in process, as the benchmarks run it: a fresh SQLite file in a folder of the caller's, warnings only.</summary>
public static class BenchHost
{
    /// <summary>
    /// Builds a host with the database and conversations, the features <paramref name="features"/> adds and the given
    /// settings, and creates the schema. It is not started: the benchmarks call the services directly.
    /// </summary>
    public static async Task<IHost> CreateAsync(string folder, Action<HostApplicationBuilder> features, params (string Key, string Value)[] settings)
    {
        ArgumentNullException.ThrowIfNull(features);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Database:Path"] = Path.Combine(folder, "bench.db");
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddDatabase();
        builder.AddConversations();
        features(builder);
        // The report store reads deadlines against the work calendar; without the schedules it has the default one.
        builder.Services.AddOptions<UnionReview.Server.Features.Schedules.ScheduleOptions>();
        Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAddSingleton<UnionReview.Server.Features.Schedules.WorkCalendar>(builder.Services);
        var host = builder.Build();
        await host.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        return host;
    }
}
