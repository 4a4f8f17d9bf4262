using System.Globalization;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Model;

namespace UnionReview.Dialogs;

/// <summary>Every sentence the dialog engine says, in Vietnamese, in one place.</summary>
public static class DialogTexts
{
    /// <summary>Button labels.</summary>
    public const string ButtonBack = "◀️ Quay lại", ButtonSkip = "⏭ Bỏ qua", ButtonKeep = "▶️ Giữ nguyên, tiếp", ButtonMenu = "☰ Mục lục",
        ButtonReview = "👁 Xem lại", ButtonReviewAll = "👁 Xem toàn bộ", ButtonSubmit = "📤 Nộp báo cáo", ButtonConfirmSubmit = "✅ Xác nhận nộp",
        ButtonCancel = "✖️ Hủy", ButtonContinue = "▶️ Tiếp tục", ButtonDone = "✅ Xong", ButtonClearDraft = "🗑 Xóa phần đang soạn",
        ButtonKeepFigure = "✔️ Đúng, giữ số này", ButtonRetypeFigure = "✏️ Nhập lại", ButtonAnswerMissing = "➡️ Trả lời câu còn thiếu",
        ButtonProgress = "📊 Tiến độ", Yes = "Có", No = "Không";

    /// <summary>Label of the button that edits question <paramref name="number"/>.</summary>
    public static string ButtonEdit(int number) => $"✏️ Sửa câu {number}";

    /// <summary>Heading for the outline's guidance.</summary>
    public const string GuidanceTitle = "Nội dung cần đánh giá:";
    /// <summary>Marks optional questions.</summary>
    public const string OptionalMark = " (không bắt buộc)";
    /// <summary>Shown for questions without an answer.</summary>
    public const string NotAnswered = "➜ (chưa trả lời)";

    internal const string NumberEmpty = "Đồng chí chưa nhập số nào.";

    internal static string NumberUnreadable(string input, string? unit = null) =>
        $"Không đọc được “{input}” thành một số. Hãy nhập số, ví dụ: {NumberExamples(unit)}.";

    /// <summary>Examples fit for the question: money for sums, plain counts for head counts and other units.</summary>
    internal static string NumberExamples(string? unit) => unit switch
    {
        null or "đồng" => "1.250 hoặc 1,5 triệu hoặc 80.750.000đ",
        "%" => "85 hoặc 92,5%",
        _ => $"86 hoặc 1.250 {unit}",
    };

    internal static string NumberBadSeparators(string input) =>
        $"Số “{input}” có dấu phân cách không đúng chỗ. Dùng dấu chấm để tách hàng nghìn (1.483.900) và dấu phẩy cho phần thập phân (233,3).";

    internal static string NumberTooManyDigits(string input) =>
        $"Số “{input}” có quá nhiều chữ số (tối đa 18 chữ số phần nguyên, 10 chữ số phần thập phân). Đồng chí kiểm tra lại giúp.";

    internal static string NumberDigitsNotRecognised(string input) =>
        $"Không nhận ra chữ số trong “{input}”. Đồng chí gõ số bằng các chữ số 0–9, ví dụ: 1.250 hoặc 233,3.";

    internal static string NumberUnitMismatch(string input, string found, string expected) =>
        $"Câu này tính bằng đơn vị “{expected}”, còn “{input}” ghi đơn vị “{found}”. Đồng chí nhập lại số {expected}, ví dụ: 12 {expected}.";

    internal static string NumberAmbiguous(string input, decimal asDecimal, decimal asThousands) =>
        $"Số “{input}” có thể hiểu là {ShowExact(asDecimal)} hoặc {ShowExact(asThousands)}. Đồng chí ghi rõ: {ShowExact(asDecimal)} (dấu phẩy trước phần thập phân) hoặc {ShowExact(asThousands)} (dấu chấm chỉ để tách hàng nghìn).";

    internal static string NumberTooLong(int length, int max) =>
        $"Câu trả lời dài {VietnameseFormat.Number(length)} ký tự, quá dài cho một con số (tối đa {VietnameseFormat.Number(max)} ký tự). Đồng chí chỉ nhập số, ví dụ: 1.250 hoặc 1,5 triệu.";

