using UnionReview.Dialogs.Model;

namespace UnionReview.Server.Features.Indicators.Import;

/// <summary>The Vietnamese texts of target import, listing and templates.</summary>
internal static class TargetImportTexts
{
    public const string Usage =
        "targets import --campaign <mã đợt> --file <tệp.csv|tệp.xlsx> [--sheet <tên trang>] [--dry-run]   nhập KH giao\n" +
        "  targets list [--campaign <mã đợt> [--unit <mã đơn vị>]]                                      xem KH giao (không có --campaign: các đợt và mã)\n" +
        "  targets template --campaign <mã đợt> --file <tệp.csv|tệp.xlsx>                               tạo tệp mẫu để điền KH giao";

    public const string UnknownAction = "Lệnh targets cần một trong: import, list, template.";

    public static string MissingOption(string name) => $"Thiếu tham số --{name}.";

    public static string NotANumberOption(string name, string value) => $"Tham số --{name} cần một mã số, không phải “{value}”.";

    public static string NoCampaign(int id) => $"Không có đợt báo cáo mã {id}.";

    public static string NoOutline(string outlineId, string campaign) => $"Đợt “{campaign}” dùng đề cương “{outlineId}” nhưng không tìm thấy đề cương này trong thư mục dialogs.";

    public static string NoIndicators(string outlineId) => $"Đề cương “{outlineId}” không có chỉ tiêu nào (mục indicators).";

    public static string NoUnit(int id) => $"Không có đơn vị mã {id}.";

    public static string FileNotFound(string path) => $"Không tìm thấy tệp “{path}”.";

    public static string UnsupportedExtension(string path) => $"Tệp “{path}” phải có đuôi .csv hoặc .xlsx.";

    public static string UnsupportedImportExtension(string path) => $"Tệp “{path}” phải có đuôi .csv, .txt (Excel lưu dạng “Unicode Text”) hoặc .xlsx.";

    public static string NotAnXlsx(string path) => $"Không mở được “{path}” như một tệp Excel .xlsx (tệp hỏng hoặc không phải .xlsx; tệp .xls cũ cần lưu lại thành .xlsx).";

    public static string NoSheet(string name, IEnumerable<string> sheets) => $"Tệp không có trang “{name}”. Các trang có: {string.Join(", ", sheets.Select(s => $"“{s}”"))}.";

    public const string NoWorksheet = "Tệp Excel không có trang tính nào.";

    public const string EmptyFile = "Tệp trống: không có dòng tiêu đề (ví dụ: don_vi;chi_tieu;kh_giao).";

    public const string UnclosedQuote = "dấu ngoặc kép (\") mở mà không đóng.";

    public const string TooManyCells = "dòng có nhiều ô hơn dòng tiêu đề.";

    public static string MissingColumn(string column) => $"thiếu cột “{column}”. Dòng tiêu đề cần các cột don_vi, chi_tieu, kh_giao (hoặc don_vi và một cột cho mỗi chỉ tiêu).";

    public static string DuplicateColumn(string column, string first) => $"cột “{column}” trùng với cột ở {first}.";

    public static string UnknownIndicatorColumn(string header, IEnumerable<IndicatorDefinition> indicators) =>
        $"tiêu đề “{header}” không phải cột don_vi và không phải chỉ tiêu của đề cương. {IndicatorList(indicators)}";

    public const string NoIndicatorColumns = "dòng tiêu đề không có cột chỉ tiêu nào: cần các cột don_vi, chi_tieu, kh_giao, hoặc don_vi và một cột cho mỗi chỉ tiêu.";

    public const string EmptyUnit = "thiếu đơn vị (ghi mã hoặc tên đơn vị).";

    public const string EmptyIndicator = "thiếu chỉ tiêu (ghi mã hoặc tên chỉ tiêu).";

    public static string UnknownUnitName(string name) => $"không có đơn vị tên “{name}” (tên phải viết đúng như trong danh sách đơn vị, kể cả dấu và chữ hoa; xem “units list”).";

    public static string UnknownUnitId(string id) => $"không có đơn vị mã {id}.";

