using System.Globalization;
using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Cli;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Schedules;

/// <summary>
/// <c>schedules status</c>: each schedule's time, zone and last run, and today's occasions;
/// <c>schedules run reminders|digest</c>: runs one now (what is already sent today is not sent again).
/// </summary>
internal sealed class SchedulesVerb : ICliVerb
{
    public string Name => "schedules";

    public string Usage => "schedules status | schedules run reminders|digest   lịch nhắc hạn và bản tin: lần chạy gần nhất; chạy ngay";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, Dictionary<string, string> options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var runner = services.GetRequiredService<ScheduleRunner>();
        switch (args.ElementAtOrDefault(0), args.ElementAtOrDefault(1))
        {
            case ("status", _):
                var calendar = services.GetRequiredService<WorkCalendar>();
                var today = calendar.Today(services.GetRequiredService<TimeProvider>().GetUtcNow());
                await using (var db = await services.GetRequiredService<IDbContextFactory<UnionReviewDb>>().CreateDbContextAsync(cancellationToken))
                {
                    var records = await db.Schedules.OrderBy(s => s.Name).ToListAsync(cancellationToken);
                    if (records.Count == 0)
                    {
                        await output.WriteLineAsync(SchedulesTexts.NeverRun);
                    }

                    foreach (var r in records)
                    {
                        var last = r.LastRunAt is { } at ? calendar.ToLocal(at).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture) : "—";
                        await output.WriteLineAsync(SchedulesTexts.StatusLine(r.Name, r.LocalTime, r.TimeZone, r.Enabled, last, r.LastResult));
                    }

                    var occasions = await db.ScheduleOccasions.Where(o => o.LocalDate == today).GroupBy(o => o.Kind)
                        .Select(g => new { g.Key, Count = g.Count(), Recipients = g.Sum(o => o.Recipients) }).ToListAsync(cancellationToken);
                    await output.WriteLineAsync(SchedulesTexts.TodayLine(today, [.. occasions.Select(o => (o.Key, o.Count, o.Recipients))]));
                }

                return 0;
            case ("run", "reminders" or "digest"):
                var result = args[1] == "reminders" ? await runner.RunRemindersAsync(cancellationToken) : await runner.RunDigestsAsync(cancellationToken);
                await output.WriteLineAsync(SchedulesTexts.RunLine(result));
                return 0;
            default:
                await output.WriteLineAsync(Usage);
                return 2;
        }
    }
}
