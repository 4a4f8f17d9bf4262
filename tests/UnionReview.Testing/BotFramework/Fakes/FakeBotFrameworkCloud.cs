using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace UnionReview.Channels.Tests.BotFramework.Fakes;

/// <summary>An activity the fake Connector received, as JSON, with where it was posted.</summary>
public sealed record ReceivedActivity(string ConversationId, string? ReplyToId, string? Authorization, JsonElement Body)
{
    public string? Text => Body.TryGetProperty("text", out var t) ? t.GetString() : null;

    public string? Type => Body.TryGetProperty("type", out var t) ? t.GetString() : null;

    /// <summary>Buttons as suggested actions.</summary>
    public IReadOnlyList<JsonElement> SuggestedActions =>
        Body.TryGetProperty("suggestedActions", out var s) ? [.. s.GetProperty("actions").EnumerateArray()] : [];

    /// <summary>Buttons on hero cards.</summary>
    public IReadOnlyList<JsonElement> HeroCardButtons =>
        Attachments.Where(a => a.GetProperty("contentType").GetString() == "application/vnd.microsoft.card.hero")
            .SelectMany(a => a.GetProperty("content").TryGetProperty("buttons", out var b) ? b.EnumerateArray() : Enumerable.Empty<JsonElement>()).ToList();

    public IReadOnlyList<JsonElement> Attachments =>
        Body.TryGetProperty("attachments", out var a) ? [.. a.EnumerateArray()] : [];

    /// <summary>Every button, whichever way it was rendered.</summary>
    public IEnumerable<JsonElement> Buttons => SuggestedActions.Concat(HeroCardButtons);

    public string? Path(string property, string inner) =>
        Body.TryGetProperty(property, out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty(inner, out var v) ? v.GetString() : null;
}

/// <summary>
/// The Bot Framework cloud on 127.0.0.1, following the Connector API v3 Swagger: ReplyToActivity, SendToConversation
/// and UploadAttachment; an AAD-style client-credentials token endpoint; and the OpenID metadata with a JWKS of
/// locally generated RSA keys (with endorsements) that the tests sign channel tokens with.
/// </summary>
public sealed class FakeBotFrameworkCloud : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedActivity> _activities = new();
    private readonly ConcurrentQueue<(int Status, int? RetryAfterSeconds)> _failures = new();
    private readonly object _keyLock = new();
    private List<(RSA Rsa, string Kid, string[] Endorsements)> _keys = [];
    private int _tokensIssued;
    private int _metadataFetches;
    private int _keyFetches;
    private volatile string? _validToken;

    public const string Issuer = "https://api.botframework.com";
    private static readonly string[] SigningAlgorithms = ["RS256"];
    private static readonly string[] AuthMethods = ["private_key_jwt"];

    private FakeBotFrameworkCloud(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The serviceUrl activities carry: the base address without the trailing slash.</summary>
    public string ServiceUrl => BaseAddress.ToString().TrimEnd('/');

    public string OpenIdMetadataUrl => ServiceUrl + "/v1/.well-known/openidconfiguration";

    public string TokenEndpoint(string tenant = "botframework.com") => $"{ServiceUrl}/{tenant}/oauth2/v2.0/token";

    /// <summary>When set, activity posts must carry the latest issued token.</summary>
    public bool RequireBearer { get; set; }

    /// <summary>Whether UploadAttachment is supported (Teams does not support it).</summary>
    public bool UploadsSupported { get; set; } = true;

    /// <summary>Lifetime of issued tokens, in seconds.</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;

    public int TokensIssued => _tokensIssued;

    public int MetadataFetches => _metadataFetches;

    /// <summary>While true the OpenID metadata document answers 503 (the fetch is still counted).</summary>
    public bool MetadataUnavailable { get; set; }

    /// <summary>How many times the key document (jwks_uri) was fetched.</summary>
    public int KeyFetches => _keyFetches;

    public ConcurrentQueue<IReadOnlyDictionary<string, string>> TokenRequests { get; } = new();

    public ConcurrentQueue<string> TokenTenants { get; } = new();

    public ConcurrentQueue<JsonElement> Uploads { get; } = new();

    public IReadOnlyList<ReceivedActivity> Activities => [.. _activities];

    /// <summary>The next activity posts answer these statuses (with an ErrorResponse body) instead of succeeding.</summary>
    public void FailNext(int status, int times = 1, int? retryAfterSeconds = null)
    {
        for (var i = 0; i < times; i++)
        {
            _failures.Enqueue((status, retryAfterSeconds));
        }
    }

    /// <summary>The token issued last stops being accepted, as if revoked.</summary>
    public void RevokeToken() => _validToken = null;

    public static async Task<FakeBotFrameworkCloud> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var cloud = new FakeBotFrameworkCloud(app);
        cloud.AddKey(["msteams", "emulator", "webchat", "directline"]);
        cloud.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        cloud.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return cloud;
    }

