using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Cli;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Officer;

public sealed class CommandLineHelpAndDocumentsTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_prints_the_usage_and_succeeds(string flag)
    {
        Assert.True(CommandLine.IsVerb([flag], []));
        await using var host = new ServiceHost();
        using var output = new StringWriter();
        using var errors = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(host.Services, [flag], TextReader.Null, output, errors, CancellationToken.None));
        Assert.Contains("Cách dùng", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("documents --out", output.ToString(), StringComparison.Ordinal);
        Assert.Equal("", errors.ToString());
    }

    [Fact]
    public async Task Help_after_a_verb_prints_the_usage_instead_of_an_error()
    {
        await using var host = new ServiceHost();
        using var output = new StringWriter();
        using var errors = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(host.Services, ["documents", "--help"], TextReader.Null, output, errors, CancellationToken.None));
        Assert.Contains("documents --out", output.ToString(), StringComparison.Ordinal);
        Assert.Equal("", errors.ToString());
    }

    [Fact]
    public async Task Documents_without_a_campaign_writes_every_active_campaign()
    {
        await using var host = new ServiceHost(settings: new Dictionary<string, string?> { ["Indicators:SeedDemo"] = "true" });
        List<int> active;
        await using (var db = host.OpenDb())
        {
            active = await db.Campaigns.Where(c => c.IsActive).Select(c => c.Id).ToListAsync();
        }

        Assert.True(active.Count >= 2, "the demo has the mid-term review and the conference discussion open");
        var folder = Path.Combine(host.Folder, "docs-out");
        using var output = new StringWriter();
        using var errors = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(host.Services, ["documents", "--out", folder], TextReader.Null, output, errors, CancellationToken.None));
        var files = Directory.GetFiles(folder).Select(Path.GetFileName).ToList();
        Assert.Equal(active.Count * 2, files.Count);
        foreach (var id in active)
        {
            Assert.Contains(files, f => f!.StartsWith($"bao-cao-tong-hop-{id}-", StringComparison.Ordinal));
            Assert.Contains(files, f => f!.StartsWith($"bieu-chi-tieu-{id}-", StringComparison.Ordinal));
        }
    }
}
