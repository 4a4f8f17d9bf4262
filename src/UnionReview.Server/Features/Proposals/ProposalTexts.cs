using System.Globalization;
using UnionReview.Dialogs.Model;

namespace UnionReview.Server.Features.Proposals;

/// <summary>Vietnamese texts of proposals and recommendations.</summary>
internal static class ProposalTexts
{
    public const string CommandSend = "/kiennghi";
    public const string CommandDesk = "/dskiennghi";
    public const string CommandCancel = "/huy";
    public const string PendingCancelled = "Đã hủy thao tác đang chờ với kiến nghị; không có gì bị thay đổi.";
    public const string CommandSendDescription = "Gửi kiến nghị, đề xuất; xem kiến nghị của mình";
    public const string CommandDeskDescription = "Danh sách kiến nghị của các đơn vị (Ban Thường vụ)";

    public const string ButtonNew = "✉️ Gửi kiến nghị";
    public const string ButtonMine = "📂 Kiến nghị của tôi";
    public const string ButtonDone = "✅ Xong";
    public const string ButtonClear = "🗑 Xóa phần đã gửi";
    public const string ButtonSend = "📨 Gửi kiến nghị";
    public const string ButtonEditTopic = "✏️ Sửa chủ đề";
    public const string ButtonEditAddressee = "🏛 Đổi nơi nhận";
    public const string ButtonMoreText = "➕ Viết thêm nội dung";
    public const string ButtonDiscard = "🗑 Hủy bản nháp";
    public const string ButtonResume = "▶️ Tiếp tục soạn";
    public const string ButtonFresh = "🆕 Bỏ bản nháp, soạn mới";
    public const string ButtonForward = "↗️ Chuyển lên cấp trên";
    public const string ButtonAnswer = "💬 Trả lời";
    public const string ButtonReply = "💬 Phản hồi câu trả lời";
    public const string ButtonClose = "🔒 Đóng kiến nghị";
    public const string ButtonCloseNoNote = "🔒 Đóng, không ghi chú";
    public const string ButtonForwardNoNote = "↗️ Chuyển, không ghi chú";
    public const string ButtonOpen = "🔎 Xem kiến nghị";
    public const string ButtonOverview = "📥 Tổng quan kiến nghị";
    public const string ButtonNewOnes = "🆕 Mới";
    public const string ButtonUnanswered = "⏳ Chưa trả lời";
    public const string ButtonByAddressee = "🏛 Theo nơi nhận";
    public const string ButtonByUnit = "🏢 Theo đơn vị";
    public const string ButtonAll = "📁 Tất cả";
    public const string ButtonPrevious = "◀️ Trang trước";
    public const string ButtonNext = "Trang sau ▶️";

    public const string NoUnit = "Tài khoản của đồng chí chưa thuộc đơn vị công đoàn nào nên chưa gửi được kiến nghị. Đồng chí liên hệ văn phòng để được bổ sung.";
    public const string NotCommittee = "Danh sách kiến nghị của các đơn vị dành cho Ban Thường vụ. Gõ /kiennghi để gửi kiến nghị hoặc xem kiến nghị của mình.";
    public const string OutOfScope = "Kiến nghị này không thuộc phạm vi của đồng chí hoặc không tồn tại.";
    public const string UnitOutOfScope = "Đơn vị này không thuộc phạm vi của đồng chí.";
    public const string StaleButton = "Nút này không còn dùng được. Gõ /kiennghi hoặc /dskiennghi để xem lại.";
    public const string ForeignButton = "Đồng chí đang soạn dở nội dung hoặc ghi chú về kiến nghị nên nút này chưa dùng được. Gửi tiếp, hoặc gõ /huy để dừng (phần đã soạn vẫn được giữ, gõ /kiennghi để soạn tiếp) rồi bấm lại.";
    public const string NoDraft = "Không còn bản nháp nào ở bước này (có thể đã gửi hoặc đã hủy). Gõ /kiennghi để bắt đầu lại.";
    public const string Closed = "Kiến nghị này đã đóng nên không thể thực hiện thao tác này.";
    public const string NothingToReply = "Kiến nghị này chưa có câu trả lời nên chưa thể phản hồi. Khi có câu trả lời, bot sẽ gửi đến đồng chí.";

