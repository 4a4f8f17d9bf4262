using System.Net;
using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Features.WebApp;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.WebApp;

/// <summary>Every denial of the signed-in web app, over real HTTP on 127.0.0.1.</summary>
public sealed class WebAppSecurityTests
{
    internal static async Task<WebAppClient> SignedInAsync(ServiceHost host, int personId)
    {
        var client = new WebAppClient(host.BaseAddress);
        using var response = await client.SignInAsync(await WebAppClient.AskLinkInChatAsync(host.BaseAddress, personId));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    [Fact]
    public async Task A_link_asked_for_in_chat_signs_in_once_and_only_its_hash_is_stored()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var anonymous = new WebAppClient(host.BaseAddress);
        using (var before = await anonymous.Http.GetAsync("/app/"))
        {
            Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);
            Assert.StartsWith("/app/signin", before.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        }

        var link = await WebAppClient.AskLinkInChatAsync(host.BaseAddress, Demo.GrassrootsOfficer);
        var token = new Uri(link).Query.Split("t=")[1];
        using var first = new WebAppClient(host.BaseAddress);
        using (var signIn = await first.SignInAsync(link))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            var cookie = string.Join(";", signIn.Headers.GetValues("Set-Cookie"));
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        }

        var home = await first.GetPageAsync("/app/");
        Assert.Contains("lang=\"vi\"", home, StringComparison.Ordinal);
        Assert.Contains("Báo cáo của đơn vị", home, StringComparison.Ordinal);
        Assert.DoesNotContain("Tình hình báo cáo các đơn vị", home, StringComparison.Ordinal);

        // The same link again, from another device: refused.
        using var second = new WebAppClient(host.BaseAddress);
        using (var again = await second.SignInAsync(link))
        {
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
            Assert.Contains("đã được dùng, đã hết hạn", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var db = host.OpenDb();
        var row = await db.SignInLinks.SingleAsync();
        Assert.NotEqual(token, row.TokenHash);
        Assert.Equal(SignInLinks.Hash(token), row.TokenHash);
        Assert.NotNull(row.UsedAt);
    }

    [Fact]
    public async Task A_link_older_than_ten_minutes_is_refused()
    {
        await using var host = new ServiceHost(kestrel: true);
        var link = await WebAppClient.AskLinkInChatAsync(host.BaseAddress, Demo.GrassrootsOfficer);
        host.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        using var client = new WebAppClient(host.BaseAddress);
        using var response = await client.SignInAsync(link);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var home = await client.Http.GetAsync("/app/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
    }

    [Fact]
    public async Task A_session_cookie_is_refused_after_sign_out_and_sign_out_everywhere_ends_other_sessions()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var phone = await SignedInAsync(host, Demo.GrassrootsOfficer);
        var copied = phone.SessionCookie!;
        using (var signOut = await phone.PostFromPageAsync("/app/", "/app/signout", []))
        {
            Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);
        }

        using var replay = new WebAppClient(host.BaseAddress);
        replay.Cookies.Add(new Cookie("ur.session", copied, "/app", host.BaseAddress.Host));
        using (var refused = await replay.Http.GetAsync("/app/"))
        {
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        }

        using var laptop = await SignedInAsync(host, Demo.GrassrootsOfficer);
        using var tablet = await SignedInAsync(host, Demo.GrassrootsOfficer);
        Assert.Contains("Báo cáo của đơn vị", await tablet.GetPageAsync("/app/"), StringComparison.Ordinal);
        using (var everywhere = await laptop.PostFromPageAsync("/app/", "/app/signout-all", []))
        {
            Assert.Equal(HttpStatusCode.OK, everywhere.StatusCode);
        }

        using var ended = await tablet.Http.GetAsync("/app/");
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        await using var db = host.OpenDb();
        Assert.Equal("sign-out-everywhere", (await db.AuditEntries.SingleAsync()).Action);
    }

    [Fact]
    public async Task A_cross_site_post_or_one_without_the_antiforgery_token_is_refused()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var officer = await SignedInAsync(host, Demo.GrassrootsOfficer);
        var page = await officer.GetPageAsync("/app/");
        var token = WebAppClient.Antiforgery(page);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/app/report/start") { Content = new FormUrlEncodedContent([new("__af", token)]) };
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        request.Headers.Add("Origin", "https://evil.example");
        using (var crossSite = await officer.Http.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        }

        // An older browser without Sec-Fetch-Site: the Origin of another site is enough to refuse.
        using var byOrigin = new HttpRequestMessage(HttpMethod.Post, "/app/report/start") { Content = new FormUrlEncodedContent([new("__af", token)]) };
        byOrigin.Headers.Add("Origin", "https://evil.example");
        using (var refused = await officer.Http.SendAsync(byOrigin))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var noToken = await officer.PostAsync("/app/report/start", [], antiforgery: null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        }

        await using var db = host.OpenDb();
        Assert.Equal(0, await db.Reports.CountAsync());
        using (var ok = await officer.PostAsync("/app/report/start", [], token))
        {
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }

