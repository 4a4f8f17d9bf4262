using System.Text;
using UnionReview.Server.Tests.Infrastructure;
using static UnionReview.Server.Tests.Indicators.Import.TargetFiles;

namespace UnionReview.Server.Tests.Indicators.Import;

public sealed class TargetTemplateTests
{
    [Fact]
    public async Task A_csv_template_lists_every_participating_unit_and_indicator_and_imports_back_once_filled()
    {
        await using var host = new ServiceHost();
        var c = await TargetCampaign.CreateAsync(host);
        var path = Path.Combine(host.Folder, "mau.csv");

        var made = await Run(host, "targets", "template", "--campaign", c.Id, "--file", path);

        Assert.Equal(0, made.ExitCode);
        Assert.Contains("5 đơn vị × 4 chỉ tiêu", made.Output, StringComparison.Ordinal);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("don_vi;chi_tieu;kh_giao;ten_chi_tieu;don_vi_tinh", lines[0]);
        Assert.Equal(1 + (5 * 4), lines.Length);
        // Tree order: Bảo Lạc (sort 1) before Phục Hòa (sort 2), each followed by its grassroots union; twins by id; the outsider is absent.
        Assert.Equal($"{TargetCampaign.BaoLacName};doan-vien-moi;;Phát triển đoàn viên mới;người", lines[1]);
        Assert.Equal($"{c.Twin2};doan-vien-moi;;Phát triển đoàn viên mới;người", lines[5]);
        Assert.Equal($"{TargetCampaign.PhucHoaName};doan-vien-moi;;Phát triển đoàn viên mới;người", lines[9]);
        Assert.Equal($"{c.Twin1};tin-bai;;Tin, bài đăng trên trang thông tin điện tử;tin bài", lines[15]);
        Assert.DoesNotContain(lines, l => l.Contains(TargetCampaign.OutsiderName, StringComparison.Ordinal));

        // Staff fill two cells and leave the rest empty.
        lines[1] = lines[1].Replace(";;", ";20;", StringComparison.Ordinal);
        lines[8] = $"{c.Twin2};quy-xa-hoi;1.483.900đ;Thu Quỹ Xã hội;đồng";
        await File.WriteAllTextAsync(path, string.Join("\r\n", lines) + "\r\n", new UTF8Encoding(true));
        var run = await Run(host, "targets", "import", "--campaign", c.Id, "--file", path);

        Assert.True(run.ExitCode == 0, run.Errors);
        Assert.Contains("thêm mới 2, thay đổi 0, giữ nguyên 0; bỏ trống 18 ô", run.Output, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, decimal> { [$"{c.BaoLac}/doan-vien-moi"] = 20m, [$"{c.Twin2}/quy-xa-hoi"] = 1_483_900m }, await c.TargetsAsync(host));

        // A new template carries the current targets, in Vietnamese number format, and re-imports as unchanged.
        await Run(host, "targets", "template", "--campaign", c.Id, "--file", path);
        var again = await File.ReadAllTextAsync(path);
        Assert.Contains($"{c.Twin2};quy-xa-hoi;1.483.900;Thu Quỹ Xã hội;đồng", again, StringComparison.Ordinal);
        var same = await Run(host, "targets", "import", "--campaign", c.Id, "--file", path);
        Assert.Contains("thêm mới 0, thay đổi 0, giữ nguyên 2", same.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_xlsx_template_filled_in_excel_imports_back()
    {
        await using var host = new ServiceHost();
        var c = await TargetCampaign.CreateAsync(host);
        var path = Path.Combine(host.Folder, "mau.xlsx");
        await Run(host, "targets", "import", "--campaign", c.Id, "--file", Write(host, "old.csv", $"don_vi;chi_tieu;kh_giao\n{c.YTe};tin-bai;12\n"));

        var made = await Run(host, "targets", "template", "--campaign", c.Id, "--file", path);
        Assert.Equal(0, made.ExitCode);

        TestWorkbook.Fill(path, TargetCampaign.PhucHoaName, "doan-vien-moi", 10m);
        TestWorkbook.Fill(path, TargetCampaign.YTeName, "tin-bai", 14m);
        TestWorkbook.Fill(path, TargetCampaign.BaoLacName, "quy-xa-hoi", 78_800_000m);
        var run = await Run(host, "targets", "import", "--campaign", c.Id, "--file", path);

        Assert.True(run.ExitCode == 0, run.Errors);
        Assert.Contains("thêm mới 2, thay đổi 1, giữ nguyên 0; bỏ trống 17 ô", run.Output, StringComparison.Ordinal);
        Assert.Contains($"{TargetCampaign.YTeName} · Tin, bài đăng trên trang thông tin điện tử: 12 tin bài → 14 tin bài", run.Output, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, decimal>
        {
            [$"{c.PhucHoa}/doan-vien-moi"] = 10m,
            [$"{c.YTe}/tin-bai"] = 14m,
            [$"{c.BaoLac}/quy-xa-hoi"] = 78_800_000m,
        }, await c.TargetsAsync(host));
    }
}
