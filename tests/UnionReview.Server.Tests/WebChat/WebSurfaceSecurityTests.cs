using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.WebChat;

/// <summary>
/// The pages and APIs without a login (web chat, documents, invites) over real HTTP on 127.0.0.1: only direct local
/// requests, only the configured host names, no state change on GET, documents only through unguessable links.
/// </summary>
public sealed class WebSurfaceSecurityTests
{
    private sealed record Pushed(long Id, string Text, string? DocumentName, string? DocumentUrl);
    private sealed record Inbox(List<Pushed> Messages);

    private static readonly long[] FirstRow = [1];

    /// <summary>Every demo page and API, with a request that would change something if it were accepted.</summary>
    private static IEnumerable<HttpRequestMessage> EveryDemoRequest() =>
    [
        new(HttpMethod.Get, "/"),
        new(HttpMethod.Get, "/chat"),
        new(HttpMethod.Get, "/api/webchat/people"),
        new(HttpMethod.Post, "/api/webchat/messages") { Content = JsonContent.Create(new { personId = Demo.CommitteeMember, text = "/donvi", clientMessageId = "proxied-1" }) },
        new(HttpMethod.Get, $"/api/webchat/inbox?personId={Demo.CommitteeMember}"),
        new(HttpMethod.Post, "/api/webchat/inbox/ack") { Content = JsonContent.Create(new { personId = Demo.CommitteeMember, ids = FirstRow }) },
        new(HttpMethod.Get, $"/api/webchat/documents/1?personId={Demo.CommitteeMember}"),
        new(HttpMethod.Get, "/documents"),
        new(HttpMethod.Get, $"/api/documents/report.docx?personId={Demo.CommitteeMember}"),
        new(HttpMethod.Get, $"/api/documents/tables.xlsx?personId={Demo.CommitteeMember}"),
        new(HttpMethod.Get, "/admin/invites"),
        new(HttpMethod.Get, "/api/admin/invites"),
        new(HttpMethod.Post, "/api/admin/invites") { Content = JsonContent.Create(new { personId = Demo.CommitteeMember, days = 7 }) },
    ];

    public static TheoryData<string, string> ProxyHeaders => new()
    {
        { "X-Forwarded-For", "203.0.113.7" },
        { "X-Real-IP", "203.0.113.7" },
        { "X-Forwarded-Host", "attacker.example" },
        { "X-Forwarded-Proto", "https" },
        { "Forwarded", "for=203.0.113.7;proto=https" },
    };

