using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using UnionReview.Channels.Tests.BotFramework.Fakes;
using UnionReview.Dialogs.Model;

namespace UnionReview.Server.Tests.BotFramework;

/// <summary>
/// A person in a Bot Framework channel: posts real Activity JSON to /api/messages of the running service, as the
/// Bot Connector does, and reads the bot's replies where they arrive: at the fake Connector.
/// </summary>
public sealed class BotFrameworkUser(HttpClient http, FakeBotFrameworkCloud cloud, string userId, string channelId = "emulator", string name = "Người dùng")
{
    private int _sequence;

    public string ConversationId { get; init; } = "conv-" + userId;

    public string UserId => userId;

    /// <summary>Produces the Authorization header for each request (null: none).</summary>
    public Func<string?> Authorization { get; set; } = () => null;

    public IReadOnlyList<ReceivedActivity> Last { get; private set; } = [];

    public HttpResponseMessage? LastResponse { get; private set; }

    public string Text => string.Join("\n---\n", Last.Select(a => a.Text));

    public string? LastActivityId { get; private set; }

    public JsonObject Message(string? text, string? id = null, JsonNode? value = null, JsonObject? conversation = null)
    {
        var activity = Base("message", id);
        activity["text"] = text;
        activity["textFormat"] = "plain";
        activity["entities"] = new JsonArray(new JsonObject { ["type"] = "clientInfo", ["locale"] = "vi-VN", ["platform"] = "Web" });
        activity["channelData"] = new JsonObject { ["clientActivityID"] = Guid.NewGuid().ToString("N") };
        if (value is not null)
        {
            activity["value"] = value;
        }

        if (conversation is not null)
        {
            activity["conversation"] = conversation;
        }

        return activity;
    }

    public JsonObject Base(string type, string? id = null)
    {
        LastActivityId = id ?? $"{userId}-act-{Interlocked.Increment(ref _sequence)}";
        return new JsonObject
        {
            ["type"] = type,
            ["id"] = LastActivityId,
            ["timestamp"] = "2026-11-21T02:00:00.000Z",
            ["localTimestamp"] = "2026-11-21T09:00:00.000+07:00",
            ["localTimezone"] = "Asia/Saigon",
            ["serviceUrl"] = cloud.ServiceUrl,
            ["channelId"] = channelId,
            ["from"] = new JsonObject { ["id"] = userId, ["name"] = name, ["role"] = "user" },
            ["conversation"] = new JsonObject { ["id"] = ConversationId, ["conversationType"] = "personal", ["tenantId"] = "tenant-1" },
            ["recipient"] = new JsonObject { ["id"] = "bot-1", ["name"] = "Trợ lý báo cáo", ["role"] = "bot" },
            ["locale"] = "vi-VN",
        };
    }

    public Task<HttpResponseMessage> Say(string text, string? id = null) => Post(Message(text, id));

    /// <summary>Presses the button (suggested action or hero card button) whose title contains <paramref name="label"/>.</summary>
    public Task<HttpResponseMessage> Press(string label)
    {
        var button = Last.SelectMany(a => a.Buttons).FirstOrDefault(b => b.GetProperty("title").GetString()!.Contains(label, StringComparison.Ordinal));
        if (button.ValueKind == JsonValueKind.Undefined)
        {
            throw new InvalidOperationException($"No button “{label}” in: {Text}");
        }

        Assert.Equal("messageBack", button.GetProperty("type").GetString());
        return Post(Message(button.GetProperty("text").GetString(), value: JsonNode.Parse(button.GetProperty("value").GetRawText())));
    }

    /// <summary>Posts an activity and collects the replies the Connector received for this conversation meanwhile.</summary>
    public async Task<HttpResponseMessage> Post(JsonNode activity) => await PostRaw(activity.ToJsonString());

    public async Task<HttpResponseMessage> PostRaw(string json)
    {
        var before = cloud.Activities.Count;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (Authorization() is { } header)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(header);
        }

        LastResponse?.Dispose();
        LastResponse = await http.SendAsync(request);
        Last = cloud.Activities.Skip(before).Where(a => a.ConversationId == ConversationId).ToList();
        return LastResponse;
    }

    /// <summary>Answers one question the way an officer types it.</summary>
    public async Task Answer(QuestionDefinition q)
    {
        switch (q.Kind)
        {
            case QuestionKind.Text:
                await Say($"Đơn vị đã triển khai tốt nội dung {q.Id}, có kết quả rõ nét.");
                await Say("Cần tiếp tục phát huy trong thời gian tới.");
                await Say("xong");
                break;
            case QuestionKind.Money:
                await Say("80.750.000đ");
                break;
            case QuestionKind.Number:
            case QuestionKind.Indicator:
                await Say("12");
                if (Text.Contains("khác thường", StringComparison.Ordinal))
                {
                    await Press("Đúng, giữ số này");
                }

                break;
            case QuestionKind.Choice:
                await Press(q.Options[0].Label);
                if (q.Multiple)
                {
                    await Press("Xong");
                }

                break;
            case QuestionKind.YesNo:
                await Press("Có");
                break;
        }
    }
}
