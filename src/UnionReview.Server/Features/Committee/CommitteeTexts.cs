using System.Globalization;
using UnionReview.Dialogs;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Model;

namespace UnionReview.Server.Features.Committee;

/// <summary>Vietnamese texts of the committee's <c>/donvi</c>: lists, a unit's report read in chat, reminders and returns.</summary>
internal static class CommitteeTexts
{
    public const string NotCommittee = "Chức năng này dành cho Ban Thường vụ.";
    public const string NoReports = "Chưa có đơn vị nào trong phạm vi của đồng chí tham gia đợt báo cáo đang mở.";
    public const string OutOfScope = "Báo cáo này không thuộc phạm vi của đồng chí hoặc không còn tồn tại.";
    public const string UnitOutOfScope = "Đơn vị này không thuộc phạm vi theo dõi của đồng chí hoặc không tham gia đợt báo cáo đang mở.";
    public const string NotSubmitted = "Báo cáo này chưa được nộp nên không cần trả lại.";
    public const string AlreadyReturned = "Báo cáo này đã được trả lại để chỉnh sửa; đơn vị chưa nộp lại nên không cần trả lại lần nữa.";
    public const string StaleButton = "Nút này không còn dùng được. Gõ /donvi để xem lại danh sách.";
    public const string AskReason = "Đồng chí nhập ý kiến, lý do trả lại báo cáo (đơn vị sẽ nhận được ý kiến này). Gõ /huy để thôi.";
    public const string ReturnCancelled = "Đã thôi trả lại báo cáo; báo cáo giữ nguyên trạng thái đã nộp.";
    public const string ChooseCampaign = "Đang có nhiều đợt báo cáo. Đồng chí muốn xem tình hình đợt nào?";
    public const string ChooseUnit = "Chọn một đơn vị để đọc báo cáo.";
    public const string ChooseGroup = "Chọn một đơn vị cấp trên để xem các đơn vị trực thuộc.";
    public const string NoAnswer = "— chưa trả lời";
    public const string NoReportYet = "Đơn vị chưa bắt đầu báo cáo.";
    public const string AlreadySubmitted = "Đơn vị đã nộp báo cáo nên không cần nhắc.";
    public const string NoOfficers = "Đơn vị chưa có cán bộ phụ trách báo cáo trong hệ thống nên chưa gửi được lời nhắc.";
    public const string NoReachableOfficer = "Cán bộ của đơn vị chưa liên kết tài khoản trò chuyện nên chưa gửi được lời nhắc. Đồng chí có thể liên hệ trực tiếp với đơn vị.";

    public const string ButtonReturn = "↩️ Trả lại để chỉnh sửa";
    public const string ButtonRemind = "🔔 Nhắc ngay";
    public const string ButtonList = "📋 Danh sách đơn vị";
    public const string ButtonGroups = "⬆️ Các đơn vị cấp trên";
    public const string ButtonPrevious = "◀️ Mục trước";
    public const string ButtonNext = "Mục sau ▶️";
    public const string ButtonPreviousPage = "◀️ Trang trước";
    public const string ButtonNextPage = "Trang sau ▶️";
    public const string ButtonRead = "📖 Đọc báo cáo";
    public const string ButtonUnit = "🏢 Về đơn vị";

    public static string ReasonTooLong(int length) =>
        $"Ý kiến dài {VietnameseFormat.Number(length)} ký tự, tối đa {VietnameseFormat.Number(ReportReturns.MaxReasonLength)}. Đồng chí rút gọn giúp.";

    public static string Returned(string unit, int told) => told > 0
        ? $"↩️ Đã trả lại báo cáo của {unit}; các cán bộ của đơn vị sẽ nhận được thông báo."
        : $"↩️ Đã trả lại báo cáo của {unit}. Cán bộ của đơn vị chưa liên kết tài khoản trò chuyện; đơn vị sẽ thấy ý kiến khi mở báo cáo.";

    public static string ListTitle(int submitted, int total) => $"📋 Tình hình báo cáo: {submitted}/{total} đơn vị đã nộp.";

    public static string Page(int page, int pages) => pages > 1 ? $"Trang {page}/{pages}:" : "";

    public static string Line(UnitProgress p) => p.Status switch
    {
        ReportStatus.Submitted => $"✅ {p.Unit.Name} – đã nộp",
        ReportStatus.Returned => $"↩️ {p.Unit.Name} – trả lại, {p.Percent}%",
        ReportStatus.InProgress => $"✏️ {p.Unit.Name} – đang soạn, {p.Percent}%",
        _ => $"▫️ {p.Unit.Name} – chưa bắt đầu",
    };

    public static string GroupLine(string name, int submitted, int total) => $"• {name}: {submitted}/{total} đã nộp";

    public static string GroupTitle(string name, int submitted, int total) => $"📂 {name}: {submitted}/{total} đơn vị đã nộp.";

    public static string GroupsTitle => "Theo đơn vị cấp trên:";

    public static string Time(DateTimeOffset local) => local.ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static string Date(DateOnly day) => day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static string Status(ReportStatus status, int percent) => $"Trạng thái: {DialogTexts.StatusName(status)} · đã trả lời {percent}%";

    public static string SubmittedLine(DateTimeOffset at, string? by) => $"Nộp lúc {Time(at)}" + (by is null ? "" : $" – {by}");

    public static string ReturnNote(string note) => $"Ý kiến khi trả lại: {note}";

    public static string SectionHeader(string unit, int number, int count) => $"📖 {unit} – mục {number}/{count}";

    public static string Question(string prompt) => $"▸ {prompt}";

    public static string Figure(string value, string? target, string? percent) =>
        value + (target is null ? "" : $" · KH giao {target}") + (percent is null ? "" : $" · đạt {percent}");

    public static string Note(string note) => $"💬 Giải trình: {note}";

    public static string Solution(string text) => $"💡 Giải pháp: {text}";

    public static string AnsweredBy(string? person, DateTimeOffset local) => $"✍️ {person ?? "?"} · {Time(local)}";

    public static string CommitteeReminder(string member) => $"📣 Ban Thường vụ (đồng chí {member}) đề nghị đơn vị hoàn thành và nộp báo cáo.";

    public static string ReminderWithoutDeadline(string unit, string campaign, int answered, int total, int percent) =>
        $"⏰ Nhắc nộp báo cáo – {unit}\n{campaign}\nĐã trả lời {answered}/{total} câu ({percent}%).";

    public static string Reminded(string unit, IReadOnlyList<string> officers) =>
        $"🔔 Đã nhắc {unit}: lời nhắc đã gửi tới {officers.Count} cán bộ ({string.Join(", ", officers)}).";

    public static string ReminderDeferred(string unit, TimeOnly quietFrom, TimeOnly quietTo, DateTimeOffset deliverAt) =>
        $"🌙 Đang trong giờ yên lặng ({quietFrom:HH\\:mm}–{quietTo:HH\\:mm}) nên chưa gửi ngay. Lời nhắc cho {unit} sẽ được gửi lúc {Time(deliverAt)}.";

    public static string AlreadyReminded(string unit, DateOnly day, string by) =>
        $"Đơn vị {unit} đã được nhắc ngày {Date(day)} ({by}). Mỗi đơn vị chỉ được nhắc một lần mỗi ngày; đồng chí có thể nhắc lại vào ngày hôm sau.";

    public static string RemindedBySchedule => "nhắc tự động theo lịch";

    public static string RemindedBy(string? member) => member is null ? "do Ban Thường vụ nhắc" : $"do đồng chí {member} nhắc";
}
