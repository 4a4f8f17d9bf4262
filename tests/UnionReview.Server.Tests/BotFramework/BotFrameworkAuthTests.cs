using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Features.Conversations;
using UnionReview.Channels.Tests.BotFramework.Fakes;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.BotFramework;


public sealed class BotFrameworkAuthTests : IAsyncLifetime
{
    private const string AppId = "app-1";
    private FakeBotFrameworkCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await FakeBotFrameworkCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private ServiceHost AuthenticatedHost()
    {
        _cloud.RequireBearer = true;
        return new ServiceHost(kestrel: true, settings: new Dictionary<string, string?>
        {
            ["BotFramework:MicrosoftAppId"] = AppId,
            ["BotFramework:MicrosoftAppPassword"] = "secret-from-environment",
            ["BotFramework:OpenIdMetadataUrl"] = _cloud.OpenIdMetadataUrl,
            ["BotFramework:RequireHttpsMetadata"] = "false",
            ["BotFramework:TokenEndpoint"] = _cloud.ServiceUrl + "/{tenant}/oauth2/v2.0/token",
        });
    }

    private string Token(ServiceHost host, string audience = AppId, string issuer = FakeBotFrameworkCloud.Issuer, TimeSpan? lifetime = null,
        RSA? signWith = null, string? serviceUrl = null, string? kid = null) =>
        "Bearer " + _cloud.CreateChannelToken(audience, serviceUrl ?? _cloud.ServiceUrl, host.Clock.GetUtcNow(), issuer, lifetime, kid, signWith);

