using System.Text;
using UnionReview.Server.Tests.Infrastructure;
using static UnionReview.Server.Tests.Indicators.Import.TargetFiles;

namespace UnionReview.Server.Tests.Indicators.Import;

public sealed class TargetEncodingTests
{
    private static string Content(TargetCampaign c) =>
        "Đơn vị;Chỉ tiêu;KH giao\r\n" +
        $"{TargetCampaign.PhucHoaName};Phát triển đoàn viên mới;23\r\n" +
        $"{TargetCampaign.BaoLacName};Thu Quỹ Xã hội;80.750.000đ\r\n" +
        $"{TargetCampaign.YTeName};Tin, bài đăng trên trang thông tin điện tử;12\r\n";

    [Theory]
    [InlineData("utf8", "UTF-8")]
    [InlineData("utf8-bom", "UTF-8 (có BOM)")]
    [InlineData("utf16le-bom", "UTF-16 LE")]
    [InlineData("utf16be-bom", "UTF-16 BE")]
    [InlineData("windows-1258", "Windows-1258")]
    public async Task Files_in_every_common_vietnamese_encoding_match_unit_and_indicator_names(string kind, string detected)
    {
        await using var host = new ServiceHost();
        var c = await TargetCampaign.CreateAsync(host);
        var text = Content(c);
        var bytes = kind switch
        {
            "utf8" => new UTF8Encoding(false).GetBytes(text),
            "utf8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf16le-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            "utf16be-bom" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
            "windows-1258" => Windows1258().GetBytes(Windows1258Form(text)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var run = await Run(host, "targets", "import", "--campaign", c.Id, "--file", Write(host, "kh.csv", bytes));

        Assert.True(run.ExitCode == 0, run.Errors);
        Assert.Contains($"Đọc tệp theo bảng mã {detected}.", run.Output, StringComparison.Ordinal);
        Assert.Contains("thêm mới 3", run.Output, StringComparison.Ordinal);
        var targets = await c.TargetsAsync(host);
        Assert.Equal(23m, targets[$"{c.PhucHoa}/doan-vien-moi"]);
        Assert.Equal(80_750_000m, targets[$"{c.BaoLac}/quy-xa-hoi"]);
        Assert.Equal(12m, targets[$"{c.YTe}/tin-bai"]);
    }

    [Fact]
    public void The_windows_1258_file_really_spells_tones_as_combining_marks_and_is_not_utf8()
    {
        var bytes = Windows1258().GetBytes(Windows1258Form(TargetCampaign.PhucHoaName));
        var decoded = Windows1258().GetString(bytes);
        Assert.Contains('\u0323', decoded); // "ụ" of Phục is u + dot below
        Assert.NotEqual(TargetCampaign.PhucHoaName, decoded);
        Assert.Equal(TargetCampaign.PhucHoaName, decoded.Normalize(NormalizationForm.FormC));
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(bytes));
    }

    [Fact]
    public async Task Excel_unicode_text_export_utf16_with_tabs_is_read()
    {
        await using var host = new ServiceHost();
        var c = await TargetCampaign.CreateAsync(host);
        var text = $"don_vi\tchi_tieu\tkh_giao\r\n{TargetCampaign.PhucHoaName}\tquy-xa-hoi\t\"1,5 triệu\"\r\n";
        var file = Write(host, "kh.txt", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]);

        var run = await Run(host, "targets", "import", "--campaign", c.Id, "--file", file);

        Assert.True(run.ExitCode == 0, run.Errors);
        Assert.Equal(1_500_000m, (await c.TargetsAsync(host))[$"{c.PhucHoa}/quy-xa-hoi"]);
    }

    [Fact]
    public async Task Names_typed_with_combining_marks_in_a_utf8_file_still_match()
    {
        await using var host = new ServiceHost();
        var c = await TargetCampaign.CreateAsync(host);
        var file = Write(host, "kh.csv", $"don_vi;chi_tieu;kh_giao\n{TargetCampaign.PhucHoaName.Normalize(NormalizationForm.FormD)};doan-vien-moi;7\n");

        var run = await Run(host, "targets", "import", "--campaign", c.Id, "--file", file);

        Assert.True(run.ExitCode == 0, run.Errors);
        Assert.Equal(7m, (await c.TargetsAsync(host))[$"{c.PhucHoa}/doan-vien-moi"]);
    }
}
