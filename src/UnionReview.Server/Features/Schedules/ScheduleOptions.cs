using System.Globalization;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Schedules;

/// <summary>Schedule settings (section "Schedules"): time zone, quiet hours, non-working days, reminders, digest.</summary>
public sealed class ScheduleOptions
{
    public const string Section = "Schedules";

    /// <summary>Whether Quartz triggers the jobs (off: nothing is sent on a schedule; /tonghop still works).</summary>
    public bool RunJobs { get; set; } = true;

    /// <summary>IANA (or Windows) id of the time zone every schedule time is read in.</summary>
    public string TimeZone { get; set; } = "Asia/Ho_Chi_Minh";

    /// <summary>Nothing proactive is sent from this local time…</summary>
    public TimeOnly QuietHoursStart { get; set; } = new(21, 0);

    /// <summary>…until this local time.</summary>
    public TimeOnly QuietHoursEnd { get; set; } = new(7, 0);

    /// <summary>Weekdays without reminders or digests; null means Saturday and Sunday.</summary>
    public DayOfWeek[]? NonWorkingWeekdays { get; set; }

    /// <summary>Public holidays: "yyyy-MM-dd" or a range "yyyy-MM-dd..yyyy-MM-dd" (Tết).</summary>
    public List<string> Holidays { get; set; } = [];

    /// <summary>Delay after start-up before missed occasions of the day are sent.</summary>
    public TimeSpan StartupCatchUpDelay { get; set; } = TimeSpan.FromSeconds(15);

    public ReminderOptions Reminders { get; set; } = new();

    public DigestOptions Digest { get; set; } = new();

    internal IReadOnlyList<DayOfWeek> EffectiveNonWorkingWeekdays => NonWorkingWeekdays ?? [DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>Problems with the settings, in Vietnamese; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (WorkCalendar.FindZone(TimeZone) is null)
        {
            problems.Add($"Schedules:TimeZone “{TimeZone}” không phải múi giờ hợp lệ.");
        }

        foreach (var h in Holidays)
        {
            if (WorkCalendar.ParseHoliday(h) is null)
            {
                problems.Add($"Schedules:Holidays “{h}” phải có dạng yyyy-MM-dd hoặc yyyy-MM-dd..yyyy-MM-dd.");
            }
        }

        if (Reminders.EffectiveOffsets.Any(o => o is < 1 or > 365))
        {
            problems.Add("Schedules:Reminders:OffsetsDays chỉ gồm số ngày từ 1 đến 365.");
        }

        if (Reminders.EscalateAfterDaysOverdue < 1)
        {
            problems.Add("Schedules:Reminders:EscalateAfterDaysOverdue phải từ 1 trở lên.");
        }

        if (WorkCalendar.IsQuiet(Reminders.Time, QuietHoursStart, QuietHoursEnd))
        {
            problems.Add($"Schedules:Reminders:Time {Reminders.Time:HH\\:mm} nằm trong giờ yên lặng ({QuietHoursStart:HH\\:mm}–{QuietHoursEnd:HH\\:mm}).");
        }

        if (WorkCalendar.IsQuiet(Digest.Time, QuietHoursStart, QuietHoursEnd))
        {
            problems.Add($"Schedules:Digest:Time {Digest.Time:HH\\:mm} nằm trong giờ yên lặng ({QuietHoursStart:HH\\:mm}–{QuietHoursEnd:HH\\:mm}).");
        }

        if (Digest.MessageLimit is < 500 or > 4096)
        {
            problems.Add("Schedules:Digest:MessageLimit phải từ 500 đến 4096 ký tự (giới hạn của Telegram).");
        }

        if (Digest.EffectiveRoles.Count == 0)
        {
            problems.Add("Schedules:Digest:Roles cần ít nhất một vai trò (Committee, Admin).");
        }

        return problems;
    }
}

