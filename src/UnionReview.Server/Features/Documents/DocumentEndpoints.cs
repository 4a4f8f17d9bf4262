using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Documents;

/// <summary>
/// Downloads for the local web page: GET /documents (a page with links per committee member) and
/// GET /api/documents/{report.docx|tables.xlsx}?personId=N[&amp;campaignId=M] (default: the newest active campaign). Like the web chat they have no login, so they answer
/// only requests from this machine that did not come through a proxy.
/// </summary>
public static class DocumentEndpoints
{
    public static WebApplication MapDocuments(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/documents", async (HttpContext http, IDbContextFactory<UnionReviewDb> f, CancellationToken ct) =>
        {
            if (!LocalRequests.IsDirectLocal(http))
            {
                return Results.Text(DocumentsTexts.LocalOnly, statusCode: StatusCodes.Status403Forbidden);
            }

            await using var db = await f.CreateDbContextAsync(ct);
            var people = await (from m in db.Memberships
                                join p in db.People on m.PersonId equals p.Id
                                where m.Role == Role.Committee || m.Role == Role.Admin
                                select new { p.Id, p.FullName }).Distinct().ToListAsync(ct);
            var campaigns = await db.Campaigns.Where(c => c.IsActive).OrderBy(c => c.Id).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
            return Results.Content(DocumentsTexts.Page([.. people.OrderBy(p => p.Id).Select(p => (p.Id, p.FullName))], [.. campaigns.Select(c => (c.Id, c.Name))]), "text/html; charset=utf-8");
        });
        app.MapGet("/api/documents/{file}", async (string file, int personId, int? campaignId, HttpContext http, IDbContextFactory<UnionReviewDb> f, DocumentService documents, CancellationToken ct) =>
        {
            if (!LocalRequests.IsDirectLocal(http))
            {
                return Results.Text(DocumentsTexts.LocalOnly, statusCode: StatusCodes.Status403Forbidden);
            }

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
