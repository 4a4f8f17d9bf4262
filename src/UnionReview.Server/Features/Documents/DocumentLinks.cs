using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Documents;

/// <summary>
/// Unguessable download links for the pages without a login: each link carries a key, an HMAC-SHA256 (128 bits kept)
/// of what it opens and for whom, under a random 256-bit secret made once and kept in <c>key_values</c>, so links
/// stay valid across restarts. An address made up from a person's id, or a link with another person's id, has no
/// valid key and is refused.
/// </summary>
public sealed class DocumentLinks(IDbContextFactory<UnionReviewDb> contexts, WriteGate gate, TimeProvider clock) : IDisposable
{
    private const string SecretKey = "documents.link-secret";
    private readonly SemaphoreSlim _load = new(1, 1);
    private byte[]? _secret;

    /// <summary>The key for <paramref name="purpose"/> (for example <c>webchat:42:4</c>), base64url.</summary>
    public async Task<string> KeyAsync(string purpose, CancellationToken cancellationToken)
    {
        var secret = await SecretAsync(cancellationToken);
        return Base64Url(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(purpose)).AsSpan(0, 16));
    }

    /// <summary>Whether <paramref name="key"/> is the key for <paramref name="purpose"/> (compared in constant time).</summary>
    public async Task<bool> IsValidAsync(string purpose, string? key, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 64)
        {
            return false;
        }

        var expected = await KeyAsync(purpose, cancellationToken);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(key));
    }

    /// <summary>Purpose of a document that reached a person's web chat in an outbox row.</summary>
    public static string WebChatPurpose(long outboxId, int personId) => FormattableString.Invariant($"webchat:{outboxId}:{personId}");

    /// <summary>Purpose of a consolidated document built for a committee member on the /documents page.</summary>
    public static string DownloadPurpose(string file, int personId, int? campaignId) =>
        FormattableString.Invariant($"documents:{file}:{personId}:{campaignId}");

    private async Task<byte[]> SecretAsync(CancellationToken cancellationToken)
    {
        if (_secret is { } known)
        {
            return known;
        }

        await _load.WaitAsync(cancellationToken);
        try
        {
            if (_secret is null)
            {
                var stored = await ReadAsync(cancellationToken);
                if (stored is null)
                {
                    // INSERT OR IGNORE: if another copy of the service made one meanwhile, that one is kept and read back.
                    var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                    await gate.RunAsync(async () =>
                    {
                        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                        return await db.Database.ExecuteSqlInterpolatedAsync(
                            $"INSERT OR IGNORE INTO key_values (\"Key\", Value, UpdatedAt) VALUES ({SecretKey}, {fresh}, {clock.GetUtcNow().ToUnixTimeMilliseconds()})", cancellationToken);
                    }, cancellationToken);
                    stored = await ReadAsync(cancellationToken);
                }

                _secret = Convert.FromBase64String(stored!);
            }

            return _secret;
        }
        finally
        {
            _load.Release();
        }
    }

    private async Task<string?> ReadAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.KeyValues.Where(k => k.Key == SecretKey).Select(k => k.Value).FirstOrDefaultAsync(cancellationToken);
    }

    public void Dispose() => _load.Dispose();

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
