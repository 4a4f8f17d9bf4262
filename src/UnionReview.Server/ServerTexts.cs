namespace UnionReview.Server;

/// <summary>Vietnamese texts of the service (outside the dialog engine), in one place.</summary>
public static class ServerTexts
{
    public const string NoActiveCampaign = "Hiện đơn vị của đồng chí chưa có đợt báo cáo nào đang mở.";
    public const string TurnNotSaved = "Báo cáo của đơn vị vừa được cập nhật từ nơi khác nên tin nhắn vừa rồi chưa được lưu. Đồng chí vui lòng gửi lại.";
    public const string ButtonReport = "📋 Báo cáo của đơn vị";
    public const string OfficerCommands = "/baocao – làm báo cáo của đơn vị\n/xem – xem lại\n/nop – nộp báo cáo\n/trogiup – trợ giúp";

    public static string AddressInUse(string urls) =>
        $"Không mở được địa chỉ {urls}: cổng đang được một chương trình khác dùng (có thể UnionReview đã chạy sẵn). Hãy dừng chương trình đó, hoặc chọn cổng khác, ví dụ: --Urls http://127.0.0.1:5081";

    public static string MainMenuTitle(string name) => $"Chào đồng chí {name}! Đồng chí có thể dùng các lệnh sau:";

    public static string ReportSubmittedNotice(string unit, string officer) => $"📥 {unit} đã nộp báo cáo (người nộp: {officer}).";

    public const string UnknownSender =
        "Xin chào! Tài khoản này chưa được liên kết với cán bộ công đoàn nào nên bot chưa thể hiển thị thông tin. " +
        "Đồng chí hãy xin mã mời từ văn phòng Liên đoàn Lao động rồi gửi: /start <mã mời>.";

    public const string InviteInvalid = "Mã mời không đúng, đã dùng hoặc đã hết hạn. Đồng chí liên hệ văn phòng để được cấp mã mới.";

    public static string InviteAccepted(string name) => $"✅ Đã liên kết tài khoản với đồng chí {name}. Gõ /baocao để bắt đầu, /trogiup để xem các lệnh.";

    public static string ReportReturnedNotice(string unit, string note) =>
        $"↩️ Báo cáo của {unit} đã được Ban Thường vụ trả lại để chỉnh sửa.\nÝ kiến: {note}\nGõ /baocao để sửa và nộp lại.";
}
