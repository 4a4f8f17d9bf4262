using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;
using UnionReview.Channels.Tests.Zalo.Fake;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Documents;
using UnionReview.Server.Tests.Infrastructure;
using static UnionReview.Server.Tests.Schedules.ScheduleSteps;

namespace UnionReview.Server.Tests.Zalo;

/// <summary>
/// Documents and charts in Zalo, which carries neither: a download link for the person alone (refused when altered or
/// when it names another person's file, gone after its expiry), charts by sendPhoto from such a link; without a public
/// address, where to get the document instead and no chart.
/// </summary>
public sealed partial class ZaloFilesTests : IAsyncLifetime
{
    private const string Secret = "bi-mat-webhook-zalo-42";
    private FakeZaloApi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeZaloApi.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private async Task<ServiceHost> StartAsync(bool publicAddress)
    {
        var port = ServiceHost.FreePort();
        var settings = ZaloUser.Settings(_fake, "Webhook", $"http://127.0.0.1:{port}/api/zalo/webhook", Secret);
        settings["Indicators:SeedDemo"] = "true";
        if (publicAddress)
        {
            // The service's own loopback address stands for the public one, so the fake can fetch the pictures as Zalo would.
            settings["Documents:PublicBaseUrl"] = $"http://127.0.0.1:{port}/";
        }

        var host = new ServiceHost(settings: settings, kestrel: true, port: port);
        await FakeZaloApi.WaitUntilAsync(() => _fake.WebhookUrl is not null, ZaloUser.Wait, "setWebhook");
        host.Clock.Set(At(11, 26, 9));
        return host;
    }

    [Fact]
    public async Task A_committee_member_gets_the_digest_charts_as_photos_and_the_report_as_a_link_that_works_for_them_alone_until_it_expires()
    {
        await using var host = await StartAsync(publicAddress: true);
        var member = new ZaloUser(host, _fake, "z-member");
        await member.LinkTo(Demo.CommitteeMember);

        await member.Say("/tonghop");
        var photos = member.Last.Where(m => m.Photo is not null).ToList();
        Assert.Contains(photos, p => p.Text.Contains("Tiến độ nộp báo cáo", StringComparison.Ordinal));
        Assert.Contains(photos, p => p.Text.Contains("% so với kế hoạch", StringComparison.Ordinal));
        Assert.All(photos, p => Assert.StartsWith(host.BaseAddress + "files/", p.Photo, StringComparison.Ordinal));
        Assert.Equal(photos.Count, _fake.PhotoFetches.Count);
        Assert.All(_fake.PhotoFetches, f => Assert.Equal((200, "image/png"), (f.Status, f.ContentType)));
        Assert.All(_fake.PhotoFetches, f => Assert.True(f.Length > 10_000, $"{f.Length} bytes"));

        // /chitieu's chart too.
        await member.Say("/chitieu");
        Assert.Single(member.Last, m => m.Photo is not null && m.Text.StartsWith("📊 ", StringComparison.Ordinal));

        // The consolidated report: asked for by its number, delivered through the outbox as a link.
        await member.Say("/tonghop");
        await member.Press("📄 Báo cáo tổng hợp (.docx)");
        Assert.Contains("Đang lập báo cáo tổng hợp", member.LastText, StringComparison.Ordinal);
        await FakeZaloApi.WaitUntilAsync(() => _fake.BotMessages("z-member").Any(m => m.Text.Contains("/files/", StringComparison.Ordinal) && m.Photo is null), ZaloUser.Wait, "the document link");
        var delivered = _fake.BotMessages("z-member").Last(m => m.Text.Contains("/files/", StringComparison.Ordinal) && m.Photo is null).Text;
        Assert.Contains("📄 Báo cáo tổng hợp", delivered, StringComparison.Ordinal);
        Assert.Contains("chỉ dành riêng cho đồng chí, hết hạn sau 30 phút", delivered, StringComparison.Ordinal);
        var link = Link().Match(delivered).Value;
        Assert.EndsWith(".docx?p=" + Demo.CommitteeMember, link[..link.IndexOf("&e=", StringComparison.Ordinal)], StringComparison.Ordinal);

        using var http = new HttpClient();
        using (var ok = await http.GetAsync(new Uri(link)))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ok.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", ok.Content.Headers.ContentDisposition?.DispositionType);
            var bytes = await ok.Content.ReadAsByteArrayAsync();
            Assert.Equal("PK"u8.ToArray(), bytes[..2]);
        }

