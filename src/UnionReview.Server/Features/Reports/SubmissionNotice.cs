using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Reports;

/// <summary>Tells the committee members of the units above a report's unit that it was submitted, whichever way it came.</summary>
public static class SubmissionNotice
{
    /// <summary>Queues one notice per committee member in the caller's transaction (deduplicated per submission).</summary>
    public static async Task EnqueueAsync(OutboxWriter outbox, UnionReviewDb db, LoadedReport loaded, Person officer, CancellationToken cancellationToken)
    {
        var ancestorIds = loaded.Unit.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).Where(id => id != loaded.Unit.Id).ToList();
        var committee = await db.Memberships.Where(m => ancestorIds.Contains(m.UnitId) && m.Role == Role.Committee).Select(m => m.PersonId).Distinct().ToListAsync(cancellationToken);
        foreach (var memberId in committee)
        {
            await outbox.EnqueueForPersonAsync(db, memberId, OutgoingMessage.Plain(ServerTexts.ReportSubmittedNotice(loaded.Unit.Name, officer.FullName)),
                $"submitted:{loaded.Report.Id}:{loaded.Report.SubmittedAt?.ToUnixTimeMilliseconds()}:{memberId}", cancellationToken);
        }
    }
}