        Assert.Equal(1, await db.Reports.CountAsync());
    }

    [Fact]
    public async Task An_officer_sees_only_their_report_and_a_committee_member_only_their_subtree()
    {
        await using var host = new ServiceHost(kestrel: true);
        int cityCommittee;
        await using (var db = host.OpenDb())
        {
            // A committee member of LĐLĐ Thành phố: the school is below it, the hospital is not.
            var city = await db.Units.SingleAsync(u => u.Name == "LĐLĐ Thành phố");
            var person = new Person { FullName = "Đàm Thị Thu", CreatedAt = host.Clock.GetUtcNow() };
            db.People.Add(person);
            await db.SaveChangesAsync();
            db.Memberships.Add(new Membership { PersonId = person.Id, UnitId = city.Id, Role = Role.Committee });
            await db.SaveChangesAsync();
            cityCommittee = person.Id;
        }

        using var school = await SignedInAsync(host, Demo.GrassrootsOfficer);
        using var hospital = await SignedInAsync(host, Demo.HospitalOfficer);
        foreach (var officer in new[] { school, hospital })
        {
            using var started = await officer.PostFromPageAsync("/app/report/", "/app/report/start", []);
            Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        }

        int schoolReport, hospitalReport;
        await using (var db = host.OpenDb())
        {
            schoolReport = (await db.Reports.Join(db.Units, r => r.UnitId, u => u.Id, (r, u) => new { r.Id, u.Name }).SingleAsync(x => x.Name.Contains("THPT"))).Id;
            hospitalReport = (await db.Reports.Join(db.Units, r => r.UnitId, u => u.Id, (r, u) => new { r.Id, u.Name }).SingleAsync(x => x.Name.Contains("Bệnh viện"))).Id;
        }

        // An officer: their own report only; committee pages are forbidden.
        Assert.Contains("CĐCS Trường THPT", await school.GetPageAsync("/app/report/"), StringComparison.Ordinal);
        using (var other = await school.Http.GetAsync($"/app/committee/reports/{hospitalReport}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        }

        using (var dashboard = await school.Http.GetAsync("/app/committee/"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, dashboard.StatusCode);
        }

        // A committee member of the city: the school's report, not the hospital's; no officer pages.
        using var member = await SignedInAsync(host, cityCommittee);
        var board = await member.GetPageAsync("/app/committee/");
        Assert.Contains("CĐCS Trường THPT", board, StringComparison.Ordinal);
        Assert.DoesNotContain("Bệnh viện", board, StringComparison.Ordinal);
        Assert.Contains("CĐCS Trường THPT", await member.GetPageAsync($"/app/committee/reports/{schoolReport}"), StringComparison.Ordinal);
        using (var outside = await member.Http.GetAsync($"/app/committee/reports/{hospitalReport}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        }

        using (var report = await member.Http.GetAsync("/app/report/"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, report.StatusCode);
        }

        // The provincial committee member sees both.
        using var province = await SignedInAsync(host, Demo.CommitteeMember);
        Assert.Contains("Bệnh viện", await province.GetPageAsync("/app/committee/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forwarded_headers_are_believed_only_from_a_configured_proxy()
    {
        await using var plain = new ServiceHost(kestrel: true);
        var link = await WebAppClient.AskLinkInChatAsync(plain.BaseAddress, Demo.GrassrootsOfficer);
        Assert.DoesNotContain("secure", await SetCookieBehindHttps(plain, link), StringComparison.OrdinalIgnoreCase);

        await using var proxied = new ServiceHost(kestrel: true, settings: new Dictionary<string, string?>
        {
            ["WebApp:KnownProxies:0"] = "127.0.0.1",
            ["WebApp:PublicUrl"] = "https://baocao.example.vn",
        });
        var proxiedLink = await WebAppClient.AskLinkInChatAsync(proxied.BaseAddress, Demo.GrassrootsOfficer);
        Assert.StartsWith("https://baocao.example.vn/app/signin?t=", proxiedLink, StringComparison.Ordinal);
        Assert.Contains("secure", await SetCookieBehindHttps(proxied, proxiedLink), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Pages_of_the_app_cannot_be_framed_by_another_site()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var admin = await SignedInAsync(host, Demo.Admin);
        foreach (var path in new[] { "/app/signin", "/app/", "/app/committee/", "/app/admin/units" })
        {
            using var response = await admin.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Sign_in_link_requests_beyond_the_limit_are_answered_429()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var client = new WebAppClient(host.BaseAddress);
        var page = await client.GetPageAsync("/app/signin?t=abc");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 21; i++)
        {
            using var response = await client.PostAsync("/app/signin", new() { ["t"] = "guess" + i }, WebAppClient.Antiforgery(page));
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(20), s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);

        // In the chat, the sixth /web within ten minutes is answered politely without a link.
        for (var i = 0; i < 5; i++)
        {
            await WebAppClient.AskLinkInChatAsync(host.BaseAddress, Demo.GrassrootsOfficer);
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => WebAppClient.AskLinkInChatAsync(host.BaseAddress, Demo.GrassrootsOfficer));
    }

    /// <summary>Signs in as a proxy terminating HTTPS would forward it; returns the session's Set-Cookie.</summary>
    private static async Task<string> SetCookieBehindHttps(ServiceHost host, string link)
    {
        var uri = new Uri(link);
        using var client = new WebAppClient(host.BaseAddress);
        var page = await client.GetPageAsync(uri.PathAndQuery);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/app/signin")
        {
            Content = new FormUrlEncodedContent([new("t", uri.Query.Split("t=")[1]), new("__af", WebAppClient.Antiforgery(page))]),
        };
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var response = await client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return string.Join(";", response.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith("ur.session", StringComparison.Ordinal)));
    }
}
