namespace UnionReview.Server.Features.Documents;

/// <summary>Title block and signature of the consolidated report (section "Documents").</summary>
public sealed class DocumentOptions
{
    public const string Section = "Documents";

    /// <summary>Organisation line above the issuer (empty: the name of the top unit in scope, in capitals).</summary>
    public string Organisation { get; set; } = "";

    /// <summary>The issuing body under the organisation.</summary>
    public string Issuer { get; set; } = "BAN THƯỜNG VỤ";

    /// <summary>Document number line, left blank for the office to fill in.</summary>
    public string Number { get; set; } = "Số:        /BC-LĐLĐ";

    /// <summary>Place written before the date.</summary>
    public string Place { get; set; } = "Cao Bằng";

    /// <summary>Signature block: on behalf of…</summary>
    public string SignOnBehalf { get; set; } = "TM. BAN THƯỜNG VỤ";

    public string SignerTitle { get; set; } = "CHỦ TỊCH";

    public string SignerName { get; set; } = "";

    /// <summary>"Nơi nhận" lines.</summary>
    public List<string> Recipients { get; set; } = [];

    internal IReadOnlyList<string> EffectiveRecipients => Recipients.Count > 0 ? Recipients : ["- Ban Thường vụ LĐLĐ tỉnh (b/c);", "- Các đơn vị trực thuộc;", "- Lưu VT."];
}
