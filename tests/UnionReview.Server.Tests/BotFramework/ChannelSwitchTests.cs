using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Features.Conversations;
using UnionReview.Channels.Tests.BotFramework.Fakes;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.BotFramework;


public sealed class ChannelSwitchTests : IAsyncLifetime
{
    private FakeBotFrameworkCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await FakeBotFrameworkCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    private static async Task<string> WebSay(HttpClient http, int personId, string text)
    {
        using var response = await http.PostAsJsonAsync("/api/webchat/messages", new { personId, text, clientMessageId = Guid.NewGuid().ToString() });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return string.Join("\n", body.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task One_person_switches_between_web_chat_and_bot_framework_mid_report_and_continues_where_they_were()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        const int person = Demo.GrassrootsOfficer;

        // Web chat: start and answer the first question (a long text in two messages).
        Assert.Contains("Câu 1/62", await WebSay(http, person, "/baocao"), StringComparison.Ordinal);
        var first = await Answerer.CurrentQuestion(host, person);
        await WebSay(http, person, "Thuận lợi: cấp ủy quan tâm, đoàn viên đồng thuận.");
        Assert.Contains("Câu 2/62", await WebSay(http, person, "xong"), StringComparison.Ordinal);
        var second = await Answerer.CurrentQuestion(host, person);
        Assert.NotEqual(first!.Id, second!.Id);

        // Bot Framework: link with an invite code and continue at the same question.
        var bot = await BotFrameworkChannelTests.Linked(host, http, _cloud, person, "emu-switch");
        await bot.Say("/baocao");
        Assert.Contains("Câu 2/62", bot.Text, StringComparison.Ordinal);
        Assert.Contains(second.Prompt, bot.Text, StringComparison.Ordinal);
        await bot.Answer(second);
        var third = await Answerer.CurrentQuestion(host, person);
        Assert.Contains("Câu 3/62", bot.Text, StringComparison.Ordinal);

        // Back on web chat: the next question, not the start.
        Assert.Contains("Câu 3/62", await WebSay(http, person, "/baocao"), StringComparison.Ordinal);
        Assert.Equal(third!.Id, (await Answerer.CurrentQuestion(host, person))!.Id);

        await using var db = host.OpenDb();
        var answers = await db.Answers.ToDictionaryAsync(a => a.QuestionId, a => a.Channel);
        Assert.Equal(ChannelNames.Web, answers[first.Id]);
        Assert.Equal(ChannelNames.BotFramework, answers[second.Id]);
        Assert.Single(await db.Conversations.Where(c => c.PersonId == person).ToListAsync());
        Assert.Equal(2, await db.ChannelAccounts.CountAsync(a => a.PersonId == person));
    }
}
