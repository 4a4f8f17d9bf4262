using Microsoft.AspNetCore.HostFiltering;
using UnionReview.Server.Features.Documents;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Features.WebChat;

namespace UnionReview.Server;

/// <summary>
/// The pages and APIs without a login (web chat, documents, invites) are a loopback demo: they are mapped in one route
/// group whose filter answers only direct requests from this machine (<see cref="LocalRequests"/>) that no page of
/// another site made. Every response carries frame and content-type headers, and only the configured host names are
/// served (<see cref="HostFilteringOptions"/>), so a rebound DNS name cannot reach the service from a browser.
/// </summary>
public static class LocalPages
{
    /// <summary>Host names always served: the loopback names the demo pages are opened with.</summary>
    private static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>
    /// Host filtering: the hosts of <c>AllowedHosts</c> (semicolon-separated) if set, plus the loopback names and the
    /// host names of <c>Urls</c>; anything else gets 400. <c>AllowedHosts=*</c> turns the check off.
    /// </summary>
    public static IHostApplicationBuilder AddLocalPages(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<DocumentLinks>();
        builder.Services.AddOptions<HostFilteringOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            options.AllowedHosts = AllowedHosts(configuration["AllowedHosts"], configuration["Urls"]);
            options.AllowEmptyHosts = false;
            options.IncludeFailureMessage = false;
        });
        return builder;
    }

    /// <summary>The host names served for these settings.</summary>
    public static List<string> AllowedHosts(string? allowedHosts, string? urls)
    {
        var configured = (allowedHosts ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (configured.Contains("*"))
        {
            return ["*"];
        }

        var hosts = new List<string>(LoopbackHosts);
        foreach (var url in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel also takes http://*:5080 and http://+:5080, which Uri does not parse; those name no host.
            var host = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : null;
            if (host is { Length: > 0 } && host != "0.0.0.0" && host != "[::]")
            {
                hosts.Add(host);
            }
        }

        hosts.AddRange(configured);
        return [.. hosts.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>X-Frame-Options, CSP frame-ancestors and nosniff on every response; no referrer leaves the pages.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use((http, next) =>
        {
            var headers = http.Response.Headers;
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = "frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            return next(http);
        });
        return app;
    }

    /// <summary>The web chat, the documents page and the invite page, in the local-only group.</summary>
    public static WebApplication MapLocalPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var group = app.MapGroup("").AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (LocalRequests.IsDirectLocal(http) && !LocalRequests.IsCrossSite(http))
            {
                return await next(context);
            }

            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LocalPages))
                .LogWarning("Refused {Method} {Path} from {Remote}: not a direct request from this machine", http.Request.Method, http.Request.Path, http.Connection.RemoteIpAddress);
            return http.Request.Path.StartsWithSegments("/api")
                ? Results.Json(new { error = LocalPagesTexts.LocalOnly }, statusCode: StatusCodes.Status403Forbidden)
                : Results.Text(LocalPagesTexts.LocalOnly, "text/plain; charset=utf-8", statusCode: StatusCodes.Status403Forbidden);
        });
        group.MapWebChat();
        group.MapDocuments();
        group.MapInviteAdmin();
        return app;
    }
}

internal static class LocalPagesTexts
{
    public const string LocalOnly =
        "Trang này không có đăng nhập nên chỉ mở được trên chính máy chạy dịch vụ, tại http://127.0.0.1 (không qua proxy, không từ trang web khác).";
}
