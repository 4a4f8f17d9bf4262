using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UnionReview.Channels.BotFramework;
using UnionReview.Channels.Tests.BotFramework.Fakes;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Channels.Tests.BotFramework;

public sealed class BotFrameworkAuthenticatorTests : IAsyncLifetime, IDisposable
{
    private const string AppId = "app-1";
    private FakeBotFrameworkCloud _cloud = null!;
    private BotFrameworkAuthenticator _authenticator = null!;
    private readonly TestClock _clock = new();
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _cloud = await FakeBotFrameworkCloud.StartAsync();
        _authenticator = new BotFrameworkAuthenticator(_http, Options.Create(new BotFrameworkOptions
        {
            MicrosoftAppId = AppId,
            MicrosoftAppPassword = "secret",
            OpenIdMetadataUrl = _cloud.OpenIdMetadataUrl,
            RequireHttpsMetadata = false,
        }), _clock, NullLogger<BotFrameworkAuthenticator>.Instance);
    }

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    public void Dispose()
    {
        _authenticator.Dispose();
        _http.Dispose();
    }

    private Task<AuthenticationOutcome> Check(string? header, string? serviceUrl = null, string channel = "emulator") =>
        _authenticator.AuthenticateAsync(header, serviceUrl ?? _cloud.ServiceUrl, channel, CancellationToken.None);

    private string Token(string audience = AppId, string issuer = FakeBotFrameworkCloud.Issuer, TimeSpan? lifetime = null, RSA? signWith = null, string? serviceUrl = null, string? kid = null) =>
        "Bearer " + _cloud.CreateChannelToken(audience, serviceUrl ?? _cloud.ServiceUrl, _clock.GetUtcNow(), issuer, lifetime, kid, signWith);

    [Fact]
    public async Task A_valid_token_is_accepted_and_the_keys_are_fetched_once()
    {
        Assert.True((await Check(Token())).Succeeded);
        Assert.True((await Check(Token(), channel: "msteams")).Succeeded);
        Assert.Equal(1, _cloud.MetadataFetches);
    }

    [Fact]
    public async Task Lifetime_is_judged_by_the_injected_clock_with_five_minutes_of_skew()
    {
        var token = Token(lifetime: TimeSpan.FromMinutes(10));
        _clock.Advance(TimeSpan.FromMinutes(14));
        Assert.True((await Check(token)).Succeeded);
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(401, (await Check(token)).StatusCode);
    }

    [Fact]
    public async Task Each_bad_token_is_refused_with_its_status()
    {
        using var stranger = RSA.Create(2048);
        Assert.Equal(401, (await Check(null)).StatusCode);
        Assert.Equal(401, (await Check("Basic abc")).StatusCode);
        Assert.Equal(401, (await Check("Bearer not-a-jwt")).StatusCode);
        Assert.Equal(401, (await Check(Token(issuer: "https://sts.windows.net/evil/"))).StatusCode);
        Assert.Equal(401, (await Check(Token(audience: "another-app"))).StatusCode);
        Assert.Equal(401, (await Check(Token(lifetime: TimeSpan.FromMinutes(-6)))).StatusCode);
        Assert.Equal(401, (await Check(Token(signWith: stranger))).StatusCode);
        Assert.Equal(403, (await Check(Token(serviceUrl: "https://evil.example.com"))).StatusCode);
        Assert.Equal(403, (await Check(Token(), channel: "telegram")).StatusCode);
        Assert.Equal(403, (await Check("Bearer " + _cloud.CreateChannelToken(AppId, _cloud.ServiceUrl, _clock.GetUtcNow(), includeServiceUrl: false))).StatusCode);
    }

    [Fact]
    public async Task A_rotated_key_is_picked_up_when_a_token_names_it()
    {
        Assert.True((await Check(Token())).Succeeded);
        var newKid = _cloud.RotateKeys();
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True((await Check(Token(kid: newKid))).Succeeded);
        Assert.Equal(2, _cloud.MetadataFetches);
    }

    [Fact]
    public async Task Unknown_key_ids_do_not_refetch_the_keys_more_often_than_the_minimum_interval()
    {
        Assert.True((await Check(Token())).Succeeded);
        var newKid = _cloud.RotateKeys();
        Assert.Equal(401, (await Check(Token(kid: newKid))).StatusCode); // fetched a moment ago: not refetched yet
        Assert.Equal(401, (await Check(Token(kid: newKid))).StatusCode);
        Assert.Equal(1, _cloud.MetadataFetches);
        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True((await Check(Token(kid: newKid))).Succeeded);
    }

    [Fact]
    public async Task A_key_without_the_channel_among_its_endorsements_is_refused()
    {
        var teamsOnly = _cloud.AddKey(["msteams"]);
        Assert.True((await Check(Token(kid: teamsOnly), channel: "msteams")).Succeeded);
        Assert.Equal(403, (await Check(Token(kid: teamsOnly), channel: "webchat")).StatusCode);
    }
}
