using UnionReview.Server.Cli;
using UnionReview.Server.Tests.Infrastructure;
using static UnionReview.Server.Tests.Schedules.ScheduleSteps;

namespace UnionReview.Server.Tests.Schedules;

public sealed class ScheduleVerbTests
{
    private static async Task<string> RunAsync(ServiceHost host, params string[] args)
    {
        using var output = new StringWriter();
        var code = await CommandLine.RunAsync(host.Services, args, TextReader.Null, output, CancellationToken.None);
        Assert.Equal(0, code);
        return output.ToString();
    }

    [Fact]
    public async Task The_schedules_verb_runs_reminders_now_once_and_shows_the_last_run_and_todays_occasions()
    {
        await using var host = new ServiceHost();
        await LinkAsync(host, Demo.GrassrootsOfficer, Demo.HospitalOfficer);
        host.Clock.Set(At(11, 24, 9, 15));
        Assert.Contains("Chưa có lịch nào chạy.", await RunAsync(host, "schedules", "status"), StringComparison.Ordinal);
        Assert.Equal("reminders 24/11/2026: sent; 3 lượt, 2 tin.", (await RunAsync(host, "schedules", "run", "reminders")).Trim());
        Assert.Equal("reminders 24/11/2026: sent; 0 lượt, 0 tin.", (await RunAsync(host, "schedules", "run", "reminders")).Trim());
        var status = await RunAsync(host, "schedules", "status");
        Assert.Contains("reminders: 08:00 (Asia/Ho_Chi_Minh), đang bật; lần chạy gần nhất 09:15 24/11/2026: sent; 0 lượt, 0 tin", status, StringComparison.Ordinal);
        Assert.Contains("Hôm nay (24/11/2026): reminder 3 lượt, 2 tin", status, StringComparison.Ordinal);

        using var bad = new StringWriter();
        Assert.Equal(2, await CommandLine.RunAsync(host.Services, ["schedules", "run", "weekly"], TextReader.Null, bad, CancellationToken.None));
        Assert.Contains("schedules run reminders|digest", bad.ToString(), StringComparison.Ordinal);
    }
}
