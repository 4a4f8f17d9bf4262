using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Committee;

/// <summary>The committee's view of reports in its scope: list, details, and returning a submitted report for revision.</summary>
public sealed class CommitteeFeature(OutlineCatalog outlines, TimeProvider clock) : IConversationFeature
{
    private const string Prefix = "cm:";

    public string Name => "committee";

    public IReadOnlyList<(string Command, string Description)> Commands { get; } = [("/donvi", "Tình hình báo cáo của các đơn vị (Ban Thường vụ)")];

    public bool Claims(IncomingInput input, PersonContext person) =>
        person.IsCommittee && (input.ButtonPayload?.StartsWith(Prefix, StringComparison.Ordinal) == true
            || string.Equals(input.Text?.Trim().Split(' ')[0], "/donvi", StringComparison.OrdinalIgnoreCase));

    public async Task<FeatureResult> HandleAsync(FeatureTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!turn.Person.IsCommittee)
        {
            return FeatureResult.Reply(OutgoingMessage.Plain(CommitteeTexts.NotCommittee));
        }

        var scope = await Scope.CommitteeScopeAsync(turn.Db, turn.Person.Memberships, cancellationToken);
        if (turn.State is { } state && int.TryParse(state, NumberStyles.Integer, CultureInfo.InvariantCulture, out var returningId) && turn.Input.ButtonPayload is null)
        {
            return await ReturnAsync(turn, scope, returningId, turn.Input.Text?.Trim() ?? "", cancellationToken);
        }

