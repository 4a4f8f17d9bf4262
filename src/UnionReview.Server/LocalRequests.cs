using System.Net;
using Microsoft.AspNetCore.Http;

namespace UnionReview.Server;

/// <summary>
/// The pages without a login (web chat, documents, invites) and the unauthenticated Emulator setup answer only this
/// machine: a request over loopback, addressed to a loopback name, that did not pass through a proxy and was not
/// sent by a page of another site.
/// </summary>
public static class LocalRequests
{
    /// <summary>Headers a reverse proxy adds; any of them means the real caller may be anywhere.</summary>
    private static readonly string[] ProxyHeaders =
        ["X-Forwarded-For", "Forwarded", "X-Real-IP", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Prefix", "X-Original-For", "Via"];

    /// <summary>
    /// A request from this machine (loopback address, not the machine's own network address) to a loopback host
    /// name (so a rebound DNS name does not count), that did not pass through a proxy (a proxy would make every
    /// caller look local).
    /// </summary>
    public static bool IsDirectLocal(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Connection.RemoteIpAddress is not { } remote || !IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote))
        {
            return false;
        }

        foreach (var header in ProxyHeaders)
        {
            if (http.Request.Headers.ContainsKey(header))
            {
                return false;
            }
        }

        return IsLoopbackHost(http.Request.Host.Host);
    }

    /// <summary>
    /// A request a page of another site made in this machine's browser (<c>Sec-Fetch-Site</c>, or an <c>Origin</c>
    /// that is not a loopback address). Following a link to a page is allowed; anything else from another site is not.
    /// </summary>
    public static bool IsCrossSite(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var request = http.Request;
        var navigation = HttpMethods.IsGet(request.Method) && request.Headers["Sec-Fetch-Mode"] == "navigate";
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (!navigation && site is "cross-site" or "same-site")
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && IsLoopbackHost(uri.Host));
    }

    /// <summary><c>localhost</c> or a loopback address (127.0.0.0/8, ::1), as a Host header or URL names it.</summary>
    public static bool IsLoopbackHost(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return IPAddress.TryParse(bare, out var address) && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }
}