    public static string AmbiguousUnit(string name, IEnumerable<int> ids) => $"có nhiều đơn vị tên “{name}” (mã {string.Join(", ", ids)}): ghi mã đơn vị thay cho tên.";

    public static string NotInCampaign(string unit, int id, string campaign) => $"đơn vị “{unit}” (mã {id}) không tham gia đợt “{campaign}”.";

    public static string UnknownIndicator(string text, IEnumerable<IndicatorDefinition> indicators) => $"không có chỉ tiêu “{text}” trong đề cương. {IndicatorList(indicators)}";

    public static string Negative(string text) => $"KH giao “{text}” là số âm; KH giao phải từ 0 trở lên.";

    public static string Duplicate(string first) => $"trùng đơn vị và chỉ tiêu với {first}; mỗi đơn vị chỉ có một KH giao cho một chỉ tiêu.";

    public static string Errors(int count, string file) => $"Tệp “{file}” có {count} lỗi; chưa nhập dòng nào. Sửa các lỗi dưới đây rồi nhập lại:";

    public static string MoreErrors(int count) => $"… và {count} lỗi khác.";

    public static string Summary(bool dryRun, string campaign, int added, int changed, int unchanged, int blank) =>
        (dryRun ? $"Kiểm tra xong, tệp hợp lệ (chạy thử: chưa ghi gì vào đợt “{campaign}”). Nếu nhập sẽ có: " : $"Đã nhập KH giao cho đợt “{campaign}”: ") +
        $"thêm mới {added}, thay đổi {changed}, giữ nguyên {unchanged}" + (blank > 0 ? $"; bỏ trống {blank} ô (không đổi gì)." : ".");

    public static string ChangeLine(string unit, IndicatorDefinition indicator, decimal? before, decimal after) =>
        before is { } b
            ? $"  {unit} · {indicator.Name}: {Value(indicator, b)} → {Value(indicator, after)}"
            : $"  {unit} · {indicator.Name}: {Value(indicator, after)} (mới)";

    public static string ListHeader(string campaign) => $"KH giao của đợt “{campaign}”:";

    public static string ListLine(string unit, int unitId, IndicatorDefinition? indicator, string indicatorId, decimal target) =>
        $"{unitId,5}  {unit} · {indicator?.Name ?? indicatorId}: {(indicator is null ? VietnameseFormat.Number(target) : Value(indicator, target))}";

    public const string ListEmpty = "Chưa có KH giao nào.";

    public const string CampaignsHeader = "Các đợt báo cáo (mã, tên, đề cương, số đơn vị tham gia, số KH giao):";

    public static string CampaignLine(int id, string name, string outline, bool active, int units, int targets) =>
        $"{id,5}  {name}  [{outline}]  {units} đơn vị, {targets} KH giao" + (active ? "" : " (đã kết thúc)");

    public static string TemplateWritten(string path, int units, int indicators) =>
        $"Đã tạo tệp mẫu “{path}”: {units} đơn vị × {indicators} chỉ tiêu. Điền cột kh_giao (ô để trống thì không đổi gì) rồi nhập bằng “targets import”.";

    /// <summary>The template's header row, in file order.</summary>
    public static readonly string[] TemplateHeader = ["don_vi", "chi_tieu", "kh_giao", "ten_chi_tieu", "don_vi_tinh"];

    public const string TemplateSheet = "KH giao";

    public static string Value(IndicatorDefinition indicator, decimal value) =>
        indicator.Unit is "đồng" or "đ" ? VietnameseFormat.Money(value) : $"{VietnameseFormat.Number(value)} {indicator.Unit}";

    private static string IndicatorList(IEnumerable<IndicatorDefinition> indicators) =>
        "Các chỉ tiêu: " + string.Join("; ", indicators.Select(i => $"{i.Id} ({i.Name})")) + ".";

    public static string CsvLocation(int line, int column, string? header) => $"dòng {line}, cột {column}" + (header is null ? "" : $" “{header}”");

    public static string CsvRowLocation(int line) => $"dòng {line}";

    public static string SheetLocation(string sheet, string cell, string? header) => $"{sheet}!{cell}" + (header is null ? "" : $" (cột “{header}”)");

    public static string SheetRowLocation(string sheet, int row) => $"{sheet} hàng {row}";
}