        // Public: a request through a reverse proxy (which the loopback-only pages refuse) gets the file.
        using (var proxied = new HttpRequestMessage(HttpMethod.Get, link))
        {
            proxied.Headers.Add("X-Forwarded-For", "203.0.113.7");
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(proxied)).StatusCode);
        }

        using (var local = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseAddress, "/documents")))
        {
            local.Headers.Add("X-Forwarded-For", "203.0.113.7");
            Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(local)).StatusCode);
        }

        // Altered: another key, another person, a later expiry.
        var key = Regex.Match(link, "k=([^&]+)").Groups[1].Value;
        var expires = long.Parse(Regex.Match(link, "e=([0-9]+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await AssertRefusedAsync(http, link.Replace("k=" + key, "k=" + (key[0] == 'A' ? 'B' : 'A') + key[1..], StringComparison.Ordinal));
        await AssertRefusedAsync(http, link.Replace("p=" + Demo.CommitteeMember, "p=" + Demo.GrassrootsOfficer, StringComparison.Ordinal));
        await AssertRefusedAsync(http, link.Replace("e=" + expires, "e=" + (expires + 3600), StringComparison.Ordinal));

        // Another person's document: their link's file id under this link's signature is refused, and so is the reverse.
        var theirs = (await host.Get<SharedFiles>().ShareAsync(Demo.GrassrootsOfficer, new ChatDocument("cua-nguoi-khac.docx", "application/octet-stream", [1, 2, 3]), CancellationToken.None))!.Url;
        var theirId = FileId().Match(theirs).Groups[1].Value;
        var myId = FileId().Match(link).Groups[1].Value;
        await AssertRefusedAsync(http, link.Replace(myId, theirId, StringComparison.Ordinal));
        await AssertRefusedAsync(http, theirs.Replace(theirId, myId, StringComparison.Ordinal));

        // Expired: the genuine link, opened after 30 minutes.
        host.Clock.Advance(TimeSpan.FromMinutes(31));
        using (var late = await http.GetAsync(new Uri(link)))
        {
            Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
            Assert.Contains("Đường dẫn tải tệp này đã hết hạn", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Empty(_fake.Violations);
        Assert.All(_fake.BotMessages("z-member"), m => Assert.InRange(m.Text.Length, 0, FakeZaloApi.MaxText));
    }

    [Fact]
    public async Task Without_a_public_address_the_charts_are_left_out_and_the_report_says_where_to_get_it()
    {
        await using var host = await StartAsync(publicAddress: false);
        var member = new ZaloUser(host, _fake, "z-member-2");
        await member.LinkTo(Demo.CommitteeMember);

        await member.Say("/tonghop");
        Assert.Contains("Đã nộp", member.LastText, StringComparison.Ordinal);
        await member.Press("📄 Báo cáo tổng hợp (.docx)");
        await FakeZaloApi.WaitUntilAsync(() => _fake.BotMessages("z-member-2").Any(m => m.Text.Contains("Zalo không gửi được tệp", StringComparison.Ordinal)), ZaloUser.Wait, "the document note");
        var note = _fake.BotMessages("z-member-2")[^1].Text;
        Assert.Contains("Telegram hoặc Microsoft Teams", note, StringComparison.Ordinal);
        Assert.DoesNotContain("http", note, StringComparison.Ordinal);

        Assert.Empty(_fake.CallsOf("sendPhoto"));
        Assert.DoesNotContain(_fake.BotMessages("z-member-2"), m => m.Text.Contains("Tiến độ nộp báo cáo", StringComparison.Ordinal) && m.Text.Length < 100);
        Assert.Empty(_fake.Violations);
    }

    [Fact]
    public async Task The_public_address_host_is_served_by_the_host_filter()
    {
        await using var host = new ServiceHost(settings: new Dictionary<string, string?> { ["Documents:PublicBaseUrl"] = "https://baocao.example.vn" });
        Assert.Contains("baocao.example.vn", host.Get<IOptions<HostFilteringOptions>>().Value.AllowedHosts);
        var link = await host.Get<SharedFiles>().ShareAsync(Demo.CommitteeMember, new ChatDocument("Biểu đồ.png", "image/png", [1]), CancellationToken.None);
        Assert.StartsWith("https://baocao.example.vn/files/", link!.Url, StringComparison.Ordinal);
        Assert.Contains("/Bi-u---.png?p=", link.Url, StringComparison.Ordinal);
    }

    private static async Task AssertRefusedAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(new Uri(url));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Đường dẫn tải tệp này không đúng hoặc đã bị thay đổi", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/files/\S+")]
    private static partial Regex Link();

    [GeneratedRegex(@"/files/([^/]+)/")]
    private static partial Regex FileId();
}
