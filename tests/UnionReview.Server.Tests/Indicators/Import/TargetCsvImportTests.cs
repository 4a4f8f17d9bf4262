using UnionReview.Server.Tests.Infrastructure;
using static UnionReview.Server.Tests.Indicators.Import.TargetFiles;

namespace UnionReview.Server.Tests.Indicators.Import;

public sealed class TargetCsvImportTests
{
    [Fact]
    public async Task A_good_csv_adds_targets_read_as_officers_type_numbers_and_raises_the_reference_version()
    {
        await using var host = new ServiceHost();
        var c = await TargetCampaign.CreateAsync(host);
        var before = await ReferenceVersionAsync(host);
        var file = Write(host, "kh.csv",
            "don_vi;chi_tieu;kh_giao\n" +
            $"{TargetCampaign.PhucHoaName};doan-vien-moi;12\n" +
            $"  {TargetCampaign.PhucHoaName}  ;Thu Quỹ Xã hội;1,5 triệu\n" +
            $"{c.BaoLac};quy-xa-hoi;80.750.000đ\n" +
            $"LĐLĐ huyện Phục Hòa;tin-bai;12 tin\n" +
            $"{c.Twin2};cdcs-thanh-lap-moi;1.483.900\n");

        var run = await Run(host, "targets", "import", "--campaign", c.Id, "--file", file);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Errors);
        Assert.Contains("thêm mới 5, thay đổi 0, giữ nguyên 0", run.Output, StringComparison.Ordinal);
        Assert.Contains($"{TargetCampaign.BaoLacName} · Thu Quỹ Xã hội: 80.750.000đ (mới)", run.Output, StringComparison.Ordinal);
        var targets = await c.TargetsAsync(host);
        Assert.Equal(5, targets.Count);
        Assert.Equal(12m, targets[$"{c.PhucHoa}/doan-vien-moi"]);
        Assert.Equal(1_500_000m, targets[$"{c.PhucHoa}/quy-xa-hoi"]);
        Assert.Equal(80_750_000m, targets[$"{c.BaoLac}/quy-xa-hoi"]);
        Assert.Equal(12m, targets[$"{c.PhucHoa}/tin-bai"]);
        Assert.Equal(1_483_900m, targets[$"{c.Twin2}/cdcs-thanh-lap-moi"]);
        Assert.True(await ReferenceVersionAsync(host) > before);
    }

    [Fact]
    public async Task A_comma_separated_file_with_quoted_decimal_commas_and_crlf_lines_is_read()
    {
        await using var host = new ServiceHost();
        var c = await TargetCampaign.CreateAsync(host);
        var file = Write(host, "kh.csv",
            "Đơn vị,Chỉ tiêu,KH giao,Ghi chú\r\n" +
            $"{TargetCampaign.YTeName},tin-bai,\"12,5\",\"giao thêm, theo \"\"Kế hoạch\"\" số 39\"\r\n" +
            $"\"{TargetCampaign.BaoLacName}\",Phát triển đoàn viên mới,\"1.250\",\r\n");

        var run = await Run(host, "targets", "import", "--campaign", c.Id, "--file", file);

        Assert.Equal(0, run.ExitCode);
        var targets = await c.TargetsAsync(host);
        Assert.Equal(12.5m, targets[$"{c.YTe}/tin-bai"]);
        Assert.Equal(1250m, targets[$"{c.BaoLac}/doan-vien-moi"]);
    }

    [Fact]
    public async Task Every_bad_row_is_reported_by_line_and_column_on_stderr_and_nothing_is_imported()
    {
        await using var host = new ServiceHost();
        var c = await TargetCampaign.CreateAsync(host);
        var first = await Run(host, "targets", "import", "--campaign", c.Id, "--file", Write(host, "first.csv", $"don_vi;chi_tieu;kh_giao\n{c.YTe};tin-bai;10\n"));
        Assert.Equal(0, first.ExitCode);
        var version = await ReferenceVersionAsync(host);

        var file = Write(host, "bad.csv",
            "don_vi;chi_tieu;kh_giao\n" +
            $"{TargetCampaign.YTeName};tin-bai;20\n" +                        // 2: good, would change 10 → 20
            "Liên đoàn Lao động huyện Phục Hoà;tin-bai;5\n" +               // 3: "Hoà" is not "Hòa": unknown unit
            $"{TargetCampaign.OutsiderName};tin-bai;5\n" +                   // 4: not in the campaign
            $"{TargetCampaign.PhucHoaName};so-hoi-nghi;5\n" +                // 5: unknown indicator
            $"{TargetCampaign.PhucHoaName};doan-vien-moi;mười hai\n" +       // 6: not a number
            $"{TargetCampaign.BaoLacName};doan-vien-moi;-3\n" +              // 7: negative
            $"{TargetCampaign.TwinName};tin-bai;4\n" +                       // 8: ambiguous name
            $"{TargetCampaign.YTeName};Tin, bài đăng trên trang thông tin điện tử;30\n" + // 9: duplicate of line 2
            "999999;tin-bai;1\n" +                                           // 10: unknown id
            $"{TargetCampaign.BaoLacName};;7\n" +                            // 11: no indicator
            $"{TargetCampaign.BaoLacName};tin-bai;1.2.3\n");                 // 12: bad separators

        var run = await Run(host, "targets", "import", "--campaign", c.Id, "--file", file);

        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain("Đã nhập", run.Output, StringComparison.Ordinal);
        Assert.Contains("có 10 lỗi; chưa nhập dòng nào", run.Errors, StringComparison.Ordinal);
        Assert.Contains("dòng 3, cột 1 “don_vi”: không có đơn vị tên “Liên đoàn Lao động huyện Phục Hoà”", run.Errors, StringComparison.Ordinal);
        Assert.Contains($"dòng 4, cột 1 “don_vi”: đơn vị “{TargetCampaign.OutsiderName}” (mã {c.Outsider}) không tham gia đợt “Thử nhập KH giao”", run.Errors, StringComparison.Ordinal);
        Assert.Contains("dòng 5, cột 2 “chi_tieu”: không có chỉ tiêu “so-hoi-nghi” trong đề cương. Các chỉ tiêu: doan-vien-moi (Phát triển đoàn viên mới)", run.Errors, StringComparison.Ordinal);
        Assert.Contains("dòng 6, cột 3 “kh_giao”: Không đọc được “mười hai” thành một số", run.Errors, StringComparison.Ordinal);
        Assert.Contains("dòng 7, cột 3 “kh_giao”: KH giao “-3” là số âm", run.Errors, StringComparison.Ordinal);
        Assert.Contains($"dòng 8, cột 1 “don_vi”: có nhiều đơn vị tên “{TargetCampaign.TwinName}” (mã {c.Twin1}, {c.Twin2}): ghi mã đơn vị thay cho tên.", run.Errors, StringComparison.Ordinal);
        Assert.Contains("dòng 9, cột 3 “kh_giao”: trùng đơn vị và chỉ tiêu với dòng 2", run.Errors, StringComparison.Ordinal);
        Assert.Contains("dòng 10, cột 1 “don_vi”: không có đơn vị mã 999999.", run.Errors, StringComparison.Ordinal);
        Assert.Contains("dòng 11, cột 2 “chi_tieu”: thiếu chỉ tiêu", run.Errors, StringComparison.Ordinal);
        Assert.Contains("dòng 12, cột 3 “kh_giao”: Số “1.2.3” có dấu phân cách không đúng chỗ", run.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("dòng 2,", run.Errors, StringComparison.Ordinal);

        Assert.Equal(new Dictionary<string, decimal> { [$"{c.YTe}/tin-bai"] = 10m }, await c.TargetsAsync(host));
        Assert.Equal(version, await ReferenceVersionAsync(host));
    }

    [Theory]
    [InlineData("don_vi;chi_tieu\nX;tin-bai\n", "dòng 1: thiếu cột “kh_giao”")]
    [InlineData("chi_tieu;kh_giao\ntin-bai;3\n", "dòng 1: thiếu cột “don_vi”")]
    [InlineData("\n\ndon_vi;ke_hoach\nX;3\n", "dòng 3, cột 2: tiêu đề “ke_hoach” không phải cột don_vi và không phải chỉ tiêu của đề cương")]
    [InlineData("don_vi;chi_tieu;kh_giao;KH giao\nX;tin-bai;3;4\n", "dòng 1, cột 4: cột “KH giao” trùng với cột ở dòng 1, cột 3")]
    [InlineData("", "Tệp trống")]
    [InlineData("don_vi;chi_tieu;kh_giao\n\"X;tin-bai;3\n", "dòng 2: dấu ngoặc kép (\") mở mà không đóng")]
    public async Task A_bad_header_or_broken_quoting_is_reported_and_nothing_is_imported(string text, string expected)
    {
        await using var host = new ServiceHost();
        var c = await TargetCampaign.CreateAsync(host);

        var run = await Run(host, "targets", "import", "--campaign", c.Id, "--file", Write(host, "bad.csv", text));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Errors, StringComparison.Ordinal);
        Assert.Empty(await c.TargetsAsync(host));
    }

    [Fact]
    public async Task A_dry_run_checks_and_reports_but_changes_nothing()
    {
        await using var host = new ServiceHost();
        var c = await TargetCampaign.CreateAsync(host);
        var version = await ReferenceVersionAsync(host);
        var file = Write(host, "kh.csv", $"don_vi;chi_tieu;kh_giao\n{c.PhucHoa};doan-vien-moi;10\n{c.BaoLac};doan-vien-moi;\n");

        var run = await Run(host, "targets", "import", "--campaign", c.Id, "--file", file, "--dry-run");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("chạy thử: chưa ghi gì", run.Output, StringComparison.Ordinal);
        Assert.Contains("thêm mới 1, thay đổi 0, giữ nguyên 0; bỏ trống 1 ô", run.Output, StringComparison.Ordinal);
        Assert.Empty(await c.TargetsAsync(host));
        Assert.Equal(version, await ReferenceVersionAsync(host));
    }

    [Fact]
    public async Task A_second_import_replaces_changed_targets_keeps_the_rest_and_says_which()
    {
        await using var host = new ServiceHost();
        var c = await TargetCampaign.CreateAsync(host);
        await Run(host, "targets", "import", "--campaign", c.Id, "--file",
            Write(host, "one.csv", $"don_vi;chi_tieu;kh_giao\n{c.PhucHoa};doan-vien-moi;10\n{c.BaoLac};doan-vien-moi;20\n{c.YTe};tin-bai;12\n"));

        var run = await Run(host, "targets", "import", "--campaign", c.Id, "--file",
            Write(host, "two.csv", $"don_vi;chi_tieu;kh_giao\n{c.PhucHoa};doan-vien-moi;15\n{c.BaoLac};doan-vien-moi;20\n{c.BaoLac};quy-xa-hoi;78.800.000\n"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("thêm mới 1, thay đổi 1, giữ nguyên 1", run.Output, StringComparison.Ordinal);
        Assert.Contains($"{TargetCampaign.PhucHoaName} · Phát triển đoàn viên mới: 10 người → 15 người", run.Output, StringComparison.Ordinal);
        var targets = await c.TargetsAsync(host);
        Assert.Equal(4, targets.Count);
        Assert.Equal(15m, targets[$"{c.PhucHoa}/doan-vien-moi"]);
        Assert.Equal(20m, targets[$"{c.BaoLac}/doan-vien-moi"]);
        Assert.Equal(12m, targets[$"{c.YTe}/tin-bai"]);
        Assert.Equal(78_800_000m, targets[$"{c.BaoLac}/quy-xa-hoi"]);

        var list = await Run(host, "targets", "list", "--campaign", c.Id, "--unit", c.BaoLac.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, list.ExitCode);
        Assert.Contains($"{TargetCampaign.BaoLacName} · Phát triển đoàn viên mới: 20 người", list.Output, StringComparison.Ordinal);
        Assert.Contains($"{TargetCampaign.BaoLacName} · Thu Quỹ Xã hội: 78.800.000đ", list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(TargetCampaign.PhucHoaName, list.Output, StringComparison.Ordinal);

        var campaigns = await Run(host, "targets", "list");
        Assert.Equal(0, campaigns.ExitCode);
        Assert.Contains($"{c.CampaignId,5}  Thử nhập KH giao  [so-ket-giua-nhiem-ky]  5 đơn vị, 4 KH giao", campaigns.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wide_file_with_one_column_per_indicator_is_imported_and_empty_cells_are_left_alone()
    {
        await using var host = new ServiceHost();
        var c = await TargetCampaign.CreateAsync(host);
        var file = Write(host, "wide.csv",
            "STT;Đơn vị;doan-vien-moi;Thu Quỹ Xã hội;tin-bai\n" +
            $"1;{TargetCampaign.PhucHoaName};10;1,5 tỷ;\n" +
            $"2;{TargetCampaign.BaoLacName};;78.800.000đ;12\n");

        var run = await Run(host, "targets", "import", "--campaign", c.Id, "--file", file);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("thêm mới 4, thay đổi 0, giữ nguyên 0; bỏ trống 2 ô", run.Output, StringComparison.Ordinal);
        var targets = await c.TargetsAsync(host);
        Assert.Equal(10m, targets[$"{c.PhucHoa}/doan-vien-moi"]);
        Assert.Equal(1_500_000_000m, targets[$"{c.PhucHoa}/quy-xa-hoi"]);
        Assert.Equal(78_800_000m, targets[$"{c.BaoLac}/quy-xa-hoi"]);
        Assert.Equal(12m, targets[$"{c.BaoLac}/tin-bai"]);
    }

    [Fact]
    public async Task A_wide_file_reports_bad_cells_by_their_indicator_column()
    {
        await using var host = new ServiceHost();
        var c = await TargetCampaign.CreateAsync(host);
        var file = Write(host, "wide.csv", $"don_vi;doan-vien-moi;tin-bai\n{TargetCampaign.PhucHoaName};10;12 bài báo\n");

        var run = await Run(host, "targets", "import", "--campaign", c.Id, "--file", file);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("dòng 2, cột 3 “tin-bai”: Không đọc được “12 bài báo” thành một số", run.Errors, StringComparison.Ordinal);
        Assert.Empty(await c.TargetsAsync(host));
    }

    [Theory]
    [InlineData("--campaign 999 --file {0}", "Lỗi: Không có đợt báo cáo mã 999.")]
    [InlineData("--campaign {1} --file {0}.missing.csv", "Lỗi: Không tìm thấy tệp")]
    [InlineData("--campaign {1} --file {0}.ods", "phải có đuôi .csv, .txt (Excel lưu dạng “Unicode Text”) hoặc .xlsx")]
    [InlineData("--file {0}", "Lỗi: Thiếu tham số --campaign.")]
    [InlineData("--campaign một --file {0}", "Lỗi: Tham số --campaign cần một mã số")]
    public async Task Bad_arguments_exit_with_code_2_and_a_message_on_stderr(string arguments, string expected)
    {
        await using var host = new ServiceHost();
        var c = await TargetCampaign.CreateAsync(host);
        var file = Write(host, "kh.csv", $"don_vi;chi_tieu;kh_giao\n{c.PhucHoa};doan-vien-moi;10\n");
        File.WriteAllText(file + ".ods", "x");

        var args = string.Format(System.Globalization.CultureInfo.InvariantCulture, arguments, file, c.Id).Split(' ');
        var run = await Run(host, ["targets", "import", .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Errors, StringComparison.Ordinal);
        Assert.Empty(await c.TargetsAsync(host));
    }
}
