using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;
using UnionReview.Dialogs.Text;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Features.Schedules;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Committee;

/// <summary>
/// The committee's <c>/donvi</c>: the units of its scope in a campaign (a paged list, or first by upper-level union when
/// there are many), a unit's report read in chat one section per message (answers, figures against the target, the
/// officer's notes, who answered when), a reminder now (the schedules' rules: quiet hours, once a day per unit) and
/// returning a submitted report for revision (<see cref="ReportReturns"/>, shared with the web dashboard).
/// Buttons carry <see cref="ButtonPrefix"/>; those of <see cref="LegacyPrefix"/> still in chats are answered too.
/// </summary>
public sealed class CommitteeFeature(OutlineCatalog outlines, ReportStore reports, WorkCalendar calendar, IOptions<ScheduleOptions> schedules) : IConversationFeature
{
    /// <summary>Payload prefix of every button of /donvi (lists, a unit, its sections, remind, return).</summary>
    public const string ButtonPrefix = "dv:";

    /// <summary>Payload prefix of the buttons /donvi sent before the report could be read in chat.</summary>
    public const string LegacyPrefix = "cm:";

    /// <summary>Units (or upper-level unions) per page of a list.</summary>
    public const int PageSize = 10;

    /// <summary>Longest message (Telegram's limit); a longer section goes in several messages, buttons under the last.</summary>
    public const int MessageLimit = 4096;

    private const string ReturnState = "t:";

    public string Name => "committee";

    public IReadOnlyList<(string Command, string Description)> Commands { get; } = [("/donvi", "Tình hình báo cáo của các đơn vị (Ban Thường vụ)")];

