using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Documents;

/// <summary>A person's request for a document over the units under <see cref="RootUnitIds"/>.</summary>
public sealed record DocumentRequest(int PersonId, DocumentKind Kind, IReadOnlyList<int> RootUnitIds, DateTimeOffset RequestedAt);

/// <summary>
/// Builds requested documents outside the conversation turn (a consolidated report of thousands of units takes
/// seconds, and turns share one writer), then queues the file for the person through the outbox, so it reaches
/// them on the chat they use, after a restart too once queued.
/// </summary>
public sealed class DocumentRequests(
    IDbContextFactory<UnionReviewDb> dbFactory,
    TurnExecutor executor,
    OutboxWriter outbox,
    DocumentService documents,
    ILogger<DocumentRequests> logger) : BackgroundService
{
    private readonly Channel<DocumentRequest> _queue = Channel.CreateBounded<DocumentRequest>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Queues a request; false when too many are waiting (the person is told to try again).</summary>
    public bool Request(DocumentRequest request) => _queue.Writer.TryWrite(request);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            await DeliverAsync(request, stoppingToken);
        }
    }

    /// <summary>Builds one document and queues it (or an apology) for the person.</summary>
    public async Task DeliverAsync(DocumentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        OutgoingMessage message;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var data = await documents.LoadAsync(db, null, request.RootUnitIds, cancellationToken, withAnswers: request.Kind == DocumentKind.Report);
            var built = documents.Build(data, request.Kind);
            message = new OutgoingMessage(DocumentsTexts.Delivered(request.Kind, data.Campaign.Name), [], new ChatDocument(built.FileName, built.ContentType, built.Content));
        }
        catch (ArgumentException e)
        {
            message = OutgoingMessage.Plain(e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Document {Kind} for person {PersonId} failed", request.Kind, request.PersonId);
            message = OutgoingMessage.Plain(DocumentsTexts.Failed);
        }

        await executor.ExecuteAsync(async (db, ct) =>
        {
            var queued = await outbox.EnqueueForPersonAsync(db, request.PersonId, message, null, ct);
            await db.SaveChangesAsync(ct);
            return queued;
        }, cancellationToken);
    }
}
