using System.Globalization;
using System.Text.RegularExpressions;

namespace UnionReview.Server.Tests.Indicators;

/// <summary>The four 2019 tables as printed in seed 004, read from the seed file itself (cells are tab-led lines, rows end at a blank line).</summary>
public static partial class SeedTables
{
    public static string SeedPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "UnionReview.sln")))
            {
                return Path.Combine(dir.FullName, "..", "shared", "seeds", "004_4a5d1ce6622f554a.txt");
            }
        }

        throw new DirectoryNotFoundException("repository root not found above the test binaries");
    }

    /// <summary>Rows (cells trimmed) of the table between two headings of the seed, keeping rows that start with a row number.</summary>
    public static List<string[]> Rows(string startMarker, string endMarker, int cells)
    {
        var lines = File.ReadAllLines(SeedPath());
        var start = Array.FindIndex(lines, l => l.Contains(startMarker, StringComparison.Ordinal));
        var end = Array.FindIndex(lines, start + 1, l => l.Contains(endMarker, StringComparison.Ordinal));
        var rows = new List<string[]>();
        var block = new List<string>();
        foreach (var line in lines[start..end].Append(""))
        {
            if (line.StartsWith('\t'))
            {
                block.Add(line.Trim());
                continue;
            }

            if (block.Count == cells && RowNumber().IsMatch(block[0]))
            {
                rows.Add([.. block]);
            }

            block.Clear();
        }

        return rows;
    }

    [GeneratedRegex(@"^\d+\.?$")]
    private static partial Regex RowNumber();

    /// <summary>Members recruited and grassroots unions founded: Stt, unit, KH CĐCS, KH ĐV, CĐCS, %, ĐV, %.</summary>
    public static List<string[]> Recruitment() => Rows("3.1. Công tác phát triển đoàn viên", "3.2. Công tác tuyên truyền", 8);

    /// <summary>News items: Stt, unit, items, %.</summary>
    public static List<string[]> News() => Rows("DANH SÁCH TIN, BÀI", "3.3. Thực hiện Kế hoạch 28", 4);

    /// <summary>Social fund: TT, unit, members, due, paid, outstanding, %, note.</summary>
    public static List<string[]> SocialFund() => Rows("BIỂU TỔNG HỢP THU QUỸ XÃ HỘI", "4. Các chỉ tiêu thực hiện", 8);

    /// <summary>A number as the seed prints it: 1.380, 78.800.000, 233,3, 102%, 07.</summary>
    public static decimal? Number(string cell)
    {
        var text = cell.Replace("%", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal).Replace(',', '.').Trim();
        return text.Length == 0 ? null : decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
    }

    /// <summary>Decimal places a percentage is printed with (233,3 → 1; 102% → 0).</summary>
    public static int Decimals(string cell)
    {
        var comma = cell.IndexOf(',', StringComparison.Ordinal);
        return comma < 0 ? 0 : cell.Replace("%", "", StringComparison.Ordinal).Trim().Length - comma - 1;
    }

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["công đoàn ngành giáo dục - đào tạo"] = "CĐ ngành GD&ĐT",
        ["công đoàn ngành y tế"] = "CĐ ngành Y tế",
        ["cđ viên chức tỉnh"] = "CĐVC tỉnh",
        ["cđngành nn & ptnt"] = "CĐ ngành NN",
        ["ban cspl- kiểm tra"] = "Ban CSPL - Kiểm tra",
    };

    /// <summary>The demo unit a seed row names ("LĐLĐ huyện Bảo Lạc", "LĐLĐ thành phố ", "CĐ Viên chức tỉnh"…).</summary>
    public static string UnitName(string cell)
    {
        var key = string.Join(' ', cell.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant().Replace("lđlđ huyện ", "lđlđ ", StringComparison.Ordinal);
        if (Aliases.TryGetValue(key, out var alias))
        {
            return alias;
        }

        return Server.Features.Organisation.DemoSeeder.UpperLevelUnits.Concat(Server.Features.Organisation.DemoSeeder.Departments)
            .Single(n => string.Equals(n.ToLowerInvariant(), key, StringComparison.Ordinal));
    }
}