    [Theory]
    [MemberData(nameof(ProxyHeaders))]
    public async Task Every_demo_page_and_api_refuses_a_proxied_request_and_changes_nothing(string header, string value)
    {
        await using var host = new ServiceHost(kestrel: true);
        await EnqueueAsync(host, Demo.CommitteeMember, "Tin nhắn chờ", null, "proxied-pending");
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        foreach (var request in EveryDemoRequest())
        {
            using (request)
            {
                request.Headers.TryAddWithoutValidation(header, value);
                using var response = await http.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{request.Method} {request.RequestUri} with {header}: {(int)response.StatusCode}");
                Assert.Contains("chính máy", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        await using var db = host.OpenDb();
        Assert.False(await db.InviteCodes.AnyAsync());
        Assert.False(await db.InboundReceipts.AnyAsync());
        Assert.False(await db.ChannelAccounts.AnyAsync(a => a.Channel == ChannelNames.Web));
        Assert.Equal(OutboxStatus.Pending, (await db.Outbox.SingleAsync(o => o.DedupeKey == "proxied-pending")).Status);
    }

    [Fact]
    public void A_request_from_another_address_or_another_site_is_not_local()
    {
        var fromLan = new DefaultHttpContext();
        fromLan.Connection.RemoteIpAddress = IPAddress.Parse("192.168.1.20");
        fromLan.Request.Host = new HostString("127.0.0.1", 5080);
        Assert.False(LocalRequests.IsDirectLocal(fromLan));

        var direct = new DefaultHttpContext();
        direct.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:127.0.0.1");
        direct.Request.Host = new HostString("localhost", 5080);
        Assert.True(LocalRequests.IsDirectLocal(direct));

        direct.Request.Host = new HostString("attacker.example", 5080);
        Assert.False(LocalRequests.IsDirectLocal(direct));

        // Following a link from another site opens a page; a request a page of another site makes does not count.
        var fromOtherSite = new DefaultHttpContext();
        fromOtherSite.Request.Method = "GET";
        fromOtherSite.Request.Headers["Sec-Fetch-Site"] = "cross-site";
        fromOtherSite.Request.Headers["Sec-Fetch-Mode"] = "navigate";
        Assert.False(LocalRequests.IsCrossSite(fromOtherSite));
        fromOtherSite.Request.Headers["Sec-Fetch-Mode"] = "no-cors";
        Assert.True(LocalRequests.IsCrossSite(fromOtherSite));
        var withOrigin = new DefaultHttpContext();
        withOrigin.Request.Method = "POST";
        withOrigin.Request.Headers.Origin = "http://127.0.0.1:5080";
        Assert.False(LocalRequests.IsCrossSite(withOrigin));
        withOrigin.Request.Headers.Origin = "https://attacker.example";
        Assert.True(LocalRequests.IsCrossSite(withOrigin));
    }

    [Fact]
    public async Task A_foreign_host_name_is_refused_so_a_rebound_page_cannot_make_an_invite()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using (var create = new HttpRequestMessage(HttpMethod.Post, "/api/admin/invites") { Content = JsonContent.Create(new { personId = Demo.CommitteeMember, days = 7 }) })
        {
            create.Headers.Host = $"attacker.example:{host.BaseAddress.Port}";
            using var response = await http.SendAsync(create);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        foreach (var path in new[] { "/chat", "/api/admin/invites", "/api/webchat/people", "/documents" })
        {
            using var read = new HttpRequestMessage(HttpMethod.Get, path);
            read.Headers.Host = "attacker.example";
            using var response = await http.SendAsync(read);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        await using (var db = host.OpenDb())
        {
            Assert.False(await db.InviteCodes.AnyAsync());
        }

        // The configured address and the loopback names still work.
        using var named = new HttpRequestMessage(HttpMethod.Get, "/chat");
        named.Headers.Host = $"localhost:{host.BaseAddress.Port}";
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(named)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/chat")).StatusCode);
    }

    [Fact]
    public async Task Reading_the_inbox_changes_nothing_and_only_the_recipients_explicit_acknowledgement_marks_messages_sent()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        await EnqueueAsync(host, Demo.CommitteeMember, "📄 Báo cáo tổng hợp", new ChatDocument("bao-cao.docx", "application/octet-stream", [1, 2, 3]), "ack-1");

        var first = await ReadInbox(http, Demo.CommitteeMember);
        var second = await ReadInbox(http, Demo.CommitteeMember);
        var pushed = Assert.Single(first.Messages);
        Assert.Equal(pushed.Id, Assert.Single(second.Messages).Id);
        await using (var db = host.OpenDb())
        {
            var row = await db.Outbox.SingleAsync(o => o.DedupeKey == "ack-1");
            Assert.Equal(OutboxStatus.Pending, row.Status);
            Assert.Null(row.SentAt);
        }

        // Another person cannot acknowledge it, nor can a page on another site.
        using (var wrong = await http.PostAsJsonAsync("/api/webchat/inbox/ack", new { personId = Demo.GrassrootsOfficer, ids = new[] { pushed.Id } }))
        {
            Assert.Equal(0, (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("acknowledged").GetInt32());
        }

        using (var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/webchat/inbox/ack") { Content = JsonContent.Create(new { personId = Demo.CommitteeMember, ids = new[] { pushed.Id } }) })
        {
            crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
            crossSite.Headers.Add("Origin", "https://attacker.example");
            Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(crossSite)).StatusCode);
        }

        Assert.Single((await ReadInbox(http, Demo.CommitteeMember)).Messages);

        using (var ack = await http.PostAsJsonAsync("/api/webchat/inbox/ack", new { personId = Demo.CommitteeMember, ids = new[] { pushed.Id } }))
        {
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
            Assert.Equal(1, (await ack.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("acknowledged").GetInt32());
        }

        Assert.Empty((await ReadInbox(http, Demo.CommitteeMember)).Messages);
        await using (var db = host.OpenDb())
        {
            var row = await db.Outbox.SingleAsync(o => o.DedupeKey == "ack-1");
            Assert.Equal(OutboxStatus.Sent, row.Status);
            Assert.NotNull(row.SentAt);
        }

        // The acknowledged document still downloads for its recipient.
        Assert.Equal([1, 2, 3], await http.GetByteArrayAsync(pushed.DocumentUrl));
    }

    [Fact]
    public async Task A_web_chat_document_is_served_only_through_its_recipients_unguessable_link()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        byte[] report = [0x50, 0x4B, 3, 4, 7];
        var id1 = await EnqueueAsync(host, Demo.CommitteeMember, "📄 Báo cáo tổng hợp", new ChatDocument("bao-cao.docx", "application/octet-stream", report), "doc-1");
        var id2 = await EnqueueAsync(host, Demo.CommitteeMember, "📊 Biểu chỉ tiêu", new ChatDocument("bieu.xlsx", "application/octet-stream", [9]), "doc-2");

        var messages = (await ReadInbox(http, Demo.CommitteeMember)).Messages;
        var url1 = messages.Single(m => m.Id == id1).DocumentUrl!;
        var url2 = messages.Single(m => m.Id == id2).DocumentUrl!;
        Assert.Equal(report, await http.GetByteArrayAsync(url1));

        var key1 = Key(url1);
        var key2 = Key(url2);
        Assert.NotEqual(key1, key2);
        Assert.True(Convert.FromBase64String(key1.Replace('-', '+').Replace('_', '/') + new string('=', (4 - key1.Length % 4) % 4)).Length >= 16, "at least 128 random bits");

        foreach (var guess in new[]
        {
            $"/api/webchat/documents/{id1}?personId={Demo.CommitteeMember}",
            url1.Replace($"personId={Demo.CommitteeMember}", $"personId={Demo.GrassrootsOfficer}", StringComparison.Ordinal),
            url1.Replace(key1, key2, StringComparison.Ordinal),
            url2.Replace($"/{id2}?", $"/{id1}?", StringComparison.Ordinal),
        })
        {
            using var response = await http.GetAsync(guess);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{guess}: {(int)response.StatusCode}");
            Assert.Contains("Không tìm thấy tài liệu", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Two_people_sending_the_same_client_message_id_are_both_answered()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        foreach (var person in new[] { Demo.GrassrootsOfficer, Demo.HospitalOfficer })
        {
            using var response = await http.PostAsJsonAsync("/api/webchat/messages", new { personId = person, text = "/baocao", clientMessageId = "m-1" });
            var reply = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.False(reply.GetProperty("duplicate").GetBoolean());
            Assert.Contains("Câu 1/62", reply.GetProperty("messages").EnumerateArray().Last().GetProperty("text").GetString(), StringComparison.Ordinal);
        }

        // The same person repeating it is still one message.
        using var again = await http.PostAsJsonAsync("/api/webchat/messages", new { personId = Demo.HospitalOfficer, text = "/baocao", clientMessageId = "m-1" });
        Assert.True((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        await using var db = host.OpenDb();
        Assert.Equal(2, await db.Reports.CountAsync());
    }

    [Fact]
    public async Task Every_page_carries_frame_and_content_type_headers()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        foreach (var path in new[] { "/chat", "/documents", "/admin/invites", "/api/webchat/people", $"/api/webchat/inbox?personId={Demo.CommitteeMember}" })
        {
            using var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
            Assert.Contains("frame-ancestors 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }
    }

    private static string Key(string url) =>
        System.Web.HttpUtility.ParseQueryString(new Uri(new Uri("http://127.0.0.1"), url).Query)["key"] ?? throw new InvalidOperationException($"no key in {url}");

    private static async Task<Inbox> ReadInbox(HttpClient http, int personId) =>
        (await http.GetFromJsonAsync<Inbox>($"/api/webchat/inbox?personId={personId}", JsonSerializerOptions.Web))!;

    private static async Task<long> EnqueueAsync(ServiceHost host, int personId, string text, ChatDocument? document, string key)
    {
        await using (var db = host.OpenDb())
        {
            await host.Get<OutboxWriter>().EnqueueAsync(db, personId, ChannelNames.Web, $"person-{personId}", new OutgoingMessage(text, [], document), key, CancellationToken.None);
            await db.SaveChangesAsync();
        }

        await using var read = host.OpenDb();
        return await read.Outbox.Where(o => o.DedupeKey == key).Select(o => o.Id).SingleAsync();
    }
}
