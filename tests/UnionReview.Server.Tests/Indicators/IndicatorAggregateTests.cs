using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Indicators;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Indicators;

public sealed class IndicatorAggregateTests
{
    private const string Outline = """
        id: chi-tieu-thu
        title: "Chỉ tiêu thử"
        indicators:
          - { id: tong, name: "Đoàn viên mới", unit: "người", aggregate: sum }
          - { id: ty-le, name: "Tỷ lệ CĐCS vững mạnh", unit: "%", aggregate: average }
          - { id: cao-nhat, name: "Số lao động lớn nhất", unit: "người", aggregate: max }
        parts:
          - id: p
            title: "P"
            sections:
              - id: s
                code: "1"
                title: "S"
                questions:
                  - { id: q-tong, kind: indicator, indicator: tong, prompt: "Đoàn viên mới?" }
                  - { id: q-ty-le, kind: indicator, indicator: ty-le, prompt: "Tỷ lệ?" }
                  - { id: q-cao-nhat, kind: indicator, indicator: cao-nhat, prompt: "Lớn nhất?" }
        """;

    [Fact]
    public async Task Totals_follow_each_indicators_aggregate_and_indicators_without_a_layout_get_a_table_each_in_unit_order()
    {
        var folder = Directory.CreateTempSubdirectory("unionreview-dialogs-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "chi-tieu-thu.yaml"), Outline);
        await using var host = new ServiceHost(settings: new Dictionary<string, string?> { ["Dialogs:Path"] = folder });
        int campaignId;
        List<int> units;
        await using (var db = host.OpenDb())
        {
            var campaign = new Campaign { Name = "Thử", OutlineId = "chi-tieu-thu" };
            db.Campaigns.Add(campaign);
            await db.SaveChangesAsync();
            campaignId = campaign.Id;
            // Three upper-level unions, in reverse of their unit order, to see the table put them back in order.
            units = await db.Units.Where(u => u.Name == "LĐLĐ Thạch An" || u.Name == "LĐLĐ Phục Hòa" || u.Name == "LĐLĐ Thành phố").OrderByDescending(u => u.SortOrder).Select(u => u.Id).ToListAsync();
            var figures = new[] { (Tong: 5m, TyLe: (decimal?)80m, CaoNhat: 300m), (12m, null, 900m), (3m, 50m, 120m) };
            for (var i = 0; i < units.Count; i++)
            {
                db.CampaignUnits.Add(new CampaignUnit { CampaignId = campaignId, UnitId = units[i] });
                db.IndicatorTargets.AddRange(
                    new IndicatorTarget { CampaignId = campaignId, UnitId = units[i], IndicatorId = "tong", Target = 10 },
                    new IndicatorTarget { CampaignId = campaignId, UnitId = units[i], IndicatorId = "ty-le", Target = 70 },
                    new IndicatorTarget { CampaignId = campaignId, UnitId = units[i], IndicatorId = "cao-nhat", Target = 500 });
                var report = new Report { CampaignId = campaignId, UnitId = units[i], Status = ReportStatus.InProgress };
                db.Reports.Add(report);
                await db.SaveChangesAsync();
                void Answer(string q, decimal? v)
                {
                    if (v is { } n)
                    {
                        db.Answers.Add(new Answer { ReportId = report.Id, QuestionId = q, Value = StoredJson.Write(AnswerValue.OfNumber(n)), Number = n, PersonId = Demo.Admin, Channel = "test" });
                    }
                }

                Answer("q-tong", figures[i].Tong);
                Answer("q-ty-le", figures[i].TyLe);
                Answer("q-cao-nhat", figures[i].CaoNhat);
            }

            await db.SaveChangesAsync();
        }

        await using var read = host.OpenDb();
        var tables = await host.Get<IIndicatorTables>().BuildAsync(read, campaignId, units, CancellationToken.None);
        Assert.Equal(["Đoàn viên mới", "Tỷ lệ CĐCS vững mạnh", "Số lao động lớn nhất"], tables.Select(t => t.Title));
        Assert.All(tables, t => Assert.Equal(["LĐLĐ Thành phố", "LĐLĐ Thạch An", "LĐLĐ Phục Hòa"], t.Rows.Select(r => r.Display[1])));
        const int Target = 2, Result = 3, Percent = 4;
        Assert.Equal(30m, tables[0].Totals!.Values[Target]);
        Assert.Equal(20m, tables[0].Totals!.Values[Result]);
        Assert.Equal(66.7m, tables[0].Totals!.Values[Percent]);
        Assert.Equal(70m, tables[1].Totals!.Values[Target]);
        Assert.Equal(65m, tables[1].Totals!.Values[Result]);
        Assert.Equal(IndicatorTexts.NoResult, tables[1].Rows.Single(r => r.Display[1] == "LĐLĐ Thạch An").Display[Result]);
        Assert.Equal(500m, tables[2].Totals!.Values[Target]);
        Assert.Equal(900m, tables[2].Totals!.Values[Result]);
        Assert.Equal("180%", tables[2].Totals!.Display[Percent]);
    }
}
