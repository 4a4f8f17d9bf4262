using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Cli;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.WebApp;

/// <summary>
/// The signed-in web app under <c>/app</c>: cookie sessions started by single-use links, role policies read from the
/// same memberships as the chat, antiforgery on every form, a rate limit on link redemption, and forwarded headers
/// believed only from the configured proxies. The loopback demo pages (<see cref="LocalPages"/>) are untouched.
/// </summary>
public static class WebAppRegistration
{
    public const string Scheme = "UnionReview.Web";
    public const string OfficerPolicy = "officer";
    public const string CommitteePolicy = "committee";
    public const string SignedInPolicy = "signed-in";
    public const string AdminPolicy = "admin";
    public const string LinkLimiter = "web-links";
    internal const string StampClaim = "ur:stamp";
    internal const string SessionClaim = "ur:sid";

    public static IHostApplicationBuilder AddWebApp(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(WebAppOptions.Section);
        builder.Services.AddOptions<WebAppOptions>().Bind(section);
        builder.Services.AddSingleton<SignInLinks>();
        builder.Services.AddSingleton<WebLinkFeature>();
        builder.Services.AddSingleton<IConversationFeature>(sp => sp.GetRequiredService<WebLinkFeature>());
        builder.Services.AddSingleton<ICliVerb, WebLinkVerb>();
        builder.Services.AddSingleton<WebReportForms>();
        builder.Services.AddSingleton<WebAdmin>();
        builder.Services.TryAddSingleton<ReportReminders>();

        var lifetime = section.GetValue<TimeSpan?>(nameof(WebAppOptions.SessionLifetime)) ?? TimeSpan.FromHours(8);
        builder.Services.AddAuthentication(Scheme).AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "ur.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Secure whenever the request is HTTPS, including behind a proxy that says so (forwarded headers).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = "/app";
            o.ExpireTimeSpan = lifetime;
            o.SlidingExpiration = true;
            o.LoginPath = "/app/signin";
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
            o.Events.OnValidatePrincipal = ValidateAsync;
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(SignedInPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser())
            .AddPolicy(OfficerPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(nameof(Role.Officer)))
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(nameof(Role.Admin)))
            .AddPolicy(CommitteePolicy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(nameof(Role.Committee), nameof(Role.Admin)));
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "ur.af";
            o.Cookie.Path = "/app";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "__af";
        });
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LinkLimiter, http => RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = 20,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
        });
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<WebAppOptions>>((o, web) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the configured proxies: not even loopback by default.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in web.Value.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in web.Value.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return builder;
    }

    /// <summary>Forwarded headers (for /app only, from configured proxies), authentication, authorization, the rate limiter.</summary>
    public static WebApplication UseWebApp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<WebAppOptions>>().Value;
        if (options.KnownProxies.Count > 0 || options.KnownNetworks.Count > 0)
        {
            app.UseWhen(http => http.Request.Path.StartsWithSegments("/app"), branch => branch.UseForwardedHeaders());
        }

        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// Every request with a session cookie: the link that started it has not signed out, the person's stamp is the
    /// one in the cookie, and the roles are read afresh from the memberships (the same ones the chat uses).
    /// </summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var ok = int.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.Integer, CultureInfo.InvariantCulture, out var personId)
            & int.TryParse(principal?.FindFirstValue(SessionClaim), NumberStyles.Integer, CultureInfo.InvariantCulture, out var sessionId);
        var stamp = principal?.FindFirstValue(StampClaim);
        if (ok)
        {
            var ct = context.HttpContext.RequestAborted;
            await using var db = await context.HttpContext.RequestServices.GetRequiredService<IDbContextFactory<UnionReviewDb>>().CreateDbContextAsync(ct);
            var current = await db.WebSecurityStamps.Where(s => s.PersonId == personId).Select(s => s.Stamp).FirstOrDefaultAsync(ct);
            var open = await db.SignInLinks.AnyAsync(l => l.Id == sessionId && l.PersonId == personId && l.UsedAt != null && l.SignedOutAt == null, ct);
            var person = await db.People.FirstOrDefaultAsync(p => p.Id == personId, ct);
            if (open && person is not null && current is not null && current == stamp)
            {
                var roles = await db.Memberships.Where(m => m.PersonId == personId).Select(m => m.Role).Distinct().ToListAsync(ct);
                context.ReplacePrincipal(Principal(person, sessionId, current, roles));
                return;
            }
        }

        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(Scheme);
    }

    internal static ClaimsPrincipal Principal(Person person, int sessionId, string stamp, IEnumerable<Role> roles)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, person.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, person.FullName),
            new(SessionClaim, sessionId.ToString(CultureInfo.InvariantCulture)),
            new(StampClaim, stamp),
        };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r.ToString())));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    internal static int PersonId(this ClaimsPrincipal user) => int.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!, CultureInfo.InvariantCulture);

    internal static int SessionId(this ClaimsPrincipal user) => int.Parse(user.FindFirstValue(SessionClaim)!, CultureInfo.InvariantCulture);
}