        var payload = turn.Input.ButtonPayload ?? "cm:list";
        var parts = payload.Split(':');
        var id = parts.Length > 2 && int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return parts.ElementAtOrDefault(1) switch
        {
            "list" => await ListAsync(turn.Db, scope, parts.Length > 2 ? id : null, cancellationToken),
            "r" => await DetailAsync(turn.Db, scope, id, cancellationToken),
            "ret" => await AskReasonAsync(turn.Db, scope, id, cancellationToken),
            _ => FeatureResult.Reply(OutgoingMessage.Plain(CommitteeTexts.StaleButton)),
        };
    }

    /// <summary>Every participating unit in scope with its report status and share answered, in one campaign.</summary>
    public async Task<IReadOnlyList<UnitProgress>> ProgressAsync(UnionReviewDb db, IReadOnlyCollection<int> scope, int campaignId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var campaign = await db.Campaigns.FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken);
        if (campaign is null)
        {
            return [];
        }

        var outline = outlines.Get(campaign.OutlineId);
        var units = await (from cu in db.CampaignUnits
                           join u in db.Units on cu.UnitId equals u.Id
                           where cu.CampaignId == campaign.Id && scope.Contains(u.Id)
                           orderby u.Path
                           select u).ToListAsync(cancellationToken);
        var reports = await db.Reports.Where(r => r.CampaignId == campaign.Id).ToDictionaryAsync(r => r.UnitId, cancellationToken);
        var counts = await db.Answers.Where(a => reports.Values.Select(r => r.Id).Contains(a.ReportId))
            .GroupBy(a => a.ReportId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        return [.. units.Select(u =>
        {
            var report = reports.GetValueOrDefault(u.Id);
            var answered = report is null ? 0 : counts.GetValueOrDefault(report.Id);
            return new UnitProgress(u, report, report?.Status ?? ReportStatus.NotStarted, outline.Questions.Count == 0 ? 0 : answered * 100 / outline.Questions.Count);
        })];
    }

    private async Task<FeatureResult> ListAsync(UnionReviewDb db, List<int> scope, int? campaignId, CancellationToken cancellationToken)
    {
        // With several active campaigns (the mid-term report and a conference's discussion, say) the member picks one.
        var active = await Scope.ActiveCampaigns(db, scope).OrderBy(c => c.Id).Select(c => new { c.Id, c.Name }).ToListAsync(cancellationToken);
        if (campaignId is null && active.Count > 1)
        {
            var choices = active.Select(c => (IReadOnlyList<ChatButton>)[new ChatButton(c.Name, $"{Prefix}list:{c.Id}")]).ToList();
            return FeatureResult.Reply(new OutgoingMessage(CommitteeTexts.ChooseCampaign, choices));
        }

        if (campaignId is { } chosen && active.All(c => c.Id != chosen))
        {
            return FeatureResult.Reply(OutgoingMessage.Plain(CommitteeTexts.StaleButton));
        }

        var campaign = campaignId ?? active.FirstOrDefault()?.Id;
        var progress = campaign is { } id ? await ProgressAsync(db, scope, id, cancellationToken) : [];
        if (progress.Count == 0)
        {
            return FeatureResult.Reply(OutgoingMessage.Plain(CommitteeTexts.NoReports));
        }

        var text = new StringBuilder(active.Single(c => c.Id == campaign).Name).Append('\n')
            .Append(CommitteeTexts.ListTitle(progress.Count(p => p.Status == ReportStatus.Submitted), progress.Count)).Append('\n');
        foreach (var p in progress)
        {
            text.Append(CommitteeTexts.Line(p)).Append('\n');
        }

        var buttons = progress.Where(p => p.Report is not null).Take(40)
            .Select(p => new ChatButton(p.Unit.ShortName ?? p.Unit.Name, $"{Prefix}r:{p.Report!.Id}"))
            .Chunk(2).Select(r => (IReadOnlyList<ChatButton>)r).ToList();
        return FeatureResult.Reply(new OutgoingMessage(text.ToString().TrimEnd(), buttons));
    }

    private async Task<FeatureResult> DetailAsync(UnionReviewDb db, List<int> scope, int reportId, CancellationToken cancellationToken)
    {
        var report = await db.Reports.FirstOrDefaultAsync(r => r.Id == reportId && scope.Contains(r.UnitId), cancellationToken);
        if (report is null)
        {
            return FeatureResult.Reply(OutgoingMessage.Plain(CommitteeTexts.OutOfScope));
        }

        var progress = (await ProgressAsync(db, scope, report.CampaignId, cancellationToken)).First(p => p.Report?.Id == reportId);
        var submitter = report.SubmittedById is { } sid ? await db.People.Where(p => p.Id == sid).Select(p => p.FullName).FirstOrDefaultAsync(cancellationToken) : null;
        var local = report.SubmittedAt?.ToOffset(TimeSpan.FromHours(7));
        var rows = new List<IReadOnlyList<ChatButton>>();
        if (report.Status == ReportStatus.Submitted)
        {
            rows.Add([new ChatButton(CommitteeTexts.ButtonReturn, $"{Prefix}ret:{report.Id}")]);
        }

        rows.Add([new ChatButton(CommitteeTexts.ButtonList, $"{Prefix}list:{report.CampaignId}")]);
        return FeatureResult.Reply(new OutgoingMessage(CommitteeTexts.Detail(progress, submitter, local), rows));
    }

    private static async Task<FeatureResult> AskReasonAsync(UnionReviewDb db, List<int> scope, int reportId, CancellationToken cancellationToken)
    {
        var report = await db.Reports.FirstOrDefaultAsync(r => r.Id == reportId && scope.Contains(r.UnitId), cancellationToken);
        if (report is null)
        {
            return FeatureResult.Reply(OutgoingMessage.Plain(CommitteeTexts.OutOfScope));
        }

        if (report.Status != ReportStatus.Submitted)
        {
            return FeatureResult.Reply(OutgoingMessage.Plain(CommitteeTexts.NotSubmitted));
        }

        return new FeatureResult([OutgoingMessage.Plain(CommitteeTexts.AskReason)], report.Id.ToString(CultureInfo.InvariantCulture));
    }

    private async Task<FeatureResult> ReturnAsync(FeatureTurn turn, List<int> scope, int reportId, string reason, CancellationToken cancellationToken)
    {
        if (reason.Length == 0)
        {
            return new FeatureResult([OutgoingMessage.Plain(CommitteeTexts.AskReason)], reportId.ToString(CultureInfo.InvariantCulture));
        }

        if (reason.Length > 2_000)
        {
            return new FeatureResult([OutgoingMessage.Plain(CommitteeTexts.ReasonTooLong(reason.Length))], reportId.ToString(CultureInfo.InvariantCulture));
        }

        var report = await turn.Db.Reports.FirstOrDefaultAsync(r => r.Id == reportId && scope.Contains(r.UnitId), cancellationToken);
        if (report is null || report.Status != ReportStatus.Submitted)
        {
            return FeatureResult.Reply(OutgoingMessage.Plain(report is null ? CommitteeTexts.OutOfScope : CommitteeTexts.NotSubmitted));
        }

        var now = clock.GetUtcNow();
        report.Status = ReportStatus.Returned;
        report.ReturnNote = reason;
        report.UpdatedAt = now;
        turn.Db.ReportEvents.Add(new ReportEvent { ReportId = report.Id, Kind = "returned", PersonId = turn.Person.Person.Id, Note = reason, Channel = turn.Person.Channel, At = now });
        var unit = await turn.Db.Units.SingleAsync(u => u.Id == report.UnitId, cancellationToken);
        var officers = await turn.Db.Memberships.Where(m => m.UnitId == unit.Id && m.Role == Role.Officer).Select(m => m.PersonId).ToListAsync(cancellationToken);
        foreach (var officer in officers)
        {
            await turn.Outbox.EnqueueForPersonAsync(turn.Db, officer,
                new OutgoingMessage(ServerTexts.ReportReturnedNotice(unit.Name, reason), [[new ChatButton(DialogTexts.ButtonContinue, new DialogCommand(DialogCommandKind.Continue).ToPayload())]]),
                $"returned:{report.Id}:{now.ToUnixTimeMilliseconds()}:{officer}", cancellationToken);
        }

        return FeatureResult.Reply(OutgoingMessage.Plain(CommitteeTexts.Returned(unit.Name)));
    }
}

