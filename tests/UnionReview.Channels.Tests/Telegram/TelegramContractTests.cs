using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using UnionReview.Channels.Telegram;
using UnionReview.Channels.Tests.Telegram.Fake;

namespace UnionReview.Channels.Tests.Telegram;

/// <summary>The client against ../shared/reference/telegram-bot-api.json: no invented methods or fields, no required field left out.</summary>
public sealed class TelegramContractTests
{
    private static readonly TelegramSpec Spec = TelegramSpec.Load();

    private static IEnumerable<Type> RequestTypes() => typeof(TelegramBotClient).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(TelegramRequest<>));

    private static string WireName(PropertyInfo p) =>
        p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name);

    /// <summary>Fields a request sends: serialised properties, plus uploaded files (the InputFile properties).</summary>
    private static Dictionary<string, bool> SentFields(Type type) => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.Name != "Method" && (p.GetCustomAttribute<JsonIgnoreAttribute>() is null || p.PropertyType == typeof(InputFileUpload)))
        .ToDictionary(WireName, p => p.GetCustomAttribute<RequiredMemberAttribute>() is not null
            || (p.PropertyType == typeof(InputFileUpload) && new NullabilityInfoContext().Create(p).WriteState == NullabilityState.NotNull));

    [Fact]
    public void The_spec_is_the_bot_api_version_the_client_was_written_for() => Assert.Equal("Bot API 10.1", Spec.Version);

    [Fact]
    public void Every_request_names_a_method_of_the_spec_and_sends_only_its_fields_with_every_required_one()
    {
        var types = RequestTypes().ToList();
        Assert.True(types.Count >= 12, "expected a request type per method");
        var problems = new List<string>();
        foreach (var type in types)
        {
            var method = ((dynamic)Activator.CreateInstance(type)!).Method as string;
            if (method is null || !Spec.HasMethod(method))
            {
                problems.Add($"{type.Name}: method {method} is not in the spec");
                continue;
            }

            var spec = Spec.FieldsOf(method);
            var sent = SentFields(type);
            problems.AddRange(sent.Keys.Where(f => !spec.ContainsKey(f)).Select(f => $"{method}: sends {f}, which the spec does not have"));
            problems.AddRange(spec.Where(f => f.Value && !sent.ContainsKey(f.Key)).Select(f => $"{method}: omits required field {f.Key}"));
            problems.AddRange(spec.Where(f => f.Value && sent.TryGetValue(f.Key, out var required) && !required).Select(f => $"{method}: required field {f.Key} is optional in the request"));
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void The_client_covers_the_methods_the_bot_needs()
    {
        var methods = RequestTypes().Select(t => ((dynamic)Activator.CreateInstance(t)!).Method as string).ToHashSet();
        string[] needed = ["getMe", "getUpdates", "setWebhook", "deleteWebhook", "getWebhookInfo", "sendMessage", "editMessageText", "editMessageReplyMarkup", "answerCallbackQuery", "sendDocument", "setMyCommands", "sendChatAction"];
        var missing = needed.Where(m => !methods.Contains(m)).ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData(typeof(Update), "Update")]
    [InlineData(typeof(Message), "Message")]
    [InlineData(typeof(User), "User")]
    [InlineData(typeof(Chat), "Chat")]
    [InlineData(typeof(CallbackQuery), "CallbackQuery")]
    [InlineData(typeof(Document), "Document")]
    [InlineData(typeof(InlineKeyboardMarkup), "InlineKeyboardMarkup")]
    [InlineData(typeof(InlineKeyboardButton), "InlineKeyboardButton")]
    [InlineData(typeof(BotCommand), "BotCommand")]
    [InlineData(typeof(WebhookInfo), "WebhookInfo")]
    [InlineData(typeof(ResponseParameters), "ResponseParameters")]
    public void Wire_types_use_only_field_names_of_the_spec(Type type, string specType)
    {
        var spec = Spec.FieldsOf(specType);
        var unknown = type.GetProperties().Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null && p.Name != "EqualityContract").Select(WireName)
            .Where(n => !spec.ContainsKey(n)).ToList();
        Assert.Empty(unknown);
    }

    [Fact]
    public void A_request_that_strays_from_the_spec_is_caught_by_the_validator()
    {
        Assert.Contains("unknown method sendMessages", Spec.ValidateCall("sendMessages", []));
        var errors = Spec.ValidateCall("sendMessage", new JsonObject { ["chat_id"] = 1, ["txt"] = "x" });
        Assert.Contains(errors, e => e.Contains("field txt is not in the spec", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("required field text is missing", StringComparison.Ordinal));
        var badButton = Spec.ValidateCall("sendMessage", JsonNode.Parse("""{"chat_id":1,"text":"x","reply_markup":{"inline_keyboard":[[{"text":"a","callback":"b"}]]}}""")!.AsObject());
        Assert.NotEmpty(badButton);
    }

    [Fact]
    public async Task Updates_from_the_fake_server_are_valid_spec_objects()
    {
        await using var fake = await FakeBotApi.StartAsync();
        using var http = new HttpClient();
        using var log = new TestLog();
        var client = new TelegramBotClient(new TelegramClientOptions { Token = fake.Token, BaseUrl = fake.BaseUrl }, http, TimeProvider.System, log.For<TelegramBotClient>());
        await client.SendMessageAsync(8, "Chọn", new InlineKeyboardMarkup([[new InlineKeyboardButton("Có", CallbackData: "yn:a:y")]]), CancellationToken.None);
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
