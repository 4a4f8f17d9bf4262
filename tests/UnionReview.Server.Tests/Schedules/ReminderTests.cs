using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Quartz;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Features.Schedules;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;
using static UnionReview.Server.Tests.Schedules.ScheduleSteps;

namespace UnionReview.Server.Tests.Schedules;

public sealed class ReminderTests
{
    private const string School = "CĐCS Trường THPT Thành phố Cao Bằng", Hospital = "CĐCS Bệnh viện Đa khoa tỉnh", Company = "CĐCS Công ty Cổ phần Xi măng Phục Hòa";

    [Fact]
    public async Task A_campaign_walked_through_its_calendar_reminds_7_3_1_days_before_then_daily_while_overdue_on_working_days_at_8_only()
    {
        // Grassroots deadline: Wednesday 25/11/2026. 22/11 (3 days before) is a Sunday, so that reminder moves to Friday 20/11.
        // Friday 27/11 is a configured holiday; on Monday 30/11 the service only runs at 22:00 (quiet hours): that day is dropped.
        await using var host = new ServiceHost(settings: new Dictionary<string, string?>
        {
            ["Schedules:Holidays:0"] = "2026-11-27",
            ["Schedules:Reminders:EscalateToParent"] = "true",
        });
        await LinkAsync(host, Demo.GrassrootsOfficer, Demo.UpperLevelOfficer, Demo.HospitalOfficer, Demo.CommitteeMember);
        var runner = host.Get<ScheduleRunner>();
        var outcomes = new List<string>();
        for (var day = new DateOnly(2026, 11, 10); day <= new DateOnly(2026, 12, 4); day = day.AddDays(1))
        {
            var before = (await OutboxAsync(host, "")).Count;
            foreach (var (hour, minute) in new[] { (3, 0), (7, 59) })
            {
                host.Clock.Set(At(day.Month, day.Day, hour, minute));
                var quiet = await runner.RunRemindersAsync(CancellationToken.None);
                Assert.Equal(0, quiet.Messages);
                Assert.Equal(before, (await OutboxAsync(host, "")).Count);
            }

            host.Clock.Set(day == new DateOnly(2026, 11, 30) ? At(day.Month, day.Day, 22) : At(day.Month, day.Day, 8));
            var result = await runner.RunRemindersAsync(CancellationToken.None);
            outcomes.Add($"{day:dd/MM} {result.Outcome}");
            if (day == new DateOnly(2026, 11, 26))
            {
                host.Clock.Advance(TimeSpan.FromHours(2));
                await SubmitAsync(host, Hospital, Demo.HospitalOfficer);
            }
        }

        var reminders = await OutboxAsync(host, "reminder:");
        string[] Days(int person) => [.. reminders.Where(r => r.Row.PersonId == person).Select(r => r.Row.DedupeKey!.Split(':')[3][5..])];
        Assert.Equal(["11-18", "11-20", "11-24", "11-26", "12-01", "12-02", "12-03", "12-04"], Days(Demo.GrassrootsOfficer));
        Assert.Equal(["11-18", "11-20", "11-24", "11-26"], Days(Demo.HospitalOfficer));
        Assert.Empty(Days(Demo.UpperLevelOfficer)); // the upper-level deadline (31/12) is weeks away
        Assert.Empty(Days(Demo.CommitteeMember));
        Assert.Contains("27/11 holiday", outcomes);
        Assert.Contains("28/11 non-working day", outcomes);
        Assert.Contains("30/11 quiet hours", outcomes);

        // What each says on its day.
        var texts = reminders.Where(r => r.Row.PersonId == Demo.GrassrootsOfficer).Select(r => r.Message.Text).ToList();
        Assert.Contains("Hạn nộp: 25/11/2026 (còn 7 ngày).", texts[0], StringComparison.Ordinal);
        Assert.Contains("(còn 5 ngày)", texts[1], StringComparison.Ordinal);
        Assert.Contains("(còn 1 ngày)", texts[2], StringComparison.Ordinal);
        Assert.Contains("Đã quá hạn 1 ngày", texts[3], StringComparison.Ordinal);
        Assert.Contains("Đã quá hạn 9 ngày", texts[^1], StringComparison.Ordinal);

        // The company has no officer: its occasions are recorded with nobody reached, and its parent's officer hears of it once overdue.
        await using var db = host.OpenDb();
        var company = await UnitIdAsync(host, Company);
        var companyDays = await db.ScheduleOccasions.Where(o => o.Kind == "reminder" && o.UnitId == company).OrderBy(o => o.LocalDate).ToListAsync();
        Assert.Equal(8, companyDays.Count);
        Assert.All(companyDays, o => Assert.Equal(0, o.Recipients));
        var escalations = await OutboxAsync(host, "escalation:");
        Assert.Equal(["11-26", "12-01", "12-02", "12-03", "12-04"], escalations.Where(e => e.Row.PersonId == Demo.UpperLevelOfficer).Select(e => e.Row.DedupeKey!.Split(':')[3][5..]));
        Assert.Contains($"{Company}: quá hạn 1 ngày", escalations[0].Message.Text, StringComparison.Ordinal);
        Assert.All(escalations, e => Assert.Equal(Demo.UpperLevelOfficer, e.Row.PersonId));

        // Never twice for the same unit and occasion.
        Assert.Equal(reminders.Count, reminders.Select(r => r.Row.DedupeKey).Distinct().Count());
    }

