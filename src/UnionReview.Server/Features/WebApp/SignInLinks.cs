using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.WebApp;

/// <summary>Issues and redeems single-use sign-in links; keeps the security stamps.</summary>
public sealed class SignInLinks(IOptions<WebAppOptions> options, IConfiguration configuration, TimeProvider clock)
{
    /// <summary>The base address of the web app, without a trailing slash.</summary>
    public string PublicUrl
    {
        get
        {
            var configured = options.Value.PublicUrl;
            if (string.IsNullOrWhiteSpace(configured))
            {
                configured = (configuration["Urls"] ?? "http://localhost:5080").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://localhost:5080";
            }

            return configured.TrimEnd('/');
        }
    }

    /// <summary>Adds a new link for <paramref name="personId"/> to <paramref name="db"/> (the caller saves); returns its address.</summary>
    public string Issue(UnionReviewDb db, int personId, string channel)
    {
        ArgumentNullException.ThrowIfNull(db);
        var token = Base64UrlToken(32);
        var now = clock.GetUtcNow();
        db.SignInLinks.Add(new SignInLink { TokenHash = Hash(token), PersonId = personId, Channel = channel, CreatedAt = now, ExpiresAt = now + options.Value.LinkLifetime });
        return $"{PublicUrl}/app/signin?t={token}";
    }

    /// <summary>Marks the link used and returns it with the person's current stamp; null if unknown, used or expired.</summary>
    public async Task<(SignInLink Link, string Stamp)?> RedeemAsync(UnionReviewDb db, string? token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var hash = Hash(token);
        var link = await db.SignInLinks.FirstOrDefaultAsync(l => l.TokenHash == hash, cancellationToken);
        if (link is null || link.UsedAt is not null || link.ExpiresAt <= now)
        {
            return null;
        }

        link.UsedAt = now;
        var stamp = await StampAsync(db, link.PersonId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return (link, stamp);
    }

    /// <summary>The person's security stamp, created when first needed (the caller saves).</summary>
    public async Task<string> StampAsync(UnionReviewDb db, int personId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = await db.WebSecurityStamps.FirstOrDefaultAsync(s => s.PersonId == personId, cancellationToken);
        if (row is null)
        {
            row = new WebSecurityStamp { PersonId = personId, Stamp = Base64UrlToken(16), ChangedAt = clock.GetUtcNow() };
            db.WebSecurityStamps.Add(row);
        }

        return row.Stamp;
    }

    /// <summary>A new stamp: every session of the person ends (the caller saves).</summary>
    public async Task RenewStampAsync(UnionReviewDb db, int personId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        _ = await StampAsync(db, personId, cancellationToken);
        var row = db.WebSecurityStamps.Local.First(s => s.PersonId == personId);
        row.Stamp = Base64UrlToken(16);
        row.ChangedAt = clock.GetUtcNow();
    }

    internal static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64UrlToken(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
