namespace UnionReview.Server.Features.BotFramework;

/// <summary>Vietnamese texts of the Bot Framework channel.</summary>
internal static class BotFrameworkTexts
{
    public const string Welcome =
        "Xin chào! Đây là trợ lý báo cáo của Công đoàn. Nếu đồng chí đã có mã mời, hãy gửi: /start <mã mời>. " +
        "Nếu tài khoản đã được liên kết, gõ /baocao để làm báo cáo hoặc /trogiup để xem các lệnh.";

    public const string GroupNotSupported =
        "Báo cáo của đơn vị chỉ được làm trong cuộc trò chuyện riêng với bot, không làm trong nhóm hay kênh. Đồng chí hãy nhắn tin trực tiếp cho bot.";

    public const string TextOnly = "Bot chỉ đọc được tin nhắn chữ. Đồng chí hãy gõ câu trả lời hoặc bấm một nút.";

    public const string TooLong = "Tin nhắn quá dài (tối đa 100.000 ký tự một lần gửi). Hãy chia thành nhiều tin nhắn.";

    public const string UnreadableActivity = "Yêu cầu không hợp lệ: không đọc được hoạt động (activity) gửi đến.";

    public const string MissingFields = "Hoạt động gửi đến thiếu thông tin bắt buộc (serviceUrl, channelId, conversation hoặc from).";

    public const string RequestTooLarge = "Yêu cầu quá lớn (tối đa 1 MB).";

    public const string LocalOnly =
        "Kênh Bot Framework chưa được cấu hình MicrosoftAppId nên chỉ nhận yêu cầu gửi từ chính máy này (127.0.0.1, không qua proxy).";

    public const string ServiceUrlNotLocal =
        "Kênh Bot Framework chưa được cấu hình MicrosoftAppId nên chỉ trả lời tới serviceUrl trên chính máy này (127.0.0.1 hoặc localhost).";

    public const string Unauthorized = "Yêu cầu không mang mã xác thực hợp lệ của Bot Framework.";

    public const string Forbidden = "Mã xác thực không cho phép yêu cầu này (kênh hoặc serviceUrl không khớp).";

    public const string UnknownInvoke = "Bot không hỗ trợ thao tác này.";

    public static string DocumentNotDelivered(string fileName) =>
        $"Không gửi được tệp {fileName} qua kênh này vì tệp quá lớn. Đồng chí hãy xuất báo cáo từ trang quản trị hoặc dùng kênh khác.";
}
