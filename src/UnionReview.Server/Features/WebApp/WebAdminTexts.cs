using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.WebApp;

internal static class WebAdminTexts
{
    public const string Title = "Quản trị";
    public const string Card = "Quản trị tổ chức";
    public const string CardText = "Đơn vị, cán bộ và vai trò, mã mời, đợt báo cáo, đề cương và nhật ký thay đổi.";
    public const string Units = "Đơn vị";
    public const string UnitsText = "Cây đơn vị: thêm, đổi tên, chuyển, giải thể; các cấp đơn vị.";
    public const string People = "Cán bộ và vai trò";
    public const string PeopleText = "Người, vai trò ở từng đơn vị, tài khoản trò chuyện đã liên kết và mã mời.";
    public const string Campaigns = "Đợt báo cáo";
    public const string CampaignsText = "Đề cương, đơn vị tham gia và hạn nộp theo từng cấp.";
    public const string Outlines = "Đề cương";
    public const string OutlinesText = "Các tệp đề cương và kết quả kiểm tra.";
    public const string Audit = "Nhật ký thay đổi";
    public const string AuditText = "Ai đã thay đổi gì, khi nào, trước và sau.";
    public const string Levels = "Các cấp đơn vị";
    public const string LevelName = "Tên cấp";
    public const string LevelRank = "Thứ bậc (0 là cấp cao nhất)";
    public const string AddLevel = "Thêm cấp";
    public const string LevelsTopOnly = "Các cấp đơn vị dùng chung cho cả hệ thống nên chỉ quản trị viên cấp cao nhất thay đổi được.";
    public const string AddUnit = "Thêm đơn vị";
    public const string Parent = "Thuộc đơn vị";
    public const string Level = "Cấp";
    public const string Name = "Tên đầy đủ";
    public const string ShortName = "Tên viết tắt (không bắt buộc)";
    public const string Rename = "Đổi tên";
    public const string Move = "Chuyển sang đơn vị khác";
    public const string MoveTo = "Chuyển về trực thuộc";
    public const string MoveButton = "Chuyển đơn vị";
    public const string Retire = "Giải thể đơn vị";
    public const string RetireText = "Đơn vị giải thể vẫn giữ báo cáo và lịch sử, nhưng không nhận đơn vị con mới và rời các đợt báo cáo đang mở mà đơn vị chưa bắt đầu.";
    public const string RetireButton = "Giải thể";
    public const string Retired = "đã giải thể";
    public const string Edit = "Sửa";
    public const string Save = "Lưu";
    public const string PersonName = "Họ và tên";
    public const string Phone = "Số điện thoại (không bắt buộc)";
    public const string Role = "Vai trò";
    public const string AddPerson = "Thêm người";
    public const string Roles = "Vai trò và đơn vị";
    public const string AddRole = "Giao thêm vai trò";
    public const string RemoveRole = "Bỏ vai trò";
    public const string ChatLinks = "Tài khoản trò chuyện đã liên kết";
    public const string NoChatLinks = "Chưa liên kết tài khoản trò chuyện nào.";
    public const string Invites = "Mã mời";
    public const string InviteDays = "Hết hạn sau (ngày)";
    public const string CreateInvite = "Tạo mã mời";
    public const string InviteHowTo = "Mỗi mã chỉ dùng được một lần. Người được mời gửi /start <mã> cho trợ lý báo cáo, bấm đường dẫn hoặc quét mã QR.";
    public const string InviteCode = "Mã mời";
    public const string InviteQr = "Mã QR của đường dẫn mời";
    public const string Expires = "Hết hạn";
    public const string Used = "Đã dùng";
    public const string NotUsed = "Chưa dùng";
    public const string Outline = "Đề cương";
    public const string StartsOn = "Bắt đầu";
    public const string Active = "Đang mở";
    public const string Closed = "Đã đóng";
    public const string Deadlines = "Hạn nộp theo cấp";
    public const string Participants = "Đơn vị tham gia trong phạm vi của đồng chí";
    public const string NoCampaigns = "Chưa có đợt báo cáo nào trong phạm vi của đồng chí.";
    public const string OutlineValid = "Hợp lệ";
    public const string OutlineInvalid = "Có lỗi";
    public const string OutlineFolder = "Thư mục đề cương";
    public const string UsedBy = "Dùng trong đợt";
    public const string When = "Thời gian";
    public const string Who = "Người thực hiện";
    public const string What = "Thay đổi";
    public const string Before = "Trước";
    public const string After = "Sau";
    public const string NoAudit = "Chưa có thay đổi nào.";
    public const string Choose = "— chọn —";

