namespace UnionReview.Server.Features.WebApp;

/// <summary>The signed-in web app (section <c>WebApp</c>).</summary>
public sealed class WebAppOptions
{
    public const string Section = "WebApp";

    /// <summary>The address people open, as the reverse proxy serves it (https://baocao.example.vn); the first of <c>Urls</c> if empty.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>How long a sign-in link may be used.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a session lasts without use (sliding).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Sign-in links one person may ask for in <see cref="LinkWindow"/>.</summary>
    public int LinksPerWindow { get; set; } = 5;

    public TimeSpan LinkWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Addresses of the reverse proxies whose X-Forwarded-For/-Proto are believed; no other's are.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. 10.0.0.0/8) of trusted reverse proxies.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}