    [Fact]
    public async Task A_reminder_says_what_is_left_and_its_button_continues_exactly_where_the_officer_stopped()
    {
        await using var host = new ServiceHost();
        host.Clock.Set(At(11, 17, 10));
        var chat = new ChatDriver(host, Demo.GrassrootsOfficer, ChannelNames.Web);
        await chat.Say("/baocao");
        for (var i = 0; i < 3; i++)
        {
            await Answerer.AnswerCurrent(chat, (await Answerer.CurrentQuestion(host, Demo.GrassrootsOfficer))!);
        }

        var current = (await Answerer.CurrentQuestion(host, Demo.GrassrootsOfficer))!;
        host.Clock.Set(At(11, 18, 8));
        await host.Get<ScheduleRunner>().RunRemindersAsync(CancellationToken.None);

        var reminder = Assert.Single(await OutboxAsync(host, "reminder:"));
        await using (var db = host.OpenDb())
        {
            var report = await db.Reports.SingleAsync(r => r.UnitId == db.Units.Single(u => u.Name == School).Id);
            var loaded = await host.Get<ReportStore>().LoadAsync(db, report, CancellationToken.None);
            var missing = DialogEngine.MissingRequired(loaded.Outline, loaded.Context.Answers);
            var percent = DialogEngine.PercentAnswered(loaded.Outline, loaded.Context.Answers);
            var text = reminder.Message.Text;
            Assert.Contains($"Đã trả lời 3/{loaded.Outline.Questions.Count} câu ({percent}%).", text, StringComparison.Ordinal);
            Assert.Contains($"Còn {missing.Count} câu bắt buộc chưa trả lời:", text, StringComparison.Ordinal);
            var firstGap = missing.GroupBy(q => q.SectionId).First();
            Assert.Contains($"• {loaded.Outline.FindSection(firstGap.Key)!.Label}: {firstGap.Count()} câu", text, StringComparison.Ordinal);
        }

        var button = Assert.Single(reminder.Message.Buttons.SelectMany(r => r));
        Assert.Equal(new DialogCommand(DialogCommandKind.GoToQuestion, current.Id).ToPayload(), button.Payload);
        var reply = await chat.Send(IncomingInput.FromButton(button.Payload));
        Assert.Contains(current.Prompt, string.Join("\n", reply.Select(m => m.Text)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_runs_racing_on_separate_database_connections_queue_each_reminder_once()
    {
        await using var host = new ServiceHost();
        await LinkAsync(host, Demo.GrassrootsOfficer, Demo.HospitalOfficer);
        host.Clock.Set(At(11, 24, 8, 5));
        // A second runner with its own writer connection behaves like a second process over the same file.
        await using var otherExecutor = new TurnExecutor(host.Get<IOptions<DatabaseOptions>>(), new WriteGate(), NullLogger<TurnExecutor>.Instance);
        var other = ActivatorUtilities.CreateInstance<ScheduleRunner>(host.Services, otherExecutor);
        var runner = host.Get<ScheduleRunner>();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => (i % 2 == 0 ? runner : other).RunRemindersAsync(CancellationToken.None))));

        var reminders = await OutboxAsync(host, "reminder:");
        Assert.Equal([Demo.GrassrootsOfficer, Demo.HospitalOfficer], reminders.Select(r => r.Row.PersonId!.Value).Order());
        await using var db = host.OpenDb();
        Assert.Equal(3, await db.ScheduleOccasions.CountAsync(o => o.Kind == "reminder")); // school, hospital, company
    }