    public const string AskAddressee = "✉️ Gửi kiến nghị, đề xuất\nBước 1/3. Đồng chí kiến nghị với cấp nào? Bấm một nút hoặc gõ số thứ tự:";
    public const string ChooseAddressee = "Đồng chí chọn nơi nhận bằng một nút bên dưới, hoặc gõ số thứ tự từ 1 đến 5.";
    public const string EmptyTopic = "Chủ đề còn trống. Đồng chí gõ một dòng ngắn nêu chủ đề kiến nghị.";
    public const string AttachmentOnTopic = "Đã nhận tệp đính kèm. Đồng chí gõ một dòng ngắn nêu chủ đề kiến nghị.";
    public const string EmptyText = "Nội dung kiến nghị còn trống. Đồng chí gõ nội dung rồi gõ “xong”.";
    public const string EmptyAnswer = "Nội dung còn trống. Đồng chí gõ nội dung rồi gõ “xong”.";
    public const string Cleared = "Đã xóa phần đã gửi. Đồng chí gõ lại nội dung, gửi xong gõ “xong”.";
    public const string Discarded = "Đã hủy bản nháp kiến nghị.";
    public const string NothingMine = "Đồng chí chưa gửi kiến nghị nào. Bấm nút bên dưới để gửi.";
    public const string NothingInScope = "Chưa có kiến nghị nào trong phạm vi của đồng chí.";
    public const string NothingInList = "Không có kiến nghị nào trong danh sách này.";
    public const string AskForwardTarget = "Chuyển kiến nghị tới cấp nào?";
    public const string NoHigherLevel = "Không có cấp nào cao hơn để chuyển kiến nghị này.";
    public const string AskCloseNote = "Đồng chí gõ ghi chú khi đóng kiến nghị (lý do, kết quả giải quyết), hoặc bấm nút để đóng không ghi chú.";
    public const string AskNote = "Ghi chú còn trống. Đồng chí gõ ghi chú, hoặc bấm nút bên dưới tin trước để tiếp tục không ghi chú.";
    public const string NoteTooLong = "Ghi chú dài quá 2.000 ký tự. Đồng chí rút gọn giúp.";

    public static string AddresseeName(ProposalAddressee a) => a switch
    {
        ProposalAddressee.Party => "Đảng",
        ProposalAddressee.State => "Nhà nước",
        ProposalAddressee.Confederation => "Tổng Liên đoàn Lao động Việt Nam",
        ProposalAddressee.ProvincialFederation => "Liên đoàn Lao động tỉnh",
        ProposalAddressee.UpperLevelUnion => "Công đoàn cấp trên trực tiếp (LĐLĐ huyện, công đoàn ngành)",
        _ => a.ToString(),
    };

    public static string StatusName(ProposalStatus s) => s switch
    {
        ProposalStatus.New => "Mới",
        ProposalStatus.Forwarded => "Đã chuyển cấp trên",
        ProposalStatus.Answered => "Đã trả lời",
        ProposalStatus.Closed => "Đã đóng",
        _ => s.ToString(),
    };

    public static string StatusIcon(ProposalStatus s) => s switch
    {
        ProposalStatus.New => "🆕",
        ProposalStatus.Forwarded => "↗️",
        ProposalStatus.Answered => "💬",
        _ => "🔒",
    };

    public static string When(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(7)).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static string Count(int n) => VietnameseFormat.Number(n);

    public static string AskTopic(ProposalAddressee a) =>
        $"Nơi nhận: {AddresseeName(a)}.\nBước 2/3. Chủ đề của kiến nghị là gì? (một dòng ngắn, ví dụ “Nhà ở cho công nhân khu công nghiệp”)";

    public static string TopicTooLong(int length, int max) =>
        $"Chủ đề dài {Count(length)} ký tự, tối đa {Count(max)}. Đoạn vừa gửi đã được giữ làm phần đầu của nội dung kiến nghị; đồng chí gõ một chủ đề ngắn gọn hơn.";

