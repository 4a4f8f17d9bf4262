using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace UnionReview.Channels.BotFramework;

/// <summary>
/// Client-credentials tokens for calls to the Bot Connector, cached until shortly before they expire.
/// Without an app id there is no token (the Emulator accepts unauthenticated calls).
/// </summary>
internal sealed class ConnectorTokenProvider(HttpClient http, IOptions<BotFrameworkOptions> options, TimeProvider clock, ILogger<ConnectorTokenProvider> logger) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private (string Token, DateTimeOffset RenewAt)? _cached;

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] long ExpiresIn);

    public void Dispose() => _lock.Dispose();

    /// <summary>A valid token, or null when no app id is configured.</summary>
    public async Task<string?> GetTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.AuthenticationEnabled)
        {
            return null;
        }

        if (!forceRefresh && _cached is { } hit && clock.GetUtcNow() < hit.RenewAt)
        {
            return hit.Token;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            if (_cached is { } again && now < again.RenewAt && !forceRefresh)
            {
                return again.Token;
            }

            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = settings.MicrosoftAppId!,
                ["client_secret"] = settings.MicrosoftAppPassword ?? "",
                ["scope"] = settings.OAuthScope,
            });
            using var response = await http.PostAsync(settings.EffectiveTokenEndpoint, form, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                logger.LogError("Token endpoint answered {Status}", status);
                // A throttled or failing identity service is worth retrying; a refused secret is not.
                throw new ConnectorException(status is 429 or >= 500 ? status : 401, "TokenRequestFailed",
                    $"token endpoint answered {status}", ConnectorClient.RetryAfterOf(response, now));
            }

            var body = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
                ?? throw new ConnectorException(502, "TokenRequestFailed", "empty token response", null);
            if (string.IsNullOrEmpty(body.AccessToken))
            {
                throw new ConnectorException(502, "TokenRequestFailed", "token response without access_token", null);
            }

            var lifetime = TimeSpan.FromSeconds(Math.Max(0, body.ExpiresIn));
            var margin = settings.TokenRefreshMargin < lifetime ? settings.TokenRefreshMargin : lifetime / 2;
            _cached = (body.AccessToken, now + lifetime - margin);
            return body.AccessToken;
        }
        finally
        {
            _lock.Release();
        }
    }
}