    internal static string WhichReading(string? input, decimal first, decimal second) =>
        $"❓ {(input is null ? "Số đồng chí vừa nhập" : $"Số “{input}”")} có thể hiểu theo hai cách: {ShowExact(first)} hay {ShowExact(second)}?\n" +
        $"Đồng chí bấm nút, gõ 1 (nghĩa là {ShowExact(first)}) hoặc 2 (nghĩa là {ShowExact(second)}), hoặc gõ lại số cho rõ.";

    internal static string ReadingChoice(int index, decimal value) => $"{index}) {ShowExact(value)}";

    internal const string ReadingExpected = "Đồng chí chọn một trong hai cách đọc: bấm nút, gõ 1 hoặc 2, hoặc gõ lại số.";

    /// <summary>A value with every decimal it has (0,5; 1.234,567), so two readings never look the same.</summary>
    internal static string ShowExact(decimal value) => value.ToString("#,##0.##########", VietnameseFormat.Culture);

    internal static string NumberNotWhole(string input) => $"“{input}” không phải số nguyên; câu này cần một số nguyên, ví dụ 1.250.";

    internal static string NumberTooSmall(decimal value, decimal min, bool money) =>
        $"Số {Show(value, money)} nhỏ hơn mức tối thiểu {Show(min, money)}.";

    internal static string NumberTooLarge(decimal value, decimal max, bool money) =>
        $"Số {Show(value, money)} lớn hơn mức tối đa {Show(max, money)}. Đồng chí kiểm tra lại giúp.";

    internal static string NumberAboveOtherAnswer(string value, string limit, int otherNumber, string otherPrompt) =>
        $"Số {value} lớn hơn {limit} đã trả lời ở câu {otherNumber} (“{otherPrompt}”), nên chưa được lưu. Đồng chí kiểm tra lại số này, hoặc sửa câu {otherNumber} trước.";

    private static string Show(decimal value, bool money) => money ? VietnameseFormat.Money(value) : VietnameseFormat.Number(value);

    internal static string Welcome(OutlineDefinition outline, string unit, DateOnly? deadline, DateOnly? today) =>
        $"Chào đồng chí! Đây là {outline.Title} của {unit}." +
        (outline.Description is null ? "" : "\n" + outline.Description) +
        $"\nĐề cương có {outline.Sections.Count} mục, {outline.Questions.Count} câu hỏi. Mọi câu trả lời được lưu ngay; đồng chí có thể dừng và quay lại bất cứ lúc nào." +
        (deadline is { } d ? "\n" + DeadlineLine(d, today, ReportStatus.NotStarted) : "") +
        "\nGõ /trogiup để xem các lệnh.";

    /// <summary>The deadline, and how late the report is once it has passed (a submitted report is never late).</summary>
    internal static string DeadlineLine(DateOnly deadline, DateOnly? today, ReportStatus status)
    {
        var date = deadline.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        if (status == ReportStatus.Submitted || today is not { } t || t < deadline)
        {
            return $"Hạn nộp: {date}.";
        }

        return t == deadline
            ? $"⏰ Hạn nộp là hôm nay ({date})."
            : $"⏰ Báo cáo đã quá hạn {t.DayNumber - deadline.DayNumber} ngày (hạn nộp: {date}). Đồng chí hoàn thành và nộp sớm giúp.";
    }

    /// <summary>True when the deadline has passed and the report is not submitted.</summary>
    internal static bool IsOverdue(DateOnly? deadline, DateOnly? today, ReportStatus status) =>
        status != ReportStatus.Submitted && deadline is { } d && today is { } t && t > d;

    internal static string ReturnedForRevision(string note) => $"📝 Báo cáo đã được Ban Thường vụ trả lại để bổ sung, chỉnh sửa.\nÝ kiến: {note}";

    internal static string DraftKept(int length) => $"Phần nội dung đang soạn dở ({length} ký tự) vẫn được giữ nguyên.";

