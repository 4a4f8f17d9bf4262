using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using UnionReview.Channels.Tests.Telegram.Fake;
using UnionReview.Server.Cli;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Telegram;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Telegram;

/// <summary>The administrator's invite page over HTTP on 127.0.0.1, and its codes redeemed from Telegram.</summary>
public sealed class TelegramInviteTests : IAsyncLifetime
{
    private FakeBotApi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeBotApi.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private async Task<ServiceHost> Start()
    {
        var settings = TelegramUser.Settings(_fake);
        // Not Development: there the page would accept any caller.
        settings["environment"] = "Production";
        var host = new ServiceHost(settings: settings, kestrel: true);
        await FakeBotApi.WaitUntilAsync(() => host.Get<TelegramBot>().Username is not null, TelegramUser.Wait, "getMe");
        return host;
    }

    [Fact]
    public async Task A_code_made_on_the_admin_page_links_a_telegram_account_once_through_its_t_me_link()
    {
        await using var host = await Start();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var page = await http.GetStringAsync(new Uri("/admin/invites", UriKind.Relative));
        Assert.Contains("Tạo mã mời", page, StringComparison.Ordinal);

        var response = await http.PostAsJsonAsync(new Uri("/api/admin/invites", UriKind.Relative), new { personId = Demo.CommitteeMember, days = 3 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var code = created.GetProperty("code").GetString()!;
        var link = created.GetProperty("links").EnumerateArray().Single();
        Assert.Equal("Telegram", link.GetProperty("channel").GetString());
        Assert.Equal($"https://t.me/UnionReviewTestBot?start={code}", link.GetProperty("url").GetString());

        // Opening the link makes the Telegram app send "/start CODE".
        var member = new TelegramUser(host, _fake, 7201);
        await member.Say("/start " + code);
        Assert.Contains("Đã liên kết tài khoản với đồng chí", member.LastText, StringComparison.Ordinal);
        var other = new TelegramUser(host, _fake, 7202);
        await other.Say("/start " + code);
        Assert.Contains("Mã mời không đúng, đã dùng hoặc đã hết hạn", other.LastText, StringComparison.Ordinal);

        await using var db = host.OpenDb();
        Assert.Equal(Demo.CommitteeMember, (await db.ChannelAccounts.SingleAsync(a => a.Channel == ChannelNames.Telegram)).PersonId);
        var listed = await http.GetFromJsonAsync<JsonElement>(new Uri("/api/admin/invites", UriKind.Relative));
        Assert.Equal("telegram", listed.EnumerateArray().Single(r => r.GetProperty("code").GetString() == code).GetProperty("usedBy").GetString());
    }

    [Fact]
    public async Task The_command_line_asks_getMe_for_the_bots_name_and_prints_the_whole_link()
    {
        await using var host = await Start();
        host.Get<TelegramBot>().Username = null;                  // as in a command-line process, where no receiver started
        using var output = new StringWriter();

        var exit = await CommandLine.RunAsync(host.Services, ["invite", "create", "--person", Demo.HospitalOfficer.ToString(System.Globalization.CultureInfo.InvariantCulture)], TextReader.Null, output, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, exit);
        await using var db = host.OpenDb();
        var code = (await db.InviteCodes.OrderByDescending(i => i.Id).FirstAsync()).Code;
        Assert.Contains($"Telegram: https://t.me/UnionReviewTestBot?start={code}", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_telegram_the_command_line_says_how_to_use_the_code_instead_of_a_link()
    {
        await using var host = new ServiceHost();
        using var output = new StringWriter();

        var exit = await CommandLine.RunAsync(host.Services, ["invite", "create", "--person", "4"], TextReader.Null, output, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, exit);
        await using var db = host.OpenDb();
        var code = (await db.InviteCodes.SingleAsync()).Code;
        Assert.Contains($"Telegram: chưa có đường dẫn (chưa cấu hình hoặc không kết nối được); gửi cho bot tin nhắn /start {code}", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("t.me", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_code_is_refused_politely()
    {
        await using var host = await Start();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var created = await (await http.PostAsJsonAsync(new Uri("/api/admin/invites", UriKind.Relative), new { personId = Demo.HospitalOfficer, days = 1 })).Content.ReadFromJsonAsync<JsonElement>();
        host.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var officer = new TelegramUser(host, _fake, 7203);
        await officer.Say("/start " + created.GetProperty("code").GetString());
        Assert.Contains("đã hết hạn", officer.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_requests_get_vietnamese_errors_and_requests_through_a_proxy_are_refused()
    {
        await using var host = await Start();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var tooLong = await http.PostAsJsonAsync(new Uri("/api/admin/invites", UriKind.Relative), new { personId = Demo.HospitalOfficer, days = 365 });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("từ 1 đến 90 ngày", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var nobody = await http.PostAsJsonAsync(new Uri("/api/admin/invites", UriKind.Relative), new { personId = 99_999, days = 7 });
        Assert.Equal(HttpStatusCode.NotFound, nobody.StatusCode);
        Assert.Contains("Không tìm thấy người này", await nobody.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var proxied = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/admin/invites", UriKind.Relative)) { Content = JsonContent.Create(new { personId = Demo.HospitalOfficer, days = 7 }) };
        proxied.Headers.Add("X-Forwarded-For", "203.0.113.9");
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(proxied)).StatusCode);

        await using var db = host.OpenDb();
        Assert.False(await db.InviteCodes.AnyAsync());
    }
}