    public bool Claims(IncomingInput input, PersonContext person)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(person);
        // Buttons are answered for anyone (a member outside the committee is told so); the command only for the committee.
        return input.ButtonPayload is { } payload
            ? payload.StartsWith(ButtonPrefix, StringComparison.Ordinal) || (person.IsCommittee && payload.StartsWith(LegacyPrefix, StringComparison.Ordinal))
            : person.IsCommittee && IsListCommand(input.Text);
    }

    /// <summary>While a reason for returning is awaited, /huy stays here: it cancels the return.</summary>
    public bool Keeps(IncomingInput input, string? state) =>
        input?.ButtonPayload is null && ReturningReportId(state) is not null && IsCancel(input?.Text);

    public async Task<FeatureResult> HandleAsync(FeatureTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!turn.Person.IsCommittee)
        {
            return FeatureResult.Reply(OutgoingMessage.Plain(CommitteeTexts.NotCommittee));
        }

        var scope = await Scope.CommitteeScopeAsync(turn.Db, turn.Person.Memberships, cancellationToken);
        var view = new View(turn, scope, cancellationToken);
        if (turn.Input.ButtonPayload is not { } payload)
        {
            if (!IsListCommand(turn.Input.Text) && ReturningReportId(turn.State) is { } returning)
            {
                return IsCancel(turn.Input.Text)
                    ? FeatureResult.Reply(new OutgoingMessage(CommitteeTexts.ReturnCancelled, [[ReadButton(returning, 1, CommitteeTexts.ButtonRead)]]))
                    : await ReturnAsync(view, returning, turn.Input.Text);
            }

            return await StartAsync(view);
        }

        var parts = payload.Split(':');
        int? Arg(int i) => i < parts.Length && int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        if (payload.StartsWith(LegacyPrefix, StringComparison.Ordinal))
        {
            return parts.ElementAtOrDefault(1) switch
            {
                "list" when parts.Length == 2 => await StartAsync(view),
                "list" when Arg(2) is { } c => await ListAsync(view, c, 0),
                "r" when Arg(2) is { } r => await ReportCardAsync(view, r),
                "ret" when Arg(2) is { } r => await AskReasonAsync(view, r),
                _ => Stale(),
            };
        }

        return (parts.ElementAtOrDefault(1), Arg(2), Arg(3), Arg(4)) switch
        {
            ("l", { } c, { } page, null) => await ListAsync(view, c, page),
            ("g", { } c, { } group, { } page) => await GroupAsync(view, c, group, page),
            ("b", { } c, { } unit, null) => await BackToListAsync(view, c, unit),
            ("u", { } c, { } unit, null) => await UnitAsync(view, c, unit),
            ("s", { } report, { } section, null) => await SectionAsync(view, report, section),
            ("n", { } c, { } unit, null) => await RemindAsync(view, c, unit),
            ("t", { } report, null, null) => await AskReasonAsync(view, report),
            _ => Stale(),
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

    // ---- lists ----------------------------------------------------------------------------------------

    /// <summary>One turn's context: the database, the member and their scope.</summary>
    private sealed record View(FeatureTurn Turn, List<int> Scope, CancellationToken Ct)
    {
        public UnionReviewDb Db => Turn.Db;
    }

    private async Task<FeatureResult> StartAsync(View v)
    {
        // With several active campaigns (the mid-term report and a conference's discussion, say) the member picks one.
        var active = await Scope.ActiveCampaigns(v.Db, v.Scope).OrderBy(c => c.Id).Select(c => new { c.Id, c.Name }).ToListAsync(v.Ct);
        if (active.Count > 1)
        {
            var choices = active.Select(c => (IReadOnlyList<ChatButton>)[new ChatButton(c.Name, Payload("l", c.Id, 0))]).ToList();
            return FeatureResult.Reply(new OutgoingMessage(CommitteeTexts.ChooseCampaign, choices));
        }

        return active.Count == 0 ? FeatureResult.Reply(OutgoingMessage.Plain(CommitteeTexts.NoReports)) : await ListAsync(v, active[0].Id, 0);
    }

    /// <summary>The active campaign <paramref name="campaignId"/> with its units in scope; null when it is closed or has none.</summary>
    private async Task<(Campaign Campaign, IReadOnlyList<UnitProgress> Units)?> RosterAsync(View v, int campaignId)
    {
        var campaign = await Scope.ActiveCampaigns(v.Db, v.Scope).FirstOrDefaultAsync(c => c.Id == campaignId, v.Ct);
        if (campaign is null)
        {
            return null;
        }

        var units = await ProgressAsync(v.Db, v.Scope, campaign.Id, v.Ct);
        return units.Count == 0 ? null : (campaign, await InTreeOrderAsync(v, units));
    }

    /// <summary>The units as the organisation lists them: each under its parent, siblings by their sort order.</summary>
    private static async Task<IReadOnlyList<UnitProgress>> InTreeOrderAsync(View v, IReadOnlyList<UnitProgress> units)
    {
        static List<int> Ids(string path) => [.. path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
        var ancestors = units.SelectMany(u => Ids(u.Unit.Path)).Distinct().ToList();
        var order = await v.Db.Units.AsNoTracking().Where(u => ancestors.Contains(u.Id)).Select(u => new { u.Id, u.SortOrder }).ToDictionaryAsync(u => u.Id, u => u.SortOrder, v.Ct);
        var keys = units.ToDictionary(u => u.Unit.Id, u => Ids(u.Unit.Path).Select(id => (order.GetValueOrDefault(id), id)).ToList());
        return [.. units.Order(Comparer<UnitProgress>.Create((a, b) =>
        {
            var (x, y) = (keys[a.Unit.Id], keys[b.Unit.Id]);
            for (var i = 0; i < Math.Min(x.Count, y.Count); i++)
            {
                if (x[i].CompareTo(y[i]) is var c && c != 0)
                {
                    return c;
                }
            }

            return x.Count.CompareTo(y.Count);
        }))];
    }

    /// <summary>
    /// Groups by upper-level union (the unit directly under the member's scope root) when the list would run over two
    /// pages and grouping shortens it; null for a plain paged list.
    /// </summary>
    private static List<IGrouping<int, UnitProgress>>? Groups(View v, IReadOnlyList<UnitProgress> units)
    {
        if (units.Count <= 2 * PageSize)
        {
            return null;
        }

        var roots = v.Turn.Person.Memberships.Where(m => m.Role is Role.Committee or Role.Admin).Select(m => m.UnitId).ToHashSet();
        var groups = units.GroupBy(u => GroupOf(u.Unit.Path, roots)).ToList();
        return groups.Count > 1 && groups.Count < units.Count ? groups : null;
    }

    /// <summary>The unit directly under the member's scope root that a unit belongs to (the root itself for the root).</summary>
    private static int GroupOf(string path, IReadOnlySet<int> roots)
    {
        var ids = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var first = ids.FindIndex(roots.Contains);
        return first < 0 ? ids[^1] : ids[Math.Min(first + 1, ids.Count - 1)];
    }

    private async Task<FeatureResult> ListAsync(View v, int campaignId, int page)
    {
        if (await RosterAsync(v, campaignId) is not { } roster)
        {
            return Stale();
        }

        var (campaign, units) = roster;
        var text = new StringBuilder(campaign.Name).Append('\n').Append(CommitteeTexts.ListTitle(units.Count(p => p.Status == ReportStatus.Submitted), units.Count));
        if (Groups(v, units) is not { } groups)
        {
            return UnitPage(text, units, page, campaign.Id, p => Payload("l", campaign.Id, p), []);
        }

        var names = await GroupNamesAsync(v, groups.Select(g => g.Key));
        var pages = Pages(groups.Count);
        if (page >= pages)
        {
            return Stale();
        }

        text.Append('\n').Append(CommitteeTexts.GroupsTitle);
        var shown = groups.Skip(page * PageSize).Take(PageSize).ToList();
        foreach (var g in shown)
        {
            text.Append('\n').Append(CommitteeTexts.GroupLine(names[g.Key].Name, g.Count(p => p.Status == ReportStatus.Submitted), g.Count()));
        }

        text.Append("\n\n").Append(CommitteeTexts.ChooseGroup);
        var rows = Rows(shown.Select(g => new ChatButton(names[g.Key].ShortName ?? names[g.Key].Name, Payload("g", campaign.Id, g.Key, 0))));
        rows.AddRange(PageRow(page, pages, p => Payload("l", campaign.Id, p)));
        return FeatureResult.Reply(new OutgoingMessage(text.ToString(), rows));
    }

    private async Task<FeatureResult> GroupAsync(View v, int campaignId, int groupId, int page)
    {
        if (await RosterAsync(v, campaignId) is not { } roster || Groups(v, roster.Units)?.FirstOrDefault(g => g.Key == groupId) is not { } group)
        {
            return Stale();
        }

        var unit = (await GroupNamesAsync(v, [groupId]))[groupId];
        var text = new StringBuilder(roster.Campaign.Name).Append('\n').Append(CommitteeTexts.GroupTitle(unit.Name, group.Count(p => p.Status == ReportStatus.Submitted), group.Count()));
        return UnitPage(text, [.. group], page, campaignId, p => Payload("g", campaignId, groupId, p), [[new ChatButton(CommitteeTexts.ButtonGroups, Payload("l", campaignId, 0))]]);
    }

    /// <summary>Back from a unit to the page of the list it is on (in its upper-level union when the list is grouped).</summary>
    private async Task<FeatureResult> BackToListAsync(View v, int campaignId, int unitId)
    {
        if (await RosterAsync(v, campaignId) is not { } roster)
        {
            return Stale();
        }

        if (Groups(v, roster.Units) is { } groups && groups.FirstOrDefault(g => g.Any(p => p.Unit.Id == unitId)) is { } group)
        {
            return await GroupAsync(v, campaignId, group.Key, group.ToList().FindIndex(p => p.Unit.Id == unitId) / PageSize);
        }

        var index = roster.Units.ToList().FindIndex(p => p.Unit.Id == unitId);
        return await ListAsync(v, campaignId, Math.Max(0, index) / PageSize);
    }

    private static FeatureResult UnitPage(StringBuilder text, IReadOnlyList<UnitProgress> units, int page, int campaignId, Func<int, string> pagePayload, List<IReadOnlyList<ChatButton>> extra)
    {
        var pages = Pages(units.Count);
        if (page >= pages)
        {
            return Stale();
        }

        var shown = units.Skip(page * PageSize).Take(PageSize).ToList();
        if (CommitteeTexts.Page(page + 1, pages) is { Length: > 0 } header)
        {
            text.Append('\n').Append(header);
        }

        foreach (var p in shown)
        {
            text.Append('\n').Append(CommitteeTexts.Line(p));
        }

        text.Append("\n\n").Append(CommitteeTexts.ChooseUnit);
        var rows = Rows(shown.Select(p => new ChatButton(p.Unit.ShortName ?? p.Unit.Name, Payload("u", campaignId, p.Unit.Id))));
        rows.AddRange(PageRow(page, pages, pagePayload));
        rows.AddRange(extra);
        return FeatureResult.Reply(new OutgoingMessage(text.ToString(), rows));
    }

    private static async Task<Dictionary<int, Unit>> GroupNamesAsync(View v, IEnumerable<int> ids)
    {
        var list = ids.ToList();
        return await v.Db.Units.AsNoTracking().Where(u => list.Contains(u.Id)).ToDictionaryAsync(u => u.Id, v.Ct);
    }

    private static int Pages(int count) => Math.Max(1, (count + PageSize - 1) / PageSize);

    private static List<IReadOnlyList<ChatButton>> Rows(IEnumerable<ChatButton> buttons) => [.. buttons.Chunk(2).Select(r => (IReadOnlyList<ChatButton>)r)];

    private static IEnumerable<IReadOnlyList<ChatButton>> PageRow(int page, int pages, Func<int, string> payload)
    {
        var row = new List<ChatButton>();
        if (page > 0)
        {
            row.Add(new ChatButton(CommitteeTexts.ButtonPreviousPage, payload(page - 1)));
        }

        if (page + 1 < pages)
        {
            row.Add(new ChatButton(CommitteeTexts.ButtonNextPage, payload(page + 1)));
        }

        return row.Count == 0 ? [] : [row];
    }

    // ---- a unit and its report ------------------------------------------------------------------------

    /// <summary>A unit of the active campaign in scope: its card, then the first section of its report when there is one.</summary>
    private async Task<FeatureResult> UnitAsync(View v, int campaignId, int unitId)
    {
        if (await UnitInScopeAsync(v, campaignId, unitId) is not { } found)
        {
            return FeatureResult.Reply(OutgoingMessage.Plain(CommitteeTexts.UnitOutOfScope));
        }

        var (campaign, progress) = found;
        var card = await CardAsync(v, campaign, progress);
        if (progress.Report is not { } report)
        {
            List<IReadOnlyList<ChatButton>> rows = [[new ChatButton(CommitteeTexts.ButtonRemind, Payload("n", campaign.Id, unitId))], [BackButton(campaign.Id, unitId)]];
            return FeatureResult.Reply(new OutgoingMessage(card + "\n" + CommitteeTexts.NoReportYet, rows));
        }

        var section = await SectionAsync(v, report.Id, 1);
        return new FeatureResult([OutgoingMessage.Plain(card), .. section.Replies]);
    }

    /// <summary>A unit by report (buttons sent before the reading in chat): the same as choosing the unit.</summary>
    private async Task<FeatureResult> ReportCardAsync(View v, int reportId)
    {
        var report = await v.Db.Reports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == reportId && v.Scope.Contains(r.UnitId), v.Ct);
        return report is null ? FeatureResult.Reply(OutgoingMessage.Plain(CommitteeTexts.OutOfScope)) : await UnitAsync(v, report.CampaignId, report.UnitId);
    }

    private async Task<(Campaign Campaign, UnitProgress Progress)?> UnitInScopeAsync(View v, int campaignId, int unitId)
    {
        if (!v.Scope.Contains(unitId) || await RosterAsync(v, campaignId) is not { } roster || roster.Units.FirstOrDefault(p => p.Unit.Id == unitId) is not { } progress)
        {
            return null;
        }

        return (roster.Campaign, progress);
    }

    private async Task<string> CardAsync(View v, Campaign campaign, UnitProgress p)
    {
        var text = new StringBuilder("🏢 ").Append(p.Unit.Name).Append('\n').Append(campaign.Name).Append('\n')
            .Append(CommitteeTexts.Status(p.Status, p.Status == ReportStatus.Submitted ? 100 : p.Percent));
        if (p.Report is { SubmittedAt: { } at } report && p.Status == ReportStatus.Submitted)
        {
            var by = report.SubmittedById is { } sid ? await v.Db.People.Where(x => x.Id == sid).Select(x => x.FullName).FirstOrDefaultAsync(v.Ct) : null;
            text.Append('\n').Append(CommitteeTexts.SubmittedLine(calendar.ToLocal(at), by));
        }

        if (p.Status == ReportStatus.Returned && p.Report?.ReturnNote is { } note)
        {
            text.Append('\n').Append(CommitteeTexts.ReturnNote(note));
        }

        if (p.Status != ReportStatus.Submitted && await DueOnAsync(v.Db, campaign.Id, p.Unit.LevelId, v.Ct) is { } due)
        {
            text.Append('\n').Append(SchedulesTexts.DueText(due, calendar.Today(v.Turn.Now)));
        }

        return text.ToString();
    }

    private static Task<DateOnly?> DueOnAsync(UnionReviewDb db, int campaignId, int levelId, CancellationToken ct) =>
        db.CampaignDeadlines.Where(d => d.CampaignId == campaignId && d.LevelId == levelId).Select(d => (DateOnly?)d.DueOn).FirstOrDefaultAsync(ct);

    /// <summary>Section <paramref name="number"/> (from 1) of a report in scope, as one message (split only past the length limit).</summary>
    private async Task<FeatureResult> SectionAsync(View v, int reportId, int number)
    {
        var report = await v.Db.Reports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == reportId && v.Scope.Contains(r.UnitId), v.Ct);
        if (report is null)
        {
            return FeatureResult.Reply(OutgoingMessage.Plain(CommitteeTexts.OutOfScope));
        }

        var loaded = await reports.LoadAsync(v.Db, report, v.Ct);
        var sections = loaded.Outline.Sections;
        if (number < 1 || number > sections.Count)
        {
            return Stale();
        }

        var section = sections[number - 1];
        var people = loaded.Rows.Values.Where(r => section.Questions.Any(q => q.Id == r.QuestionId)).Select(r => r.PersonId).Distinct().ToList();
        var names = await v.Db.People.AsNoTracking().Where(x => people.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.FullName, v.Ct);
        var text = new StringBuilder(CommitteeTexts.SectionHeader(loaded.Unit.ShortName ?? loaded.Unit.Name, number, sections.Count)).Append('\n').Append(section.Label);
        foreach (var q in section.Questions)
        {
            text.Append("\n\n").Append(CommitteeTexts.Question(q.Prompt.Trim()));
            if (!loaded.Context.Answers.TryGetValue(q.Id, out var answer) || answer.IsEmpty)
            {
                text.Append('\n').Append(CommitteeTexts.NoAnswer);
                continue;
            }

            text.Append('\n').Append(Shown(loaded, q, answer));
            if (!string.IsNullOrWhiteSpace(answer.Note))
            {
                text.Append('\n').Append(CommitteeTexts.Note(answer.Note.Trim()));
            }

            if (!string.IsNullOrWhiteSpace(answer.FollowUp))
            {
                text.Append('\n').Append(CommitteeTexts.Solution(answer.FollowUp.Trim()));
            }

            if (loaded.Rows.TryGetValue(q.Id, out var row))
            {
                text.Append('\n').Append(CommitteeTexts.AnsweredBy(names.GetValueOrDefault(row.PersonId), calendar.ToLocal(row.AnsweredAt)));
            }
        }

        var rows = new List<IReadOnlyList<ChatButton>>();
        var move = new List<ChatButton>();
        if (number > 1)
        {
            move.Add(ReadButton(reportId, number - 1, CommitteeTexts.ButtonPrevious));
        }

        if (number < sections.Count)
        {
            move.Add(ReadButton(reportId, number + 1, CommitteeTexts.ButtonNext));
        }

        if (move.Count > 0)
        {
            rows.Add(move);
        }

        var active = await Scope.ActiveCampaigns(v.Db, v.Scope).AnyAsync(c => c.Id == report.CampaignId, v.Ct);
        if (report.Status == ReportStatus.Submitted)
        {
            rows.Add([new ChatButton(CommitteeTexts.ButtonReturn, Payload("t", report.Id))]);
        }
        else if (active)
        {
            rows.Add([new ChatButton(CommitteeTexts.ButtonRemind, Payload("n", report.CampaignId, report.UnitId))]);
        }

        if (active)
        {
            rows.Add([BackButton(report.CampaignId, report.UnitId)]);
        }

        return new FeatureResult(MessageSplitter.ToMessages(text.ToString(), MessageLimit, rows));
    }

    /// <summary>
    /// An answer as the reader sees it: a figure with its target and achievement (the precision of the outline's
    /// tables, as the officer's conversation shows it), anything else as the report shows it; notes apart.
    /// </summary>
    private static string Shown(LoadedReport loaded, QuestionDefinition q, AnswerValue answer)
    {
        var main = (answer with { Note = null, FollowUp = null }).Display(q);
        if (q.Kind != QuestionKind.Indicator || answer.Number is not { } value || q.Indicator?.TargetFrom(loaded.Context.Targets) is not { } target)
        {
            return main;
        }

        var decimals = loaded.Outline.PercentDecimalsOf(q.Indicator.Id);
        var shownTarget = VietnameseFormat.Number(target) + (q.Unit is { } u ? " " + u : "");
        var percent = VietnameseFormat.Achievement(value, target, decimals) is { } pct ? VietnameseFormat.Percent(pct, decimals) : null;
        return CommitteeTexts.Figure(main, shownTarget, percent);
    }

    // ---- remind now -----------------------------------------------------------------------------------

    /// <summary>
    /// Reminds the unit's officers now with the schedules' reminder, under the schedules' rules: one reminder per unit
    /// and local day (the occasion key the scheduled reminder uses, so neither sends a second), and nothing during quiet
    /// hours: then it is queued for the end of the quiet hours and counts for that day.
    /// </summary>
    private async Task<FeatureResult> RemindAsync(View v, int campaignId, int unitId)
    {
        if (await UnitInScopeAsync(v, campaignId, unitId) is not { } found)
        {
            return FeatureResult.Reply(OutgoingMessage.Plain(CommitteeTexts.UnitOutOfScope));
        }

        var (campaign, progress) = found;
        List<IReadOnlyList<ChatButton>> back = [[BackButton(campaign.Id, unitId)]];
        if (progress.Status == ReportStatus.Submitted)
        {
            return FeatureResult.Reply(new OutgoingMessage(CommitteeTexts.AlreadySubmitted, back));
        }

        var now = v.Turn.Now;
        var options = schedules.Value;
        var local = calendar.ToLocal(now);
        var quiet = calendar.IsQuiet(TimeOnly.FromDateTime(local.DateTime));
        var deliverAt = quiet ? QuietHoursEnd(local, options.QuietHoursEnd) : now;
        var day = calendar.Today(deliverAt);
        var key = ReminderKey(campaign.Id, unitId, day);
        if (await v.Db.ScheduleOccasions.AsNoTracking().FirstOrDefaultAsync(o => o.Key == key, v.Ct) is { } done)
        {
            return FeatureResult.Reply(new OutgoingMessage(CommitteeTexts.AlreadyReminded(progress.Unit.Name, day, await ByWhomAsync(v.Db, done, v.Ct)), back));
        }

        var officers = await (from m in v.Db.Memberships
                              join p in v.Db.People on m.PersonId equals p.Id
                              where m.UnitId == unitId && m.Role == Role.Officer
                              orderby p.Id
                              select new { p.Id, p.FullName }).Distinct().ToListAsync(v.Ct);
        if (officers.Count == 0)
        {
            return FeatureResult.Reply(new OutgoingMessage(CommitteeTexts.NoOfficers, back));
        }

        var message = await ReminderAsync(v, campaign, progress, day);
        var reached = new List<string>();
        foreach (var officer in officers)
        {
            if (await v.Turn.Outbox.EnqueueForPersonAsync(v.Db, officer.Id, message, $"{key}:{officer.Id}", v.Ct))
            {
                reached.Add(officer.FullName);
            }
        }

        if (reached.Count == 0)
        {
            // Nothing recorded: the member may try again once an officer has linked a chat.
            return FeatureResult.Reply(new OutgoingMessage(CommitteeTexts.NoReachableOfficer, back));
        }

        if (quiet)
        {
            // Queued now, sent when the quiet hours end (the dispatcher sends nothing before NextAttemptAt).
            foreach (var queued in v.Db.Outbox.Local.Where(o => o.DedupeKey?.StartsWith(key + ":", StringComparison.Ordinal) == true))
            {
                queued.NextAttemptAt = deliverAt;
            }
        }

        v.Db.ScheduleOccasions.Add(new ScheduleOccasion
        {
            Key = key, Kind = "reminder", CampaignId = campaign.Id, UnitId = unitId, LocalDate = day,
            Detail = CommitteeDetail + v.Turn.Person.Person.Id.ToString(CultureInfo.InvariantCulture), Recipients = reached.Count, CreatedAt = now,
        });
        var reply = quiet
            ? CommitteeTexts.ReminderDeferred(progress.Unit.Name, options.QuietHoursStart, options.QuietHoursEnd, calendar.ToLocal(deliverAt))
            : CommitteeTexts.Reminded(progress.Unit.Name, reached);
        return FeatureResult.Reply(new OutgoingMessage(reply, back));
    }

    /// <summary>Detail of an occasion a committee member caused ("committee:{person id}").</summary>
    private const string CommitteeDetail = "committee:";

    /// <summary>The occasion key of a unit's reminder on a local day, as documented on <see cref="ScheduleOccasion.Key"/>.</summary>
    public static string ReminderKey(int campaignId, int unitId, DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"reminder:{campaignId}:{unitId}:{day:yyyy-MM-dd}");

    /// <summary>The next instant the local clock shows the end of the quiet hours.</summary>
    private DateTimeOffset QuietHoursEnd(DateTimeOffset local, TimeOnly end)
    {
        var candidate = DateOnly.FromDateTime(local.DateTime).ToDateTime(end);
        if (candidate <= local.DateTime)
        {
            candidate = candidate.AddDays(1);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(candidate, calendar.Zone), TimeSpan.Zero);
    }

    private static async Task<string> ByWhomAsync(UnionReviewDb db, ScheduleOccasion occasion, CancellationToken ct)
    {
        if (occasion.Detail?.StartsWith(CommitteeDetail, StringComparison.Ordinal) != true)
        {
            return CommitteeTexts.RemindedBySchedule;
        }

        var id = int.TryParse(occasion.Detail.AsSpan(CommitteeDetail.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return CommitteeTexts.RemindedBy(await db.People.Where(p => p.Id == id).Select(p => p.FullName).FirstOrDefaultAsync(ct));
    }

    /// <summary>The schedules' reminder text (what is left, the deadline) under a line saying the committee asks.</summary>
    private async Task<OutgoingMessage> ReminderAsync(View v, Campaign campaign, UnitProgress progress, DateOnly day)
    {
        var outline = outlines.Get(campaign.OutlineId);
        var answers = progress.Report is { } report ? ReportRemainder.ReadAnswers(await v.Db.Answers.AsNoTracking().Where(a => a.ReportId == report.Id).ToListAsync(v.Ct)) : [];
        var left = ReportRemainder.Of(outline, answers);
        var body = await DueOnAsync(v.Db, campaign.Id, progress.Unit.LevelId, v.Ct) is { } due
            ? SchedulesTexts.Reminder(progress.Unit.Name, campaign.Name, due, day, left, progress.Status, progress.Report?.ReturnNote)
            : CommitteeTexts.ReminderWithoutDeadline(progress.Unit.Name, campaign.Name, left.Answered, left.Total, left.Percent);
        var button = left.MissingRequired.Count == 0 && left.Answered > 0
            ? new ChatButton(SchedulesTexts.ButtonSubmit, new DialogCommand(DialogCommandKind.Submit).ToPayload())
            : new ChatButton(SchedulesTexts.ButtonContinue, new DialogCommand(DialogCommandKind.Continue).ToPayload());
        return new OutgoingMessage(CommitteeTexts.CommitteeReminder(v.Turn.Person.Person.FullName) + "\n" + body, [[button]]);
    }

    // ---- return for revision --------------------------------------------------------------------------

    private static async Task<FeatureResult> AskReasonAsync(View v, int reportId)
    {
        var report = await v.Db.Reports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == reportId && v.Scope.Contains(r.UnitId), v.Ct);
        if (report is null)
        {
            return FeatureResult.Reply(OutgoingMessage.Plain(CommitteeTexts.OutOfScope));
        }

        if (report.Status != ReportStatus.Submitted)
        {
            return FeatureResult.Reply(new OutgoingMessage(report.Status == ReportStatus.Returned ? CommitteeTexts.AlreadyReturned : CommitteeTexts.NotSubmitted,
                [[ReadButton(report.Id, 1, CommitteeTexts.ButtonRead)]]));
        }

        return new FeatureResult([OutgoingMessage.Plain(CommitteeTexts.AskReason)], ReturnState + report.Id.ToString(CultureInfo.InvariantCulture));
    }

    private static async Task<FeatureResult> ReturnAsync(View v, int reportId, string? reason)
    {
        var result = await ReportReturns.ReturnAsync(v.Db, v.Turn.Outbox, v.Turn.Person, reportId, reason, v.Turn.Now, v.Ct);
        if (result.Outcome is ReturnOutcome.NeedsReason or ReturnOutcome.ReasonTooLong)
        {
            return new FeatureResult([OutgoingMessage.Plain(result.Message)], ReturnState + reportId.ToString(CultureInfo.InvariantCulture));
        }

        var rows = result.Report is { } report ? new List<IReadOnlyList<ChatButton>> { new[] { BackButton(report.CampaignId, report.UnitId) } } : [];
        return FeatureResult.Reply(new OutgoingMessage(result.Message, rows));
    }

    /// <summary>The report awaiting a reason in <paramref name="state"/> ("t:{id}", or the bare id kept before).</summary>
    private static int? ReturningReportId(string? state)
    {
        var text = state?.StartsWith(ReturnState, StringComparison.Ordinal) == true ? state[ReturnState.Length..] : state;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static bool IsListCommand(string? text) =>
        string.Equals(text?.Trim().Split(' ')[0], "/donvi", StringComparison.OrdinalIgnoreCase);

    private static bool IsCancel(string? text) => string.Equals(text?.Trim(), "/huy", StringComparison.OrdinalIgnoreCase);

    private static FeatureResult Stale() => FeatureResult.Reply(OutgoingMessage.Plain(CommitteeTexts.StaleButton));

    private static ChatButton ReadButton(int reportId, int section, string label) => new(label, Payload("s", reportId, section));

    private static ChatButton BackButton(int campaignId, int unitId) => new(CommitteeTexts.ButtonList, Payload("b", campaignId, unitId));

    /// <summary>"dv:{verb}:{numbers…}": ASCII, well under the 64 bytes every chat app carries.</summary>
    private static string Payload(string verb, params int[] args) =>
        ButtonPrefix + verb + string.Concat(args.Select(a => ":" + a.ToString(CultureInfo.InvariantCulture)));
}

/// <summary>A unit's report progress in the active campaign.</summary>
public sealed record UnitProgress(Unit Unit, Report? Report, ReportStatus Status, int Percent);
