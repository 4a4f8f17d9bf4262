using UnionReview.Server.Features.Indicators;
using UnionReview.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace UnionReview.Server.Tests.Indicators;

public sealed class IndicatorChatTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_committee_member_sees_every_unit_of_the_tables_in_scope()
    {
        await using var host = SeedTablesAcceptanceTests.DemoHost();
        var member = new ChatDriver(host, Demo.CommitteeMember);
        await member.Say("/chitieu");
        var text = member.LastText;
        output.WriteLine(text);
        Assert.Contains("📊 " + IndicatorDemoSeeder.CampaignName, text, StringComparison.Ordinal);
        Assert.Contains("■ PHÁT TRIỂN ĐOÀN VIÊN, THÀNH LẬP CĐCS NĂM 2019", text, StringComparison.Ordinal);
        Assert.Contains("1. LĐLĐ Phục Hòa\n   • Thành lập công đoàn cơ sở mới: KH giao 1 · kết quả 1 · đạt 100%\n   • Phát triển đoàn viên mới: KH giao 10 · kết quả 23 · đạt 230%", text, StringComparison.Ordinal);
        Assert.Contains("LĐLĐ Hà Quảng\n   • Thành lập công đoàn cơ sở mới: KH giao 1 · chưa có kết quả", text, StringComparison.Ordinal);
        Assert.Contains("2. Ban TCTGNNC\n   • KH giao 12 · kết quả 28 · đạt 233,3%", text, StringComparison.Ordinal);
        Assert.Contains("1. LĐLĐ Bảo Lạc\n   • số ĐV 1.576 · phải nộp 78.800.000 · đã nộp 80.750.000 · đạt 102%", text, StringComparison.Ordinal);
        Assert.Contains("CĐVC tỉnh", text, StringComparison.Ordinal);
        Assert.Contains("📝 Giảm số lượng ĐV", text, StringComparison.Ordinal);
        Assert.Contains("Σ Tổng cộng (21 đơn vị)", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?<![\d,])0%", text);
        Assert.All(member.Last, m => Assert.True(m.Text.Length <= IndicatorTableRenderer.DefaultMessageLimit, $"{m.Text.Length} characters"));
    }

    [Fact]
    public async Task An_officer_sees_only_their_own_unit_and_the_totals()
    {
        await using var host = SeedTablesAcceptanceTests.DemoHost();
        var officer = new ChatDriver(host, Demo.UpperLevelOfficer);
        await officer.Say("/chitieu");
        var text = officer.LastText;
        output.WriteLine(text);
        Assert.Contains("Phạm vi: LĐLĐ Phục Hòa", text, StringComparison.Ordinal);
        Assert.Contains("1. LĐLĐ Phục Hòa", text, StringComparison.Ordinal);
        Assert.Contains("7. LĐLĐ Phục Hòa\n   • KH giao 12 · kết quả 7 · đạt 58,3%", text, StringComparison.Ordinal);
        Assert.Contains("Σ Tổng cộng", text, StringComparison.Ordinal);
        foreach (var other in new[] { "Bảo Lạc", "Ban TCTGNNC", "Hà Quảng", "CĐVC tỉnh", "Giảm số lượng ĐV" })
        {
            Assert.DoesNotContain(other, text, StringComparison.Ordinal);
        }

        // The unit also takes part in the mid-term review: offered as a button, its tables (no figures yet) say so.
        await officer.Press("📊 Sơ kết giữa nhiệm kỳ");
        Assert.Contains("Chưa có số liệu chỉ tiêu nào", officer.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grassroots_officer_outside_the_campaign_is_told_there_is_nothing_and_a_stale_button_changes_nothing()
    {
        await using var host = SeedTablesAcceptanceTests.DemoHost();
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        await officer.Say("/chitieu");
        Assert.Contains("Chưa có số liệu chỉ tiêu nào", officer.LastText, StringComparison.Ordinal);
        await officer.Send(Dialogs.Messages.IncomingInput.FromButton("ct:999"));
        Assert.Contains("gõ /chitieu để xem lại", officer.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_table_is_split_between_units_never_inside_one()
    {
        await using var host = SeedTablesAcceptanceTests.DemoHost();
        var tables = await SeedTablesAcceptanceTests.BuildAllAsync(host);
        var messages = IndicatorTableRenderer.Render("Tiêu đề", tables, limit: 600);
        Assert.True(messages.Count > 5);
        Assert.All(messages, m => Assert.True(m.Length <= 600, $"{m.Length}: {m}"));
        Assert.All(messages.Skip(1), m => Assert.StartsWith("■ ", m, StringComparison.Ordinal));
        var joined = string.Join("\n\n", messages);
        foreach (var table in tables)
        {
            foreach (var row in table.Rows)
            {
                // Each unit's block arrives whole in one message.
                var block = IndicatorTableRenderer.RowBlock(table, row, row.Display[0] + ". ");
                Assert.Single(messages, m => m.Contains(block, StringComparison.Ordinal));
            }
        }

        Assert.Contains("(tiếp)", joined, StringComparison.Ordinal);
    }
}
