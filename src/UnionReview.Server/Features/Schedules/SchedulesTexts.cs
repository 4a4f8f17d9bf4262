using System.Globalization;
using System.Text;
using UnionReview.Dialogs;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Model;

namespace UnionReview.Server.Features.Schedules;

/// <summary>Vietnamese texts of reminders, escalations and the schedules' command-line status.</summary>
internal static class SchedulesTexts
{
    public const string ButtonContinue = "▶️ Làm tiếp";
    public const string ButtonSubmit = "📤 Nộp báo cáo";

    public const string NeverRun = "Chưa có lịch nào chạy.";

    public static string StatusLine(string name, string time, string zone, bool enabled, string lastRun, string? lastResult) =>
        $"{name}: {time} ({zone}), {(enabled ? "đang bật" : "đang tắt")}; lần chạy gần nhất {lastRun}: {lastResult ?? "—"}";

    public static string TodayLine(DateOnly today, IReadOnlyList<(string Kind, int Count, int Recipients)> kinds) =>
        kinds.Count == 0
            ? $"Hôm nay ({Date(today)}) chưa có lượt nhắc hay bản tin nào."
            : $"Hôm nay ({Date(today)}): " + string.Join("; ", kinds.Select(k => $"{k.Kind} {k.Count} lượt, {k.Recipients} tin"));

    public static string RunLine(ScheduleRunResult r) => $"{r.Schedule} {Date(r.LocalDate)}: {r.Outcome}; {r.Occasions} lượt, {r.Messages} tin.";

    public static string Date(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset t) => t.ToString("HH:mm dd/MM", CultureInfo.InvariantCulture);

    public static string Weekday(DayOfWeek d) => d switch
    {
        DayOfWeek.Monday => "thứ Hai",
        DayOfWeek.Tuesday => "thứ Ba",
        DayOfWeek.Wednesday => "thứ Tư",
        DayOfWeek.Thursday => "thứ Năm",
        DayOfWeek.Friday => "thứ Sáu",
        DayOfWeek.Saturday => "thứ Bảy",
        _ => "Chủ nhật",
    };

    public static string DueText(DateOnly due, DateOnly today)
    {
        var days = due.DayNumber - today.DayNumber;
        return days switch
        {
            > 0 => $"Hạn nộp: {Date(due)} (còn {days} ngày).",
            0 => $"Hạn nộp: hôm nay, {Date(due)}.",
            _ => $"⚠️ Đã quá hạn {-days} ngày (hạn nộp {Date(due)}).",
        };
    }

    public static string Reminder(string unit, string campaign, DateOnly due, DateOnly today, ReportRemainder left, ReportStatus status, string? returnNote)
    {
        var text = new StringBuilder();
        text.Append(due < today ? "⏰ Báo cáo quá hạn – " : "⏰ Nhắc hạn nộp báo cáo – ").Append(unit).Append('\n');
        text.Append(campaign).Append('\n');
        text.Append(DueText(due, today)).Append('\n');
        if (status == ReportStatus.Returned)
        {
            text.Append("↩️ Báo cáo đã được trả lại để chỉnh sửa").Append(returnNote is null ? "." : $": {returnNote}").Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"Đã trả lời {left.Answered}/{left.Total} câu ({left.Percent}%).");
        if (left.MissingRequired.Count == 0)
        {
            text.Append("\nĐã trả lời đủ các câu bắt buộc; chỉ còn bước nộp báo cáo.");
            return text.ToString();
        }

        text.Append(CultureInfo.InvariantCulture, $"\nCòn {left.MissingRequired.Count} câu bắt buộc chưa trả lời:");
        foreach (var gap in left.Sections.Take(8))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n• {gap.Section.Label}: {gap.MissingRequired} câu");
        }

        if (left.Sections.Count > 8)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n• … và {left.Sections.Count - 8} mục khác");
        }

        text.Append("\nBấm “Làm tiếp” để tiếp tục đúng chỗ đang dừng.");
        return text.ToString();
    }

    public static string Escalation(string parent, string campaign, IEnumerable<(string Unit, int DaysOverdue, int Percent)> units)
    {
        var text = new StringBuilder($"⚠️ Đơn vị trực thuộc {parent} chưa nộp báo cáo đúng hạn\n{campaign}");
        foreach (var (unit, days, percent) in units)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n• {unit}: quá hạn {days} ngày, đã trả lời {percent}%");
        }

        text.Append("\nĐề nghị đồng chí đôn đốc các đơn vị hoàn thành và nộp báo cáo.");
        return text.ToString();
    }

    public static string StatusWord(ReportStatus s) => DialogTexts.StatusName(s);

    public static string Percent(decimal p) => VietnameseFormat.Percent(p);
}
