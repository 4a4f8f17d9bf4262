using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Proposals;

public sealed class ProposalReferenceTests
{
    [Fact]
    public async Task References_are_unique_and_sequential_when_many_people_send_at_once()
    {
        await using var host = new ServiceHost();
        int[] people = [Demo.GrassrootsOfficer, Demo.UpperLevelOfficer, Demo.HospitalOfficer, Demo.CommitteeMember, Demo.Admin];
        var sent = await Task.WhenAll(people.Select(async id =>
        {
            var chat = new ChatDriver(host, id);
            return new[]
            {
                await ProposalSteps.SendAsync(chat, $"Chủ đề thứ nhất của {id}", "Nội dung."),
                await ProposalSteps.SendAsync(chat, $"Chủ đề thứ hai của {id}", "Nội dung."),
            };
        }));

        var references = sent.SelectMany(r => r).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Enumerable.Range(1, 10).Select(n => $"KN-2026-{n:0000}"), references);
        await using var db = host.OpenDb();
        var stored = await db.Proposals.OrderBy(p => p.Id).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 10), stored.Select(p => p.Sequence));
        Assert.Equal(stored.Select(p => p.Reference).Order(StringComparer.Ordinal), references);
    }

    [Fact]
    public async Task The_sequence_starts_again_in_a_new_year_by_vietnam_time()
    {
        // 31/12/2026 23:30 in Hà Nội is still 2026; half an hour later it is 2027 there but not yet in UTC.
        var clock = new TestClock(new DateTimeOffset(2026, 12, 31, 16, 30, 0, TimeSpan.Zero));
        await using var host = new ServiceHost(clock);
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        Assert.Equal("KN-2026-0001", await ProposalSteps.SendAsync(officer, "Cuối năm", "Nội dung."));
        Assert.Equal("KN-2026-0002", await ProposalSteps.SendAsync(officer, "Cuối năm nữa", "Nội dung."));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(2026, clock.GetUtcNow().Year);
        Assert.Equal("KN-2027-0001", await ProposalSteps.SendAsync(officer, "Đầu năm", "Nội dung."));
    }
}
