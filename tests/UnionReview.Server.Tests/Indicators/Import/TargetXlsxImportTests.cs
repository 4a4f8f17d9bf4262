using UnionReview.Server.Tests.Infrastructure;
using static UnionReview.Server.Tests.Indicators.Import.TargetFiles;
using Inline = UnionReview.Server.Tests.Indicators.Import.TestWorkbook.Inline;

namespace UnionReview.Server.Tests.Indicators.Import;

public sealed class TargetXlsxImportTests
{
    [Fact]
    public async Task A_good_workbook_is_read_from_shared_rich_inline_numeric_and_formula_cells_of_the_first_sheet()
    {
        await using var host = new ServiceHost();
        var c = await TargetCampaign.CreateAsync(host);
        var file = TestWorkbook.Create(host, "kh.xlsx",
            ("Trang1", [
                ["Đơn vị", "Chỉ tiêu", "KH giao"],
                [TargetCampaign.PhucHoaName, new Inline("doan-vien-moi"), 10],
                [new TestWorkbook.Rich("Liên đoàn Lao động ", "huyện Bảo Lạc"), "Thu Quỹ Xã hội", 78_800_000],
                [c.YTe, new Inline("tin-bai"), "12"],
                [TargetCampaign.YTeName, "quy-xa-hoi", new Inline("1,5 triệu")],
                [c.Twin1, "cdcs-thanh-lap-moi", 0.125m],
                [c.Twin2, "quy-xa-hoi", new TestWorkbook.Formula("1576*50000", 78_800_000m)],
            ]),
            ("Trang2", [["không đọc trang này"]]));

        var run = await Run(host, "targets", "import", "--campaign", c.Id, "--file", file);

        Assert.True(run.ExitCode == 0, run.Errors);
        Assert.Contains("thêm mới 6", run.Output, StringComparison.Ordinal);
        var targets = await c.TargetsAsync(host);
        Assert.Equal(10m, targets[$"{c.PhucHoa}/doan-vien-moi"]);
        Assert.Equal(78_800_000m, targets[$"{c.BaoLac}/quy-xa-hoi"]);
        Assert.Equal(12m, targets[$"{c.YTe}/tin-bai"]);
        Assert.Equal(1_500_000m, targets[$"{c.YTe}/quy-xa-hoi"]);
        Assert.Equal(0.125m, targets[$"{c.Twin1}/cdcs-thanh-lap-moi"]); // a numeric cell is not re-read as "0.125" = 125
        Assert.Equal(78_800_000m, targets[$"{c.Twin2}/quy-xa-hoi"]);
    }

    [Fact]
    public async Task The_sheet_option_picks_a_sheet_by_name_and_an_unknown_name_lists_the_sheets()
    {
        await using var host = new ServiceHost();
        var c = await TargetCampaign.CreateAsync(host);
        var file = TestWorkbook.Create(host, "kh.xlsx",
            ("Hướng dẫn", [["Điền KH giao ở trang “Số liệu”."]]),
            ("Số liệu", [["don_vi", "chi_tieu", "kh_giao"], [c.BaoLac, "tin-bai", 12]]));

        var missing = await Run(host, "targets", "import", "--campaign", c.Id, "--file", file, "--sheet", "KH giao");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("Tệp không có trang “KH giao”. Các trang có: “Hướng dẫn”, “Số liệu”.", missing.Errors, StringComparison.Ordinal);

        var run = await Run(host, "targets", "import", "--campaign", c.Id, "--file", file, "--sheet", "Số liệu");
        Assert.True(run.ExitCode == 0, run.Errors);
        Assert.Equal(12m, (await c.TargetsAsync(host))[$"{c.BaoLac}/tin-bai"]);
    }

    [Fact]
    public async Task Bad_cells_below_a_title_row_are_reported_by_sheet_cell_reference_and_nothing_is_imported()
    {
        await using var host = new ServiceHost();
        var c = await TargetCampaign.CreateAsync(host);
        var file = TestWorkbook.Create(host, "kh.xlsx",
            ("Trang1", [
                ["Ghi chú: KH giao năm 2026"],
                [],
                ["don_vi", "chi_tieu", "kh_giao"],
                [TargetCampaign.PhucHoaName, "doan-vien-moi", 10],
                [TargetCampaign.PhucHoaName, "doan-vien-moi", 11],
                [TargetCampaign.OutsiderName, "tin-bai", 3],
                [TargetCampaign.BaoLacName, "tin bai", -2],
                [TargetCampaign.YTeName, "tin-bai", "khoảng 12"],
            ]));

        var run = await Run(host, "targets", "import", "--campaign", c.Id, "--file", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Trang1!C5 (cột “kh_giao”): trùng đơn vị và chỉ tiêu với Trang1 hàng 4", run.Errors, StringComparison.Ordinal);
        Assert.Contains($"Trang1!A6 (cột “don_vi”): đơn vị “{TargetCampaign.OutsiderName}”", run.Errors, StringComparison.Ordinal);
        Assert.Contains("Trang1!B7 (cột “chi_tieu”): không có chỉ tiêu “tin bai”", run.Errors, StringComparison.Ordinal);
        Assert.Contains("Trang1!C7 (cột “kh_giao”): KH giao “-2” là số âm", run.Errors, StringComparison.Ordinal);
        Assert.Contains("Trang1!C8 (cột “kh_giao”): Không đọc được “khoảng 12”", run.Errors, StringComparison.Ordinal);
        Assert.Empty(await c.TargetsAsync(host));
    }

    [Fact]
    public async Task A_file_that_is_not_a_workbook_is_refused_with_a_message()
    {
        await using var host = new ServiceHost();
        var c = await TargetCampaign.CreateAsync(host);
        var file = Write(host, "kh.xlsx", "don_vi;chi_tieu;kh_giao\n");

        var run = await Run(host, "targets", "import", "--campaign", c.Id, "--file", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("như một tệp Excel .xlsx", run.Errors, StringComparison.Ordinal);
    }
}
