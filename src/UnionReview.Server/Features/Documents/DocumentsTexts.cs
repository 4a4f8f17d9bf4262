using System.Globalization;

namespace UnionReview.Server.Features.Documents;

/// <summary>Vietnamese texts of the consolidated report, the indicator workbook and their delivery.</summary>
internal static class DocumentsTexts
{
    public const string Nation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    public const string Motto = "Độc lập - Tự do - Hạnh phúc";
    public const string ReportWord = "BÁO CÁO";
    public const string ProgressHeading = "TÌNH HÌNH NỘP BÁO CÁO CỦA CÁC ĐƠN VỊ";
    public const string TablesHeading = "PHỤ LỤC: CÁC BIỂU CHỈ TIÊU";
    public const string NoAnswer = "(Chưa có đơn vị nào trả lời câu này.)";
    public const string Recipients = "Nơi nhận:";
    public const string ColumnNumber = "STT";
    public const string ColumnUnit = "Đơn vị";
    public const string ColumnStatus = "Trạng thái";
    public const string ColumnDue = "Hạn nộp";
    public const string ColumnSubmittedAt = "Ngày nộp";
    public const string ColumnAnswered = "Số câu đã trả lời";
    public const string ColumnQuestions = "Tổng số câu";
    public const string ColumnPercent = "% trả lời";
    public const string ColumnFigure = "Số liệu";
    public const string Total = "Cộng";
    public const string ProgressSheet = "Tiến độ";
    public const string NoCampaign = "Chưa có đợt báo cáo nào đang mở.";
    public const string UnknownCampaign = "Không có đợt báo cáo này.";
    public const string UnknownUnit = "Không có đơn vị này.";

    /// <summary>A report status as a table cell shows it ("Đã nộp").</summary>
    public static string Status(UnionReview.Dialogs.Engine.ReportStatus status)
    {
        var name = UnionReview.Dialogs.DialogTexts.StatusName(status);
        return name.Length == 0 ? name : char.ToUpper(name[0], CultureInfo.GetCultureInfo("vi-VN")) + name[1..];
    }

    public static string Subtitle(string campaign, int units, int submitted) =>
        $"({campaign}; tổng hợp từ báo cáo của {units} đơn vị, {submitted} đơn vị đã nộp)";

    /// <summary>The one-line subject under "BÁO CÁO": the outline's title without a leading "Báo cáo".</summary>
    public static string Subject(string title)
    {
        var t = title.Trim();
        if (t.StartsWith("Báo cáo ", StringComparison.OrdinalIgnoreCase))
        {
            t = t[8..].TrimStart();
        }

        return t.Length == 0 ? t : char.ToUpper(t[0], CultureInfo.GetCultureInfo("vi-VN")) + t[1..];
    }

    /// <summary>"Tổng hợp từ 20 đơn vị; 1 đơn vị đã nộp, 19 chưa nộp."</summary>
    public static string Coverage(int units, int submitted, bool drafts) =>
        $"Tổng hợp từ {units} đơn vị; {submitted} đơn vị đã nộp, {units - submitted} chưa nộp."
        + (drafts ? " Nội dung của báo cáo chưa nộp được đưa vào và ghi “(bản nháp)”." : units > submitted ? " Nội dung dưới đây chỉ gồm các báo cáo đã nộp." : "");

    /// <summary>How many of the reports in the body speak to a section.</summary>
    public static string SectionSynthesis(int answered, int reports) =>
        reports == 0 ? "Chưa có báo cáo nào đã nộp." : answered == 0 ? $"Chưa có đơn vị nào báo cáo nội dung này (trên {reports} báo cáo)." : $"Có {answered}/{reports} đơn vị báo cáo nội dung này.";

    public const string Draft = " (bản nháp)";
    public const string SignerPlaceholder = "(Họ và tên)";
    public const string ColumnTotal = "Tổng cộng";

    public static string PlaceAndDate(string place, DateTimeOffset local) =>
        $"{place}, ngày {local.Day:00} tháng {local.Month:00} năm {local.Year}";

    public static string Summary(int units, int submitted, int inProgress, int notStarted, DateTimeOffset local) =>
        $"Đến {local.ToString("HH:mm", CultureInfo.InvariantCulture)} ngày {local.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}: {submitted}/{units} đơn vị đã nộp báo cáo, {inProgress} đơn vị đang soạn, {notStarted} đơn vị chưa bắt đầu.";

    public static string Preparing(DocumentKind kind) => kind == DocumentKind.Report
        ? "📄 Đang lập báo cáo tổng hợp (.docx); tệp sẽ được gửi vào cuộc trò chuyện này trong giây lát."
        : "📊 Đang lập biểu chỉ tiêu (.xlsx); tệp sẽ được gửi vào cuộc trò chuyện này trong giây lát.";

    public static string Delivered(DocumentKind kind, string campaign) => kind == DocumentKind.Report
        ? $"📄 Báo cáo tổng hợp – {campaign}"
        : $"📊 Biểu chỉ tiêu và tiến độ – {campaign}";

    public const string Failed = "Không lập được tài liệu lúc này. Đồng chí thử lại sau ít phút.";
    public const string MissingOut = "Thiếu tham số --out <thư mục> để ghi tài liệu.";

    public static string Written(string path, int bytes) => $"Đã ghi {path} ({bytes.ToString("#,##0", CultureInfo.GetCultureInfo("vi-VN"))} byte).";

    public const string UnknownFile = "Không có tài liệu này. Chọn report.docx hoặc tables.xlsx.";
    public const string NotCommittee = "Tài liệu tổng hợp dành cho Ban Thường vụ.";

    public const string BadLink = "Liên kết tải tài liệu không đúng. Hãy mở lại trang /documents trên máy chạy dịch vụ và bấm vào liên kết ở đó.";

    /// <summary>The local download page: two links per committee member and campaign (<paramref name="url"/> makes each, key included).</summary>
    public static string Page(IReadOnlyList<(int Id, string Name)> people, IReadOnlyList<(int Id, string Name)> campaigns, Func<string, int, int, string> url)
    {
        ArgumentNullException.ThrowIfNull(url);
        string Href(string file, int person, int campaign) => System.Net.WebUtility.HtmlEncode(url(file, person, campaign));
        var rows = string.Concat(people.Select(p =>
            $"<li>{System.Net.WebUtility.HtmlEncode(p.Name)}<ul>" + string.Concat(campaigns.Select(c =>
                $"<li>{System.Net.WebUtility.HtmlEncode(c.Name)}: <a href=\"{Href("report.docx", p.Id, c.Id)}\">Báo cáo tổng hợp (.docx)</a> · " +
                $"<a href=\"{Href("tables.xlsx", p.Id, c.Id)}\">Biểu chỉ tiêu (.xlsx)</a></li>")) + "</ul></li>"));
        return "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Tài liệu tổng hợp</title></head><body>" +
            "<h1>Tài liệu tổng hợp</h1><p>Tài liệu gồm các đơn vị trong phạm vi của từng thành viên Ban Thường vụ.</p>" +
            (people.Count == 0 ? "<p>Chưa có thành viên Ban Thường vụ nào.</p>" : $"<ul>{rows}</ul>") +
            "<p><a href=\"/chat\">Về trang trò chuyện</a></p></body></html>";
    }
}