    private void Map(WebApplication app)
    {
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId, HttpContext http) => ReceiveAsync(conversationId, activityId, http));
        app.MapPost("/v3/conversations/{conversationId}/activities", (string conversationId, HttpContext http) => ReceiveAsync(conversationId, null, http));
        app.MapPost("/v3/conversations/{conversationId}/attachments", async (string conversationId, HttpContext http) =>
        {
            if (!UploadsSupported)
            {
                return Results.Json(new { error = new { code = "BadArgument", message = "uploads not supported" } }, statusCode: 400);
            }

            var body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body);
            Uploads.Enqueue(body.Clone());
            return Results.Json(new { id = $"att-{Uploads.Count}" });
        });
        app.MapPost("/{tenant}/oauth2/v2.0/token", async (string tenant, HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            TokenTenants.Enqueue(tenant);
            TokenRequests.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            if (form["grant_type"] != "client_credentials")
            {
                return Results.Json(new { error = "unsupported_grant_type" }, statusCode: 400);
            }

            var token = $"token-{Interlocked.Increment(ref _tokensIssued)}";
            _validToken = token;
            return Results.Json(new { token_type = "Bearer", expires_in = TokenLifetimeSeconds, ext_expires_in = TokenLifetimeSeconds, access_token = token });
        });
        app.MapGet("/v1/.well-known/openidconfiguration", () =>
        {
            Interlocked.Increment(ref _metadataFetches);
            if (MetadataUnavailable)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            return Results.Json(new
            {
                issuer = Issuer,
                authorization_endpoint = "https://invalid.botframework.com",
                jwks_uri = ServiceUrl + "/v1/.well-known/keys",
                id_token_signing_alg_values_supported = SigningAlgorithms,
                token_endpoint_auth_methods_supported = AuthMethods,
            });
        });
        app.MapGet("/v1/.well-known/keys", () =>
        {
            Interlocked.Increment(ref _keyFetches);
            lock (_keyLock)
            {
                return Results.Json(new { keys = _keys.Select(k => Jwk(k.Rsa, k.Kid, k.Endorsements)).ToList() });
            }
        });
    }

    private async Task<IResult> ReceiveAsync(string conversationId, string? replyToId, HttpContext http)
    {
        string? authorization = http.Request.Headers.Authorization;
        if (RequireBearer && (_validToken is null || authorization != "Bearer " + _validToken))
        {
            return Results.Json(new { error = new { code = "Unauthorized", message = "token not accepted" } }, statusCode: 401);
        }

        if (_failures.TryDequeue(out var failure))
        {
            if (failure.RetryAfterSeconds is { } seconds)
            {
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Results.Json(new { error = new { code = failure.Status == 429 ? "Throttled" : "ServiceError", message = "scripted failure" } }, statusCode: failure.Status);
        }

        var body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body);
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("type", out _))
        {
            return Results.Json(new { error = new { code = "BadArgument", message = "activity without type" } }, statusCode: 400);
        }

        var received = new ReceivedActivity(conversationId, replyToId, authorization, body.Clone());
        _activities.Enqueue(received);
        return Results.Json(new { id = $"bot-activity-{_activities.Count}" });
    }

    // ---- signing keys and channel tokens ----

    /// <summary>Adds a signing key with these endorsements and returns its key id.</summary>
    public string AddKey(string[] endorsements)
    {
        var kid = "key-" + Guid.NewGuid().ToString("N")[..8];
        lock (_keyLock)
        {
            _keys = [.. _keys, (RSA.Create(2048), kid, endorsements)];
        }

        return kid;
    }

    /// <summary>Replaces every key by a new one (key rotation); returns the new key id.</summary>
    public string RotateKeys()
    {
        var kid = "key-" + Guid.NewGuid().ToString("N")[..8];
        lock (_keyLock)
        {
            _keys = [(RSA.Create(2048), kid, ["msteams", "emulator", "webchat", "directline"])];
        }

        return kid;
    }

    public string CurrentKeyId
    {
        get
        {
            lock (_keyLock)
            {
                return _keys[^1].Kid;
            }
        }
    }

    /// <summary>A token as the Bot Connector would put on a request to the bot.</summary>
    public string CreateChannelToken(string audience, string serviceUrl, DateTimeOffset now, string issuer = Issuer,
        TimeSpan? lifetime = null, string? kid = null, RSA? signWith = null, bool includeServiceUrl = true)
    {
        RSA rsa;
        lock (_keyLock)
        {
            // A key id the cloud never published (a forged token) needs the key it is signed with.
            if (kid is not null && signWith is not null && !_keys.Any(k => k.Kid == kid))
            {
                rsa = signWith;
            }
            else
            {
                var key = kid is null ? _keys[^1] : _keys.Single(k => k.Kid == kid);
                kid = key.Kid;
                rsa = signWith ?? key.Rsa;
            }
        }

        var expires = now + (lifetime ?? TimeSpan.FromHours(1));
        var issued = (now < expires ? now : expires).UtcDateTime.AddMinutes(-1);
        var claims = new Dictionary<string, object> { ["appid"] = "channel-app" };
        if (includeServiceUrl)
        {
            claims["serviceurl"] = serviceUrl;
        }

        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = kid }, SecurityAlgorithms.RsaSha256),
        });
    }

    private static Dictionary<string, object> Jwk(RSA rsa, string kid, string[] endorsements)
    {
        var p = rsa.ExportParameters(false);
        return new Dictionary<string, object>
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = kid,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            ["endorsements"] = endorsements,
        };
    }

    /// <summary>Waits (bounded) until an activity matching <paramref name="match"/> arrived, and returns it.</summary>
    public async Task<ReceivedActivity> WaitForActivityAsync(Func<ReceivedActivity, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            if (Activities.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"no matching activity among {_activities.Count}");
            }

            await Task.Delay(25, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        lock (_keyLock)
        {
            foreach (var key in _keys)
            {
                key.Rsa.Dispose();
            }
        }
    }
}
