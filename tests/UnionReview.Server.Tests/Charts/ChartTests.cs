using System.Net.Http.Json;
using SkiaSharp;
using UnionReview.Server.Features.Charts;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Charts;

public sealed class ChartTests
{
    private static readonly AchievementBar[] Bars =
    [
        new("LĐLĐ Phục Hòa", 230m), new("LĐLĐ Bảo Lạc", 102m), new("LĐLĐ Hà Quảng", 95.51m),
        new("LĐLĐ Nguyên Bình", 99.74m), new("Ban Tuyên giáo - Nữ công", 233.3m), new("LĐLĐ Thạch An", 41m),
    ];

    /// <summary>Dark pixels (text, axis lines) in a rectangle of the image.</summary>
    private static int DarkPixels(SKBitmap image, SKRectI area)
    {
        var count = 0;
        for (var y = area.Top; y < area.Bottom; y++)
        {
            for (var x = area.Left; x < area.Right; x++)
            {
                var c = image.GetPixel(x, y);
                count += c.Red + c.Green + c.Blue < 200 ? 1 : 0;
            }
        }

        return count;
    }

    private static void Keep(string name, byte[] png)
    {
        var folder = Path.Combine(Path.GetTempPath(), "unionreview-charts");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, name), png);
    }

    [Fact]
    public void The_achievement_chart_is_a_png_with_a_bar_per_unit_and_its_labels_drawn()
    {
        Assert.True(ChartFonts.Available, ChartFonts.Status);
        var png = ChartRenderer.Achievement("Phát triển đoàn viên mới: % so với kế hoạch", Bars, withoutResult: 2)!;
        var bare = ChartRenderer.Achievement("", Bars, drawText: false)!;
        Keep("achievement.png", png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.True(png.Length > 15_000, $"{png.Length} bytes");

        using var image = SKBitmap.Decode(png);
        using var plain = SKBitmap.Decode(bare);
        Assert.Equal((ChartRenderer.Width, 120 + 30 * Bars.Length), (image.Width, image.Height));
        // The unit names sit left of the plot area: with text there are many more dark pixels there than the axis alone gives.
        var labels = new SKRectI(0, 60, 150, image.Height - 60);
        var (withText, without) = (DarkPixels(image, labels), DarkPixels(plain, labels));
        Assert.True(withText > 300 && withText > 2 * without, $"{withText} dark pixels where the unit names are, {without} without text");
        // The title is drawn across the top.
        Assert.True(DarkPixels(image, new SKRectI(200, 0, 700, 40)) > 300);
    }

    [Fact]
    public void The_progress_chart_draws_the_submissions_by_day_with_its_labels()
    {
        Assert.True(ChartFonts.Available, ChartFonts.Status);
        var start = new DateOnly(2026, 11, 10);
        var points = Enumerable.Range(0, 14).Select(i => new ProgressPoint(start.AddDays(i), Math.Min(20, i * i / 8))).ToList();
        var png = ChartRenderer.Progress("Tiến độ nộp báo cáo", points, total: 20, due: new DateOnly(2026, 11, 25))!;
        var bare = ChartRenderer.Progress("", points, 20, new DateOnly(2026, 11, 25), drawText: false)!;
        Keep("progress.png", png);
        using var image = SKBitmap.Decode(png);
        using var plain = SKBitmap.Decode(bare);
        Assert.Equal((ChartRenderer.Width, 460), (image.Width, image.Height));
        var dates = new SKRectI(60, image.Height - 60, image.Width - 20, image.Height);
        Assert.True(DarkPixels(image, dates) > DarkPixels(plain, dates) + 300, $"{DarkPixels(image, dates)} vs {DarkPixels(plain, dates)}");
    }

    [Fact]
    public async Task Chitieu_shows_the_committee_the_achievement_chart_and_health_names_the_chart_fonts()
    {
        await using var host = new ServiceHost(settings: new Dictionary<string, string?> { ["Indicators:SeedDemo"] = "true" });
        await Schedules.ScheduleSteps.LinkAsync(host, Demo.CommitteeMember);
        var member = new ChatDriver(host, Demo.CommitteeMember, ChannelNames.Web);
        var messages = await member.Say("/chitieu");
        var chart = Assert.Single(messages, m => m.Document?.IsImage == true);
        Assert.StartsWith("📊 ", chart.Text, StringComparison.Ordinal);
        Assert.Contains("% so với kế hoạch", chart.Text, StringComparison.Ordinal);
        using (var image = SKBitmap.Decode(chart.Document!.Content))
        {
            Assert.Equal(ChartRenderer.Width, image.Width);
        }

        var officer = new ChatDriver(host, Demo.UpperLevelOfficer, ChannelNames.Web);
        Assert.DoesNotContain(await officer.Say("/chitieu"), m => m.Document is not null);

        using var client = host.CreateClient();
        var health = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/health");
        Assert.Equal("ok", health.GetProperty("charts").GetString());
        Assert.Contains("DejaVuSans", health.GetProperty("chartFonts").GetString(), StringComparison.Ordinal);
    }
}
