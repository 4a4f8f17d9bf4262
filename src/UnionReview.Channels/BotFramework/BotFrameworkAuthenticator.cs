using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace UnionReview.Channels.BotFramework;

/// <summary>The verdict on an incoming request: allowed, or the HTTP status to refuse it with and why.</summary>
internal sealed record AuthenticationOutcome(bool Succeeded, int StatusCode, string Reason)
{
    public static readonly AuthenticationOutcome Allowed = new(true, 200, "ok");

    public static AuthenticationOutcome Unauthorized(string reason) => new(false, 401, reason);

    public static AuthenticationOutcome Forbidden(string reason) => new(false, 403, reason);
}

/// <summary>
/// Checks the JWT the Bot Connector puts on every request: first what needs no key (algorithm, issuer, audience = our
/// app id, lifetime with clock skew, the <c>serviceurl</c> claim against the activity), then the signature by a key
/// from the OpenID metadata (cached, refetched when an unknown key id appears, at most once per
/// <see cref="BotFrameworkOptions.MinimumKeyRefreshInterval"/>) and the activity's channel among the key's endorsements.
/// </summary>
internal sealed class BotFrameworkAuthenticator(HttpClient http, IOptions<BotFrameworkOptions> options, TimeProvider clock, ILogger<BotFrameworkAuthenticator> logger) : IDisposable
{
    private sealed record SigningKey(JsonWebKey Key, IReadOnlySet<string> Endorsements);

    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private readonly JsonWebTokenHandler _handler = new();
    private IReadOnlyDictionary<string, SigningKey> _keys = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;

    /// <summary>Validates the Authorization header of a request carrying an activity with this serviceUrl and channel.</summary>
    public async Task<AuthenticationOutcome> AuthenticateAsync(string? authorization, string? serviceUrl, string? channelId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticationOutcome.Unauthorized("no bearer token");
        }

        JsonWebToken token;
        try
        {
            token = new JsonWebToken(authorization["Bearer ".Length..].Trim());
        }
        catch (ArgumentException)
        {
            return AuthenticationOutcome.Unauthorized("malformed token");
        }

        // What the token says about itself is checked before any key is looked for: a forged token naming a made-up
        // key must not make the service fetch the key documents.
        if (Precheck(token, settings, serviceUrl) is { } refused)
        {
            return refused;
        }

