using Microsoft.Extensions.Configuration;
using UnionReview.Server.Features.Documents;
using UnionReview.Server.Features.Schedules;

namespace UnionReview.Server.Tests.Schedules;

public sealed class ScheduleSettingsTests
{
    private static IConfigurationRoot Example()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "appsettings.example.json");
            if (File.Exists(path))
            {
                return new ConfigurationBuilder().AddJsonFile(path).Build();
            }
        }

        throw new FileNotFoundException("appsettings.example.json not found above the test folder.");
    }

    [Fact]
    public void The_example_settings_name_every_schedule_and_document_setting_and_are_valid()
    {
        var config = Example();
        var schedules = config.GetSection(ScheduleOptions.Section);
        foreach (var (section, type) in new[]
        {
            (schedules, typeof(ScheduleOptions)), (schedules.GetSection("Reminders"), typeof(ReminderOptions)),
            (schedules.GetSection("Digest"), typeof(DigestOptions)), (config.GetSection(DocumentOptions.Section), typeof(DocumentOptions)),
        })
        {
            var named = section.GetChildren().Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
            var settings = type.GetProperties().Where(p => p.CanWrite && p.SetMethod!.IsPublic).Select(p => p.Name).ToList();
            Assert.All(settings, p => Assert.Contains(p, named));
        }

        var options = schedules.Get<ScheduleOptions>()!;
        Assert.Empty(options.Problems());
        Assert.Equal(("Asia/Ho_Chi_Minh", new TimeOnly(8, 0), new TimeOnly(7, 30)), (options.TimeZone, options.Reminders.Time, options.Digest.Time));
        Assert.Equal((new TimeOnly(21, 0), new TimeOnly(7, 0)), (options.QuietHoursStart, options.QuietHoursEnd));
        Assert.Null(options.Reminders.OffsetsDays); // the defaults 7, 3, 1
        Assert.Contains("2026-02-14..2026-02-22", options.Holidays);
    }
}
