using Quartz;

namespace UnionReview.Server.Features.Schedules;

/// <summary>Quartz job: the deadline reminders due now. One run at a time; the runner makes repeats harmless.</summary>
[DisallowConcurrentExecution]
public sealed class ReminderJob(ScheduleRunner runner, ILogger<ReminderJob> logger) : IJob
{
    public static readonly JobKey Key = new("reminders", "schedules");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var result = await runner.RunRemindersAsync(cancellationToken);
        logger.LogInformation("Reminder job ({Trigger}): {Outcome}, {Messages} message(s)", context.Trigger.Key.Name, result.Outcome, result.Messages);
    }
}

/// <summary>Quartz job: the committee's daily digest due now.</summary>
[DisallowConcurrentExecution]
public sealed class DigestJob(ScheduleRunner runner, ILogger<DigestJob> logger) : IJob
{
    public static readonly JobKey Key = new("digest", "schedules");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var result = await runner.RunDigestsAsync(cancellationToken);
        logger.LogInformation("Digest job ({Trigger}): {Outcome}, {Messages} message(s)", context.Trigger.Key.Name, result.Outcome, result.Messages);
    }
}
