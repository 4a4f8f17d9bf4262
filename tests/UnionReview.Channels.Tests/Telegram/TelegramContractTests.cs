using System.Text.Json.Nodes;
using Telegram.Bot.Types.ReplyMarkups;
using UnionReview.Channels.Telegram;
using UnionReview.Channels.Tests.Telegram.Fake;

namespace UnionReview.Channels.Tests.Telegram;

/// <summary>
/// The fake Bot API against ../shared/reference/telegram-bot-api.json: what it hands out is valid, what strays is
/// caught. Every request Telegram.Bot sends for the service is checked by the fake as it arrives (see TelegramApiTests).
/// </summary>
public sealed class TelegramContractTests
{
    private static readonly TelegramSpec Spec = TelegramSpec.Load();

    [Fact]
    public void The_spec_is_the_bot_api_version_the_client_was_written_for() => Assert.Equal("Bot API 10.1", Spec.Version);

    [Fact]
    public void A_request_that_strays_from_the_spec_is_caught_by_the_validator()
    {
        Assert.Contains("unknown method sendMessages", Spec.ValidateCall("sendMessages", []));
        var errors = Spec.ValidateCall("sendMessage", new JsonObject { ["chat_id"] = 1, ["txt"] = "x" });
        Assert.Contains(errors, e => e.Contains("field txt is not in the spec", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("required field text is missing", StringComparison.Ordinal));
        var badButton = Spec.ValidateCall("sendMessage", JsonNode.Parse("""{"chat_id":1,"text":"x","reply_markup":{"inline_keyboard":[[{"text":"a","callback":"b"}]]}}""")!.AsObject());
        Assert.NotEmpty(badButton);
        Assert.Contains(Spec.ValidateCall("sendDocument", new JsonObject { ["chat_id"] = 1, ["document"] = "attach://0" }), e => e.Contains("names no uploaded file", StringComparison.Ordinal));
        Assert.Empty(Spec.ValidateCall("sendDocument", new JsonObject { ["chat_id"] = 1, ["document"] = "attach://0" }, new HashSet<string> { "0" }));
    }

    [Fact]
    public async Task Updates_from_the_fake_server_are_valid_spec_objects()
    {
        await using var fake = await FakeBotApi.StartAsync();
        using var http = new HttpClient();
        using var log = new TestLog();
        var client = new TelegramApi(new TelegramClientOptions { Token = fake.Token, BaseUrl = fake.BaseUrl }, http, log.For<TelegramApi>());
        await client.SendMessageAsync(8, "Chọn", new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("Có", "yn:a:y")), CancellationToken.None);
        fake.UserSends(8, "/start ABCDEFGHJK");
        fake.UserSendsPhoto(8);
        fake.UserPresses(8, "Có");
        fake.UserSends(8, "/baocao", groupChatId: -100123);

        var raw = JsonNode.Parse(await http.GetStringAsync(new Uri(fake.BaseUrl + $"bot{fake.Token}/getUpdates")))!;
        var updates = raw["result"]!.AsArray();
        Assert.Equal(4, updates.Count);
        Assert.All(updates, u => Assert.Empty(Spec.ValidateValue(u, "Update")));
        Assert.Empty(Spec.ValidateValue(JsonNode.Parse(await (await http.PostAsync(new Uri(fake.BaseUrl + $"bot{fake.Token}/getMe"), null)).Content.ReadAsStringAsync())!["result"], "User"));
    }
}