    public static string AskText(string topic, int kept, int max) =>
        $"Chủ đề: {topic}.\nBước 3/3. Đồng chí gõ nội dung kiến nghị (tối đa {Count(max)} ký tự, có thể gửi nhiều tin nhắn); gửi xong gõ “xong”." +
        (kept > 0 ? $"\nĐã có {Count(kept)} ký tự nội dung; đồng chí gửi tiếp hoặc gõ “xong”." : "");

    public static string Received(int length) => $"Đã nhận, nội dung hiện có {Count(length)} ký tự. Gửi tiếp hoặc gõ “xong”.";

    public static string AttachmentReceived(string name) => $"📎 Đã nhận tệp đính kèm “{name}”.";

    public static string TextTooLong(int length, int max, int kept) =>
        $"Phần vừa gửi làm nội dung dài {Count(length)} ký tự, vượt giới hạn {Count(max)} ký tự nên chưa được ghi thêm. " +
        (kept > 0 ? $"Phần đã gửi trước đó ({Count(kept)} ký tự) vẫn được giữ. " : "") + "Đồng chí rút gọn rồi gửi lại, hoặc gõ “xong” để dùng phần đã có.";

    public static string Confirm(ProposalAddressee a, string topic, string text, string? attachment) =>
        $"Kiểm tra lại trước khi gửi:\nNơi nhận: {AddresseeName(a)}\nChủ đề: {topic}\nNội dung ({Count(text.Length)} ký tự): {Shorten(text, 300)}" +
        (attachment is null ? "" : $"\nTệp đính kèm: {attachment}");

    public static string Sent(string reference, ProposalAddressee a) =>
        $"✅ Đã gửi kiến nghị số {reference} tới {AddresseeName(a)}. Đồng chí ghi lại số này để theo dõi; câu trả lời sẽ được gửi đến đồng chí trong cuộc trò chuyện này. Gõ /kiennghi để xem các kiến nghị của mình.";

    public static string DraftWaiting(string? topic, int length) =>
        $"Đồng chí có một kiến nghị đang soạn dở" + (topic is null ? "" : $" (chủ đề “{topic}”") + (topic is null ? $" ({Count(length)} ký tự nội dung)." : $", {Count(length)} ký tự nội dung).");

    public static string NewNotice(string reference, string unit, string sender, ProposalAddressee a, string topic) =>
        $"📨 Kiến nghị mới {reference} từ {sender} ({unit}) gửi {AddresseeName(a)}: {topic}";

    public static string AskAnswer(string reference, int kept, int max) =>
        $"Đồng chí gõ câu trả lời cho kiến nghị {reference} (tối đa {Count(max)} ký tự, có thể gửi nhiều tin nhắn); gửi xong gõ “xong”. Gõ /huy để dừng (phần đã soạn vẫn được giữ)." +
        (kept > 0 ? $"\nĐã có {Count(kept)} ký tự; gửi tiếp hoặc gõ “xong”." : "");

    public static string AskReply(string reference, int kept, int max) =>
        $"Đồng chí gõ phản hồi cho câu trả lời về kiến nghị {reference} (tối đa {Count(max)} ký tự, có thể gửi nhiều tin nhắn); gửi xong gõ “xong”." +
        (kept > 0 ? $"\nĐã có {Count(kept)} ký tự; gửi tiếp hoặc gõ “xong”." : "");

    public static string Answered(string reference, bool delivered) =>
        $"✅ Đã lưu câu trả lời cho kiến nghị {reference}" + (delivered
            ? " và gửi đến người kiến nghị."
            : ". Người kiến nghị hiện chưa có kênh chat nhận được tin; họ sẽ thấy câu trả lời khi mở kiến nghị.");

    public static string AnswerNotice(string reference, string topic, string answerer) =>
        $"💬 Kiến nghị {reference} (“{topic}”) của đồng chí đã có câu trả lời. Người trả lời: {answerer}.";