/// <summary>Deadline reminders to officers of units that have not submitted.</summary>
public sealed class ReminderOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Local time the reminders go out.</summary>
    public TimeOnly Time { get; set; } = new(8, 0);

    /// <summary>Days before the deadline; null means 7, 3 and 1.</summary>
    public int[]? OffsetsDays { get; set; }

    /// <summary>Remind every working day after the deadline until the report is submitted.</summary>
    public bool DailyWhileOverdue { get; set; } = true;

    /// <summary>Also tell the officers of the parent unit which of its units are overdue.</summary>
    public bool EscalateToParent { get; set; }

    /// <summary>Days overdue before the parent unit hears of it.</summary>
    public int EscalateAfterDaysOverdue { get; set; } = 1;

    internal IReadOnlyList<int> EffectiveOffsets => OffsetsDays ?? [7, 3, 1];
}

/// <summary>The standing committee's daily digest.</summary>
public sealed class DigestOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Local time the digest goes out.</summary>
    public TimeOnly Time { get; set; } = new(7, 30);

    /// <summary>Send only on working days.</summary>
    public bool WorkingDaysOnly { get; set; } = true;

    /// <summary>Roles that receive it, for the units in their scope; null means Committee.</summary>
    public Role[]? Roles { get; set; }

    /// <summary>Unit names listed per group (not started, overdue…) before "and N more".</summary>
    public int MaxNamesPerGroup { get; set; } = 30;

    /// <summary>Rows of each indicator table shown in chat (the .xlsx has all).</summary>
    public int MaxTableRows { get; set; } = 20;

    /// <summary>Longest chat message; longer digests are split at line breaks (Telegram: 4,096).</summary>
    public int MessageLimit { get; set; } = 4096;

    internal IReadOnlyList<Role> EffectiveRoles => Roles ?? [Role.Committee];
}

/// <summary>The schedule time zone, working days and quiet hours.</summary>
public sealed class WorkCalendar
{
    private readonly HashSet<DateOnly> _holidays = [];
    private readonly HashSet<DayOfWeek> _weekend;
    private readonly ScheduleOptions _options;

    public WorkCalendar(Microsoft.Extensions.Options.IOptions<ScheduleOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        Zone = FindZone(_options.TimeZone) ?? throw new InvalidOperationException($"Múi giờ “{_options.TimeZone}” không hợp lệ.");
        _weekend = [.. _options.EffectiveNonWorkingWeekdays];
        foreach (var h in _options.Holidays)
        {
            if (ParseHoliday(h) is { } range)
            {
                for (var d = range.From; d <= range.To; d = d.AddDays(1))
                {
                    _holidays.Add(d);
                }
            }
        }
    }

    public TimeZoneInfo Zone { get; }

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public DateOnly Today(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant).DateTime);

    public bool IsWorkingDay(DateOnly day) => !_weekend.Contains(day.DayOfWeek) && !_holidays.Contains(day);

    public bool IsHoliday(DateOnly day) => _holidays.Contains(day);

    public bool IsQuiet(TimeOnly time) => IsQuiet(time, _options.QuietHoursStart, _options.QuietHoursEnd);

    /// <summary>The nearest working day on or before <paramref name="day"/> (at most 60 days back).</summary>
    public DateOnly WorkingDayOnOrBefore(DateOnly day)
    {
        for (var i = 0; i < 60 && !IsWorkingDay(day); i++)
        {
            day = day.AddDays(-1);
        }

        return day;
    }

    internal static bool IsQuiet(TimeOnly time, TimeOnly start, TimeOnly end) =>
        start == end ? false : start < end ? time >= start && time < end : time >= start || time < end;

    internal static TimeZoneInfo? FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            return null;
        }
    }

    internal static (DateOnly From, DateOnly To)? ParseHoliday(string text)
    {
        var parts = (text ?? "").Split("..", 2, StringSplitOptions.TrimEntries);
        if (!DateOnly.TryParseExact(parts[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
        {
            return null;
        }

        if (parts.Length == 1)
        {
            return (from, from);
        }

        return DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) && to >= from && to.DayNumber - from.DayNumber <= 60
            ? (from, to)
            : null;
    }
}
