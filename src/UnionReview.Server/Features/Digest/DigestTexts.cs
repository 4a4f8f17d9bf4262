using UnionReview.Server.Features.Schedules;

namespace UnionReview.Server.Features.Digest;

/// <summary>Vietnamese texts of the committee's digest (/tonghop and the daily one).</summary>
internal static class DigestTexts
{
    public const string ButtonDetails = "📋 Chi tiết từng đơn vị";
    public const string ButtonDocx = "📄 Báo cáo tổng hợp (.docx)";
    public const string ButtonXlsx = "📊 Biểu chỉ tiêu (.xlsx)";
    public const string ButtonDigestOff = "🔕 Tắt bản tin hằng ngày";
    public const string ButtonDigestOn = "🔔 Bật bản tin hằng ngày";
    public const string Totals = "Tổng cộng";
    public const string ProgressChartTitle = "Tiến độ nộp báo cáo";
    public const string NotCommittee = "Bản tổng hợp dành cho Ban Thường vụ.";
    public const string NoCampaign = "Chưa có đợt báo cáo nào đang mở trong phạm vi của đồng chí.";
    public const string DigestOff = "🔕 Đã tắt bản tin tổng hợp hằng ngày. Đồng chí vẫn có thể gõ /tonghop bất cứ lúc nào; gõ /tonghop bat để bật lại.";
    public const string DigestOn = "🔔 Đã bật bản tin tổng hợp hằng ngày.";
    public const string StaleButton = "Nút này không còn dùng được. Gõ /tonghop để xem bản tổng hợp mới.";
    public const string UnknownArgument = "Không hiểu yêu cầu. Gõ /tonghop để xem bản tổng hợp, /tonghop tat để tắt hoặc /tonghop bat để bật bản tin hằng ngày.";

    public static string Date(DateOnly d) => SchedulesTexts.Date(d);

    public static string Time(DateTimeOffset t) => SchedulesTexts.Time(t);

    public static string Bar(int done, int total)
    {
        var filled = total == 0 ? 0 : (int)Math.Round(done * 10.0 / total, MidpointRounding.AwayFromZero);
        return new string('▰', filled) + new string('▱', 10 - filled);
    }

    public static string Names(IReadOnlyList<string> names, int max) =>
        names.Count <= max ? string.Join(", ", names) : string.Join(", ", names.Take(max)) + $" và {names.Count - max} đơn vị khác";

    public static string DigestTitle(DateOnly today) => $"📊 TỔNG HỢP TIẾN ĐỘ BÁO CÁO – {SchedulesTexts.Weekday(today.DayOfWeek)}, {SchedulesTexts.Date(today)}";
}
