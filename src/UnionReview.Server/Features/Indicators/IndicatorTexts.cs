using UnionReview.Dialogs.Model;

namespace UnionReview.Server.Features.Indicators;

/// <summary>Vietnamese texts of the indicator tables, the /chitieu command and the campaign choice.</summary>
public static class IndicatorTexts
{
    public const string ColumnNumber = "Stt", ColumnUnit = "Tên đơn vị";
    public const string TargetLabel = "KH giao", ResultLabel = "kết quả", PaidLabel = "đã nộp", PercentLabel = "đạt";
    public const string DueHeader = "Số tiền phải nộp", DueLabel = "phải nộp", OwedHeader = "Số tiền còn phải nộp", OwedLabel = "còn phải nộp";

    /// <summary>Shown instead of a figure (and instead of 0%) for a unit that has not reported it.</summary>
    public const string NoResult = "chưa có kết quả";

    public static string TargetHeader(IndicatorDefinition indicator, bool alone) => alone ? $"KH giao ({indicator.Unit})" : $"KH giao – {indicator.Unit}";

    public static string ResultHeader(IndicatorDefinition indicator, bool alone, bool paid) =>
        paid ? "Số tiền đã nộp" : alone ? $"Kết quả ({indicator.Unit})" : $"Kết quả – {indicator.Unit}";

    public static string PercentHeader(IndicatorDefinition indicator, bool alone) => alone ? "Tỷ lệ %" : $"So với KH (%) – {indicator.Unit}";

    public static string BasisHeader(IndicatorDefinition basis) => basis.Unit == "người" ? "Tổng số ĐV" : basis.Name;

    public static string BasisLabel(IndicatorDefinition basis) => basis.Unit == "người" ? "số ĐV" : basis.Name;

    public static string TotalsLabel(int rows) => $"Tổng cộng ({rows} đơn vị)";

    public static string MissingFootnote(int count) => $"{count} đơn vị chưa có kết quả.";

    // ---- chat -------------------------------------------------------------------------------------------

    public const string CommandDescription = "Bảng chỉ tiêu: KH giao, kết quả, % đạt";
    public const string Continued = "(tiếp)";
    public const string NoteMark = "📝";
    public const string NotAllowed = "Lệnh /chitieu dành cho cán bộ công đoàn và Ban Thường vụ.";
    public const string NoCampaign = "Chưa có đợt nào có bảng chỉ tiêu cho đơn vị của đồng chí.";
    public const string NoRows = "Chưa có số liệu chỉ tiêu nào trong phạm vi của đồng chí.";
    public const string StaleButton = "Nút này thuộc một tin nhắn cũ; gõ /chitieu để xem lại.";
    public const string ChooseCampaign = "Đồng chí muốn xem bảng chỉ tiêu của đợt nào?";

    public static string Heading(string campaign, string scope) => $"📊 {campaign}\nPhạm vi: {scope}";

    public static string OfficerScope(string unit) => $"{unit} (kèm tổng cộng của toàn đợt)";

    public static string TableTitle(string title) => $"■ {title.ToUpperInvariant()}";

    public static string BriefingIntro(string unit) => $"📊 Số liệu của {unit} (LĐLĐ tỉnh tổng hợp):";

    public static string BriefingNoRow(string unit) => $"📊 Bảng này chưa có số liệu của {unit}.";
}
