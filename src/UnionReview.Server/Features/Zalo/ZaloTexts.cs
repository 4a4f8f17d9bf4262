namespace UnionReview.Server.Features.Zalo;

/// <summary>Vietnamese texts of the Zalo channel.</summary>
internal static class ZaloTexts
{
    public const string TextOnly =
        "Cảm ơn đồng chí. Bot chỉ đọc được tin nhắn chữ, không đọc được hình ảnh hay nhãn dán. Đồng chí vui lòng gõ câu trả lời bằng chữ (gõ /trogiup để xem các lệnh).";

    public const string Unsupported =
        "Zalo không chuyển nội dung tin nhắn này đến bot, nên bot chưa đọc được. Đồng chí có thể trả lời bằng Telegram hoặc trang web báo cáo của đơn vị, hoặc liên hệ văn phòng Công đoàn để được hỗ trợ.";

    public const string GroupPointer = "Báo cáo và kiến nghị chỉ làm trong cuộc trò chuyện riêng với bot, không làm trong nhóm. Đồng chí vui lòng nhắn riêng cho bot.";

    public const string TooLong = "Tin nhắn quá dài (tối đa 100.000 ký tự một lần gửi). Đồng chí vui lòng chia thành nhiều tin nhắn.";

    public const string ResumedAfterRestart =
        "Tin nhắn trước của đồng chí đã được ghi nhận trong lúc hệ thống khởi động lại. Gõ /tiep để xem câu hỏi đang làm.";

    public static string DocumentLink(string fileName, string url, TimeSpan validFor) =>
        $"📄 {fileName}\nZalo không gửi được tệp; đồng chí tải về tại đường dẫn sau (chỉ dành riêng cho đồng chí, hết hạn sau {Documents.SharedFileTexts.Duration(validFor)}):\n{url}";

    public static string DocumentElsewhere(string fileName) =>
        $"📄 {fileName}\nZalo không gửi được tệp. Đồng chí vui lòng nhận tệp này bằng cách gõ lại yêu cầu (ví dụ /tonghop) trong Telegram hoặc Microsoft Teams, hoặc nhờ văn phòng Công đoàn tải từ trang Tài liệu của hệ thống.";

    public const string WebhookUnauthorized = "Thiếu hoặc sai mã bí mật của webhook Zalo.";

    public const string WebhookNotActive = "Webhook Zalo không bật trên máy chủ này.";

    public const string UnreadableUpdate = "Không đọc được tin nhắn Zalo gửi đến.";

    public static string Invite(string? botName, string? botLink, string code) =>
        $"Tìm bot {(string.IsNullOrWhiteSpace(botName) ? "báo cáo Công đoàn" : $"“{botName}”")} trên Zalo{(string.IsNullOrWhiteSpace(botLink) ? "" : $" ({botLink})")} và gửi tin nhắn: MÃ {code}";
}
