using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Indicators;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Schedules;

/// <summary>Shared steps of the schedule, digest and document tests over the demo organisation.</summary>
internal static class ScheduleSteps
{
    public static readonly TimeSpan Hanoi = TimeSpan.FromHours(7);

    /// <summary>A local (Hà Nội) instant.</summary>
    public static DateTimeOffset At(int month, int day, int hour, int minute = 0, int year = 2026) => new(year, month, day, hour, minute, 0, Hanoi);

    /// <summary>Links demo people to the web chat so proactive messages have somewhere to go.</summary>
    public static async Task LinkAsync(ServiceHost host, params int[] people)
    {
        await using var db = host.OpenDb();
        foreach (var id in people)
        {
            await InviteService.EnsureLinkedAsync(db, ChannelNames.Web, $"person-{id}", id, $"person-{id}", host.Clock.GetUtcNow(), CancellationToken.None);
        }
    }

    public static async Task<int> UnitIdAsync(ServiceHost host, string name)
    {
        await using var db = host.OpenDb();
        return await db.Units.Where(u => u.Name == name).Select(u => u.Id).SingleAsync();
    }

    /// <summary>Marks a unit's report submitted, through SaveChanges as an administrator's tool would.</summary>
    public static async Task SubmitAsync(ServiceHost host, string unitName, int personId)
    {
        await using var db = host.OpenDb();
        var unit = await db.Units.SingleAsync(u => u.Name == unitName);
        var campaign = await db.Campaigns.SingleAsync();
        var now = host.Clock.GetUtcNow();
        var report = await db.Reports.FirstOrDefaultAsync(r => r.UnitId == unit.Id && r.CampaignId == campaign.Id);
        if (report is null)
        {
            report = new Report { CampaignId = campaign.Id, UnitId = unit.Id, CreatedAt = now };
            db.Reports.Add(report);
            await db.SaveChangesAsync();
        }

        report.Status = ReportStatus.Submitted;
        report.SubmittedAt = now;
        report.SubmittedById = personId;
        report.UpdatedAt = now;
        db.ReportEvents.Add(new ReportEvent { ReportId = report.Id, Kind = "submitted", PersonId = personId, Channel = ChannelNames.Web, At = now });
        await db.SaveChangesAsync();
    }

    /// <summary>Outbox messages whose dedupe key starts with <paramref name="prefix"/>, with their payloads.</summary>
    public static async Task<List<(OutboxMessage Row, OutgoingMessage Message)>> OutboxAsync(ServiceHost host, string prefix)
    {
        await using var db = host.OpenDb();
        var rows = await db.Outbox.Where(o => o.DedupeKey != null && o.DedupeKey.StartsWith(prefix)).OrderBy(o => o.Id).ToListAsync();
        return [.. rows.Select(r => (r, StoredJson.Read<OutgoingMessage>(r.Payload)))];
    }

    /// <summary>Every outbox message for a person, oldest first.</summary>
    public static async Task<List<OutgoingMessage>> MessagesForAsync(ServiceHost host, int personId)
    {
        await using var db = host.OpenDb();
        var rows = await db.Outbox.Where(o => o.PersonId == personId).OrderBy(o => o.Id).Select(o => o.Payload).ToListAsync();
        return [.. rows.Select(StoredJson.Read<OutgoingMessage>)];
    }
}

/// <summary>
/// A fixed indicator table (as the indicator feature would build it) so digest and document code that renders
/// tables is exercised: unit, target, result, % achievement (result ÷ target), totals.
/// </summary>
internal sealed class FixedIndicatorTables : IIndicatorTables
{
    public static readonly IndicatorTable Table = new(
        "doan-vien",
        "Biểu 1: Phát triển đoàn viên",
        [
            new IndicatorColumn("Đơn vị", IndicatorCellKind.Text),
            new IndicatorColumn("KH giao", IndicatorCellKind.Number, Total: true),
            new IndicatorColumn("Kết quả", IndicatorCellKind.Number, Total: true),
            new IndicatorColumn("% đạt", IndicatorCellKind.Percent, NumeratorColumn: 2, DenominatorColumn: 1),
        ],
        [
            new IndicatorRow([null, 200m, 150m, 75m], ["LĐLĐ Thành phố", "200", "150", "75%"]),
            new IndicatorRow([null, 120m, 132m, 110m], ["CĐ ngành Y tế", "120", "132", "110%"]),
            new IndicatorRow([null, 80m, null, null], ["LĐLĐ Phục Hòa", "80", "", "chưa có kết quả"]),
        ],
        new IndicatorRow([null, 400m, 282m, 70.5m], ["Tổng cộng", "400", "282", "70,5%"]),
        "Số liệu đến ngày báo cáo.");

    public Task<IReadOnlyList<IndicatorTable>> BuildAsync(UnionReviewDb db, int campaignId, IReadOnlyCollection<int> scopeUnitIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<IndicatorTable>>([Table]);
}