    public static TheoryData<string, int> BadRequests => new()
    {
        { "no header", 401 },
        { "not a bearer token", 401 },
        { "malformed token", 401 },
        { "wrong issuer", 401 },
        { "wrong audience", 401 },
        { "expired", 401 },
        { "bad signature", 401 },
        { "serviceUrl claim mismatch", 403 },
        { "missing endorsement", 403 },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_request_without_a_valid_token_is_refused_and_changes_nothing(string problem, int status)
    {
        await using var host = AuthenticatedHost();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var stranger = RSA.Create(2048);
        var teamsOnlyKey = _cloud.AddKey(["msteams"]);
        var code = await BotFrameworkChannelTests.InviteCode(host, Demo.GrassrootsOfficer);
        var user = new BotFrameworkUser(http, _cloud, "emu-auth")
        {
            Authorization = problem switch
            {
                "no header" => () => null,
                "not a bearer token" => () => "Basic YXBwOnNlY3JldA==",
                "malformed token" => () => "Bearer abc.def",
                "wrong issuer" => () => Token(host, issuer: "https://login.microsoftonline.com/evil/v2.0"),
                "wrong audience" => () => Token(host, audience: "another-bot"),
                "expired" => () => Token(host, lifetime: TimeSpan.FromMinutes(-6)),
                "bad signature" => () => Token(host, signWith: stranger),
                "serviceUrl claim mismatch" => () => Token(host, serviceUrl: "https://smba.trafficmanager.net/emea/"),
                "missing endorsement" => () => Token(host, kid: teamsOnlyKey),
                _ => throw new ArgumentOutOfRangeException(nameof(problem)),
            },
        };

        await user.Say("/start " + code);

        Assert.Equal(status, (int)user.LastResponse!.StatusCode);
        Assert.Contains("xác thực", await user.LastResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_cloud.Activities);
        await using var db = host.OpenDb();
        Assert.Empty(await db.InboundReceipts.ToListAsync());
        Assert.Empty(await db.ChannelAccounts.Where(a => a.Channel == ChannelNames.BotFramework).ToListAsync());
        Assert.Null((await db.InviteCodes.SingleAsync(i => i.Code == code)).UsedAt);
    }

    [Fact]
    public async Task A_valid_token_is_accepted_and_the_reply_carries_the_bots_own_token()
    {
        await using var host = AuthenticatedHost();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var user = new BotFrameworkUser(http, _cloud, "emu-auth") { Authorization = () => Token(host) };
        await user.Say("/start " + await BotFrameworkChannelTests.InviteCode(host, Demo.GrassrootsOfficer));

        Assert.Equal(HttpStatusCode.OK, user.LastResponse!.StatusCode);
        Assert.Contains("Đã liên kết tài khoản", user.Text, StringComparison.Ordinal);
        Assert.Equal("Bearer token-1", user.Last[0].Authorization);
        var form = Assert.Single(_cloud.TokenRequests);
        Assert.Equal(AppId, form["client_id"]);
        Assert.Equal("secret-from-environment", form["client_secret"]);
    }

    [Fact]
    public async Task A_rotated_signing_key_is_picked_up_without_a_restart()
    {
        await using var host = AuthenticatedHost();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var user = await Linked(host, http);
        var newKid = _cloud.RotateKeys();
        host.Clock.Advance(TimeSpan.FromMinutes(1));

        user.Authorization = () => Token(host, kid: newKid);
        await user.Say("/baocao");
        Assert.Equal(HttpStatusCode.OK, user.LastResponse!.StatusCode);
        Assert.Contains("Câu 1/62", user.Text, StringComparison.Ordinal);
        Assert.Equal(2, _cloud.MetadataFetches);
    }

    [Fact]
    public async Task A_token_the_connector_stops_accepting_is_renewed_once_for_the_reply()
    {
        await using var host = AuthenticatedHost();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var user = await Linked(host, http);
        _cloud.RevokeToken();
        await user.Say("/baocao");
        Assert.Contains("Câu 1/62", user.Text, StringComparison.Ordinal);
        Assert.Equal(2, _cloud.TokensIssued);
        Assert.Equal("Bearer token-2", user.Last[^1].Authorization);
    }

    private async Task<BotFrameworkUser> Linked(ServiceHost host, HttpClient http)
    {
        var user = new BotFrameworkUser(http, _cloud, "emu-auth") { Authorization = () => Token(host) };
        await user.Say("/start " + await BotFrameworkChannelTests.InviteCode(host, Demo.GrassrootsOfficer));
        Assert.Contains("Đã liên kết tài khoản", user.Text, StringComparison.Ordinal);
        return user;
    }

    [Fact]
    public async Task Without_an_app_id_a_request_from_elsewhere_is_refused_outside_development()
    {
        // The in-memory test server has no remote address: the request is not from loopback.
        await using var host = new ServiceHost(settings: new Dictionary<string, string?> { ["environment"] = "Production" });
        using var http = host.CreateClient();
        var user = new BotFrameworkUser(http, _cloud, "emu-remote");
        var code = await BotFrameworkChannelTests.InviteCode(host, Demo.GrassrootsOfficer);
        await user.Say("/start " + code);

        Assert.Equal(HttpStatusCode.Unauthorized, user.LastResponse!.StatusCode);
        Assert.Contains("chỉ nhận yêu cầu gửi từ chính máy này", await user.LastResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = host.OpenDb();
        Assert.Null((await db.InviteCodes.SingleAsync(i => i.Code == code)).UsedAt);
        Assert.Empty(_cloud.Activities);
    }

    [Fact]
    public async Task Without_an_app_id_the_emulator_on_loopback_works_but_a_proxied_request_does_not()
    {
        await using var host = new ServiceHost(kestrel: true, settings: new Dictionary<string, string?> { ["environment"] = "Production" });
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var user = new BotFrameworkUser(http, _cloud, "emu-local");
        await user.Say("/start " + await BotFrameworkChannelTests.InviteCode(host, Demo.GrassrootsOfficer));
        Assert.Equal(HttpStatusCode.OK, user.LastResponse!.StatusCode);
        Assert.Contains("Đã liên kết tài khoản", user.Text, StringComparison.Ordinal);

        http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        await user.Say("/baocao");
        Assert.Equal(HttpStatusCode.Unauthorized, user.LastResponse!.StatusCode);
    }

    [Fact]
    public async Task Without_an_app_id_a_development_setup_still_refuses_requests_from_elsewhere()
    {
        // Authentication off means only the Emulator on this machine, in every environment.
        await using var host = new ServiceHost(settings: new Dictionary<string, string?> { ["environment"] = "Development" });
        using var http = host.CreateClient();
        var user = new BotFrameworkUser(http, _cloud, "emu-dev");
        var code = await BotFrameworkChannelTests.InviteCode(host, Demo.GrassrootsOfficer);
        await user.Say("/start " + code);
        Assert.Equal(HttpStatusCode.Unauthorized, user.LastResponse!.StatusCode);
        await using var db = host.OpenDb();
        Assert.Null((await db.InviteCodes.SingleAsync(i => i.Code == code)).UsedAt);
        Assert.Empty(_cloud.Activities);
    }

    [Fact]
    public void An_app_id_without_its_password_stops_the_service_at_start_with_a_clear_message()
    {
        var error = Assert.ThrowsAny<Exception>(() => new ServiceHost(settings: new Dictionary<string, string?> { ["BotFramework:MicrosoftAppId"] = AppId }));
        var messages = string.Join("\n", Flatten(error).Select(e => e.Message));
        Assert.Contains("MicrosoftAppPassword chưa được đặt", messages, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}