    public static string OutlineSummary(int parts, int sections, int questions, int indicators) =>
        $"{parts} phần · {sections} mục · {questions} câu hỏi · {indicators} chỉ tiêu";

    public static string MembersCount(int count) => $"{count} người";

    public static string RoleName(Role role) => role switch
    {
        Persistence.Role.Officer => "Cán bộ báo cáo",
        Persistence.Role.Committee => "Ban Thường vụ",
        Persistence.Role.Admin => "Quản trị",
        _ => role.ToString(),
    };

    /// <summary>Messages after a change, by key; the page shows only these (never text from the address).</summary>
    public static readonly IReadOnlyDictionary<string, string> Problems = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["unit-added"] = "Đã thêm đơn vị.",
        ["unit-renamed"] = "Đã đổi tên đơn vị.",
        ["unit-moved"] = "Đã chuyển đơn vị.",
        ["unit-retired"] = "Đã giải thể đơn vị.",
        ["level-added"] = "Đã thêm cấp đơn vị.",
        ["level-renamed"] = "Đã đổi tên cấp đơn vị.",
        ["person-added"] = "Đã thêm người.",
        ["role-granted"] = "Đã giao vai trò.",
        ["role-removed"] = "Đã bỏ vai trò.",
        ["invite-created"] = "Đã tạo mã mời.",
        ["nothing-changed"] = "Không có gì thay đổi.",
        ["not-found"] = "Không tìm thấy đơn vị hoặc người này trong phạm vi của đồng chí.",
        ["name-required"] = "Xin đồng chí nhập tên (không để trống, không quá dài).",
        ["level-required"] = "Xin đồng chí chọn cấp đơn vị.",
        ["move-into-itself"] = "Không thể chuyển đơn vị vào chính nó hoặc đơn vị trực thuộc nó.",
        ["retire-own-root"] = "Không thể giải thể đơn vị cao nhất trong phạm vi quản trị của đồng chí.",
        ["retire-has-children"] = "Đơn vị còn đơn vị trực thuộc đang hoạt động; xin chuyển hoặc giải thể các đơn vị đó trước.",
        ["levels-top-only"] = LevelsTopOnly,
        ["remove-own-admin"] = "Đồng chí không tự bỏ vai trò quản trị của mình được; xin nhờ quản trị viên cấp trên.",
        ["days-range"] = "Thời hạn của mã mời phải từ 1 đến 90 ngày.",
    };

    public static string ActionName(string action) => action switch
    {
        "unit-added" => "Thêm đơn vị",
        "unit-renamed" => "Đổi tên đơn vị",
        "unit-moved" => "Chuyển đơn vị",
        "unit-retired" => "Giải thể đơn vị",
        "level-added" => "Thêm cấp đơn vị",
        "level-renamed" => "Đổi tên cấp đơn vị",
        "person-added" => "Thêm người",
        "role-granted" => "Giao vai trò",
        "role-removed" => "Bỏ vai trò",
        "invite-created" => "Tạo mã mời",
        "report-returned" => "Trả lại báo cáo",
        "sign-out-everywhere" => "Đăng xuất trên mọi thiết bị",
        _ => action,
    };
}
