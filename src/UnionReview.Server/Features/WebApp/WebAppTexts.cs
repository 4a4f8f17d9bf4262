using UnionReview.Server.Features.Reports;

namespace UnionReview.Server.Features.WebApp;

internal static class WebAppTexts
{
    public const string AppName = "Báo cáo Công đoàn";
    public const string TooManyLinks = "Đồng chí đã xin nhiều đường dẫn đăng nhập trong ít phút. Xin đồng chí chờ ít phút rồi gõ /web lại.";
    public const string NoSuchPerson = "Không tìm thấy người cần cấp đường dẫn. Dùng --person <mã người> (xem: people list).";
    public const string NoReport = "Hiện chưa có đợt báo cáo nào đang mở cho đơn vị của đồng chí.";
    public const string SignInTitle = "Đăng nhập";
    public const string SignInHowTo = "Để đăng nhập, đồng chí gõ /web trong cuộc trò chuyện với trợ lý báo cáo (Telegram, Teams, Zalo…) và mở đường dẫn nhận được. Đường dẫn dùng được một lần trong 10 phút.";
    public const string SignInConfirm = "Đồng chí bấm nút dưới đây để đăng nhập trên thiết bị này.";
    public const string SignInButton = "Đăng nhập";
    public const string LinkRefused = "Đường dẫn đăng nhập này đã được dùng, đã hết hạn hoặc không đúng. Đồng chí gõ /web trong cuộc trò chuyện để nhận đường dẫn mới.";
    public const string SignOut = "Đăng xuất";
    public const string SignOutEverywhere = "Đăng xuất trên mọi thiết bị";
    public const string SignedOut = "Đồng chí đã đăng xuất. Hẹn gặp lại!";
    public const string Home = "Trang chính";
    public const string OfficerCard = "Báo cáo của đơn vị";
    public const string OfficerCardText = "Trả lời đề cương báo cáo theo từng mục, lưu và nộp.";
    public const string CommitteeCard = "Tình hình báo cáo các đơn vị";
    public const string CommitteeCardText = "Xem đơn vị nào đã nộp, đang soạn, chưa bắt đầu hay quá hạn; đọc và trả lại báo cáo.";
    public const string NoRole = "Tài khoản của đồng chí chưa được giao vai trò nào trên trang web. Xin liên hệ văn phòng.";
    public const string StartReport = "Bắt đầu báo cáo";
    public const string Save = "Lưu";
    public const string SaveAndNext = "Lưu và sang mục sau";
    public const string Previous = "Mục trước";
    public const string Review = "Xem lại và nộp";
    public const string Saved = "Đã lưu các câu trả lời.";
    public const string NothingChanged = "Không có thay đổi nào cần lưu.";
    public const string Errors = "Có câu trả lời chưa lưu được. Đồng chí xem các ô được đánh dấu bên dưới.";
    public const string KeepFigure = "Số liệu này đúng, giữ nguyên";
    public const string Submit = "Nộp báo cáo";
    public const string SubmittedNotice = "Báo cáo đã được nộp. Cảm ơn đồng chí!";
    public const string Locked = "Báo cáo đã nộp nên không sửa được nữa. Nếu cần sửa, xin đề nghị Ban Thường vụ trả lại báo cáo.";
    public const string MissingTitle = "Còn thiếu các câu bắt buộc sau:";
    public const string Yes = "Có";
    public const string No = "Không";
    public const string Optional = "(không bắt buộc)";
    public const string Target = "Kế hoạch giao";
    public const string Sections = "Các mục của báo cáo";
    public const string Dashboard = "Tình hình báo cáo";
    public const string Filter = "Lọc theo trạng thái";
    public const string All = "Tất cả";
    public const string Overdue = "Quá hạn";
    public const string Show = "Xem";
    public const string ReadReport = "Đọc báo cáo";
    public const string NoAnswer = "(chưa trả lời)";
    public const string History = "Lịch sử";
    public const string ReturnTitle = "Trả lại để chỉnh sửa";
    public const string ReturnReason = "Ý kiến, lý do trả lại (đơn vị sẽ nhận được trong cuộc trò chuyện)";
    public const string ReturnButton = "Trả lại báo cáo";
    public const string NoCampaign = "Chưa có đợt báo cáo nào đang mở trong phạm vi của đồng chí.";
    public const string NotFound = "Không tìm thấy trang này, hoặc trang không thuộc phạm vi của đồng chí.";
    public const string CrossSite = "Yêu cầu này không đến từ trang của dịch vụ nên bị từ chối.";
    public const string BadForm = "Biểu mẫu đã hết hạn hoặc không hợp lệ. Đồng chí tải lại trang rồi thử lại.";
    public const string Unit = "Đơn vị";
    public const string Status = "Trạng thái";
    public const string Answered = "Đã trả lời";
    public const string Deadline = "Hạn nộp";
    public const string RemindNow = "Nhắc ngay";
    public const string Actions = "Thao tác";

    public static string RemindLabel(string unit) => $"Nhắc ngay {unit}";

    public static string Reminded(RemindOutcome outcome) => outcome switch
    {
        RemindOutcome.Sent => "Đã gửi lời nhắc đến cán bộ báo cáo của đơn vị qua cuộc trò chuyện.",
        RemindOutcome.QuietHours => "Đang trong giờ yên lặng nên chưa gửi lời nhắc. Xin đồng chí nhắc lại vào giờ làm việc.",
        RemindOutcome.AlreadyToday => "Đơn vị này đã được nhắc hôm nay; mỗi đơn vị chỉ nhắc ngay một lần mỗi ngày.",
        RemindOutcome.Submitted => "Đơn vị đã nộp báo cáo nên không cần nhắc.",
        _ => "Đơn vị chưa có cán bộ báo cáo nào liên kết tài khoản trò chuyện nên chưa nhắc được.",
    };

    public const string SkipToContent = "Bỏ qua đến nội dung";

    public static string LinkMessage(string url, int minutes) =>
        $"🔗 Đường dẫn đăng nhập trang web báo cáo (dùng một lần, trong {minutes} phút):\n{url}\nĐồng chí không chuyển đường dẫn này cho người khác.";

    public static string SignedInAs(string name) => $"Đồng chí {name}";

    public static string Progress(int answered, int total, int percent) => $"Đã trả lời {answered}/{total} câu ({percent}%)";

    public static string SectionOf(int index, int count) => $"Mục {index}/{count}";

    public static string SavedCount(int count) => $"Đã lưu {count} câu trả lời.";

    public static string Counts(int submitted, int inProgress, int notStarted, int overdue, int returned) =>
        $"Đã nộp: {submitted} · Đang soạn: {inProgress} · Chưa bắt đầu: {notStarted} · Quá hạn: {overdue} · Trả lại: {returned}";

    public static string ReturnedForRevision(string note) => $"Báo cáo đã được Ban Thường vụ trả lại để bổ sung, chỉnh sửa. Ý kiến: {note}";

    public static string EventName(string kind) => kind switch
    {
        "started" => "Bắt đầu soạn",
        "submitted" => "Nộp báo cáo",
        "returned" => "Trả lại để chỉnh sửa",
        _ => kind,
    };

    public const string ChartHeading = "Tỷ lệ đạt kế hoạch theo đơn vị";

    public static string ChartAlt(string campaign) => $"Biểu đồ tỷ lệ đạt kế hoạch (%) của các đơn vị, đợt {campaign}; vạch 100% là mức kế hoạch giao.";
}