    [Fact]
    public async Task The_service_down_at_the_scheduled_times_sends_the_missed_reminders_and_digest_once_when_it_comes_back_the_same_day_and_not_again_after_another_restart()
    {
        var folder = Directory.CreateTempSubdirectory("unionreview-schedules-").FullName;
        try
        {
            var database = Path.Combine(folder, "shared.db");
            var clock = new TestClock(At(11, 24, 6, 0));
            await using (var setup = new ServiceHost(clock, new Dictionary<string, string?> { ["Database:Path"] = database }))
            {
                await LinkAsync(setup, Demo.GrassrootsOfficer, Demo.HospitalOfficer, Demo.CommitteeMember);
            }

            // Back at 10:30 on Tuesday 24/11 (a 1-day-before reminder day): Quartz's start-up trigger sends what 08:00 missed.
            clock.Set(At(11, 24, 10, 30));
            var settings = new Dictionary<string, string?> { ["Database:Path"] = database, ["Schedules:RunJobs"] = "true", ["Schedules:StartupCatchUpDelay"] = "00:00:00" };
            await using var host = new ServiceHost(clock, settings);
            var sent = await WaitForAsync(host, 2);
            Assert.Equal([Demo.GrassrootsOfficer, Demo.HospitalOfficer], sent.Select(r => r.Row.PersonId!.Value).Order());

            var scheduler = await host.Get<ISchedulerFactory>().GetScheduler();
            var daily = (await scheduler.GetTriggersOfJob(ReminderJob.Key)).OfType<ICronTrigger>().Single();
            Assert.Equal("0 0 8 ? * *", daily.CronExpressionString);
            Assert.Equal("Asia/Ho_Chi_Minh", daily.TimeZone.Id);

            // The committee's 07:30 digest was missed too: it goes out once as well.
            for (var i = 0; i < 200 && (await OutboxAsync(host, "digest:")).Count == 0; i++)
            {
                await Task.Delay(100);
            }

            var digest = (await OutboxAsync(host, "digest:")).Select(d => d.Row.DedupeKey).ToList();
            Assert.NotEmpty(digest);
            Assert.All(digest, key => Assert.StartsWith($"digest:{Demo.CommitteeMember}:2026-11-24:", key, StringComparison.Ordinal));

            await host.Restart();
            await WaitForRunAsync(host, ScheduleRunner.Reminders, At(11, 24, 10, 30));
            await WaitForRunAsync(host, ScheduleRunner.Digest, At(11, 24, 10, 30));
            Assert.Equal(2, (await OutboxAsync(host, "reminder:")).Count);
            Assert.Equal(digest, (await OutboxAsync(host, "digest:")).Select(d => d.Row.DedupeKey));
            await using var db = host.OpenDb();
            var record = await db.Schedules.SingleAsync(s => s.Name == ScheduleRunner.Reminders);
            Assert.Equal(new DateOnly(2026, 11, 24), record.LastRunLocalDate);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_run_missed_until_the_evening_is_dropped_and_the_settings_refuse_a_reminder_time_inside_quiet_hours()
    {
        await using var host = new ServiceHost();
        await LinkAsync(host, Demo.GrassrootsOfficer);
        host.Clock.Set(At(11, 24, 21, 30));
        var late = await host.Get<ScheduleRunner>().RunRemindersAsync(CancellationToken.None);
        Assert.Equal("quiet hours", late.Outcome);
        Assert.Empty(await OutboxAsync(host, "reminder:"));

        var options = new ScheduleOptions { Reminders = { Time = new TimeOnly(22, 0) }, Holidays = ["2026-02-30"], TimeZone = "Mars/Olympus" };
        var problems = options.Problems();
        Assert.Contains(problems, p => p.Contains("giờ yên lặng", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("2026-02-30", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Mars/Olympus", StringComparison.Ordinal));
    }

    private static async Task<List<(OutboxMessage Row, OutgoingMessage Message)>> WaitForAsync(ServiceHost host, int count)
    {
        for (var i = 0; i < 200; i++)
        {
            var rows = await OutboxAsync(host, "reminder:");
            if (rows.Count >= count)
            {
                return rows;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Expected {count} reminders within 20 s.");
    }

    /// <summary>Waits until the schedule record shows a run after the restart.</summary>
    private static async Task WaitForRunAsync(ServiceHost host, string schedule, DateTimeOffset at)
    {
        for (var i = 0; i < 200; i++)
        {
            await using var db = host.OpenDb();
            var record = await db.Schedules.FirstOrDefaultAsync(s => s.Name == schedule);
            if (record?.LastResult?.StartsWith("sent; 0 lượt", StringComparison.Ordinal) == true && record.LastRunAt >= at)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The start-up run after the restart did not happen within 20 s.");
    }
}
