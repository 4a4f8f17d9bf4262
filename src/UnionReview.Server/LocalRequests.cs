using System.Net;
using Microsoft.AspNetCore.Http;

namespace UnionReview.Server;

/// <summary>Pages without a login (documents, invites) and the unauthenticated Emulator setup answer only this machine.</summary>
public static class LocalRequests
{
    /// <summary>A request from this machine that did not pass through a proxy (a proxy would make every caller look local).</summary>
    public static bool IsDirectLocal(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
            && !http.Request.Headers.ContainsKey("X-Forwarded-For") && !http.Request.Headers.ContainsKey("Forwarded");
    }
}
