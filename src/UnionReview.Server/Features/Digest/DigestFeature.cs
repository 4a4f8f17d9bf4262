using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Documents;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Features.Schedules;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Digest;

/// <summary>
/// The digest in chat: /tonghop shows it now; /tonghop tat|bat (or the digest's button) switches the daily
/// one off or on; the digest's document buttons ask for the consolidated .docx or the .xlsx tables.
/// </summary>
public sealed class DigestFeature(DigestBuilder digests, Microsoft.Extensions.Options.IOptions<ScheduleOptions> options) : IConversationFeature
{
    private const string Command = "/tonghop";

    /// <summary>The payload prefix of the digest's own buttons (its "details" button belongs to the committee feature).</summary>
    public const string Prefix = "dg:";

    /// <summary>Every payload prefix this feature claims, for the registry that keeps features' prefixes apart.</summary>
    public static IReadOnlyList<string> Prefixes { get; } = [Prefix];

    public string Name => "digest";

    public IReadOnlyList<string> ButtonPrefixes => Prefixes;

    public IReadOnlyList<(string Command, string Description)> Commands { get; } =
        [(Command, "Bản tổng hợp tiến độ, chỉ tiêu, kiến nghị (Ban Thường vụ); /tonghop tat|bat: tắt/bật bản tin hằng ngày")];

    public bool Claims(IncomingInput input, PersonContext person)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.ButtonPayload?.StartsWith(Prefix, StringComparison.Ordinal) == true
            || string.Equals(input.Text?.Trim().Split(' ')[0], Command, StringComparison.OrdinalIgnoreCase);
    }

    public async Task<FeatureResult> HandleAsync(FeatureTurn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var roles = options.Value.Digest.EffectiveRoles;
        var own = turn.Person.Memberships.Where(m => roles.Contains(m.Role) || m.Role is Role.Committee or Role.Admin).ToList();
        if (own.Count == 0)
        {
            return FeatureResult.Reply(OutgoingMessage.Plain(DigestTexts.NotCommittee));
        }

        var argument = turn.Input.ButtonPayload is { } payload
            ? payload[Prefix.Length..]
            : (turn.Input.Text!.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) ?? "").Trim().ToLowerInvariant();
        switch (argument)
        {
            case "":
                var scope = await Scope.SubtreeUnitIdsAsync(turn.Db, own.Select(m => m.UnitId), cancellationToken);
                var last = await turn.Db.ScheduleOccasions.Where(x => x.Kind == ScheduleRunner.Digest && x.PersonId == turn.Person.Person.Id)
                    .OrderByDescending(x => x.CreatedAt).Select(x => (DateTimeOffset?)x.CreatedAt).FirstOrDefaultAsync(cancellationToken);
                var since = last is { } l && l > turn.Now.AddDays(-7) ? l : turn.Now.AddDays(-1);
                var digest = await digests.BuildAllAsync(turn.Db, scope, turn.Now, since, cancellationToken);
                return new FeatureResult(digests.Render(digest, await IsOnAsync(turn, cancellationToken)));
            case "off" or "tat" or "tắt":
                await SetAsync(turn, false, cancellationToken);
                return FeatureResult.Reply(new OutgoingMessage(DigestTexts.DigestOff, [[new ChatButton(DigestTexts.ButtonDigestOn, DigestBuilder.PayloadOn)]]));
            case "on" or "bat" or "bật":
                await SetAsync(turn, true, cancellationToken);
                return FeatureResult.Reply(OutgoingMessage.Plain(DigestTexts.DigestOn));
            case "docx" or "xlsx":
                var kind = argument == "docx" ? DocumentKind.Report : DocumentKind.IndicatorTables;
                DocumentRequests.Add(turn.Db, new DocumentRequest(turn.Person.Person.Id, kind, [.. own.Select(m => m.UnitId).Distinct()], turn.Now));
                return FeatureResult.Reply(OutgoingMessage.Plain(DocumentsTexts.Preparing(kind)));
            default:
                return FeatureResult.Reply(OutgoingMessage.Plain(turn.Input.ButtonPayload is null ? DigestTexts.UnknownArgument : DigestTexts.StaleButton));
        }
    }

    private static async Task<bool> IsOnAsync(FeatureTurn turn, CancellationToken cancellationToken) =>
        await turn.Db.DigestPreferences.Where(p => p.PersonId == turn.Person.Person.Id).Select(p => (bool?)p.DailyDigest).FirstOrDefaultAsync(cancellationToken) ?? true;

    private static async Task SetAsync(FeatureTurn turn, bool on, CancellationToken cancellationToken)
    {
        var row = await turn.Db.DigestPreferences.FirstOrDefaultAsync(p => p.PersonId == turn.Person.Person.Id, cancellationToken);
        if (row is null)
        {
            row = new DigestPreference { PersonId = turn.Person.Person.Id };
            turn.Db.DigestPreferences.Add(row);
        }

        row.DailyDigest = on;
        row.UpdatedAt = turn.Now;
    }
}
