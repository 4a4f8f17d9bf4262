namespace UnionReview.Server.Features.Charts;

/// <summary>
/// The fonts charts are drawn with. ScottPlot draws no text at all when it finds no font, so a regular and a bold
/// font with Vietnamese glyphs are registered explicitly: the first pair found among <see cref="Candidates"/>
/// (DejaVu Sans from Debian's <c>fonts-dejavu-core</c>, Noto Sans, Liberation Sans). When none is found the charts
/// are not drawn and the service says so at start and at <c>/health</c>.
/// </summary>
public static class ChartFonts
{
    /// <summary>The name the charts use for the registered font.</summary>
    public const string Family = "UnionReview Sans";

    /// <summary>Regular and bold files looked for, in order; <c>Charts:FontDirectory</c> is looked in first.</summary>
    public static readonly IReadOnlyList<(string Directory, string Regular, string Bold)> Candidates =
    [
        ("/usr/share/fonts/truetype/dejavu", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
        ("/usr/share/fonts/dejavu", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
        ("/usr/share/fonts/TTF", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
        ("/usr/share/fonts/truetype/noto", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
        ("/usr/share/fonts/noto", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
        ("/usr/share/fonts/truetype/liberation", "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
        ("/Library/Fonts", "Arial Unicode.ttf", "Arial Bold.ttf"),
        ("C:\\Windows\\Fonts", "arial.ttf", "arialbd.ttf"),
    ];

    private static readonly Lock Gate = new();
    private static (string Regular, string Bold)? registered;
    private static bool tried;

    /// <summary>What to install when no font is found (shown at start and at /health).</summary>
    public const string Missing =
        "Không tìm thấy phông chữ có dấu tiếng Việt để vẽ biểu đồ; biểu đồ sẽ không được gửi. Cài gói fonts-dejavu-core (Debian/Ubuntu: apt-get install fonts-dejavu-core) hoặc đặt Charts:FontDirectory tới thư mục có DejaVuSans.ttf và DejaVuSans-Bold.ttf.";

    /// <summary>The regular and bold files registered, or null when none was found.</summary>
    public static (string Regular, string Bold)? Registered
    {
        get
        {
            Ensure(null);
            return registered;
        }
    }

    /// <summary>True when charts can be drawn with readable labels.</summary>
    public static bool Available => Registered is not null;

    /// <summary>One line for the start-up log and /health.</summary>
    public static string Status => Registered is { } f ? $"Phông chữ biểu đồ: {f.Regular}, {f.Bold}" : Missing;

    /// <summary>Finds and registers the fonts once; <paramref name="directory"/> (if any) is looked in first.</summary>
    public static bool Ensure(string? directory)
    {
        lock (Gate)
        {
            if (tried && (registered is not null || directory is null))
            {
                return registered is not null;
            }

            tried = true;
            foreach (var (dir, regularName, boldName) in Search(directory))
            {
                var regular = Path.Combine(dir, regularName);
                var bold = Path.Combine(dir, boldName);
                if (!File.Exists(regular))
                {
                    continue;
                }

                if (!File.Exists(bold))
                {
                    bold = regular;
                }

                ScottPlot.Fonts.AddFontFile(Family, regular, bold: false, italic: false);
                ScottPlot.Fonts.AddFontFile(Family, bold, bold: true, italic: false);
                ScottPlot.Fonts.Default = Family;
                registered = (regular, bold);
                return true;
            }

            return false;
        }
    }

    private static IEnumerable<(string, string, string)> Search(string? directory)
    {
        if (!string.IsNullOrWhiteSpace(directory))
        {
            yield return (directory, "DejaVuSans.ttf", "DejaVuSans-Bold.ttf");
            yield return (directory, "NotoSans-Regular.ttf", "NotoSans-Bold.ttf");
        }

        foreach (var c in Candidates)
        {
            yield return c;
        }
    }
}
