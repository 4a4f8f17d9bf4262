using System.Globalization;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Features.Schedules;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Documents;

/// <summary>A person's request for a document over the units under <see cref="RootUnitIds"/>.</summary>
public sealed record DocumentRequest(int PersonId, DocumentKind Kind, IReadOnlyList<int> RootUnitIds, DateTimeOffset RequestedAt);

/// <summary>
/// Builds requested documents outside the conversation turn (a consolidated report of thousands of units takes
/// seconds, and turns share one writer). A request is a row stored with the turn that asked for it; this service
/// picks up pending rows, builds the file, and in one transaction queues it for the person through the outbox and
/// marks the request delivered. A request pending when the service stops is delivered after it starts again.
/// </summary>
public sealed class DocumentRequests(
    IDbContextFactory<UnionReviewDb> dbFactory,
    TurnExecutor executor,
    OutboxWriter outbox,
    DocumentService documents,
    TimeProvider clock,
    ILogger<DocumentRequests> logger) : BackgroundService
{
    /// <summary>How often pending requests are looked for.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Stores a request inside the caller's transaction.</summary>
    public static void Add(UnionReviewDb db, DocumentRequest request)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        db.DocumentRequests.Add(new DocumentRequestRow
        {
            PersonId = request.PersonId,
            Kind = request.Kind.ToString(),
            RootUnitIds = string.Join(',', request.RootUnitIds.Select(id => id.ToString(CultureInfo.InvariantCulture))),
            RequestedAt = request.RequestedAt,
        });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PollInterval, clock);
        do
        {
            try
            {
                await DeliverPendingAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Delivering requested documents failed; trying again at the next poll");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Builds and queues every pending request; returns how many were delivered.</summary>
    public async Task<int> DeliverPendingAsync(CancellationToken cancellationToken)
    {
        List<DocumentRequestRow> pending;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            pending = await db.DocumentRequests.AsNoTracking().Where(r => r.DeliveredAt == null).OrderBy(r => r.Id).Take(20).ToListAsync(cancellationToken);
        }

        foreach (var row in pending)
        {
            await DeliverAsync(row, cancellationToken);
        }

        return pending.Count;
    }

    private async Task DeliverAsync(DocumentRequestRow row, CancellationToken cancellationToken)
    {
        var kind = Enum.TryParse<DocumentKind>(row.Kind, out var k) ? k : DocumentKind.Report;
        var roots = row.RootUnitIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var messages = new List<OutgoingMessage>();
        try
        {
            // One document per active campaign of the person's units (the mid-term report and a conference may run at once).
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var scope = await Scope.SubtreeUnitIdsAsync(db, roots, cancellationToken);
            var campaignIds = await Scope.ActiveCampaigns(db, scope).OrderBy(c => c.Id).Select(c => (int?)c.Id).ToListAsync(cancellationToken);
            foreach (var campaignId in campaignIds.Count == 0 ? [null] : campaignIds)
            {
                var data = await documents.LoadAsync(db, campaignId, roots, cancellationToken, withAnswers: kind == DocumentKind.Report);
                var built = documents.Build(data, kind);
                messages.Add(new OutgoingMessage(DocumentsTexts.Delivered(kind, data.Campaign.Name), [], new ChatDocument(built.FileName, built.ContentType, built.Content)));
            }
        }
        catch (ArgumentException e)
        {
            messages = [OutgoingMessage.Plain(e.Message)];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Document {Kind} for person {PersonId} failed", kind, row.PersonId);
            messages = [OutgoingMessage.Plain(DocumentsTexts.Failed)];
        }

        await executor.ExecuteAsync(async (db, ct) =>
        {
            var stored = await db.DocumentRequests.SingleAsync(r => r.Id == row.Id, ct);
            if (stored.DeliveredAt is not null)
            {
                return false;
            }

            stored.DeliveredAt = clock.GetUtcNow();
            var queued = false;
            for (var i = 0; i < messages.Count; i++)
            {
                queued |= await outbox.EnqueueForPersonAsync(db, row.PersonId, messages[i], i == 0 ? $"document:{row.Id}" : $"document:{row.Id}:{i}", ct);
            }

            await db.SaveChangesAsync(ct);
            return queued;
        }, cancellationToken);
    }
}
