using System.Text.RegularExpressions;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Officer;

/// <summary>The web chat page as served: it keeps the visible conversation over a reload and fits a 390 px phone.</summary>
public sealed class WebChatPageTests
{
    private static async Task<string> PageAsync()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        return await http.GetStringAsync("/chat");
    }

    [Fact]
    public async Task The_page_keeps_the_conversation_in_session_storage_and_restores_it_on_load_without_restarting()
    {
        var page = await PageAsync();
        Assert.Contains("sessionStorage.setItem(historyKey(personId)", page, StringComparison.Ordinal);
        Assert.Contains("sessionStorage.getItem('unionreview-chat-person')", page, StringComparison.Ordinal);
        // A person already talked to gets the kept messages back instead of a new "/baocao".
        Assert.Contains("if (!restore(personId)) post({ text: '/baocao' }, '/baocao');", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_header_wraps_on_a_narrow_screen()
    {
        var page = await PageAsync();
        Assert.Matches(new Regex(@"header \{[^}]*flex-wrap:wrap"), page);
        var narrow = Regex.Match(page, @"@media \(max-width: (\d+)px\)");
        Assert.True(narrow.Success && int.Parse(narrow.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 390, "a rule for phones 390 px wide");
        Assert.Matches(new Regex(@"header h1 \{[^}]*flex-basis:100%"), page);
    }
}
