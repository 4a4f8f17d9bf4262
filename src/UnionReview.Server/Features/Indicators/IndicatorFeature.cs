using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Indicators;

/// <summary>
/// /chitieu: the indicator tables in chat. Committee members see every unit in their scope; officers see their own
/// unit's rows (with their rank) and the campaign's totals. With several campaigns, the one the officer is working
/// on comes first and the others are offered as buttons.
/// </summary>
public sealed class IndicatorFeature(IIndicatorTables tables, OutlineCatalog outlines, IOptions<IndicatorOptions> options) : IConversationFeature
{
    private const string Prefix = "ct:";
    public const string Command = "/chitieu";

    public string Name => "indicators";

    public IReadOnlyList<string> ButtonPrefixes => [Prefix];

    public IReadOnlyList<(string Command, string Description)> Commands { get; } = [(Command, IndicatorTexts.CommandDescription)];

    public bool Claims(IncomingInput input, PersonContext person)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.ButtonPayload?.StartsWith(Prefix, StringComparison.Ordinal) == true
            || string.Equals(input.Text?.Trim().Split(' ')[0].Split('@')[0], Command, StringComparison.OrdinalIgnoreCase);
    }

    public async Task<FeatureResult> HandleAsync(FeatureTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var who = turn.Person;
        if (!who.IsOfficer && !who.IsCommittee)
        {
            return FeatureResult.Reply(OutgoingMessage.Plain(IndicatorTexts.NotAllowed));
        }

        var db = turn.Db;
        var officerUnits = who.Memberships.Where(m => m.Role == Role.Officer).Select(m => m.UnitId).ToHashSet();
        var committeeScope = who.IsCommittee ? await Scope.CommitteeScopeAsync(db, who.Memberships, cancellationToken) : [];
        var visible = officerUnits.Concat(committeeScope).ToHashSet();
        var candidates = (await Scope.ActiveCampaigns(db, visible).OrderByDescending(c => c.Id).ToListAsync(cancellationToken))
            .Where(c => outlines.Find(c.OutlineId) is { Indicators.Count: > 0 }).ToList();
        if (candidates.Count == 0)
        {
            return FeatureResult.Reply(OutgoingMessage.Plain(IndicatorTexts.NoCampaign));
        }

        Campaign? chosen = null;
        if (turn.Input.ButtonPayload is { } payload)
        {
            var id = int.TryParse(payload.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
            chosen = candidates.FirstOrDefault(c => c.Id == id);
            if (chosen is null)
            {
                return FeatureResult.Reply(OutgoingMessage.Plain(IndicatorTexts.StaleButton));
            }
        }

        chosen ??= await DefaultCampaignAsync(db, who, candidates, cancellationToken);

        IReadOnlyList<string> texts;
        (string Title, IReadOnlyList<Charts.AchievementBar> Bars, int WithoutResult)? chart = null;
        if (who.IsCommittee)
        {
            var built = await tables.BuildAsync(db, chosen.Id, committeeScope, cancellationToken);
            chart = Charts.ChartRenderer.AchievementOf(built);
            var roots = who.Memberships.Where(m => m.Role is Role.Committee or Role.Admin).Select(m => m.UnitId).ToList();
            var scopeName = await db.Units.Where(u => roots.Contains(u.Id))
                .Select(u => u.ShortName ?? u.Name).ToListAsync(cancellationToken);
            texts = built.Count == 0 ? [IndicatorTexts.NoRows] : IndicatorTableRenderer.Render(IndicatorTexts.Heading(chosen.Name, string.Join(", ", scopeName)), built, limit: options.Value.MessageLimit);
        }
        else
        {
            var everyone = await db.CampaignUnits.Where(cu => cu.CampaignId == chosen.Id).Select(cu => cu.UnitId).ToListAsync(cancellationToken);
            var built = (await tables.BuildAsync(db, chosen.Id, everyone, cancellationToken)).Where(t => t.Rows.Any(r => r.UnitId is { } u && officerUnits.Contains(u))).ToList();
            var names = await db.Units.Where(u => officerUnits.Contains(u.Id)).Select(u => u.ShortName ?? u.Name).ToListAsync(cancellationToken);
            texts = built.Count == 0
                ? [IndicatorTexts.NoRows]
                : IndicatorTableRenderer.Render(IndicatorTexts.Heading(chosen.Name, IndicatorTexts.OfficerScope(string.Join(", ", names))), built, r => r.UnitId is { } u && officerUnits.Contains(u), options.Value.MessageLimit);
        }

        var others = candidates.Where(c => c.Id != chosen.Id).Select(c => (IReadOnlyList<ChatButton>)[new ChatButton("📊 " + Shorten(c.Name, 60), Prefix + c.Id.ToString(CultureInfo.InvariantCulture))]).ToList();
        var messages = texts.Select((t, i) => new OutgoingMessage(t, i == texts.Count - 1 ? others : [])).ToList();
        if (who.IsCommittee && chart is { } bars && Charts.ChartRenderer.Achievement(bars.Title, bars.Bars, bars.WithoutResult) is { } png)
        {
            // The chart comes before the last message, so the campaign buttons stay at the bottom.
            messages.Insert(messages.Count - 1, new OutgoingMessage("📊 " + bars.Title, [], new ChatDocument("ty-le-dat-ke-hoach.png", Charts.ChartRenderer.ContentType, png)));
        }

        return FeatureResult.Reply([.. messages]);
    }

    /// <summary>The campaign of the report the officer works on, else the newest with assigned targets, else the newest.</summary>
    private static async Task<Campaign> DefaultCampaignAsync(UnionReviewDb db, PersonContext who, List<Campaign> candidates, CancellationToken cancellationToken)
    {
        var reportId = await db.Conversations.Where(c => c.PersonId == who.Person.Id).Select(c => c.ReportId).FirstOrDefaultAsync(cancellationToken);
        var current = reportId is null ? null : await db.Reports.Where(r => r.Id == reportId).Select(r => (int?)r.CampaignId).FirstOrDefaultAsync(cancellationToken);
        if (candidates.FirstOrDefault(c => c.Id == current) is { } working)
        {
            return working;
        }

        var ids = candidates.Select(c => c.Id).ToList();
        var withTargets = await db.IndicatorTargets.Where(t => ids.Contains(t.CampaignId)).Select(t => t.CampaignId).Distinct().ToListAsync(cancellationToken);
        return candidates.FirstOrDefault(c => withTargets.Contains(c.Id)) ?? candidates[0];
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
