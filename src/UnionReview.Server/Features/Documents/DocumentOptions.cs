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

    /// <summary>"Nơi nhận" lines: the bodies above the issuer the report goes to ("- Lưu: VT." is added when missing).</summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>
    /// The public https address of the service as people and chat apps reach it through the reverse proxy (for example
    /// https://baocao.example.vn). Chat apps that cannot carry files (Zalo) get download links and chart pictures from
    /// it (<see cref="SharedFiles"/>). Empty: WebApp:PublicUrl if set; otherwise no links are made.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>How long a download link works (it is for one person only).</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Whether reports not yet submitted are put in the body too (each marked as a draft).</summary>
    public bool IncludeDrafts { get; set; }

    internal IReadOnlyList<string> EffectiveRecipients
    {
        get
        {
            List<string> lines = Recipients.Count > 0 ? [.. Recipients] : ["- Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam (để b/c);", "- Thường trực Tỉnh ủy (để b/c);"];
            if (!lines.Any(l => l.Contains("Lưu", StringComparison.Ordinal)))
            {
                lines.Add("- Lưu: VT.");
            }

            return lines;
        }
    }
}
