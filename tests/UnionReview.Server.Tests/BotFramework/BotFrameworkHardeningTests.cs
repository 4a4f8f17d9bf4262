using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UnionReview.Channels.Tests.BotFramework.Fakes;
using UnionReview.Channels.Tests.Telegram;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.BotFramework;

/// <summary>
/// /api/messages over real HTTP on 127.0.0.1. Without an app id: only direct local requests to a loopback Connector.
/// With one: a forged token is judged on what it says before any key is fetched, keys are fetched at most once per
/// refresh interval, and each refusal is one log line.
/// </summary>
public sealed class BotFrameworkHardeningTests : IAsyncLifetime
{
    private const string AppId = "app-1";
    private FakeBotFrameworkCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await FakeBotFrameworkCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private ServiceHost AuthenticatedHost(TestLog log)
    {
        _cloud.RequireBearer = true;
        return new ServiceHost(kestrel: true, configure: s => s.AddSingleton<ILoggerProvider>(log), settings: new Dictionary<string, string?>
        {
            ["BotFramework:MicrosoftAppId"] = AppId,
            ["BotFramework:MicrosoftAppPassword"] = "secret-from-environment",
            ["BotFramework:OpenIdMetadataUrl"] = _cloud.OpenIdMetadataUrl,
            ["BotFramework:RequireHttpsMetadata"] = "false",
            ["BotFramework:TokenEndpoint"] = _cloud.ServiceUrl + "/{tenant}/oauth2/v2.0/token",
            ["BotFramework:MinimumKeyRefreshInterval"] = "00:00:30",
        });
    }

