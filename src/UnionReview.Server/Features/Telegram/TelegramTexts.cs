namespace UnionReview.Server.Features.Telegram;

/// <summary>Vietnamese texts of the Telegram channel.</summary>
internal static class TelegramTexts
{
    public const string GroupPointer =
        "Báo cáo và kiến nghị chỉ làm trong cuộc trò chuyện riêng với bot, không làm trong nhóm. Đồng chí hãy bấm nút dưới đây để nhắn riêng cho bot.";

    public const string OpenPrivateChat = "💬 Nhắn riêng cho bot";

    public const string TextOnly =
        "Bot chỉ đọc được tin nhắn chữ, nút bấm và tệp đính kèm (khi gửi kiến nghị). Đồng chí hãy gõ câu trả lời hoặc bấm một nút.";

    public const string TooLong = "Tin nhắn quá dài (tối đa 100.000 ký tự một lần gửi). Hãy chia thành nhiều tin nhắn.";

    public const string ResumedAfterRestart =
        "Tin nhắn trước của đồng chí đã được ghi nhận trong lúc hệ thống khởi động lại. Gõ /tiep để xem câu hỏi đang làm.";

    public static string Chosen(string label) => "→ " + label;

    public const string WebhookUnauthorized = "Thiếu hoặc sai mã bí mật của webhook Telegram.";

    public const string WebhookNotActive = "Webhook Telegram không bật trên máy chủ này.";

    public const string UnreadableUpdate = "Không đọc được bản cập nhật Telegram gửi đến.";

    /// <summary>The command menu shown by Telegram (command without '/', description).</summary>
    public static readonly IReadOnlyList<(string Command, string Description)> CoreCommands =
    [
        ("baocao", "Làm báo cáo của đơn vị"),
        ("tiep", "Tiếp tục câu hỏi đang làm dở"),
        ("xem", "Xem lại các câu trả lời"),
        ("nop", "Nộp báo cáo"),
        ("mucluc", "Mục lục các phần của báo cáo"),
        ("tiendo", "Tiến độ báo cáo"),
        ("trogiup", "Trợ giúp và danh sách lệnh"),
    ];
}
