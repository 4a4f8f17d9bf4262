using System.Globalization;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Reports;

/// <summary>What to do before the report dialog: show the choice, switch to a chosen report, or nothing.</summary>
public sealed record CampaignDecision(IReadOnlyList<OutgoingMessage>? Replies = null, int? SwitchToReportId = null, string? Notice = null)
{
    public static CampaignDecision None { get; } = new();
}

/// <summary>
/// An officer whose unit (or units) takes part in more than one active campaign chooses which report to work on:
/// /baocao (or /start) shows the choice, and so does the first message before any choice; the choice is remembered
/// as the conversation's report until the officer chooses again.
/// </summary>
public static class CampaignChoice
{
    private const string Prefix = "bc:";

    /// <summary>Inputs the choice may answer; such turns always run in the writer (never from a kept session).</summary>
    public static bool IsChoiceInput(IncomingInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.ButtonPayload is { } payload)
        {
            return payload.StartsWith(Prefix, StringComparison.Ordinal);
        }

        var command = input.Text?.Trim().Split(' ')[0].Split('@')[0];
        return string.Equals(command, "/baocao", StringComparison.OrdinalIgnoreCase) || string.Equals(command, "/start", StringComparison.OrdinalIgnoreCase);
    }

    private sealed record Participation(Campaign Campaign, Unit Unit);

    public static async Task<CampaignDecision> DecideAsync(UnionReviewDb db, PersonContext who, Conversation conversation, IncomingInput input, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(input);
        var unitIds = who.Memberships.Where(m => m.Role == Role.Officer).Select(m => m.UnitId).ToList();
        var participations = (await (from cu in db.CampaignUnits
                                     join c in db.Campaigns on cu.CampaignId equals c.Id
                                     join u in db.Units on cu.UnitId equals u.Id
                                     where c.IsActive && unitIds.Contains(cu.UnitId)
                                     orderby c.Id descending, u.Id
                                     select new { c, u }).ToListAsync(cancellationToken))
            .Select(x => new Participation(x.c, x.u)).ToList();

        if (input.ButtonPayload is { } payload && payload.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var parts = payload[Prefix.Length..].Split(':');
            var chosen = parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var campaignId)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var unitId)
                ? participations.FirstOrDefault(p => p.Campaign.Id == campaignId && p.Unit.Id == unitId)
                : null;
            if (chosen is null)
            {
                return new CampaignDecision([OutgoingMessage.Plain(CampaignChoiceTexts.StaleChoice)]);
            }

            var report = await db.Reports.FirstOrDefaultAsync(r => r.CampaignId == chosen.Campaign.Id && r.UnitId == chosen.Unit.Id, cancellationToken);
            if (report is null)
            {
                report = new Report { CampaignId = chosen.Campaign.Id, UnitId = chosen.Unit.Id, Status = ReportStatus.NotStarted, CreatedAt = now, UpdatedAt = now };
                db.Reports.Add(report);
                await db.SaveChangesAsync(cancellationToken);
            }

            return new CampaignDecision(SwitchToReportId: report.Id, Notice: CampaignChoiceTexts.Chosen(chosen.Campaign.Name, chosen.Unit.ShortName ?? chosen.Unit.Name));
        }

        if (participations.Count < 2)
        {
            return CampaignDecision.None;
        }

        var current = conversation.ReportId is { } rid
            ? await db.Reports.Where(r => r.Id == rid).Select(r => new { r.CampaignId, r.UnitId }).FirstOrDefaultAsync(cancellationToken)
            : null;
        var currentKnown = current is not null && participations.Any(p => p.Campaign.Id == current.CampaignId && p.Unit.Id == current.UnitId);
        if (currentKnown && !IsChoiceInput(input))
        {
            return CampaignDecision.None;
        }

        var lines = participations.Select((p, i) => $"{i + 1}. {p.Campaign.Name} – {p.Unit.ShortName ?? p.Unit.Name}"
            + (current is not null && p.Campaign.Id == current.CampaignId && p.Unit.Id == current.UnitId ? CampaignChoiceTexts.CurrentMark : ""));
        var buttons = participations.Take(20).Select((p, i) => (IReadOnlyList<ChatButton>)[new ChatButton(
            $"{i + 1}. {Shorten(p.Campaign.Name, 48)}" + (unitIds.Distinct().Count() > 1 ? $" – {p.Unit.ShortName ?? p.Unit.Name}" : ""),
            string.Create(CultureInfo.InvariantCulture, $"{Prefix}{p.Campaign.Id}:{p.Unit.Id}"))]).ToList();
        var units = string.Join(", ", participations.Select(p => p.Unit.ShortName ?? p.Unit.Name).Distinct());
        return new CampaignDecision([new OutgoingMessage(CampaignChoiceTexts.Choose(units, participations.Count, string.Join("\n", lines)), buttons)]);
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}

/// <summary>Vietnamese texts of the campaign choice.</summary>
public static class CampaignChoiceTexts
{
    public const string CurrentMark = " (đang làm)";
    public const string StaleChoice = "Đợt báo cáo này không còn mở cho đơn vị của đồng chí. Gõ /baocao để chọn lại.";

    public static string Choose(string units, int count, string list) =>
        $"{units} đang tham gia {count} đợt báo cáo. Đồng chí muốn làm báo cáo nào?\n{list}\n(Có thể đổi bất cứ lúc nào bằng lệnh /baocao; các câu trả lời đã lưu vẫn giữ nguyên.)";

    public static string Chosen(string campaign, string unit) => $"📋 Đồng chí đang làm: {campaign} – {unit}.";
}