    internal const string AlreadyFirst = "Đây đã là câu hỏi đầu tiên.";
    internal const string CannotSkipRequired = "Câu này bắt buộc nên không bỏ qua được. Đồng chí có thể chuyển sang mục khác qua ☰ Mục lục và quay lại sau.";
    internal const string SubmitCancelled = "Đã hủy việc nộp. Báo cáo vẫn mở để đồng chí chỉnh sửa.";
    internal const string NothingToCancel = "Không có việc gì đang chờ để hủy.";
    internal const string StaleButton = "Nút này thuộc một tin nhắn cũ và không còn dùng được. Không có gì bị thay đổi.";
    internal const string StaleButtonWithQuestion = "Nút này thuộc một câu hỏi trước đó nên không được áp dụng; không có gì bị thay đổi. Câu hỏi hiện tại:";

    internal const string TypedAfterEnd = "Mọi câu hỏi đã có câu trả lời nên nội dung vừa gõ chưa được lưu vào câu nào. Muốn sửa một câu, đồng chí bấm “Xem lại”, chọn mục rồi bấm “Sửa câu”.";

    internal static string NotASectionCode(string typed) =>
        $"“{typed}” không phải mã mục trong đề cương nên chưa được lưu vào câu nào. Đồng chí bấm một mã mục, hoặc bấm “Tiếp tục” để trả lời tiếp.";

    internal static string UnknownCommand(string name) => $"Không có lệnh “{name}”. Gõ /trogiup để xem các lệnh dùng được.";

    internal const string Help =
        "Các lệnh:\n/baocao – bắt đầu hoặc tiếp tục báo cáo\n/tiep – tiếp tục câu đang dở\n/quaylai – về câu trước\n/boqua – bỏ qua câu không bắt buộc\n" +
        "/mucluc – chọn mục\n/xem – xem lại các câu trả lời\n/tiendo – xem tiến độ\n/nop – nộp báo cáo\n/huy – hủy thao tác đang chờ\n/kiennghi – gửi kiến nghị, đề xuất\n/trogiup – trợ giúp\n\n" +
        "Câu trả lời dài có thể gửi thành nhiều tin nhắn; gửi xong gõ “xong”. Số viết như 1.483.900, 1 483 900, 1,5 triệu, 2 tỷ, 233,3 đều được (dấu chấm tách hàng nghìn, dấu phẩy trước phần thập phân).";

    internal static string MenuTitle(string title) => $"☰ Mục lục – {title}\nChọn mục muốn trả lời:";

    internal static string ProgressReport(SectionDefinition? section, int sections, int answered, int total, int percent, int missing, ReportStatus status, DateOnly? deadline, DateOnly? today) =>
        $"📊 Tiến độ: {(section is null ? "chưa bắt đầu" : $"mục {section.Index + 1}/{sections} ({section.Label})")}\n" +
        $"Đã trả lời {answered}/{total} câu ({percent}%). Câu bắt buộc còn thiếu: {missing}.\nTrạng thái: {StatusName(status)}." +
        (deadline is { } d ? "\n" + DeadlineLine(d, today, status) : "");

    /// <summary>Vietnamese name of a report status.</summary>
    public static string StatusName(ReportStatus status) => status switch
    {
        ReportStatus.NotStarted => "chưa bắt đầu",
        ReportStatus.InProgress => "đang soạn",
        ReportStatus.Submitted => "đã nộp",
        ReportStatus.Returned => "được trả lại để chỉnh sửa",
        _ => status.ToString(),
    };

    internal static string ReviewTitle(string unit, ReportStatus status) => $"👁 Xem lại báo cáo – {unit} ({StatusName(status)})";

    internal static string AnsweredShare(int answered, int total, int percent) => $"Đã trả lời {answered}/{total} câu ({percent}%).";

    internal static string UnansweredInSection(int open) => $"◦ còn {open} câu chưa trả lời";

    internal const string ReviewHint = "Chọn mã mục bên dưới để xem đầy đủ và sửa câu trả lời.";

