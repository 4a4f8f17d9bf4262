using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Committee;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Persistence;
using static UnionReview.Server.Features.WebApp.WebHtml;

namespace UnionReview.Server.Features.WebApp;

/// <summary>
/// The pages of the signed-in app. The group requires a session (deny by default); the few anonymous endpoints
/// (stylesheet, sign-in) say so. Every POST must come from a page of the app (no cross-site request) and carry a
/// valid antiforgery token.
/// </summary>
public static class WebAppEndpoints
{
    public static WebApplication MapWebApp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("/app").RequireAuthorization(WebAppRegistration.SignedInPolicy).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (HttpMethods.IsPost(http.Request.Method))
            {
                if (IsCrossSite(http))
                {
                    return Page(http, WebAppTexts.CrossSite, $"<p class=\"alert\">{E(WebAppTexts.CrossSite)}</p>", StatusCodes.Status403Forbidden);
                }

                if (!await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
                {
                    return Page(http, WebAppTexts.BadForm, $"<p class=\"alert\">{E(WebAppTexts.BadForm)}</p>", StatusCodes.Status400BadRequest);
                }
            }

            return await next(context);
        });

        group.MapGet("/app.css", () => Results.Text(Css, "text/css; charset=utf-8")).AllowAnonymous();
        group.MapGet("/signin", SignInPage).AllowAnonymous();
        group.MapPost("/signin", SignInAsync).AllowAnonymous().RequireRateLimiting(WebAppRegistration.LinkLimiter);
        group.MapPost("/signout", SignOutAsync);
        group.MapPost("/signout-all", SignOutEverywhereAsync);
        group.MapGet("/", Home);

        var officer = group.MapGroup("/report").RequireAuthorization(WebAppRegistration.OfficerPolicy);
        officer.MapGet("/", ReportOverviewAsync);
        officer.MapPost("/start", StartReportAsync);
        officer.MapGet("/{index:int}", SectionPageAsync);
        officer.MapPost("/{index:int}", SaveSectionAsync);
        officer.MapGet("/review", ReviewAsync);
        officer.MapPost("/submit", SubmitAsync);

        var committee = group.MapGroup("/committee").RequireAuthorization(WebAppRegistration.CommitteePolicy);
        committee.MapGet("/", DashboardAsync);
        committee.MapGet("/reports/{id:int}", ReadReportAsync);
        committee.MapPost("/reports/{id:int}/return", ReturnAsync);
        committee.MapPost("/remind", RemindAsync);
        committee.MapGet("/chart.png", AchievementChartAsync);
        group.MapWebAdmin();
        return app;
    }

    // ---- sign-in ------------------------------------------------------------------------------------

    private static IResult SignInPage(HttpContext http, string? t)
    {
        if (string.IsNullOrEmpty(t))
        {
            return Page(http, WebAppTexts.SignInTitle, $"<h1>{WebAppTexts.SignInTitle}</h1><div class=\"card\"><p>{E(WebAppTexts.SignInHowTo)}</p></div>");
        }

        // Opening the link changes nothing (chat apps open links to preview them); the button below uses it.
        var body = $"<h1>{WebAppTexts.SignInTitle}</h1><div class=\"card\"><p>{E(WebAppTexts.SignInConfirm)}</p>" +
                   $"<form method=\"post\" action=\"/app/signin\">{Af(http)}<input type=\"hidden\" name=\"t\" value=\"{E(t)}\">" +
                   $"<button type=\"submit\">{WebAppTexts.SignInButton}</button></form></div>";
        return Page(http, WebAppTexts.SignInTitle, body);
    }

    private static async Task<IResult> SignInAsync(HttpContext http, TurnExecutor executor, SignInLinks links, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var token = form["t"].ToString();
        var redeemed = await executor.ExecuteAsync((db, c) => links.RedeemAsync(db, token, c), ct);
        if (redeemed is not { } r)
        {
            return Page(http, WebAppTexts.SignInTitle, $"<h1>{WebAppTexts.SignInTitle}</h1><p class=\"alert\" role=\"alert\">{E(WebAppTexts.LinkRefused)}</p>", StatusCodes.Status400BadRequest);
        }

        await using var read = await http.RequestServices.GetRequiredService<IDbContextFactory<UnionReviewDb>>().CreateDbContextAsync(ct);
        var person = await read.People.SingleAsync(p => p.Id == r.Link.PersonId, ct);
        var roles = await read.Memberships.Where(m => m.PersonId == person.Id).Select(m => m.Role).Distinct().ToListAsync(ct);
        await http.SignInAsync(WebAppRegistration.Scheme, WebAppRegistration.Principal(person, r.Link.Id, r.Stamp, roles), new AuthenticationProperties { IsPersistent = false });
        return Results.Redirect("/app/");
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, TurnExecutor executor, TimeProvider clock, CancellationToken ct)
    {
        var sessionId = http.User.SessionId();
        var personId = http.User.PersonId();
        await executor.ExecuteAsync(async (db, c) =>
        {
            var link = await db.SignInLinks.FirstOrDefaultAsync(l => l.Id == sessionId && l.PersonId == personId, c);
            if (link is not null)
            {
                link.SignedOutAt = clock.GetUtcNow();
                await db.SaveChangesAsync(c);
            }

            return 0;
        }, ct);
        await http.SignOutAsync(WebAppRegistration.Scheme);
        http.User = new ClaimsPrincipal(new ClaimsIdentity());
        return Page(http, WebAppTexts.SignOut, $"<h1>{WebAppTexts.SignOut}</h1><p class=\"notice\">{E(WebAppTexts.SignedOut)}</p>");
    }

    private static async Task<IResult> SignOutEverywhereAsync(HttpContext http, TurnExecutor executor, SignInLinks links, TimeProvider clock, CancellationToken ct)
    {
        var personId = http.User.PersonId();
        await executor.ExecuteAsync(async (db, c) =>
        {
            await links.RenewStampAsync(db, personId, c);
            db.AuditEntries.Add(new AuditEntry { PersonId = personId, At = clock.GetUtcNow(), Action = "sign-out-everywhere", Subject = $"person:{personId}" });
            await db.SaveChangesAsync(c);
            return 0;
        }, ct);
        await http.SignOutAsync(WebAppRegistration.Scheme);
        http.User = new ClaimsPrincipal(new ClaimsIdentity());
        return Page(http, WebAppTexts.SignOutEverywhere, $"<h1>{WebAppTexts.SignOutEverywhere}</h1><p class=\"notice\">{E(WebAppTexts.SignedOut)}</p>");
    }

    private static IResult Home(HttpContext http)
    {
        var body = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<h1>{WebAppTexts.Home}</h1><div class=\"cards\">");
        if (http.User.IsInRole(nameof(Role.Officer)))
        {
            body.Append(CultureInfo.InvariantCulture, $"<section class=\"card\"><h2><a href=\"/app/report/\">{WebAppTexts.OfficerCard}</a></h2><p>{WebAppTexts.OfficerCardText}</p></section>");
        }

        if (http.User.IsInRole(nameof(Role.Committee)) || http.User.IsInRole(nameof(Role.Admin)))
        {
            body.Append(CultureInfo.InvariantCulture, $"<section class=\"card\"><h2><a href=\"/app/committee/\">{WebAppTexts.CommitteeCard}</a></h2><p>{WebAppTexts.CommitteeCardText}</p></section>");
        }

        if (http.User.IsInRole(nameof(Role.Admin)))
        {
            body.Append(CultureInfo.InvariantCulture, $"<section class=\"card\"><h2><a href=\"/app/admin/\">{WebAdminTexts.Card}</a></h2><p>{WebAdminTexts.CardText}</p></section>");
        }

        if (!http.User.Claims.Any(c => c.Type == ClaimTypes.Role))
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"card\">{WebAppTexts.NoRole}</p>");
        }

        body.Append(CultureInfo.InvariantCulture, $"</div><form method=\"post\" action=\"/app/signout-all\" class=\"actions\">{Af(http)}<button class=\"secondary\" type=\"submit\">{WebAppTexts.SignOutEverywhere}</button></form>");
        return Page(http, WebAppTexts.Home, body.ToString());
    }

    // ---- officer ------------------------------------------------------------------------------------

    private static async Task<(PersonContext? Who, LoadedReport? Report)> OfficerReportAsync(HttpContext http, WebReportForms forms, CancellationToken ct)
    {
        await using var db = await http.RequestServices.GetRequiredService<IDbContextFactory<UnionReviewDb>>().CreateDbContextAsync(ct);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        var who = await WebReportForms.PersonAsync(db, http.User.PersonId(), ct);
        return (who, who is null ? null : await forms.LoadAsync(db, who, create: false, ct));
    }

    private static string ProgressBar(LoadedReport loaded)
    {
        var answered = loaded.Outline.Questions.Count(q => q.AppliesTo(loaded.Context.UnitLevel) && loaded.Context.Answers.TryGetValue(q.Id, out var a) && !a.IsEmpty);
        var percent = DialogEngine.PercentAnswered(loaded.Outline, loaded.Context.Answers, loaded.Context.UnitLevel);
        return $"<p class=\"small\" id=\"progress-label\">{E(WebAppTexts.Progress(answered, loaded.Outline.Questions.Count(q => q.AppliesTo(loaded.Context.UnitLevel)), percent))}</p>" +
               $"<div class=\"progress\" role=\"progressbar\" aria-labelledby=\"progress-label\" aria-valuemin=\"0\" aria-valuemax=\"100\" aria-valuenow=\"{percent}\"><span style=\"width:{percent}%\"></span></div>";
    }

    private static async Task<IResult> ReportOverviewAsync(HttpContext http, WebReportForms forms, CancellationToken ct)
    {
        var (_, loaded) = await OfficerReportAsync(http, forms, ct);
        if (loaded is null)
        {
            var start = $"<h1>{WebAppTexts.OfficerCard}</h1><div class=\"card\"><form method=\"post\" action=\"/app/report/start\">{Af(http)}<button type=\"submit\">{WebAppTexts.StartReport}</button></form></div>";
            return Page(http, WebAppTexts.OfficerCard, start);
        }

        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<h1>{E(loaded.Campaign.Name)}</h1><p class=\"muted\">{E(loaded.Unit.Name)} · {E(DialogTexts.StatusName(loaded.Report.Status))}</p>");
        if (loaded.Report.Status == ReportStatus.Returned && loaded.Report.ReturnNote is { } note)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"alert\">{E(WebAppTexts.ReturnedForRevision(note))}</p>");
        }

        body.Append("<div class=\"card\">").Append(ProgressBar(loaded)).Append(CultureInfo.InvariantCulture, $"<h2>{WebAppTexts.Sections}</h2><ol class=\"sections\">");
        var sections = loaded.Outline.Sections;
        for (var i = 0; i < sections.Count; i++)
        {
            var s = sections[i];
            var answered = s.Questions.Count(q => loaded.Context.Answers.TryGetValue(q.Id, out var a) && !a.IsEmpty);
            body.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/app/report/{i + 1}\">{E(s.Label)}</a> <span class=\"muted small\">({answered}/{s.Questions.Count})</span></li>");
        }

        body.Append(CultureInfo.InvariantCulture, $"</ol><div class=\"actions\"><a class=\"button\" href=\"/app/report/review\">{WebAppTexts.Review}</a></div></div>");
        return Page(http, WebAppTexts.OfficerCard, body.ToString());
    }

    private static async Task<IResult> StartReportAsync(WebReportForms forms, HttpContext http, CancellationToken ct)
    {
        if (!await forms.StartAsync(http.User.PersonId(), ct))
        {
            return Page(http, WebAppTexts.OfficerCard, $"<p class=\"alert\">{E(WebAppTexts.NoReport)}</p>", StatusCodes.Status404NotFound);
        }

        return Results.Redirect("/app/report/1");
    }

    private static async Task<IResult> SectionPageAsync(HttpContext http, WebReportForms forms, int index, int? saved, CancellationToken ct)
    {
        var (_, loaded) = await OfficerReportAsync(http, forms, ct);
        if (loaded is null)
        {
            return Results.Redirect("/app/report/");
        }

        if (index < 1 || index > loaded.Outline.Sections.Count)
        {
            return NotFound(http);
        }

        var notice = saved is { } n ? (n > 0 ? WebAppTexts.SavedCount(n) : WebAppTexts.NothingChanged) : null;
        return Page(http, loaded.Outline.Sections[index - 1].Label, SectionForm(http, loaded, index, null, null, notice));
    }

    private static async Task<IResult> SaveSectionAsync(HttpContext http, WebReportForms forms, int index, CancellationToken ct)
    {
        var (_, before) = await OfficerReportAsync(http, forms, ct);
        if (before is null || index < 1 || index > before.Outline.Sections.Count)
        {
            return NotFound(http);
        }

        var form = await http.Request.ReadFormAsync(ct);
        var section = before.Outline.Sections[index - 1];
        var result = await forms.SaveSectionAsync(http.User.PersonId(), section.Id, form, ct);
        if (result is null)
        {
            return NotFound(http);
        }

        var (_, loaded) = await OfficerReportAsync(http, forms, ct);
        if (result.Locked)
        {
            return Page(http, section.Label, SectionForm(http, loaded!, index, null, null, null), StatusCodes.Status409Conflict);
        }

        if (result.Errors.Count > 0 || result.Notices.Count > 0)
        {
            return Page(http, section.Label, SectionForm(http, loaded!, index, result, form, result.Errors.Count == 0 ? WebAppTexts.SavedCount(result.Saved) : null));
        }

        var next = form["go"] == "next" && index < loaded!.Outline.Sections.Count ? index + 1 : index;
        return form["go"] == "review" ? Results.Redirect("/app/report/review") : Results.Redirect(FormattableString.Invariant($"/app/report/{next}?saved={result.Saved}"));
    }

    private static string SectionForm(HttpContext http, LoadedReport loaded, int index, SectionSave? result, IFormCollection? posted, string? notice)
    {
        var outline = loaded.Outline;
        var section = outline.Sections[index - 1];
        var locked = loaded.Report.Status == ReportStatus.Submitted;
        var body = new StringBuilder();
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"small muted\"><a href=\"/app/report/\">{WebAppTexts.OfficerCard}</a> · {E(WebAppTexts.SectionOf(index, outline.Sections.Count))}</p>");
        if (section.Heading is { } heading)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{E(heading)}</p>");
        }

        body.Append(CultureInfo.InvariantCulture, $"<h1>{E(section.Label)}</h1>").Append(ProgressBar(loaded));
        if (notice is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" role=\"status\">{E(notice)}</p>");
        }

        if (result is { Errors.Count: > 0 })
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"alert\" role=\"alert\">{E(WebAppTexts.Errors)}</p>");
        }

        foreach (var n in result?.Notices ?? [])
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\">{E(n)}</p>");
        }

        if (locked)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"alert\">{E(WebAppTexts.Locked)}</p>");
        }

        if (section.Intro is { } intro)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"help\">{E(intro)}</p>");
        }

        if (section.Guidance.Count > 0)
        {
            body.Append("<details class=\"card\"><summary>Hướng dẫn</summary><ul>");
            foreach (var g in section.Guidance)
            {
                body.Append(CultureInfo.InvariantCulture, $"<li>{E(g)}</li>");
            }

            body.Append("</ul></details>");
        }

        body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/app/report/{index}\" class=\"card\" novalidate>{Af(http)}");
        foreach (var q in section.Questions.Where(q => q.AppliesTo(loaded.Context.UnitLevel)))
        {
            var error = result?.Errors.GetValueOrDefault(q.Id);
            var current = loaded.Context.Answers.GetValueOrDefault(q.Id);
            var value = posted is not null && error is not null ? posted["q:" + q.Id].ToString() : WebReportForms.Shown(q, current);
            var id = "q-" + q.Id;
            var describedBy = $"{id}-help" + (error is null ? "" : $" {id}-error");
            var prompt = $"{E(q.Prompt)}{(q.Required ? "" : " <span class=\"muted small\">" + WebAppTexts.Optional + "</span>")}";
            body.Append(CultureInfo.InvariantCulture, $"<div class=\"q{(error is null ? "" : " invalid")}\" id=\"{id}-block\">");
            var help = new StringBuilder();
            if (q.Help is { } h)
            {
                help.Append(E(h));
            }

            if (q.Indicator is { } indicator && loaded.Context.Targets.TryGetValue(indicator.Id, out var target))
            {
                help.Append(help.Length > 0 ? "\n" : "").Append(E($"{WebAppTexts.Target}: {VietnameseFormat.Number(target)} {indicator.Unit}"));
            }

            var briefing = loaded.Context.Briefings.GetValueOrDefault(q.Id);
            var disabled = locked ? " disabled" : "";
            switch (q.Kind)
            {
                case QuestionKind.Choice or QuestionKind.YesNo:
                    body.Append(CultureInfo.InvariantCulture, $"<fieldset aria-describedby=\"{describedBy}\"><legend>{prompt}</legend><p class=\"help\" id=\"{id}-help\">{help}</p>");
                    var options = q.Kind == QuestionKind.YesNo ? [new ChoiceOption("1", WebAppTexts.Yes), new ChoiceOption("0", WebAppTexts.No)] : q.Options;
                    var chosen = posted is not null && error is not null ? [.. posted["q:" + q.Id].Select(v => v ?? "")] : value.Split(',', StringSplitOptions.RemoveEmptyEntries);
                    var type = q.Kind == QuestionKind.Choice && q.Multiple ? "checkbox" : "radio";
                    for (var i = 0; i < options.Count; i++)
                    {
                        var o = options[i];
                        var check = chosen.Contains(o.Value) ? " checked" : "";
                        body.Append(CultureInfo.InvariantCulture, $"<div class=\"choice\"><input type=\"{type}\" id=\"{id}-{i}\" name=\"q:{E(q.Id)}\" value=\"{E(o.Value)}\"{check}{disabled}><label for=\"{id}-{i}\" style=\"font-weight:400\">{E(o.Label)}</label></div>");
                    }

                    body.Append("</fieldset>");
                    break;
                case QuestionKind.Text:
                    body.Append(CultureInfo.InvariantCulture, $"<label for=\"{id}\">{prompt}</label><p class=\"help\" id=\"{id}-help\">{help}</p>");
                    if (briefing is not null)
                    {
                        body.Append(CultureInfo.InvariantCulture, $"<pre class=\"briefing\">{E(briefing)}</pre>");
                    }

                    body.Append(CultureInfo.InvariantCulture, $"<textarea id=\"{id}\" name=\"q:{E(q.Id)}\" maxlength=\"{q.MaxLength}\" aria-describedby=\"{describedBy}\"{disabled}>{E(value)}</textarea>");
                    break;
                default:
                    body.Append(CultureInfo.InvariantCulture, $"<label for=\"{id}\">{prompt}{(q.Unit is { } u ? " <span class=\"muted small\">(" + E(u) + ")</span>" : "")}</label><p class=\"help\" id=\"{id}-help\">{help}</p>");
                    body.Append(CultureInfo.InvariantCulture, $"<input type=\"text\" inputmode=\"decimal\" autocomplete=\"off\" id=\"{id}\" name=\"q:{E(q.Id)}\" value=\"{E(value)}\" aria-describedby=\"{describedBy}\"{disabled}>");
                    break;
            }

            if (error is not null)
            {
                body.Append(CultureInfo.InvariantCulture, $"<p class=\"error\" id=\"{id}-error\">{E(error)}</p>");
                if (result!.QuestionedFigures.Contains(q.Id))
                {
                    body.Append(CultureInfo.InvariantCulture, $"<div class=\"choice\"><input type=\"checkbox\" id=\"{id}-keep\" name=\"keep:{E(q.Id)}\" value=\"1\"><label for=\"{id}-keep\" style=\"font-weight:400\">{WebAppTexts.KeepFigure}</label></div>");
                }
            }

            body.Append("</div>");
        }

        body.Append("<div class=\"actions\">");
        if (!locked)
        {
            body.Append(index < outline.Sections.Count
                ? $"<button type=\"submit\" name=\"go\" value=\"next\">{WebAppTexts.SaveAndNext}</button><button class=\"secondary\" type=\"submit\" name=\"go\" value=\"stay\">{WebAppTexts.Save}</button>"
                : $"<button type=\"submit\" name=\"go\" value=\"review\">{WebAppTexts.Save} · {WebAppTexts.Review}</button><button class=\"secondary\" type=\"submit\" name=\"go\" value=\"stay\">{WebAppTexts.Save}</button>");
        }

        body.Append("</div></form><nav class=\"actions\" aria-label=\"Chuyển mục\">");
        if (index > 1)
        {
            body.Append(CultureInfo.InvariantCulture, $"<a class=\"button secondary\" href=\"/app/report/{index - 1}\">{WebAppTexts.Previous}</a>");
        }

        body.Append(CultureInfo.InvariantCulture, $"<a class=\"button secondary\" href=\"/app/report/review\">{WebAppTexts.Review}</a></nav>");
        return body.ToString();
    }

    private static async Task<IResult> ReviewAsync(HttpContext http, WebReportForms forms, bool? submitted, CancellationToken ct)
    {
        var (_, loaded) = await OfficerReportAsync(http, forms, ct);
        if (loaded is null)
        {
            return Results.Redirect("/app/report/");
        }

        return Page(http, WebAppTexts.Review, ReviewBody(http, loaded, null, submitted == true ? WebAppTexts.SubmittedNotice : null));
    }

    private static string ReviewBody(HttpContext http, LoadedReport loaded, IReadOnlyList<QuestionDefinition>? missing, string? notice)
    {
        var body = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<p class=\"small muted\"><a href=\"/app/report/\">{WebAppTexts.OfficerCard}</a></p><h1>{WebAppTexts.Review}</h1>");
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{E(loaded.Unit.Name)} · {E(DialogTexts.StatusName(loaded.Report.Status))}</p>").Append(ProgressBar(loaded));
        if (notice is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" role=\"status\">{E(notice)}</p>");
        }

        missing ??= DialogEngine.MissingRequired(loaded.Outline, loaded.Context.Answers, loaded.Context.UnitLevel);
        var sections = loaded.Outline.Sections;
        if (missing.Count > 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"<div class=\"alert\" role=\"alert\"><p>{WebAppTexts.MissingTitle}</p><ul>");
            foreach (var q in missing)
            {
                var index = sections.ToList().FindIndex(s => s.Id == q.SectionId) + 1;
                body.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/app/report/{index}#q-{E(q.Id)}-block\">{E(loaded.Outline.SectionOf(q).Code)} – {E(q.Prompt)}</a></li>");
            }

            body.Append("</ul></div>");
        }

        body.Append(AnswersHtml(loaded, null));
        if (loaded.Report.Status != ReportStatus.Submitted)
        {
            body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/app/report/submit\" class=\"actions\">{Af(http)}<button type=\"submit\">{WebAppTexts.Submit}</button></form>");
        }

        return body.ToString();
    }

    private static string AnswersHtml(LoadedReport loaded, int? onlySection)
    {
        var body = new StringBuilder();
        var sections = loaded.Outline.Sections;
        for (var i = 0; i < sections.Count; i++)
        {
            if (onlySection is { } only && only != i + 1)
            {
                continue;
            }

            var s = sections[i];
            body.Append(CultureInfo.InvariantCulture, $"<section class=\"card\"><h2>{E(s.Label)}</h2><dl class=\"answers\">");
            foreach (var q in s.Questions.Where(q => q.AppliesTo(loaded.Context.UnitLevel)))
            {
                var shown = loaded.Context.Answers.TryGetValue(q.Id, out var a) && !a.IsEmpty ? a.Display(q) : null;
                body.Append(CultureInfo.InvariantCulture, $"<dt>{E(q.Prompt)}</dt><dd{(shown is null ? " class=\"muted\"" : "")}>{E(shown ?? WebAppTexts.NoAnswer)}</dd>");
            }

            body.Append("</dl></section>");
        }

        return body.ToString();
    }

    private static async Task<IResult> SubmitAsync(HttpContext http, WebReportForms forms, CancellationToken ct)
    {
        var result = await forms.SubmitAsync(http.User.PersonId(), ct);
        if (result.Submitted)
        {
            return Results.Redirect("/app/report/review?submitted=true");
        }

        var (_, loaded) = await OfficerReportAsync(http, forms, ct);
        if (loaded is null)
        {
            return Page(http, WebAppTexts.Review, $"<p class=\"alert\">{E(result.Problem ?? WebAppTexts.NoReport)}</p>", StatusCodes.Status404NotFound);
        }

        return Page(http, WebAppTexts.Review, ReviewBody(http, loaded, result.Missing, result.Problem), StatusCodes.Status422UnprocessableEntity);
    }

    // ---- committee ----------------------------------------------------------------------------------

    private static async Task<IResult> DashboardAsync(HttpContext http, IDbContextFactory<UnionReviewDb> factory, CommitteeFeature committee, TimeProvider clock, string? status, int? campaign, RemindOutcome? reminded, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        var who = await WebReportForms.PersonAsync(db, http.User.PersonId(), ct);
        var scope = await Scope.CommitteeScopeAsync(db, who!.Memberships, ct);
        var active = await Scope.ActiveCampaigns(db, scope).OrderByDescending(c => c.Id).ToListAsync(ct);
        var chosen = active.FirstOrDefault(c => c.Id == campaign) ?? active.FirstOrDefault();
        var body = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<h1>{WebAppTexts.Dashboard}</h1>");
        if (chosen is null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"card\">{WebAppTexts.NoCampaign}</p>");
            return Page(http, WebAppTexts.Dashboard, body.ToString());
        }

        var progress = await committee.ProgressAsync(db, scope, chosen.Id, ct);
        var deadlines = await db.CampaignDeadlines.Where(d => d.CampaignId == chosen.Id).ToDictionaryAsync(d => d.LevelId, d => d.DueOn, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).DateTime);
        bool Overdue(UnitProgress p) => p.Status is not ReportStatus.Submitted && deadlines.TryGetValue(p.Unit.LevelId, out var due) && due < today;
        string Key(UnitProgress p) => p.Status.ToString();
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{E(chosen.Name)}</p>");
        if (reminded is { } done && Enum.IsDefined(done))
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"{(done == RemindOutcome.Sent ? "notice" : "alert")}\" role=\"status\">{E(WebAppTexts.Reminded(done))}</p>");
        }

        body.Append("<ul class=\"counts\" aria-label=\"Số đơn vị theo trạng thái\">")
            .Append(CultureInfo.InvariantCulture, $"<li>{E(WebAppTexts.Counts(progress.Count(p => p.Status == ReportStatus.Submitted), progress.Count(p => p.Status == ReportStatus.InProgress), progress.Count(p => p.Status == ReportStatus.NotStarted), progress.Count(Overdue), progress.Count(p => p.Status == ReportStatus.Returned)))}</li></ul>");
        body.Append(CultureInfo.InvariantCulture, $"<form method=\"get\" action=\"/app/committee/\" class=\"actions\"><input type=\"hidden\" name=\"campaign\" value=\"{chosen.Id}\"><label for=\"status\" class=\"label\">{WebAppTexts.Filter}</label><select id=\"status\" name=\"status\">");
        var filters = new[] { ("", WebAppTexts.All), ("Submitted", DialogTexts.StatusName(ReportStatus.Submitted)), ("InProgress", DialogTexts.StatusName(ReportStatus.InProgress)), ("NotStarted", DialogTexts.StatusName(ReportStatus.NotStarted)), ("overdue", WebAppTexts.Overdue), ("Returned", DialogTexts.StatusName(ReportStatus.Returned)) };
        foreach (var (value, label) in filters)
        {
            body.Append(CultureInfo.InvariantCulture, $"<option value=\"{value}\"{(string.Equals(status ?? "", value, StringComparison.Ordinal) ? " selected" : "")}>{E(label)}</option>");
        }

        body.Append(CultureInfo.InvariantCulture, $"</select><button type=\"submit\">{WebAppTexts.Show}</button></form>");
        var shown = progress.Where(p => string.IsNullOrEmpty(status) || (status == "overdue" ? Overdue(p) : Key(p) == status)).ToList();
        var minDepth = progress.Count == 0 ? 0 : progress.Min(p => p.Unit.Path.Count(c => c == '/'));
        body.Append(CultureInfo.InvariantCulture, $"<table class=\"units\"><thead><tr><th scope=\"col\">{WebAppTexts.Unit}</th><th scope=\"col\">{WebAppTexts.Status}</th><th scope=\"col\">{WebAppTexts.Answered}</th><th scope=\"col\">{WebAppTexts.Deadline}</th><th scope=\"col\">{WebAppTexts.Actions}</th></tr></thead><tbody>");
        foreach (var p in shown)
        {
            var depth = p.Unit.Path.Count(c => c == '/') - minDepth;
            var name = p.Report is { } r ? $"<a href=\"/app/committee/reports/{r.Id}\">{E(p.Unit.Name)}</a>" : E(p.Unit.Name);
            var due = deadlines.TryGetValue(p.Unit.LevelId, out var d) ? d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) : "";
            var remind = p.Status == ReportStatus.Submitted ? "" :
                $"<form method=\"post\" action=\"/app/committee/remind\" class=\"inline\">{Af(http)}<input type=\"hidden\" name=\"campaign\" value=\"{chosen.Id}\"><input type=\"hidden\" name=\"unit\" value=\"{p.Unit.Id}\"><button type=\"submit\" class=\"secondary small\" aria-label=\"{E(WebAppTexts.RemindLabel(p.Unit.Name))}\">{WebAppTexts.RemindNow}</button></form>";
            var overdue = Overdue(p) ? $" <span class=\"status s-overdue\">· {WebAppTexts.Overdue}</span>" : "";
            body.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"padding-left:{8 + (depth * 16)}px\">{name}</td><td><span class=\"status s-{p.Status}\">{E(DialogTexts.StatusName(p.Status))}</span>{overdue}</td><td>{p.Percent}%</td><td>{due}</td><td>{remind}</td></tr>");
        }

        body.Append("</tbody></table>");
        if (await AchievementPngAsync(db, http.RequestServices, scope, chosen.Id, ct) is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<h2>{WebAppTexts.ChartHeading}</h2><figure class=\"card\"><img src=\"/app/committee/chart.png?campaign={chosen.Id}\" alt=\"{E(WebAppTexts.ChartAlt(chosen.Name))}\" style=\"max-width:100%;height:auto\"></figure>");
        }

        return Page(http, WebAppTexts.Dashboard, body.ToString());
    }

    /// <summary>The % achievement chart of the member's scope for a campaign (the same chart as /chitieu and the digest).</summary>
    private static async Task<IResult> AchievementChartAsync(HttpContext http, IDbContextFactory<UnionReviewDb> factory, int campaign, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        var who = await WebReportForms.PersonAsync(db, http.User.PersonId(), ct);
        var scope = await Scope.CommitteeScopeAsync(db, who!.Memberships, ct);
        if (!await Scope.ActiveCampaigns(db, scope).AnyAsync(c => c.Id == campaign, ct))
        {
            return Results.NotFound();
        }

        return await AchievementPngAsync(db, http.RequestServices, scope, campaign, ct) is { } png
            ? Results.File(png, Charts.ChartRenderer.ContentType)
            : Results.NotFound();
    }

    private static async Task<byte[]?> AchievementPngAsync(UnionReviewDb db, IServiceProvider services, IReadOnlyCollection<int> scope, int campaign, CancellationToken ct)
    {
        var tables = await services.GetRequiredService<Indicators.IIndicatorTables>().BuildAsync(db, campaign, scope, ct);
        return Charts.ChartRenderer.AchievementOf(tables) is { } bars ? Charts.ChartRenderer.Achievement(bars.Title, bars.Bars, bars.WithoutResult) : null;
    }

    private static async Task<(PersonContext Who, Report? Report)> ScopedReportAsync(UnionReviewDb db, HttpContext http, int id, CancellationToken ct)
    {
        var who = await WebReportForms.PersonAsync(db, http.User.PersonId(), ct);
        var scope = await Scope.CommitteeScopeAsync(db, who!.Memberships, ct);
        return (who, await db.Reports.FirstOrDefaultAsync(r => r.Id == id && scope.Contains(r.UnitId), ct));
    }

    private static async Task<IResult> ReadReportAsync(HttpContext http, IDbContextFactory<UnionReviewDb> factory, ReportStore reports, int id, int? s, string? returned, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        var (_, report) = await ScopedReportAsync(db, http, id, ct);
        if (report is null)
        {
            return NotFound(http);
        }

        var loaded = await reports.LoadAsync(db, report, ct);
        var section = Math.Clamp(s ?? 1, 1, loaded.Outline.Sections.Count);
        var body = new StringBuilder().Append(CultureInfo.InvariantCulture, $"<p class=\"small muted\"><a href=\"/app/committee/\">{WebAppTexts.Dashboard}</a></p><h1>{E(loaded.Unit.Name)}</h1>");
        body.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">{E(loaded.Campaign.Name)} · {E(DialogTexts.StatusName(report.Status))}</p>").Append(ProgressBar(loaded));
        if (returned is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p class=\"notice\" role=\"status\">{E(returned)}</p>");
        }

        body.Append(CultureInfo.InvariantCulture, $"<form method=\"get\" class=\"actions\" action=\"/app/committee/reports/{report.Id}\"><label class=\"label\" for=\"s\">{WebAppTexts.Sections}</label><select id=\"s\" name=\"s\">");
        for (var i = 0; i < loaded.Outline.Sections.Count; i++)
        {
            body.Append(CultureInfo.InvariantCulture, $"<option value=\"{i + 1}\"{(i + 1 == section ? " selected" : "")}>{E(loaded.Outline.Sections[i].Label)}</option>");
        }

        body.Append(CultureInfo.InvariantCulture, $"</select><button type=\"submit\">{WebAppTexts.Show}</button></form>").Append(AnswersHtml(loaded, section));
        var events = await (from e in db.ReportEvents
                            join p in db.People on e.PersonId equals p.Id
                            where e.ReportId == report.Id
                            orderby e.At
                            select new { e.Kind, e.At, e.Note, p.FullName }).ToListAsync(ct);
        body.Append(CultureInfo.InvariantCulture, $"<section class=\"card\"><h2>{WebAppTexts.History}</h2><ul>");
        foreach (var e in events)
        {
            body.Append(CultureInfo.InvariantCulture, $"<li>{e.At.ToOffset(TimeSpan.FromHours(7)).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture)} – {E(WebAppTexts.EventName(e.Kind))} ({E(e.FullName)}){(e.Note is null ? "" : ": " + E(e.Note))}</li>");
        }

        body.Append("</ul></section>");
        if (report.Status == ReportStatus.Submitted)
        {
            body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/app/committee/reports/{report.Id}/return\" class=\"card\">{Af(http)}<h2>{WebAppTexts.ReturnTitle}</h2>")
                .Append(CultureInfo.InvariantCulture, $"<label for=\"reason\">{WebAppTexts.ReturnReason}</label><textarea id=\"reason\" name=\"reason\" maxlength=\"2000\" required></textarea>")
                .Append(CultureInfo.InvariantCulture, $"<div class=\"actions\"><button type=\"submit\">{WebAppTexts.ReturnButton}</button></div></form>");
        }

        return Page(http, loaded.Unit.Name, body.ToString());
    }

    private static async Task<IResult> ReturnAsync(HttpContext http, TurnExecutor executor, OutboxWriter outbox, TimeProvider clock, int id, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var reason = form["reason"].ToString().Trim();
        var personId = http.User.PersonId();
        var outcome = await executor.ExecuteAsync(async (db, c) =>
        {
            var (who, report) = await ScopedReportAsync(db, http, id, c);
            if (report is null)
            {
                return (Found: false, Reply: "");
            }

            var before = report.Status;
            // The one return path, shared with the chat's /donvi.
            var result = await ReportReturns.ReturnAsync(db, outbox, who, id, reason, clock.GetUtcNow(), c);
            if (report.Status != before)
            {
                db.AuditEntries.Add(new AuditEntry
                {
                    PersonId = personId, At = clock.GetUtcNow(), Action = "report-returned", Subject = $"report:{id}",
                    Before = before.ToString(), After = $"{report.Status}: {reason}",
                });
            }

            await db.SaveChangesAsync(c);
            return (Found: true, Reply: result.Message);
        }, ct);
        return outcome.Found
            ? Results.Redirect($"/app/committee/reports/{id}?returned={Uri.EscapeDataString(outcome.Reply)}")
            : NotFound(http);
    }

    private static async Task<IResult> RemindAsync(HttpContext http, TurnExecutor executor, ReportReminders reminders, TimeProvider clock, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        _ = int.TryParse(form["campaign"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var campaignId);
        _ = int.TryParse(form["unit"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var unitId);
        var personId = http.User.PersonId();
        var outcome = await executor.ExecuteAsync(async (db, c) =>
        {
            var who = await WebReportForms.PersonAsync(db, personId, c);
            var scope = await Scope.CommitteeScopeAsync(db, who!.Memberships, c);
            if (!scope.Contains(unitId) || !await db.CampaignUnits.AnyAsync(cu => cu.CampaignId == campaignId && cu.UnitId == unitId, c))
            {
                return (RemindOutcome?)null;
            }

            var result = await reminders.RemindNowAsync(db, campaignId, unitId, personId, clock.GetUtcNow(), c);
            if (result == RemindOutcome.Sent)
            {
                db.AuditEntries.Add(new AuditEntry { PersonId = personId, At = clock.GetUtcNow(), Action = ReportReminders.Kind, Subject = $"unit:{unitId}", After = $"campaign:{campaignId}" });
            }

            await db.SaveChangesAsync(c);
            return result;
        }, ct);
        return outcome is { } o
            ? Results.Redirect(FormattableString.Invariant($"/app/committee/?campaign={campaignId}&reminded={o}"))
            : NotFound(http);
    }

    /// <summary>
    /// A form posted by a page of another site: the browser says so (<c>Sec-Fetch-Site</c>), or, from a browser that
    /// does not send it, an <c>Origin</c> other than this host or the public address. (Pages send no referrer, so a
    /// browser may send <c>Origin: null</c> for its own forms; the antiforgery token still guards those.)
    /// </summary>
    internal static bool IsCrossSite(HttpContext http)
    {
        var site = http.Request.Headers["Sec-Fetch-Site"].ToString();
        if (site is "cross-site" or "same-site")
        {
            return true;
        }

        var origin = http.Request.Headers.Origin.ToString();
        if (site.Length > 0 || origin.Length == 0 || origin == "null")
        {
            return false;
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
        {
            return true;
        }

        var publicUrl = new Uri(http.RequestServices.GetRequiredService<SignInLinks>().PublicUrl);
        var sameHost = string.Equals(uri.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase);
        var samePublic = string.Equals(uri.Authority, publicUrl.Authority, StringComparison.OrdinalIgnoreCase) && uri.Scheme == publicUrl.Scheme;
        return !(sameHost || samePublic);
    }

    private static IResult NotFound(HttpContext http) =>
        Page(http, WebAppTexts.NotFound, $"<p class=\"alert\">{E(WebAppTexts.NotFound)}</p>", StatusCodes.Status404NotFound);
}
