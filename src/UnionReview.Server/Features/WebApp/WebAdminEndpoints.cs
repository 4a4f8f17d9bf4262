using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using QRCoder;
using UnionReview.Dialogs.Loading;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Persistence;
using static UnionReview.Server.Features.WebApp.WebHtml;

namespace UnionReview.Server.Features.WebApp;

/// <summary>
/// The office's admin pages under <c>/app/admin</c> (role Admin; every read and change limited to the subtree of
/// the person's admin memberships). Changes go through <see cref="WebAdmin"/>, which writes the audit log.
/// </summary>
internal static class WebAdminEndpoints
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    public static void MapWebAdmin(this RouteGroupBuilder app)
    {
        var admin = app.MapGroup("/admin").RequireAuthorization(WebAppRegistration.AdminPolicy);
        admin.MapGet("/", Overview);
        admin.MapGet("/units", UnitsAsync);
        admin.MapPost("/units", AddUnitAsync);
        admin.MapGet("/units/{id:int}", UnitAsync);
        admin.MapPost("/units/{id:int}/rename", RenameUnitAsync);
        admin.MapPost("/units/{id:int}/move", MoveUnitAsync);
        admin.MapPost("/units/{id:int}/retire", RetireUnitAsync);
        admin.MapPost("/levels", AddLevelAsync);
        admin.MapPost("/levels/{id:int}", RenameLevelAsync);
        admin.MapGet("/people", PeopleAsync);
        admin.MapPost("/people", AddPersonAsync);
        admin.MapGet("/people/{id:int}", PersonAsync);
        admin.MapPost("/people/{id:int}/roles", AddRoleAsync);
        admin.MapPost("/roles/{id:int}/remove", RemoveRoleAsync);
        admin.MapPost("/people/{id:int}/invites", CreateInviteAsync);
        admin.MapGet("/campaigns", CampaignsAsync);
        admin.MapGet("/outlines", Outlines);
        admin.MapGet("/audit", AuditAsync);
    }

    // ---- shared ----------------------------------------------------------------------------------------

    private static async Task<UnionReviewDb> ReadDbAsync(HttpContext http, CancellationToken ct)
    {
        var db = await http.RequestServices.GetRequiredService<IDbContextFactory<UnionReviewDb>>().CreateDbContextAsync(ct);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        return db;
    }

    private static string Crumbs(string? current = null) =>
        $"<p class=\"small muted\"><a href=\"/app/admin/\">{WebAdminTexts.Title}</a>{(current is null ? "" : " · " + current)}</p>";

    private static string Message(string? ok, string? error)
    {
        if (error is not null && WebAdminTexts.Problems.TryGetValue(error, out var problem))
        {
            return $"<p class=\"alert\" role=\"alert\">{E(problem)}</p>";
        }

        return ok is not null && WebAdminTexts.Problems.TryGetValue(ok, out var done) ? $"<p class=\"notice\" role=\"status\">{E(done)}</p>" : "";
    }

    private static IResult After(AdminOutcome outcome, string okPath, string errorPath) =>
        Results.Redirect(outcome.Ok ? $"{okPath}{(okPath.Contains('?', StringComparison.Ordinal) ? '&' : '?')}ok={outcome.Key}" : $"{errorPath}{(errorPath.Contains('?', StringComparison.Ordinal) ? '&' : '?')}error={outcome.Key}");

    private static int Int(IFormCollection form, string name) =>
        int.TryParse(form[name], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;

    private static Role? RoleOf(IFormCollection form) => Enum.TryParse<Role>(form["role"], out var r) && Enum.IsDefined(r) ? r : null;

    private static string Local(DateTimeOffset at) => at.ToOffset(Vietnam).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>Units of the scope in tree order, each with its depth below the scope's top.</summary>
    private static List<(Unit Unit, int Depth)> Tree(List<Unit> units)
    {
        var ids = units.Select(u => u.Id).ToHashSet();
        var children = units.ToLookup(u => u.ParentId is { } p && ids.Contains(p) ? p : 0);
        var list = new List<(Unit, int)>();
        void Walk(int parent, int depth)
        {
            foreach (var u in children[parent].OrderBy(u => u.SortOrder).ThenBy(u => u.Name, StringComparer.Ordinal))
            {
                list.Add((u, depth));
                Walk(u.Id, depth + 1);
            }
        }

        Walk(0, 0);
        return list;
    }

    private static string UnitOptions(IEnumerable<(Unit Unit, int Depth)> tree, HashSet<int> retired, int? selected, int? exceptSubtreeOf = null, string? exceptPath = null)
    {
        var html = new StringBuilder();
        foreach (var (u, depth) in tree)
        {
            if (retired.Contains(u.Id) || (exceptSubtreeOf is not null && exceptPath is not null && u.Path.StartsWith(exceptPath, StringComparison.Ordinal)))
            {
                continue;
            }

            html.Append(CultureInfo.InvariantCulture, $"<option value=\"{u.Id}\"{(u.Id == selected ? " selected" : "")}>{new string('\u00a0', depth * 3)}{E(u.Name)}</option>");
        }

        return html.ToString();
    }

    private static string RoleOptions() =>
        string.Concat(Enum.GetValues<Role>().Select(r => $"<option value=\"{r}\">{E(WebAdminTexts.RoleName(r))}</option>"));

    // ---- overview ----------------------------------------------------------------------------------------

    private static IResult Overview(HttpContext http)
    {
        var cards = new (string Href, string Title, string Text)[]
        {
            ("/app/admin/units", WebAdminTexts.Units, WebAdminTexts.UnitsText),
            ("/app/admin/people", WebAdminTexts.People, WebAdminTexts.PeopleText),
            ("/app/admin/campaigns", WebAdminTexts.Campaigns, WebAdminTexts.CampaignsText),
            ("/app/admin/outlines", WebAdminTexts.Outlines, WebAdminTexts.OutlinesText),
            ("/app/admin/audit", WebAdminTexts.Audit, WebAdminTexts.AuditText),
        };
        var body = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<h1>{WebAdminTexts.Title}</h1><div class=\"cards\">");
        foreach (var (href, title, text) in cards)
        {
            body.Append(CultureInfo.InvariantCulture, $"<section class=\"card\"><h2><a href=\"{href}\">{title}</a></h2><p>{text}</p></section>");
        }

        return Page(http, WebAdminTexts.Title, body.Append("</div>").ToString());
    }

    // ---- units -------------------------------------------------------------------------------------------

    private static async Task<IResult> UnitsAsync(HttpContext http, string? ok, string? error, CancellationToken ct)
    {
        await using var db = await ReadDbAsync(http, ct);
        var scope = await WebAdmin.AdminScopeAsync(db, http.User.PersonId(), ct);
        var units = await db.Units.Where(u => scope.Contains(u.Id)).ToListAsync(ct);
        var retired = (await db.UnitRetirements.Where(r => scope.Contains(r.UnitId)).Select(r => r.UnitId).ToListAsync(ct)).ToHashSet();
        var levels = await db.UnitLevels.OrderBy(l => l.Rank).ThenBy(l => l.Id).ToListAsync(ct);
        var levelNames = levels.ToDictionary(l => l.Id, l => l.Name);
        var members = await db.Memberships.Where(m => scope.Contains(m.UnitId)).GroupBy(m => m.UnitId).Select(g => new { g.Key, Count = g.Select(m => m.PersonId).Distinct().Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var tree = Tree(units);

        var body = new StringBuilder().Append(Crumbs()).Append(CultureInfo.InvariantCulture, $"<h1>{WebAdminTexts.Units}</h1>").Append(Message(ok, error));
        body.Append("<section class=\"card\"><ul class=\"tree\">");
        foreach (var (u, depth) in tree)
        {
            var isRetired = retired.Contains(u.Id);
            body.Append(CultureInfo.InvariantCulture, $"<li style=\"margin-left:{depth * 1.1:0.#}em\"{(isRetired ? " class=\"retired\"" : "")}><a href=\"/app/admin/units/{u.Id}\">{E(u.Name)}</a> ")
                .Append(CultureInfo.InvariantCulture, $"<span class=\"muted small\">{E(levelNames.GetValueOrDefault(u.LevelId))} · {E(WebAdminTexts.MembersCount(members.GetValueOrDefault(u.Id)))}{(isRetired ? " · " + WebAdminTexts.Retired : "")}</span></li>");
        }

        body.Append("</ul></section>");
        body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/app/admin/units\" class=\"card\">{Af(http)}<h2>{WebAdminTexts.AddUnit}</h2>")
            .Append(CultureInfo.InvariantCulture, $"<label for=\"parent\">{WebAdminTexts.Parent}</label><select id=\"parent\" name=\"parent\" required>{UnitOptions(tree, retired, null)}</select>")
            .Append(CultureInfo.InvariantCulture, $"<label for=\"level\" class=\"mt\">{WebAdminTexts.Level}</label><select id=\"level\" name=\"level\" required><option value=\"\">{WebAdminTexts.Choose}</option>")
            .Append(string.Concat(levels.Select(l => $"<option value=\"{l.Id}\">{E(l.Name)}</option>"))).Append("</select>")
            .Append(CultureInfo.InvariantCulture, $"<label for=\"name\" class=\"mt\">{WebAdminTexts.Name}</label><input type=\"text\" id=\"name\" name=\"name\" maxlength=\"200\" required>")
            .Append(CultureInfo.InvariantCulture, $"<label for=\"short\" class=\"mt\">{WebAdminTexts.ShortName}</label><input type=\"text\" id=\"short\" name=\"short\" maxlength=\"60\">")
            .Append(CultureInfo.InvariantCulture, $"<div class=\"actions\"><button type=\"submit\">{WebAdminTexts.AddUnit}</button></div></form>");

        body.Append(CultureInfo.InvariantCulture, $"<section class=\"card\"><h2>{WebAdminTexts.Levels}</h2>");
        if (await WebAdmin.MayEditLevelsAsync(db, scope, ct))
        {
            foreach (var l in levels)
            {
                body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/app/admin/levels/{l.Id}\" class=\"inline\">{Af(http)}<label for=\"level-{l.Id}\" class=\"sr\">{WebAdminTexts.LevelName} ({l.Rank})</label>")
                    .Append(CultureInfo.InvariantCulture, $"<span class=\"rank\">{l.Rank}</span><input type=\"text\" id=\"level-{l.Id}\" name=\"name\" value=\"{E(l.Name)}\" maxlength=\"120\" required><button type=\"submit\" class=\"secondary\">{WebAdminTexts.Save}</button></form>");
            }

            body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/app/admin/levels\">{Af(http)}<h3>{WebAdminTexts.AddLevel}</h3>")
                .Append(CultureInfo.InvariantCulture, $"<label for=\"level-name\">{WebAdminTexts.LevelName}</label><input type=\"text\" id=\"level-name\" name=\"name\" maxlength=\"120\" required>")
                .Append(CultureInfo.InvariantCulture, $"<label for=\"rank\" class=\"mt\">{WebAdminTexts.LevelRank}</label><input type=\"number\" id=\"rank\" name=\"rank\" min=\"0\" max=\"20\" value=\"{(levels.Count == 0 ? 0 : levels.Max(l => l.Rank) + 1)}\" required>")
                .Append(CultureInfo.InvariantCulture, $"<div class=\"actions\"><button type=\"submit\">{WebAdminTexts.AddLevel}</button></div></form>");
        }
        else
        {
            body.Append("<ul>").Append(string.Concat(levels.Select(l => $"<li>{E(l.Name)}</li>"))).Append(CultureInfo.InvariantCulture, $"</ul><p class=\"muted small\">{WebAdminTexts.LevelsTopOnly}</p>");
        }

        body.Append("</section>");
        return Page(http, WebAdminTexts.Units, body.ToString());
    }

    private static async Task<IResult> UnitAsync(HttpContext http, int id, string? ok, string? error, CancellationToken ct)
    {
        await using var db = await ReadDbAsync(http, ct);
        var scope = await WebAdmin.AdminScopeAsync(db, http.User.PersonId(), ct);
        var unit = scope.Contains(id) ? await db.Units.FirstOrDefaultAsync(u => u.Id == id, ct) : null;
        if (unit is null)
        {
            return NotFound(http);
        }

        var units = await db.Units.Where(u => scope.Contains(u.Id)).ToListAsync(ct);
        var retired = (await db.UnitRetirements.Where(r => scope.Contains(r.UnitId)).Select(r => r.UnitId).ToListAsync(ct)).ToHashSet();
        var level = await db.UnitLevels.Where(l => l.Id == unit.LevelId).Select(l => l.Name).FirstOrDefaultAsync(ct);
        var parent = unit.ParentId is { } pid ? await db.Units.Where(u => u.Id == pid).Select(u => u.Name).FirstOrDefaultAsync(ct) : null;
        var people = await (from m in db.Memberships join p in db.People on m.PersonId equals p.Id where m.UnitId == id orderby p.FullName select new { p.Id, p.FullName, m.Role }).ToListAsync(ct);
        var tree = Tree(units);

        var body = new StringBuilder().Append(Crumbs($"<a href=\"/app/admin/units\">{WebAdminTexts.Units}</a>"))
            .Append(CultureInfo.InvariantCulture, $"<h1>{E(unit.Name)}</h1><p class=\"muted\">{E(level)}{(parent is null ? "" : " · " + E(parent))}{(retired.Contains(id) ? " · " + WebAdminTexts.Retired : "")}</p>")
            .Append(Message(ok, error));
        body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/app/admin/units/{id}/rename\" class=\"card\">{Af(http)}<h2>{WebAdminTexts.Rename}</h2>")
            .Append(CultureInfo.InvariantCulture, $"<label for=\"name\">{WebAdminTexts.Name}</label><input type=\"text\" id=\"name\" name=\"name\" value=\"{E(unit.Name)}\" maxlength=\"200\" required>")
            .Append(CultureInfo.InvariantCulture, $"<label for=\"short\" class=\"mt\">{WebAdminTexts.ShortName}</label><input type=\"text\" id=\"short\" name=\"short\" value=\"{E(unit.ShortName)}\" maxlength=\"60\">")
            .Append(CultureInfo.InvariantCulture, $"<div class=\"actions\"><button type=\"submit\">{WebAdminTexts.Save}</button></div></form>");
        if (unit.ParentId is not null && scope.Contains(unit.ParentId.Value))
        {
            body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/app/admin/units/{id}/move\" class=\"card\">{Af(http)}<h2>{WebAdminTexts.Move}</h2>")
                .Append(CultureInfo.InvariantCulture, $"<label for=\"parent\">{WebAdminTexts.MoveTo}</label><select id=\"parent\" name=\"parent\" required>{UnitOptions(tree, retired, unit.ParentId, id, unit.Path)}</select>")
                .Append(CultureInfo.InvariantCulture, $"<div class=\"actions\"><button type=\"submit\">{WebAdminTexts.MoveButton}</button></div></form>");
            if (!retired.Contains(id))
            {
                body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/app/admin/units/{id}/retire\" class=\"card\">{Af(http)}<h2>{WebAdminTexts.Retire}</h2><p class=\"help\">{WebAdminTexts.RetireText}</p>")
                    .Append(CultureInfo.InvariantCulture, $"<div class=\"actions\"><button type=\"submit\" class=\"secondary\">{WebAdminTexts.RetireButton}</button></div></form>");
            }
        }

        body.Append(CultureInfo.InvariantCulture, $"<section class=\"card\"><h2>{WebAdminTexts.People}</h2><ul>");
        foreach (var p in people)
        {
            body.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/app/admin/people/{p.Id}\">{E(p.FullName)}</a> <span class=\"muted small\">{E(WebAdminTexts.RoleName(p.Role))}</span></li>");
        }

        body.Append("</ul></section>");
        return Page(http, unit.Name, body.ToString());
    }

    private static async Task<IResult> AddUnitAsync(HttpContext http, TurnExecutor executor, WebAdmin admin, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var outcome = await executor.ExecuteAsync((db, c) => admin.AddUnitAsync(db, http.User.PersonId(), Int(form, "parent"), form["name"], form["short"], Int(form, "level"), c), ct);
        return After(outcome, FormattableString.Invariant($"/app/admin/units/{outcome.Id}"), "/app/admin/units");
    }

    private static async Task<IResult> RenameUnitAsync(HttpContext http, TurnExecutor executor, WebAdmin admin, int id, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var outcome = await executor.ExecuteAsync((db, c) => admin.RenameUnitAsync(db, http.User.PersonId(), id, form["name"], form["short"], c), ct);
        return outcome.Key == "not-found" ? NotFound(http) : After(outcome, FormattableString.Invariant($"/app/admin/units/{id}"), FormattableString.Invariant($"/app/admin/units/{id}"));
    }

    private static async Task<IResult> MoveUnitAsync(HttpContext http, TurnExecutor executor, WebAdmin admin, int id, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var outcome = await executor.ExecuteAsync((db, c) => admin.MoveUnitAsync(db, http.User.PersonId(), id, Int(form, "parent"), c), ct);
        return outcome.Key == "not-found" ? NotFound(http) : After(outcome, FormattableString.Invariant($"/app/admin/units/{id}"), FormattableString.Invariant($"/app/admin/units/{id}"));
    }

    private static async Task<IResult> RetireUnitAsync(HttpContext http, TurnExecutor executor, WebAdmin admin, int id, CancellationToken ct)
    {
        var outcome = await executor.ExecuteAsync((db, c) => admin.RetireUnitAsync(db, http.User.PersonId(), id, c), ct);
        return outcome.Key == "not-found" ? NotFound(http) : After(outcome, FormattableString.Invariant($"/app/admin/units/{id}"), FormattableString.Invariant($"/app/admin/units/{id}"));
    }

    private static async Task<IResult> AddLevelAsync(HttpContext http, TurnExecutor executor, WebAdmin admin, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var outcome = await executor.ExecuteAsync((db, c) => admin.AddLevelAsync(db, http.User.PersonId(), form["name"], Int(form, "rank"), c), ct);
        return After(outcome, "/app/admin/units", "/app/admin/units");
    }

    private static async Task<IResult> RenameLevelAsync(HttpContext http, TurnExecutor executor, WebAdmin admin, int id, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var outcome = await executor.ExecuteAsync((db, c) => admin.RenameLevelAsync(db, http.User.PersonId(), id, form["name"], c), ct);
        return After(outcome, "/app/admin/units", "/app/admin/units");
    }

    // ---- people ------------------------------------------------------------------------------------------

    private static async Task<IResult> PeopleAsync(HttpContext http, string? ok, string? error, CancellationToken ct)
    {
        await using var db = await ReadDbAsync(http, ct);
        var scope = await WebAdmin.AdminScopeAsync(db, http.User.PersonId(), ct);
        var rows = await (from m in db.Memberships
                          join p in db.People on m.PersonId equals p.Id
                          join u in db.Units on m.UnitId equals u.Id
                          where scope.Contains(m.UnitId)
                          select new { p.Id, p.FullName, m.Role, Unit = u.Name }).ToListAsync(ct);
        var linked = await db.ChannelAccounts.Select(a => new { a.PersonId, a.Channel }).ToListAsync(ct);
        var units = await db.Units.Where(u => scope.Contains(u.Id)).ToListAsync(ct);
        var retired = (await db.UnitRetirements.Select(r => r.UnitId).ToListAsync(ct)).ToHashSet();

        var body = new StringBuilder().Append(Crumbs()).Append(CultureInfo.InvariantCulture, $"<h1>{WebAdminTexts.People}</h1>").Append(Message(ok, error));
        body.Append(CultureInfo.InvariantCulture, $"<table class=\"units\"><thead><tr><th scope=\"col\">{WebAdminTexts.PersonName}</th><th scope=\"col\">{WebAdminTexts.Roles}</th><th scope=\"col\">{WebAdminTexts.ChatLinks}</th></tr></thead><tbody>");
        foreach (var person in rows.GroupBy(r => (r.Id, r.FullName)).OrderBy(g => g.Key.FullName, StringComparer.Ordinal))
        {
            var roles = string.Join("; ", person.Select(r => $"{WebAdminTexts.RoleName(r.Role)} – {r.Unit}"));
            var chats = string.Join(", ", linked.Where(l => l.PersonId == person.Key.Id).Select(l => l.Channel).Distinct());
            body.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"/app/admin/people/{person.Key.Id}\">{E(person.Key.FullName)}</a></td><td>{E(roles)}</td><td>{E(chats.Length == 0 ? "—" : chats)}</td></tr>");
        }

        body.Append("</tbody></table>");
        body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/app/admin/people\" class=\"card mt\">{Af(http)}<h2>{WebAdminTexts.AddPerson}</h2>")
            .Append(CultureInfo.InvariantCulture, $"<label for=\"name\">{WebAdminTexts.PersonName}</label><input type=\"text\" id=\"name\" name=\"name\" maxlength=\"120\" autocomplete=\"off\" required>")
            .Append(CultureInfo.InvariantCulture, $"<label for=\"phone\" class=\"mt\">{WebAdminTexts.Phone}</label><input type=\"text\" id=\"phone\" name=\"phone\" maxlength=\"30\" inputmode=\"tel\" autocomplete=\"off\">")
            .Append(CultureInfo.InvariantCulture, $"<label for=\"unit\" class=\"mt\">{WebAdminTexts.Units}</label><select id=\"unit\" name=\"unit\" required>{UnitOptions(Tree(units), retired, null)}</select>")
            .Append(CultureInfo.InvariantCulture, $"<label for=\"role\" class=\"mt\">{WebAdminTexts.Role}</label><select id=\"role\" name=\"role\">{RoleOptions()}</select>")
            .Append(CultureInfo.InvariantCulture, $"<div class=\"actions\"><button type=\"submit\">{WebAdminTexts.AddPerson}</button></div></form>");
        return Page(http, WebAdminTexts.People, body.ToString());
    }

    private static async Task<IResult> PersonAsync(HttpContext http, IEnumerable<IInviteLinks> inviteLinks, int id, int? invite, string? ok, string? error, CancellationToken ct)
    {
        await using var db = await ReadDbAsync(http, ct);
        var scope = await WebAdmin.AdminScopeAsync(db, http.User.PersonId(), ct);
        var person = await WebAdmin.PeopleIn(db, scope).FirstOrDefaultAsync(p => p.Id == id, ct);
        if (person is null)
        {
            return NotFound(http);
        }

        var roles = await (from m in db.Memberships join u in db.Units on m.UnitId equals u.Id where m.PersonId == id orderby u.Path select new { m.Id, m.Role, m.UnitId, Unit = u.Name }).ToListAsync(ct);
        var chats = await db.ChannelAccounts.Where(a => a.PersonId == id).OrderBy(a => a.Channel).ToListAsync(ct);
        var invites = await db.InviteCodes.Where(i => i.PersonId == id).OrderByDescending(i => i.Id).Take(10).ToListAsync(ct);
        var units = await db.Units.Where(u => scope.Contains(u.Id)).ToListAsync(ct);
        var retired = (await db.UnitRetirements.Select(r => r.UnitId).ToListAsync(ct)).ToHashSet();

        var body = new StringBuilder().Append(Crumbs($"<a href=\"/app/admin/people\">{WebAdminTexts.People}</a>"))
            .Append(CultureInfo.InvariantCulture, $"<h1>{E(person.FullName)}</h1>{(person.Phone is null ? "" : $"<p class=\"muted\">{E(person.Phone)}</p>")}").Append(Message(ok, error));

        if (invite is { } inviteId && invites.FirstOrDefault(i => i.Id == inviteId) is { UsedAt: null } made)
        {
            body.Append(await InviteCardAsync(made, inviteLinks, ct));
        }

        body.Append(CultureInfo.InvariantCulture, $"<section class=\"card\"><h2>{WebAdminTexts.Roles}</h2><ul class=\"plain\">");
        foreach (var r in roles)
        {
            body.Append(CultureInfo.InvariantCulture, $"<li>{E(WebAdminTexts.RoleName(r.Role))} – {E(r.Unit)}");
            if (scope.Contains(r.UnitId))
            {
                body.Append(CultureInfo.InvariantCulture, $" <form method=\"post\" action=\"/app/admin/roles/{r.Id}/remove\" class=\"inline\">{Af(http)}<button type=\"submit\" class=\"link\" aria-label=\"{E($"{WebAdminTexts.RemoveRole}: {WebAdminTexts.RoleName(r.Role)} – {r.Unit}")}\">{WebAdminTexts.RemoveRole}</button></form>");
            }

            body.Append("</li>");
        }

        body.Append(CultureInfo.InvariantCulture, $"</ul><form method=\"post\" action=\"/app/admin/people/{id}/roles\">{Af(http)}<h3>{WebAdminTexts.AddRole}</h3>")
            .Append(CultureInfo.InvariantCulture, $"<label for=\"role\">{WebAdminTexts.Role}</label><select id=\"role\" name=\"role\">{RoleOptions()}</select>")
            .Append(CultureInfo.InvariantCulture, $"<label for=\"unit\" class=\"mt\">{WebAdminTexts.Units}</label><select id=\"unit\" name=\"unit\" required>{UnitOptions(Tree(units), retired, null)}</select>")
            .Append(CultureInfo.InvariantCulture, $"<div class=\"actions\"><button type=\"submit\">{WebAdminTexts.AddRole}</button></div></form></section>");

        body.Append(CultureInfo.InvariantCulture, $"<section class=\"card\"><h2>{WebAdminTexts.ChatLinks}</h2>");
        body.Append(chats.Count == 0
            ? $"<p class=\"muted\">{WebAdminTexts.NoChatLinks}</p>"
            : "<ul>" + string.Concat(chats.Select(c => $"<li>{E(c.Channel)} · {Local(c.LinkedAt)}</li>")) + "</ul>");
        body.Append("</section>");

        body.Append(CultureInfo.InvariantCulture, $"<section class=\"card\"><h2>{WebAdminTexts.Invites}</h2><p class=\"help\">{E(WebAdminTexts.InviteHowTo)}</p>");
        if (invites.Count > 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"<table><thead><tr><th scope=\"col\">{WebAdminTexts.InviteCode}</th><th scope=\"col\">{WebAdminTexts.Expires}</th><th scope=\"col\">{WebAdminTexts.Used}</th></tr></thead><tbody>");
            foreach (var i in invites)
            {
                body.Append(CultureInfo.InvariantCulture, $"<tr><td><code>{E(i.Code)}</code></td><td>{Local(i.ExpiresAt)}</td><td>{(i.UsedAt is { } used ? E($"{Local(used)} ({i.UsedByChannel})") : WebAdminTexts.NotUsed)}</td></tr>");
            }

            body.Append("</tbody></table>");
        }

        body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/app/admin/people/{id}/invites\">{Af(http)}")
            .Append(CultureInfo.InvariantCulture, $"<label for=\"days\" class=\"mt\">{WebAdminTexts.InviteDays}</label><input type=\"number\" id=\"days\" name=\"days\" min=\"1\" max=\"90\" value=\"7\" required>")
            .Append(CultureInfo.InvariantCulture, $"<div class=\"actions\"><button type=\"submit\">{WebAdminTexts.CreateInvite}</button></div></form></section>");
        return Page(http, person.FullName, body.ToString());
    }

    /// <summary>The new invite: its code, the channels' links, and a QR code of the first link (or of the code).</summary>
    private static async Task<string> InviteCardAsync(InviteCode invite, IEnumerable<IInviteLinks> inviteLinks, CancellationToken ct)
    {
        var links = new List<(string Channel, string Url)>();
        foreach (var l in inviteLinks)
        {
            if (await l.LinkForAsync(invite.Code, ct) is { } url)
            {
                links.Add((l.Name, url));
            }
        }

        var body = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<section class=\"card invite\" aria-labelledby=\"invite-title\"><h2 id=\"invite-title\">{WebAdminTexts.InviteCode}: <code>{E(invite.Code)}</code></h2>")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"muted small\">{WebAdminTexts.Expires}: {Local(invite.ExpiresAt)}</p>");
        foreach (var (channel, url) in links)
        {
            var shown = url.StartsWith("http://", StringComparison.Ordinal) || url.StartsWith("https://", StringComparison.Ordinal) ? $"<a href=\"{E(url)}\">{E(url)}</a>" : E(url);
            body.Append(CultureInfo.InvariantCulture, $"<p>{E(channel)}: {shown}</p>");
        }

        var target = links.Count > 0 ? links[0].Url : $"/start {invite.Code}";
        body.Append(CultureInfo.InvariantCulture, $"<figure class=\"qr\">{QrSvg(target)}<figcaption class=\"small muted\">{WebAdminTexts.InviteQr}</figcaption></figure></section>");
        return body.ToString();
    }

    /// <summary>An inline SVG QR code (no script, no external image).</summary>
    internal static string QrSvg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(6);
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        svg = start >= 0 ? svg[start..] : svg;
        return svg.Replace("<svg ", $"<svg role=\"img\" aria-label=\"{E(WebAdminTexts.InviteQr)}\" ", StringComparison.Ordinal);
    }

    private static async Task<IResult> AddPersonAsync(HttpContext http, TurnExecutor executor, WebAdmin admin, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        if (RoleOf(form) is not { } role)
        {
            return After(AdminOutcome.Refused("not-found"), "/app/admin/people", "/app/admin/people");
        }

        var outcome = await executor.ExecuteAsync((db, c) => admin.AddPersonAsync(db, http.User.PersonId(), form["name"], form["phone"], Int(form, "unit"), role, c), ct);
        return After(outcome, FormattableString.Invariant($"/app/admin/people/{outcome.Id}"), "/app/admin/people");
    }

    private static async Task<IResult> AddRoleAsync(HttpContext http, TurnExecutor executor, WebAdmin admin, int id, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        if (RoleOf(form) is not { } role)
        {
            return NotFound(http);
        }

        var outcome = await executor.ExecuteAsync((db, c) => admin.AddMembershipAsync(db, http.User.PersonId(), id, Int(form, "unit"), role, c), ct);
        return outcome.Key == "not-found" ? NotFound(http) : After(outcome, FormattableString.Invariant($"/app/admin/people/{id}"), FormattableString.Invariant($"/app/admin/people/{id}"));
    }

    private static async Task<IResult> RemoveRoleAsync(HttpContext http, TurnExecutor executor, WebAdmin admin, int id, CancellationToken ct)
    {
        var outcome = await executor.ExecuteAsync((db, c) => admin.RemoveMembershipAsync(db, http.User.PersonId(), id, c), ct);
        if (outcome.Key == "not-found")
        {
            return NotFound(http);
        }

        // After removing the last role in the admin's scope the person may no longer be on the admin's pages.
        return After(outcome, "/app/admin/people", FormattableString.Invariant($"/app/admin/people/{outcome.Id}"));
    }

    private static async Task<IResult> CreateInviteAsync(HttpContext http, TurnExecutor executor, WebAdmin admin, int id, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var (outcome, invite) = await executor.ExecuteAsync((db, c) => admin.CreateInviteAsync(db, http.User.PersonId(), id, Int(form, "days"), c), ct);
        if (outcome.Key == "not-found")
        {
            return NotFound(http);
        }

        return invite is null
            ? After(outcome, "", FormattableString.Invariant($"/app/admin/people/{id}"))
            : Results.Redirect(FormattableString.Invariant($"/app/admin/people/{id}?invite={invite.Id}&ok={outcome.Key}"));
    }

    // ---- campaigns, outlines, audit ----------------------------------------------------------------------

    private static async Task<IResult> CampaignsAsync(HttpContext http, OutlineCatalog catalog, CancellationToken ct)
    {
        await using var db = await ReadDbAsync(http, ct);
        var scope = await WebAdmin.AdminScopeAsync(db, http.User.PersonId(), ct);
        var campaigns = await db.Campaigns.Where(c => db.CampaignUnits.Any(cu => cu.CampaignId == c.Id && scope.Contains(cu.UnitId))).OrderByDescending(c => c.IsActive).ThenByDescending(c => c.Id).ToListAsync(ct);
        var ids = campaigns.Select(c => c.Id).ToList();
        var deadlines = await (from d in db.CampaignDeadlines join l in db.UnitLevels on d.LevelId equals l.Id where ids.Contains(d.CampaignId) orderby l.Rank select new { d.CampaignId, Level = l.Name, d.DueOn }).ToListAsync(ct);
        var participants = await (from cu in db.CampaignUnits join u in db.Units on cu.UnitId equals u.Id where ids.Contains(cu.CampaignId) && scope.Contains(u.Id) orderby u.Path select new { cu.CampaignId, u.Name }).ToListAsync(ct);

        var body = new StringBuilder().Append(Crumbs()).Append(CultureInfo.InvariantCulture, $"<h1>{WebAdminTexts.Campaigns}</h1>");
        if (campaigns.Count == 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"card\">{WebAdminTexts.NoCampaigns}</p>");
        }

        foreach (var c in campaigns)
        {
            var outline = catalog.Find(c.OutlineId);
            var units = participants.Where(p => p.CampaignId == c.Id).Select(p => p.Name).ToList();
            body.Append(CultureInfo.InvariantCulture, $"<section class=\"card\"><h2>{E(c.Name)}</h2><dl class=\"facts\">")
                .Append(CultureInfo.InvariantCulture, $"<dt>{WebAdminTexts.Outline}</dt><dd>{E(outline?.Title ?? c.OutlineId)} <span class=\"muted small\">({E(c.OutlineId)})</span></dd>")
                .Append(CultureInfo.InvariantCulture, $"<dt>{WebAdminTexts.StartsOn}</dt><dd>{c.StartsOn.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)} · {(c.IsActive ? WebAdminTexts.Active : WebAdminTexts.Closed)}</dd>")
                .Append(CultureInfo.InvariantCulture, $"<dt>{WebAdminTexts.Deadlines}</dt><dd><ul class=\"plain\">")
                .Append(string.Concat(deadlines.Where(d => d.CampaignId == c.Id).Select(d => $"<li>{E(d.Level)}: {d.DueOn.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}</li>")))
                .Append(CultureInfo.InvariantCulture, $"</ul></dd></dl><details><summary>{WebAdminTexts.Participants} ({units.Count})</summary><ul>")
                .Append(string.Concat(units.Select(u => $"<li>{E(u)}</li>"))).Append("</ul></details></section>");
        }

        return Page(http, WebAdminTexts.Campaigns, body.ToString());
    }

    private static IResult Outlines(HttpContext http, OutlineCatalog catalog, IDbContextFactory<UnionReviewDb> factory)
    {
        using var db = factory.CreateDbContext();
        var usedBy = db.Campaigns.AsNoTracking().Select(c => new { c.OutlineId, c.Name }).ToList();
        var body = new StringBuilder().Append(Crumbs()).Append(CultureInfo.InvariantCulture, $"<h1>{WebAdminTexts.Outlines}</h1><p class=\"muted small\">{WebAdminTexts.OutlineFolder}: {E(Path.GetFileName(catalog.Directory))}</p>");
        var files = Directory.EnumerateFiles(catalog.Directory)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            try
            {
                var o = OutlineLoader.LoadFile(file);
                var campaigns = usedBy.Where(c => c.OutlineId == o.Id).Select(c => c.Name).ToList();
                body.Append(CultureInfo.InvariantCulture, $"<section class=\"card\"><h2>{E(o.Title)}</h2><p><span class=\"status s-Submitted\">✓ {WebAdminTexts.OutlineValid}</span> · <code>{E(name)}</code> · <span class=\"muted small\">{E(o.Id)}</span></p>")
                    .Append(CultureInfo.InvariantCulture, $"<p class=\"small\">{E(WebAdminTexts.OutlineSummary(o.Parts.Count, o.Sections.Count, o.Questions.Count, o.Indicators.Count))}</p>");
                if (campaigns.Count > 0)
                {
                    body.Append(CultureInfo.InvariantCulture, $"<p class=\"small muted\">{WebAdminTexts.UsedBy}: {E(string.Join("; ", campaigns))}</p>");
                }

                body.Append("</section>");
            }
            catch (OutlineLoadException e)
            {
                body.Append(CultureInfo.InvariantCulture, $"<section class=\"card\"><h2><code>{E(name)}</code></h2><p><span class=\"status s-overdue\">✗ {WebAdminTexts.OutlineInvalid}</span></p><ul>")
                    .Append(string.Concat(e.Errors.Select(err => FormattableString.Invariant($"<li>Dòng {err.Line}, cột {err.Column}{(err.Path.Length > 0 ? $" ({E(err.Path)})" : "")}: {E(err.Problem)}</li>"))))
                    .Append("</ul></section>");
            }
        }

        return Page(http, WebAdminTexts.Outlines, body.ToString());
    }

    private static async Task<IResult> AuditAsync(HttpContext http, CancellationToken ct)
    {
        await using var db = await ReadDbAsync(http, ct);
        var me = http.User.PersonId();
        var scope = await WebAdmin.AdminScopeAsync(db, me, ct);
        // Changes made by the admins of this scope (the admin's own and those of admins below).
        var authors = db.Memberships.Where(m => m.Role == Role.Admin && scope.Contains(m.UnitId)).Select(m => m.PersonId);
        var rows = await (from a in db.AuditEntries
                          join p in db.People on a.PersonId equals p.Id
                          where a.PersonId == me || authors.Contains(a.PersonId)
                          orderby a.Id descending
                          select new { a.At, a.Action, a.Subject, a.Before, a.After, p.FullName }).Take(200).ToListAsync(ct);
        var body = new StringBuilder().Append(Crumbs()).Append(CultureInfo.InvariantCulture, $"<h1>{WebAdminTexts.Audit}</h1>");
        if (rows.Count == 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"card\">{WebAdminTexts.NoAudit}</p>");
            return Page(http, WebAdminTexts.Audit, body.ToString());
        }

        body.Append(CultureInfo.InvariantCulture, $"<table class=\"units audit\"><thead><tr><th scope=\"col\">{WebAdminTexts.When}</th><th scope=\"col\">{WebAdminTexts.Who}</th><th scope=\"col\">{WebAdminTexts.What}</th><th scope=\"col\">{WebAdminTexts.Before}</th><th scope=\"col\">{WebAdminTexts.After}</th></tr></thead><tbody>");
        foreach (var r in rows)
        {
            body.Append(CultureInfo.InvariantCulture, $"<tr><td>{Local(r.At)}</td><td>{E(r.FullName)}</td><td>{E(WebAdminTexts.ActionName(r.Action))} <span class=\"muted small\">{E(r.Subject)}</span></td><td><code>{E(r.Before ?? "—")}</code></td><td><code>{E(r.After ?? "—")}</code></td></tr>");
        }

        body.Append("</tbody></table>");
        return Page(http, WebAdminTexts.Audit, body.ToString());
    }

    private static IResult NotFound(HttpContext http) =>
        Page(http, WebAppTexts.NotFound, $"<p class=\"alert\">{E(WebAppTexts.NotFound)}</p>", StatusCodes.Status404NotFound);
}
