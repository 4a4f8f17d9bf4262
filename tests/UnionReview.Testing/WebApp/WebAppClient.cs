using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace UnionReview.Server.Tests.WebApp;

/// <summary>A browser-like client of the web app over real HTTP: its own cookies, no automatic redirects.</summary>
public sealed partial class WebAppClient : IDisposable
{
    private readonly HttpClientHandler _handler;

    public WebAppClient(Uri baseAddress)
    {
        _handler = new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false, UseCookies = true };
        Http = new HttpClient(_handler) { BaseAddress = baseAddress };
    }

    public CookieContainer Cookies { get; } = new();
    public HttpClient Http { get; }

    /// <summary>Sends <c>/web</c> in the loopback web chat as <paramref name="personId"/> and returns the link from the reply.</summary>
    public static async Task<string> AskLinkInChatAsync(Uri baseAddress, int personId)
    {
        using var chat = new HttpClient { BaseAddress = baseAddress };
        using var response = await chat.PostAsJsonAsync("/api/webchat/messages", new { personId, text = "/web", clientMessageId = Guid.NewGuid().ToString() });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(JsonSerializerOptions.Web);
        var text = string.Join("\n", body.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
        return LinkPattern().Match(text) is { Success: true } m ? m.Value : throw new InvalidOperationException("No link in: " + text);
    }

    /// <summary>Opens the link (a page with a button) and presses the button.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string link)
    {
        var uri = new Uri(link);
        var page = await Http.GetStringAsync(uri.PathAndQuery);
        var token = uri.Query.Split("t=")[1];
        return await PostAsync("/app/signin", new() { ["t"] = token }, Antiforgery(page));
    }

    public async Task<string> GetPageAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Posts a form with the antiforgery token of the page at <paramref name="pagePath"/>.</summary>
    public async Task<HttpResponseMessage> PostFromPageAsync(string pagePath, string action, Dictionary<string, string> fields) =>
        await PostAsync(action, fields, Antiforgery(await GetPageAsync(pagePath)));

    public async Task<HttpResponseMessage> PostAsync(string action, Dictionary<string, string> fields, string? antiforgery, IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        var all = new List<KeyValuePair<string, string>>(fields);
        if (antiforgery is not null)
        {
            all.Add(new("__af", antiforgery));
        }

        all.AddRange(extra ?? []);
        using var content = new FormUrlEncodedContent(all);
        return await Http.PostAsync(action, content);
    }

    public static string Antiforgery(string page) => AntiforgeryPattern().Match(page) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("No antiforgery field");

    public string? SessionCookie => Cookies.GetCookies(Http.BaseAddress!).FirstOrDefault(c => c.Name == "ur.session")?.Value
        ?? Cookies.GetCookies(new Uri(Http.BaseAddress!, "/app/")).FirstOrDefault(c => c.Name == "ur.session")?.Value;

    public void Dispose()
    {
        Http.Dispose();
        _handler.Dispose();
    }

    [GeneratedRegex(@"https?://\S+/app/signin\?t=[A-Za-z0-9_\-]+")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryPattern();
}
