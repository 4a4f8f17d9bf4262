using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Invites;

/// <summary>Where an invite code can be used, as a link (for example https://t.me/&lt;bot&gt;?start=CODE); channels add theirs.</summary>
public interface IInviteLinks
{
    /// <summary>The channel's name as people know it ("Telegram").</summary>
    string Name { get; }

    /// <summary>The link for <paramref name="code"/>, or null when the channel cannot make one (not set up, or unreachable).</summary>
    Task<string?> LinkForAsync(string code, CancellationToken cancellationToken);
}

/// <summary>
/// The administrator's invite page: pick a person, create a single-use, expiring code, copy the links. Like the web
/// chat it has no login: it is mapped in the local-only group (<see cref="LocalPages"/>), which answers only direct
/// requests made on this machine.
/// </summary>
public static class InviteAdminEndpoints
{
    /// <summary>Request body of POST /api/admin/invites.</summary>
    public sealed record CreateInviteRequest(int PersonId, int? Days);

    public static IEndpointRouteBuilder MapInviteAdmin(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/admin/invites", () => Results.Content(InviteAdminPage.Html, "text/html; charset=utf-8"));
        app.MapGet("/api/admin/invites", async (IDbContextFactory<UnionReviewDb> f, CancellationToken ct) =>
        {
            await using var db = await f.CreateDbContextAsync(ct);
            var rows = await (from i in db.InviteCodes join p in db.People on i.PersonId equals p.Id
                              orderby i.Id descending
                              select new { i.Code, p.FullName, i.CreatedAt, i.ExpiresAt, i.UsedAt, i.UsedByChannel }).Take(50).ToListAsync(ct);
            return Results.Ok(rows.Select(r => new { code = r.Code, person = r.FullName, createdAt = r.CreatedAt, expiresAt = r.ExpiresAt, usedAt = r.UsedAt, usedBy = r.UsedByChannel }));
        });
        app.MapPost("/api/admin/invites", async (CreateInviteRequest request, IDbContextFactory<UnionReviewDb> f,
            InviteService invites, IEnumerable<IInviteLinks> links, CancellationToken ct) =>
        {
            var days = request.Days ?? 7;
            if (days is < 1 or > 90)
            {
                return Results.BadRequest(new { error = InviteAdminTexts.DaysOutOfRange });
            }

            await using var db = await f.CreateDbContextAsync(ct);
            if (!await db.People.AnyAsync(p => p.Id == request.PersonId, ct))
            {
                return Results.NotFound(new { error = InviteAdminTexts.UnknownPerson });
            }

            var invite = await invites.CreateAsync(db, request.PersonId, TimeSpan.FromDays(days), ct);
            var made = new List<object>();
            foreach (var link in links)
            {
                if (await link.LinkForAsync(invite.Code, ct) is { } url)
                {
                    made.Add(new { channel = link.Name, url });
                }
            }

            return Results.Ok(new { code = invite.Code, expiresAt = invite.ExpiresAt, links = made });
        });
        return app;
    }
}

internal static class InviteAdminTexts
{
    public const string DaysOutOfRange = "Thời hạn của mã mời phải từ 1 đến 90 ngày.";
    public const string UnknownPerson = "Không tìm thấy người này.";
}
