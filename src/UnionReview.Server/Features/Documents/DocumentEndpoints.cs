using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Documents;

/// <summary>
/// Downloads for the local web page: GET /documents (a page with links per committee member and campaign) and
/// GET /api/documents/{report.docx|tables.xlsx}?personId=N&amp;campaignId=M&amp;key=K. Only the page's own links work:
/// the key binds the file, the person and the campaign (<see cref="DocumentLinks"/>). Like the web chat they have no
/// login; they are mapped in the local-only group (<see cref="LocalPages"/>).
/// </summary>
public static class DocumentEndpoints
{
    private static readonly string[] Files = ["report.docx", "tables.xlsx"];

    public static IEndpointRouteBuilder MapDocuments(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/documents", async (IDbContextFactory<UnionReviewDb> f, DocumentLinks links, CancellationToken ct) =>
        {
            await using var db = await f.CreateDbContextAsync(ct);
            var people = await (from m in db.Memberships
                                join p in db.People on m.PersonId equals p.Id
                                where m.Role == Role.Committee || m.Role == Role.Admin
                                select new { p.Id, p.FullName }).Distinct().ToListAsync(ct);
            var campaigns = await db.Campaigns.Where(c => c.IsActive).OrderBy(c => c.Id).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
            var urls = new Dictionary<(string, int, int), string>();
            foreach (var person in people)
            {
                foreach (var campaign in campaigns)
                {
                    foreach (var file in Files)
                    {
                        var key = await links.KeyAsync(DocumentLinks.DownloadPurpose(file, person.Id, campaign.Id), ct);
                        urls[(file, person.Id, campaign.Id)] = FormattableString.Invariant($"/api/documents/{file}?personId={person.Id}&campaignId={campaign.Id}&key={key}");
                    }
                }
            }

            return Results.Content(DocumentsTexts.Page([.. people.OrderBy(p => p.Id).Select(p => (p.Id, p.FullName))], [.. campaigns.Select(c => (c.Id, c.Name))],
                (file, person, campaign) => urls[(file, person, campaign)]), "text/html; charset=utf-8");
        });
        app.MapGet("/api/documents/{file}", async (string file, int personId, int? campaignId, string? key, IDbContextFactory<UnionReviewDb> f, DocumentLinks links,
            DocumentService documents, CancellationToken ct) =>
        {
            DocumentKind? kind = file switch
            {
                "report.docx" => DocumentKind.Report,
                "tables.xlsx" => DocumentKind.IndicatorTables,
                _ => null,
            };
            if (kind is null)
            {
                return Results.Text(DocumentsTexts.UnknownFile, statusCode: StatusCodes.Status404NotFound);
            }

            if (!await links.IsValidAsync(DocumentLinks.DownloadPurpose(file, personId, campaignId), key, ct))
            {
                return Results.Text(DocumentsTexts.BadLink, statusCode: StatusCodes.Status404NotFound);
            }

            await using var db = await f.CreateDbContextAsync(ct);
            var roots = await db.Memberships.Where(m => m.PersonId == personId && (m.Role == Role.Committee || m.Role == Role.Admin))
                .Select(m => m.UnitId).Distinct().ToListAsync(ct);
            if (roots.Count == 0)
            {
                return Results.Text(DocumentsTexts.NotCommittee, statusCode: StatusCodes.Status403Forbidden);
            }

            try
            {
                var built = await documents.BuildAsync(db, kind.Value, campaignId, roots, ct);
                return Results.File(built.Content, built.ContentType, built.FileName);
            }
            catch (ArgumentException e)
            {
                return Results.Text(e.Message, statusCode: StatusCodes.Status404NotFound);
            }
        });
        return app;
    }
}