/// <summary>A unit's report progress in the active campaign.</summary>
public sealed record UnitProgress(Unit Unit, Report? Report, ReportStatus Status, int Percent);

internal static class CommitteeTexts
{
    public const string NotCommittee = "Chức năng này dành cho Ban Thường vụ.";
    public const string NoReports = "Chưa có đơn vị nào trong phạm vi của đồng chí tham gia đợt báo cáo đang mở.";
    public const string OutOfScope = "Báo cáo này không thuộc phạm vi của đồng chí hoặc không còn tồn tại.";
    public const string NotSubmitted = "Báo cáo này chưa được nộp nên không cần trả lại.";
    public const string StaleButton = "Nút này không còn dùng được. Gõ /donvi để xem lại danh sách.";
    public const string AskReason = "Đồng chí nhập ý kiến, lý do trả lại báo cáo (đơn vị sẽ nhận được ý kiến này). Gõ /huy để thôi.";
    public const string ButtonReturn = "↩️ Trả lại để chỉnh sửa";
    public const string ButtonList = "📋 Danh sách đơn vị";
    public const string ChooseCampaign = "Đang có nhiều đợt báo cáo. Đồng chí muốn xem tình hình đợt nào?";

    public static string ReasonTooLong(int length) => $"Ý kiến dài {UnionReview.Dialogs.Model.VietnameseFormat.Number(length)} ký tự, tối đa 2.000. Đồng chí rút gọn giúp.";

    public static string Returned(string unit) => $"↩️ Đã trả lại báo cáo của {unit}; các cán bộ của đơn vị sẽ nhận được thông báo.";

    public static string ListTitle(int submitted, int total) => $"📋 Tình hình báo cáo: {submitted}/{total} đơn vị đã nộp.";

    public static string Line(UnitProgress p) => p.Status switch
    {
        ReportStatus.Submitted => $"✅ {p.Unit.Name} – đã nộp",
        ReportStatus.Returned => $"↩️ {p.Unit.Name} – trả lại, {p.Percent}%",
        ReportStatus.InProgress => $"✏️ {p.Unit.Name} – đang soạn, {p.Percent}%",
        _ => $"▫️ {p.Unit.Name} – chưa bắt đầu",
    };

    public static string Detail(UnitProgress p, string? submitter, DateTimeOffset? submittedAt) =>
        $"{p.Unit.Name}\nTrạng thái: {DialogTexts.StatusName(p.Status)} · đã trả lời {p.Percent}%" +
        (submittedAt is { } at ? $"\nNộp lúc {at.ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture)}" + (submitter is null ? "" : $" bởi {submitter}") : "") +
        (p.Report?.ReturnNote is { } note && p.Status == ReportStatus.Returned ? $"\nÝ kiến khi trả lại: {note}" : "");
}