    public static string Replied(string reference) => $"✅ Đã gửi phản hồi về kiến nghị {reference}.";

    public static string ReplyNotice(string reference, string sender) => $"💬 {sender} phản hồi câu trả lời về kiến nghị {reference}:";

    public static string AskForwardNote(string reference, ProposalAddressee to) =>
        $"Chuyển kiến nghị {reference} tới {AddresseeName(to)}. Đồng chí gõ ghi chú (số văn bản, nơi nhận cụ thể…), hoặc bấm nút để chuyển không ghi chú.";

    public static string Forwarded(string reference, ProposalAddressee to) => $"↗️ Đã chuyển kiến nghị {reference} tới {AddresseeName(to)}; người kiến nghị đã được báo.";

    public static string ForwardedNotice(string reference, ProposalAddressee to, string? note) =>
        $"↗️ Kiến nghị {reference} của đồng chí đã được chuyển tới {AddresseeName(to)}." + (note is null ? "" : $"\nGhi chú: {note}");

    public static string ClosedDone(string reference) => $"🔒 Đã đóng kiến nghị {reference}; người kiến nghị đã được báo.";

    public static string ClosedNotice(string reference, string? note) =>
        $"🔒 Kiến nghị {reference} của đồng chí đã được đóng." + (note is null ? "" : $"\nGhi chú: {note}");

    public static string MineTitle(int total) => $"📂 Kiến nghị của đồng chí ({Count(total)}):";

    public static string OverviewTitle(int news, int forwarded, int answered, int closed, int awaiting) =>
        $"📥 Kiến nghị trong phạm vi của đồng chí: {Count(news)} mới, {Count(forwarded)} đã chuyển cấp trên, {Count(answered)} đã trả lời, {Count(closed)} đã đóng.\n" +
        $"Chưa có câu trả lời (kể cả phản hồi mới của người kiến nghị): {Count(awaiting)}.";

    public static string ListTitle(string name, int total, int page, int pages) =>
        $"{name}: {Count(total)} kiến nghị" + (pages > 1 ? $" (trang {page + 1}/{pages})" : "") + ":";

    public static string ByAddresseeTitle => "🏛 Kiến nghị theo nơi nhận:";

    public static string ByUnitTitle => "🏢 Kiến nghị theo đơn vị gửi:";

    public static string Line(string reference, ProposalStatus status, string unit, string topic, bool awaitingReply) =>
        $"{StatusIcon(status)} {reference} · {StatusName(status)}{(awaitingReply ? " · có phản hồi mới" : "")} · {unit} · {Shorten(topic, 60)}";

    public static string Detail(Proposal p, string sender, string unit) =>
        $"📄 Kiến nghị {p.Reference} · {StatusName(p.Status)}\nNgười gửi: {sender} ({unit})\nNgày gửi: {When(p.CreatedAt)}\nNơi nhận: {AddresseeName(p.Addressee)}" +
        (p.ForwardedTo is { } f ? $"\nĐã chuyển tới: {AddresseeName(f)}" : "") +
        $"\nChủ đề: {p.Topic}" +
        (p.AttachmentName is { } name ? $"\nTệp đính kèm: {name} (gửi qua {p.AttachmentChannel})" : "") +
        $"\nNội dung ({Count(p.Text.Length)} ký tự):";

    public static string ThreadEntry(ProposalMessageKind kind, string who, DateTimeOffset at, string text) =>
        (kind == ProposalMessageKind.Answer ? "💬 Trả lời của " : "↩️ Phản hồi của ") + $"{who} lúc {When(at)}:\n{text}";

    public static string HistoryTitle => "🕘 Lịch sử:";

    public static string HistoryLine(ProposalStatusChange c, string who) =>
        $"{When(c.At)} – {StatusName(c.Status)} – {who}" + (c.Note is { Length: > 0 } note ? $": {Shorten(note, 200)}" : "");

    public static string Shorten(string text, int max)
    {
        var oneLine = text.ReplaceLineEndings(" ");
        return oneLine.Length <= max ? oneLine : string.Concat(oneLine.AsSpan(0, max - 1), "…");
    }
}
