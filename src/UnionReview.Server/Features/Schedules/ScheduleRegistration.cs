using Microsoft.Extensions.Options;
using Quartz;
using UnionReview.Server.Cli;
using UnionReview.Server.Features.Documents;

namespace UnionReview.Server.Features.Schedules;

public static class ScheduleRegistration
{
    /// <summary>
    /// Reminders, the daily digest's run and the consolidated documents: settings, the runner, the document
    /// queue and, unless Schedules:RunJobs is off, the Quartz jobs
    /// (in-memory scheduler; what was sent lives in the database).
    /// </summary>
    public static IHostApplicationBuilder AddSchedules(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(ScheduleOptions.Section);
        builder.Services.AddOptions<ScheduleOptions>().Bind(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ScheduleOptions>, ScheduleOptionsValidator>();
        builder.Services.AddOptions<DocumentOptions>().Bind(builder.Configuration.GetSection(DocumentOptions.Section));
        builder.Services.AddSingleton<WorkCalendar>();
        builder.Services.AddSingleton<ScheduleRunner>();
        builder.Services.AddSingleton<DocumentService>();
        builder.Services.AddSingleton<DocumentRequests>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DocumentRequests>());
        builder.Services.AddSingleton<ICliVerb, DocumentsVerb>();
        builder.Services.AddSingleton<ICliVerb, SchedulesVerb>();

        var settings = section.Get<ScheduleOptions>() ?? new ScheduleOptions();
        if (!settings.RunJobs || settings.Problems().Count > 0)
        {
            // Invalid settings stop the service at start through the validator above.
            return builder;
        }

        var zone = WorkCalendar.FindZone(settings.TimeZone)!;
        builder.Services.AddQuartz(q =>
        {
            q.UseInMemoryStore();
            AddJob<ReminderJob>(q, ReminderJob.Key, settings.Reminders.Time, zone);
            AddJob<DigestJob>(q, DigestJob.Key, settings.Digest.Time, zone);
        });
        builder.Services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
            o.StartDelay = settings.StartupCatchUpDelay;
        });
        return builder;
    }

    /// <summary>
    /// A daily cron trigger at the local time, and a one-shot trigger when the scheduler starts (Schedules:StartupCatchUpDelay after start-up) that sends what the
    /// day's run missed while the service was down (the runner decides whether anything is still due).
    /// </summary>
    private static void AddJob<TJob>(IQuartzBuilder q, JobKey key, TimeOnly at, TimeZoneInfo zone)
        where TJob : IJob
    {
        q.AddJob<TJob>(j => j.WithIdentity(key).StoreDurably().DisallowConcurrentExecution());
        q.AddTrigger(t => t.ForJob(key).WithIdentity($"{key.Name}-daily", key.Group)
            .WithCronSchedule($"0 {at.Minute} {at.Hour} ? * *", c => c.InTimeZone(zone)));
        q.AddTrigger(t => t.ForJob(key).WithIdentity($"{key.Name}-catch-up", key.Group).StartNow());
    }
}

/// <summary>Checks the Schedules section at start-up, with messages in Vietnamese.</summary>
internal sealed class ScheduleOptionsValidator : IValidateOptions<ScheduleOptions>
{
    public ValidateOptionsResult Validate(string? name, ScheduleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