    private static List<string> BotFrameworkWarnings(TestLog log) =>
        [.. log.Lines.Where(l => (l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal))
            && l.Contains("BotFramework", StringComparison.Ordinal))];

    private static ServiceHost EmulatorHost() =>
        new(kestrel: true, settings: new Dictionary<string, string?> { ["environment"] = "Production" });

    public static TheoryData<string, string> Proxied => new()
    {
        { "X-Forwarded-For", "203.0.113.7" },
        { "X-Real-IP", "203.0.113.7" },
        { "X-Forwarded-Host", "bot.example.org" },
        { "X-Forwarded-Proto", "https" },
        { "Forwarded", "for=203.0.113.7" },
        { "Host", "attacker.example" },
    };

    [Theory]
    [MemberData(nameof(Proxied))]
    public async Task Without_an_app_id_a_proxied_or_foreign_host_request_is_refused_and_changes_nothing(string header, string value)
    {
        await using var host = EmulatorHost();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var code = await BotFrameworkChannelTests.InviteCode(host, Demo.GrassrootsOfficer);
        if (header == "Host")
        {
            http.DefaultRequestHeaders.Host = value;
        }
        else
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation(header, value);
        }

        var user = new BotFrameworkUser(http, _cloud, "emu-proxied");
        await user.Say("/start " + code);

        Assert.False(user.LastResponse!.IsSuccessStatusCode, $"{header}: {(int)user.LastResponse.StatusCode}");
        Assert.Empty(_cloud.Activities);
        await using var db = host.OpenDb();
        Assert.Null((await db.InviteCodes.SingleAsync(i => i.Code == code)).UsedAt);
        Assert.False(await db.InboundReceipts.AnyAsync());
    }

    [Fact]
    public async Task Without_an_app_id_a_service_url_that_is_not_loopback_is_refused_before_anything_is_sent()
    {
        // 0.0.0.0 is not a loopback address, yet on Linux it reaches this machine's fake Connector: without the check
        // the reply would arrive there. (Addresses off this machine are not used: tests reach only 127.0.0.1.)
        const string serviceUrl = "http://0.0.0.0:{port}";
        await using var host = EmulatorHost();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var code = await BotFrameworkChannelTests.InviteCode(host, Demo.GrassrootsOfficer);
        var user = new BotFrameworkUser(http, _cloud, "emu-remote-connector");
        var activity = user.Message("/start " + code);
        activity["serviceUrl"] = serviceUrl.Replace("{port}", _cloud.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        await user.Post(activity);

        Assert.Equal(HttpStatusCode.Forbidden, user.LastResponse!.StatusCode);
        Assert.Contains("serviceUrl", await user.LastResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_cloud.Activities);
        await using var db = host.OpenDb();
        Assert.Null((await db.InviteCodes.SingleAsync(i => i.Code == code)).UsedAt);
        Assert.False(await db.Outbox.AnyAsync(o => o.Channel == ChannelNames.BotFramework));

        // The Emulator's own loopback Connector still works.
        await user.Say("/start " + code);
        Assert.Contains("Đã liên kết tài khoản", user.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_app_id_a_forged_key_id_is_judged_before_any_key_fetch_and_keys_are_fetched_at_most_once_per_interval()
    {
        var log = new TestLog();
        await using var host = AuthenticatedHost(log);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var forger = RSA.Create(2048);
        var code = await BotFrameworkChannelTests.InviteCode(host, Demo.GrassrootsOfficer);
        var user = new BotFrameworkUser(http, _cloud, "emu-forged");
        var forged = 0;
        string Forged(string audience = AppId, string issuer = FakeBotFrameworkCloud.Issuer) =>
            "Bearer " + _cloud.CreateChannelToken(audience, _cloud.ServiceUrl, host.Clock.GetUtcNow(), issuer, kid: $"forged-{++forged}", signWith: forger);

        async Task Refused(Func<string?> token)
        {
            user.Authorization = token;
            await user.Say("/start " + code);
            Assert.Equal(HttpStatusCode.Unauthorized, user.LastResponse!.StatusCode);
        }

        // Wrong issuer or audience, or expired: refused on what the token says, no key document fetched.
        await Refused(() => Forged(issuer: "https://login.microsoftonline.com/evil/v2.0"));
        await Refused(() => Forged(audience: "another-bot"));
        await Refused(() => "Bearer " + _cloud.CreateChannelToken(AppId, _cloud.ServiceUrl, host.Clock.GetUtcNow(), lifetime: TimeSpan.FromMinutes(-10), kid: "forged-old", signWith: forger));
        Assert.Equal(0, _cloud.MetadataFetches);
        Assert.Equal(0, _cloud.KeyFetches);

        // Plausible tokens with ever new key ids: one fetch, then none until the interval has passed.
        for (var i = 0; i < 5; i++)
        {
            await Refused(() => Forged());
        }

        Assert.Equal(1, _cloud.MetadataFetches);
        Assert.Equal(1, _cloud.KeyFetches);
        host.Clock.Advance(TimeSpan.FromSeconds(20));
        await Refused(() => Forged());
        Assert.Equal(1, _cloud.MetadataFetches);
        host.Clock.Advance(TimeSpan.FromSeconds(11));
        for (var i = 0; i < 3; i++)
        {
            await Refused(() => Forged());
        }

        Assert.Equal(2, _cloud.MetadataFetches);
        Assert.Equal(2, _cloud.KeyFetches);

        // One warning line per refused request, no stack trace.
        var warnings = BotFrameworkWarnings(log);
        Assert.Equal(12, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("Refused a Bot Framework request", w, StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Contains('\n', StringComparison.Ordinal));

        Assert.Empty(_cloud.Activities);
        await using var db = host.OpenDb();
        Assert.Null((await db.InviteCodes.SingleAsync(i => i.Code == code)).UsedAt);

        // A genuine token still gets in.
        user.Authorization = () => "Bearer " + _cloud.CreateChannelToken(AppId, _cloud.ServiceUrl, host.Clock.GetUtcNow());
        await user.Say("/start " + code);
        Assert.Equal(HttpStatusCode.OK, user.LastResponse!.StatusCode);
        Assert.Contains("Đã liên kết tài khoản", user.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_app_id_a_failed_key_fetch_is_one_log_line_and_is_retried_at_most_once_per_interval()
    {
        var log = new TestLog();
        await using var host = AuthenticatedHost(log);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var code = await BotFrameworkChannelTests.InviteCode(host, Demo.GrassrootsOfficer);
        var user = new BotFrameworkUser(http, _cloud, "emu-keys-down") { Authorization = () => "Bearer " + _cloud.CreateChannelToken(AppId, _cloud.ServiceUrl, host.Clock.GetUtcNow()) };
        _cloud.MetadataUnavailable = true;
        for (var i = 0; i < 4; i++)
        {
            await user.Say("/start " + code);
            Assert.Equal(HttpStatusCode.Unauthorized, user.LastResponse!.StatusCode);
        }

        Assert.Equal(1, _cloud.MetadataFetches);
        host.Clock.Advance(TimeSpan.FromSeconds(31));
        await user.Say("/start " + code);
        Assert.Equal(HttpStatusCode.Unauthorized, user.LastResponse!.StatusCode);
        Assert.Equal(2, _cloud.MetadataFetches);

        var warnings = BotFrameworkWarnings(log);
        Assert.Equal(2, warnings.Count(w => w.Contains("Could not fetch the Bot Framework signing keys", StringComparison.Ordinal)));
        Assert.Equal(5, warnings.Count(w => w.Contains("Refused a Bot Framework request", StringComparison.Ordinal)));
        Assert.Equal(7, warnings.Count);
        Assert.DoesNotContain(log.Lines, l => l.Contains('\n', StringComparison.Ordinal));

        _cloud.MetadataUnavailable = false;
        host.Clock.Advance(TimeSpan.FromSeconds(31));
        await user.Say("/start " + code);
        Assert.Contains("Đã liên kết tài khoản", user.Text, StringComparison.Ordinal);
    }
}
