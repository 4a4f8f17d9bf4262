using Microsoft.EntityFrameworkCore;
using UnionReview.Channels.Tests.Zalo.Fake;
using UnionReview.Server.Cli;
using UnionReview.Server.Tests.Infrastructure;
using UnionReview.Server.Tests.Zalo;

namespace UnionReview.Server.Tests.TextChannels;

/// <summary>The console chat renders replies as the text-only channels do, so the console and Zalo read the same.</summary>
public sealed class ConsoleChatTests : IAsyncLifetime
{
    private FakeZaloApi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeZaloApi.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task The_console_shows_the_same_text_as_zalo_and_takes_the_same_numbers_and_commands()
    {
        await using var host = new ServiceHost(settings: ZaloUser.Settings(_fake, "Polling"), kestrel: true);
        var zalo = new ZaloUser(host, _fake, "z-console");
        await zalo.LinkTo(Demo.HospitalOfficer);
        await zalo.Say("/baocao");
        await zalo.Say("/muc");
        var zaloMenu = zalo.LastText;

        // The console, for another officer: the same outline menu, chosen by its number, then /xemthem.
        var input = new StringReader("/muc\n3\n/xemthem\nthoat\n");
        var output = new StringWriter();
        Assert.Equal(0, await host.Get<ConsoleChat>().RunAsync(input, output, Demo.GrassrootsOfficer, CancellationToken.None));
        var text = output.ToString();

        var menuLines = zaloMenu.Split('\n').Where(l => l.StartsWith("3. ", StringComparison.Ordinal) || l.StartsWith("Gõ lệnh:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(menuLines);
        Assert.All(menuLines, l => Assert.Contains(l, text, StringComparison.Ordinal));
        Assert.DoesNotContain("[#", text, StringComparison.Ordinal);
        var section = host.Get<UnionReview.Server.Features.Reports.OutlineCatalog>().All.SelectMany(o => o.Sections).First(s => s.Code == "II.1");
        Assert.Contains("gõ /xemthem để xem đầy đủ", text, StringComparison.Ordinal);
        Assert.All(section.Guidance, g => Assert.Contains("• " + g, text, StringComparison.Ordinal));

        var current = await Answerer.CurrentQuestion(host, Demo.GrassrootsOfficer);
        Assert.Equal(section.Id, current?.SectionId);
        await using var db = host.OpenDb();
        Assert.True(await db.ChannelAccounts.AnyAsync(a => a.Channel == "console" && a.PersonId == Demo.GrassrootsOfficer));
    }
}