        var key = await FindKeyAsync(token.Kid, cancellationToken);
        if (key is null)
        {
            return AuthenticationOutcome.Unauthorized("unknown signing key");
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuer = settings.Issuer,
            ValidAudience = settings.MicrosoftAppId,
            IssuerSigningKey = key.Key,
            ValidAlgorithms = Algorithms,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            // Lifetime against the injected clock, not the machine's, with the configured skew.
            LifetimeValidator = (notBefore, expires, _, _) => WithinLifetime(notBefore, expires, settings.ClockSkew),
        };
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            return AuthenticationOutcome.Unauthorized(result.Exception?.GetType().Name ?? "invalid token");
        }

        if (string.IsNullOrEmpty(channelId) || !key.Endorsements.Contains(channelId))
        {
            return AuthenticationOutcome.Forbidden("the signing key does not endorse this channel");
        }

        return AuthenticationOutcome.Allowed;
    }

    /// <summary>The checks that need no key: key id present, issuer, audience, lifetime, the serviceurl claim.</summary>
    private AuthenticationOutcome? Precheck(JsonWebToken token, BotFrameworkOptions settings, string? serviceUrl)
    {
        try
        {
            if (string.IsNullOrEmpty(token.Kid))
            {
                return AuthenticationOutcome.Unauthorized("no key id");
            }

            if (!Algorithms.Contains(token.Alg, StringComparer.Ordinal))
            {
                return AuthenticationOutcome.Unauthorized("unsupported signing algorithm");
            }

            if (!string.Equals(token.Issuer, settings.Issuer, StringComparison.Ordinal))
            {
                return AuthenticationOutcome.Unauthorized("wrong issuer");
            }

            if (!token.Audiences.Contains(settings.MicrosoftAppId, StringComparer.Ordinal))
            {
                return AuthenticationOutcome.Unauthorized("wrong audience");
            }

            DateTime? notBefore = token.ValidFrom == DateTime.MinValue ? null : token.ValidFrom;
            DateTime? expires = token.ValidTo == DateTime.MinValue ? null : token.ValidTo;
            if (!WithinLifetime(notBefore, expires, settings.ClockSkew))
            {
                return AuthenticationOutcome.Unauthorized("expired or not yet valid");
            }

            if (!token.TryGetPayloadValue<string>("serviceurl", out var claimed) || string.IsNullOrEmpty(serviceUrl)
                || !string.Equals(claimed.TrimEnd('/'), serviceUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            {
                return AuthenticationOutcome.Forbidden("serviceurl claim does not match the activity");
            }

            return null;
        }
        catch (ArgumentException)
        {
            return AuthenticationOutcome.Unauthorized("malformed token");
        }
    }

    private bool WithinLifetime(DateTime? notBefore, DateTime? expires, TimeSpan skew)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return expires is { } exp && now <= exp.ToUniversalTime() + skew && (notBefore is not { } nbf || now >= nbf.ToUniversalTime() - skew);
    }

    public void Dispose() => _refreshLock.Dispose();

    private async Task<SigningKey?> FindKeyAsync(string? kid, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(kid))
        {
            return null;
        }

        var settings = options.Value;
        if (clock.GetUtcNow() - _fetchedAt < settings.KeyCacheDuration && _keys.TryGetValue(kid, out var cached))
        {
            return cached;
        }

        await _refreshLock.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            var stale = now - _fetchedAt >= settings.KeyCacheDuration;
            // An unknown key id may mean the keys rotated; refetch, but not more often than the minimum interval
            // so tokens with made-up key ids cannot make the service hammer the metadata endpoint.
            if ((stale || !_keys.ContainsKey(kid)) && now - _lastAttempt >= settings.MinimumKeyRefreshInterval)
            {
                _lastAttempt = now;
                try
                {
                    _keys = await FetchKeysAsync(settings, cancellationToken);
                    _fetchedAt = now;
                    logger.LogInformation("Fetched {Count} Bot Framework signing keys", _keys.Count);
                }
                catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException or ArgumentException or KeyNotFoundException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    // One line, no stack trace: the next attempt is at most once per MinimumKeyRefreshInterval.
                    logger.LogWarning("Could not fetch the Bot Framework signing keys ({Error}: {Message}); keeping {Count} known keys",
                        e.GetType().Name, e.Message, _keys.Count);
                }
            }

            return _keys.GetValueOrDefault(kid);
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    private async Task<IReadOnlyDictionary<string, SigningKey>> FetchKeysAsync(BotFrameworkOptions settings, CancellationToken cancellationToken)
    {
        var metadataUri = CheckedUri(settings.OpenIdMetadataUrl, settings);
        using var metadata = JsonDocument.Parse(await http.GetStringAsync(metadataUri, cancellationToken));
        var jwksUri = CheckedUri(metadata.RootElement.GetProperty("jwks_uri").GetString(), settings);
        using var jwks = JsonDocument.Parse(await http.GetStringAsync(jwksUri, cancellationToken));
        var keys = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
        foreach (var element in jwks.RootElement.GetProperty("keys").EnumerateArray())
        {
            var key = new JsonWebKey(element.GetRawText());
            if (string.IsNullOrEmpty(key.Kid))
            {
                continue;
            }

            var endorsements = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (element.TryGetProperty("endorsements", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        endorsements.Add(item.GetString()!);
                    }
                }
            }

            keys[key.Kid] = new SigningKey(key, endorsements);
        }

        return keys;
    }

    private static Uri CheckedUri(string? value, BotFrameworkOptions settings)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && (settings.RequireHttpsMetadata || uri.Scheme != Uri.UriSchemeHttp)))
        {
            throw new InvalidOperationException($"refusing key document address {value}");
        }

        return uri;
    }
}
