using System.Net;
using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.WebApp;

/// <summary>The committee's actions on the web beyond reading and returning, over real HTTP.</summary>
public sealed class WebCommitteeTests
{
    [Fact]
    public async Task Remind_now_reaches_the_officers_chat_once_a_day_never_in_quiet_hours_and_only_inside_the_members_subtree()
    {
        await using var host = new ServiceHost(kestrel: true);
        // The school's officer has a chat (asking for a link in the web chat links it).
        using var officer = await WebAppSecurityTests.SignedInAsync(host, Demo.GrassrootsOfficer);
        int campaign, school, hospital;
        await using (var db = host.OpenDb())
        {
            campaign = (await db.Campaigns.SingleAsync()).Id;
            school = (await db.Units.SingleAsync(u => u.Name == "CĐCS Trường THPT Thành phố Cao Bằng")).Id;
            hospital = (await db.Units.SingleAsync(u => u.Name == "CĐCS Bệnh viện Đa khoa tỉnh")).Id;
        }

        using var member = await WebAppSecurityTests.SignedInAsync(host, Demo.CommitteeMember);
        Assert.Contains("Nhắc ngay CĐCS Trường THPT Thành phố Cao Bằng", await member.GetPageAsync("/app/committee/"), StringComparison.Ordinal);
        async Task<string> RemindAsync(WebAppClient client, int unit)
        {
            using var response = await client.PostFromPageAsync("/app/committee/", "/app/committee/remind", new() { ["campaign"] = $"{campaign}", ["unit"] = $"{unit}" });
            return response.StatusCode == HttpStatusCode.Redirect ? response.Headers.Location!.OriginalString : response.StatusCode.ToString();
        }

        Assert.EndsWith("reminded=Sent", await RemindAsync(member, school), StringComparison.Ordinal);
        Assert.Contains("Đã gửi lời nhắc", await member.GetPageAsync($"/app/committee/?campaign={campaign}&reminded=Sent"), StringComparison.Ordinal);
        Assert.EndsWith("reminded=AlreadyToday", await RemindAsync(member, school), StringComparison.Ordinal);
        await using (var db = host.OpenDb())
        {
            var sent = await db.Outbox.Where(o => o.DedupeKey!.StartsWith($"reminder:{campaign}:{school}:")).ToListAsync();
            var row = Assert.Single(sent);
            Assert.Equal(Demo.GrassrootsOfficer, row.PersonId);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "remind-now" && a.PersonId == Demo.CommitteeMember));
            // The scheduled reminder's occasion: neither the schedule nor the chat's "Nhắc ngay" sends a second one today.
            Assert.Single(await db.ScheduleOccasions.Where(o => o.Kind == "reminder" && o.UnitId == school).ToListAsync());
        }

        // The next evening at 22:00 in Hà Nội: quiet hours, nothing is queued.
        // (A session lasts 8 hours without use, so the member signs in again.)
        host.Clock.Advance(TimeSpan.FromHours(37));
        using var evening = await WebAppSecurityTests.SignedInAsync(host, Demo.CommitteeMember);
        Assert.EndsWith("reminded=QuietHours", await RemindAsync(evening, school), StringComparison.Ordinal);
        // The morning after: a new day, a new reminder.
        host.Clock.Advance(TimeSpan.FromHours(11));
        using var morning = await WebAppSecurityTests.SignedInAsync(host, Demo.CommitteeMember);
        Assert.EndsWith("reminded=Sent", await RemindAsync(morning, school), StringComparison.Ordinal);

        // A committee member of LĐLĐ Thành phố cannot remind the hospital (outside the subtree); an officer cannot remind at all.
        int city;
        await using (var db = host.OpenDb())
        {
            var person = new Person { FullName = "Đàm Thị Thu", CreatedAt = host.Clock.GetUtcNow() };
            db.People.Add(person);
            await db.SaveChangesAsync();
            db.Memberships.Add(new Membership { PersonId = person.Id, UnitId = (await db.Units.SingleAsync(u => u.Name == "LĐLĐ Thành phố")).Id, Role = Role.Committee });
            await db.SaveChangesAsync();
            city = person.Id;
        }

        using var cityMember = await WebAppSecurityTests.SignedInAsync(host, city);
        Assert.Equal("NotFound", await RemindAsync(cityMember, hospital));
        using var officerAgain = await WebAppSecurityTests.SignedInAsync(host, Demo.GrassrootsOfficer);
        using (var forbidden = await officerAgain.PostFromPageAsync("/app/report/", "/app/committee/remind", new() { ["campaign"] = $"{campaign}", ["unit"] = $"{school}" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        await using (var db = host.OpenDb())
        {
            Assert.Equal(2, await db.Outbox.CountAsync(o => o.DedupeKey!.StartsWith($"reminder:{campaign}:{school}:")));
        }
    }
}

/// <summary>The dashboard shows the % achievement chart of the member's scope; the picture is for committee members only.</summary>
public sealed class WebDashboardChartTests
{
    [Fact]
    public async Task The_dashboard_shows_the_achievement_chart_and_only_the_committee_can_fetch_it()
    {
        await using var host = new ServiceHost(settings: new Dictionary<string, string?> { ["Indicators:SeedDemo"] = "true" }, kestrel: true);
        List<int> campaigns;
        await using (var db = host.OpenDb())
        {
            campaigns = await db.Campaigns.Select(c => c.Id).ToListAsync();
        }

        using var member = await WebAppSecurityTests.SignedInAsync(host, Demo.CommitteeMember);
        byte[]? png = null;
        int? withChart = null;
        foreach (var id in campaigns)
        {
            using var response = await member.Http.GetAsync($"/app/committee/chart.png?campaign={id}");
            if (response.IsSuccessStatusCode)
            {
                Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
                png = await response.Content.ReadAsByteArrayAsync();
                withChart = id;
                break;
            }

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        // The demo's indicator figures give one campaign a chart: a real PNG, not a blank picture.
        Assert.NotNull(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png![..4]);
        Assert.True(png.Length > 10_000, $"chart of {png.Length} bytes");
        var page = await member.GetPageAsync($"/app/committee/?campaign={withChart}");
        Assert.Contains($"<img src=\"/app/committee/chart.png?campaign={withChart}\"", page, StringComparison.Ordinal);
        Assert.Contains("Tỷ lệ đạt kế hoạch theo đơn vị", page, StringComparison.Ordinal);

        using var officer = await WebAppSecurityTests.SignedInAsync(host, Demo.GrassrootsOfficer);
        using (var refused = await officer.Http.GetAsync($"/app/committee/chart.png?campaign={withChart}"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var unknown = await member.Http.GetAsync("/app/committee/chart.png?campaign=999999"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
    }
}
