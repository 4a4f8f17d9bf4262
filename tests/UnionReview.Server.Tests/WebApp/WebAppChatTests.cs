using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Cli;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.WebApp;

/// <summary>The web app and the chat share one report; the first administrator's link comes from the command line.</summary>
public sealed class WebAppChatTests
{
    private static async Task<string> SayAsync(HttpClient chat, int personId, string text)
    {
        using var response = await chat.PostAsJsonAsync("/api/webchat/messages", new { personId, text, clientMessageId = Guid.NewGuid().ToString() });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(JsonSerializerOptions.Web);
        return string.Join("\n", body.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task An_answer_given_in_the_chat_is_on_the_web_form_and_one_given_on_the_web_counts_in_the_chat()
    {
        await using var host = new ServiceHost(kestrel: true);
        var outline = host.Get<OutlineCatalog>().Get("so-ket-giua-nhiem-ky");
        using var chat = new HttpClient { BaseAddress = host.BaseAddress };
        await SayAsync(chat, Demo.GrassrootsOfficer, "/baocao");
        await SayAsync(chat, Demo.GrassrootsOfficer, "Thuận lợi là sự quan tâm của cấp ủy");
        await SayAsync(chat, Demo.GrassrootsOfficer, "xong");

        using var officer = await WebAppSecurityTests.SignedInAsync(host, Demo.GrassrootsOfficer);
        var page = await officer.GetPageAsync("/app/report/1");
        Assert.Contains("Thuận lợi là sự quan tâm của cấp ủy", page, StringComparison.Ordinal);
        Assert.Contains("Đã trả lời 1/61", page, StringComparison.Ordinal); // a grassroots union is not asked the upper-level question

        var second = outline.Sections[1];
        var fields = WebAppFlowTests.Answers(second);
        fields["go"] = "stay";
        using (var saved = await officer.PostFromPageAsync("/app/report/2", "/app/report/2", fields))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var progress = await SayAsync(chat, Demo.GrassrootsOfficer, "/tiendo");
        Assert.Contains(VietnameseFormat.Number(1 + second.Questions.Count(q => q.AppliesTo(UnionLevel.Grassroots))) + "/61", progress, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_weblink_verb_prints_a_link_for_the_first_administrator()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var output = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(host.Services, ["weblink"], TextReader.Null, output, CancellationToken.None));
        var link = output.ToString().Trim();
        Assert.StartsWith(host.BaseAddress.ToString().TrimEnd('/') + "/app/signin?t=", link, StringComparison.Ordinal);

        using var admin = new WebAppClient(host.BaseAddress);
        using (var signIn = await admin.SignInAsync(link))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        var home = await admin.GetPageAsync("/app/");
        Assert.Contains("Phạm Thị Dung", home, StringComparison.Ordinal);
        Assert.Contains("Tình hình báo cáo các đơn vị", home, StringComparison.Ordinal);
    }
}