    internal static string QuestionNumber(int number, int total) => $"Câu {number}/{total}";

    internal static string SubmitRefused(int count, string list, int more) =>
        $"Chưa nộp được: còn {count} câu bắt buộc chưa trả lời:\n{list}" + (more > 0 ? $"\n… và {more} câu khác." : "");

    internal static string ConfirmSubmit(string unit, int answered, int total) =>
        $"Nộp báo cáo của {unit}? Đã trả lời {answered}/{total} câu. Sau khi nộp, báo cáo sẽ bị khóa; muốn sửa phải đề nghị Ban Thường vụ trả lại.";

    internal static string Submitted(string unit) => $"✅ Đã nộp báo cáo của {unit}. Cảm ơn đồng chí! Báo cáo đã được khóa; đồng chí vẫn có thể xem lại.";

    internal static string ReportLocked(string unit) => $"🔒 Báo cáo của {unit} đã nộp và đang khóa. Muốn sửa, đề nghị Ban Thường vụ trả lại báo cáo.";

    internal static string AlreadySubmitted(string unit) => $"Báo cáo của {unit} đã được nộp rồi.";

    internal static string AllAnswered(int answered, int total) =>
        $"🎉 Đồng chí đã đi hết đề cương ({answered}/{total} câu có trả lời). Hãy xem lại rồi bấm “Nộp báo cáo”.";

    internal static string EndWithMissing(int missing) => $"Đã đến cuối đề cương nhưng còn {missing} câu bắt buộc chưa trả lời.";

    internal static string TextTooLong(int length, int max, int kept) =>
        $"Phần vừa gửi làm câu trả lời dài {VietnameseFormat.Number(length)} ký tự, vượt giới hạn {VietnameseFormat.Number(max)} ký tự nên chưa được ghi thêm. " +
        (kept > 0 ? $"Phần đã gửi trước đó ({VietnameseFormat.Number(kept)} ký tự) vẫn được giữ. " : "") + "Đồng chí rút gọn rồi gửi lại, hoặc bấm “Xong” để lưu phần đã có.";

    internal static string TextTooShort(int length, int min) => $"Câu trả lời mới có {length} ký tự; cần ít nhất {min} ký tự. Đồng chí gửi thêm nội dung.";

    internal static string DraftReceived(int length) =>
        $"📝 Đã nhận ({VietnameseFormat.Number(length)} ký tự). Gửi tiếp nếu còn; khi hết bấm “Xong” hoặc gõ “xong” để lưu câu trả lời.";

    internal static string DraftSoFar(int length) => $"📝 Đang soạn: {VietnameseFormat.Number(length)} ký tự đã nhận.";

    internal static string DraftSavedOnLeave(int length) => $"💾 Đã lưu phần nội dung đang soạn ({VietnameseFormat.Number(length)} ký tự) làm câu trả lời.";

    internal const string DraftCleared = "Đã xóa phần nội dung đang soạn (câu trả lời đã lưu trước đó, nếu có, vẫn giữ nguyên).";
    internal const string EmptyDraft = "Chưa có nội dung nào cho câu này. Đồng chí gõ câu trả lời rồi gõ “xong”.";
    internal const string EmptyDraftKeepsOld = "Chưa có nội dung mới; câu trả lời cũ vẫn giữ nguyên.";
    internal const string ChooseAtLeastOne = "Đồng chí chọn ít nhất một mục.";
    internal const string YesNoExpected = "Đồng chí trả lời “có” hoặc “không” (hoặc bấm nút).";
    internal const string Saved = "✔️ Đã lưu.";
    internal const string NoteSaved = "Lời giải trình đã được lưu kèm số liệu.";
    internal const string RetypeFigure = "Được, đồng chí nhập lại số liệu.";
    /// <summary>Label of the button that leaves a follow-up unanswered.</summary>
    public const string ButtonSkipFollowUp = "⏭ Chưa có giải pháp, bỏ qua";
    internal const string SolutionSaved = "✔️ Đã lưu giải pháp kèm câu trả lời.";
    internal const string EmptyFollowUp = "Chưa có nội dung giải pháp.";
    internal const string FollowUpSavedOnLeave = "💾 Đã lưu phần giải pháp đang soạn kèm câu trả lời.";

    internal static string AskSolution(int draftLength) =>
        "💡 Câu trả lời mới nêu vấn đề, chưa thấy giải pháp. Định hướng thảo luận đề nghị nêu giải pháp cụ thể " +
        "(việc gì, ai làm, khi nào; vai trò tham mưu, chủ động của đơn vị mình), không nêu chung chung hay chuyển trách nhiệm.\n" +
        "Đồng chí gõ giải pháp (có thể gửi nhiều tin nhắn), gửi xong gõ “xong”; nếu chưa có giải pháp, bấm “Bỏ qua”." +
        (draftLength > 0 ? $"\n📝 Đang soạn: {VietnameseFormat.Number(draftLength)} ký tự đã nhận." : "");

    internal static string NoteTooLong(int length, int max) => $"Lời giải trình dài {VietnameseFormat.Number(length)} ký tự, tối đa {VietnameseFormat.Number(max)}. Đồng chí rút gọn giúp.";

    internal static string SavedText(int length) => $"✔️ Đã lưu câu trả lời ({VietnameseFormat.Number(length)} ký tự).";

    internal static string SavedNumber(string value) => $"✔️ Đã lưu: {value}.";

    internal static string Achievement(decimal percent, string target, int decimals) =>
        $"Đạt {VietnameseFormat.Percent(percent, decimals)} so với KH giao ({target}).";

    internal static string TargetLine(string target) => $"🎯 KH giao: {target}";

    internal static string FigureQuestioned(string value, string target, decimal? percent, int decimals) =>
        $"⚠️ Số {value} bằng {(percent is { } p ? VietnameseFormat.Percent(p, decimals) : "?")} KH giao ({target}) – khác thường. " +
        "Đồng chí kiểm tra lại: nếu đúng, bấm “Đúng, giữ số này” hoặc gõ lời giải trình; nếu sai, gõ lại số đúng.";

    internal static string UnknownOption(string piece, int count) => $"Không có lựa chọn “{piece}”. Bấm một nút hoặc gõ số thứ tự từ 1 đến {count}.";

    internal static string QuestionHeader(SectionDefinition section, int sections, int percent) =>
        $"📋 {section.Label}\nMục {section.Index + 1}/{sections} · đã trả lời {percent}%";

    internal static string CurrentAnswer(string value) => $"Câu trả lời hiện tại: {value}\n(Gửi câu trả lời mới để thay thế, hoặc bấm “Giữ nguyên, tiếp”.)";

    internal static string KindHint(QuestionDefinition q) => q.Kind switch
    {
        QuestionKind.Text => $"✍️ Trả lời bằng văn bản (tối đa {VietnameseFormat.Number(q.MaxLength)} ký tự, có thể gửi nhiều tin nhắn); gửi xong gõ “xong”.",
        QuestionKind.Number => $"🔢 Nhập một số{(q.Unit is null ? "" : $" ({q.Unit})")}, ví dụ {(q.WholeNumber ? "1.250" : "12,5 (dấu phẩy trước phần thập phân)")}.",
        QuestionKind.Money => "💰 Nhập số tiền (đồng), ví dụ 80.750.000đ hoặc 1,5 triệu.",
        QuestionKind.Indicator => $"🔢 Nhập kết quả thực hiện{(q.Unit is null ? "" : $" ({q.Unit})")}; có thể kèm giải trình trong ngoặc, ví dụ: 12 (kết nạp thêm đợt Tháng Công nhân).",
        QuestionKind.Choice => q.Multiple ? "☑️ Chọn một hoặc nhiều mục rồi bấm “Xong” (hoặc gõ số thứ tự, cách nhau bằng dấu phẩy)." : "Chọn một mục (hoặc gõ số thứ tự).",
        QuestionKind.YesNo => "Trả lời Có hoặc Không.",
        _ => "",
    };
}
