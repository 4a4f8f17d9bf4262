using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using UnionReview.Channels.BotFramework;
using UnionReview.Channels.Tests.BotFramework.Fakes;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Channels.Tests.BotFramework;

public sealed class ConnectorClientTests : IAsyncLifetime, IDisposable
{
    private FakeBotFrameworkCloud _cloud = null!;
    private readonly TestClock _clock = new();
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _cloud = await FakeBotFrameworkCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private ConnectorClient Client(string? appId = "app-1", string? tenant = null)
    {
        var options = Options.Create(new BotFrameworkOptions
        {
            MicrosoftAppId = appId,
            MicrosoftAppPassword = appId is null ? null : "secret-1",
            MicrosoftAppTenantId = tenant,
            TokenEndpoint = _cloud.ServiceUrl + "/{tenant}/oauth2/v2.0/token",
        });
        var tokens = new ConnectorTokenProvider(_http, options, _clock, NullLogger<ConnectorTokenProvider>.Instance);
        return new ConnectorClient(_http, tokens, _clock, NullLogger<ConnectorClient>.Instance);
    }

    private Activity Incoming(string id = "act-1") => new()
    {
        Type = ActivityTypes.Message,
        Id = id,
        ServiceUrl = _cloud.ServiceUrl,
        ChannelId = "emulator",
        From = new ChannelAccount { Id = "user-1", Name = "Nguyễn Văn An" },
        Recipient = new ChannelAccount { Id = "bot-1", Name = "Bot báo cáo" },
        Conversation = new ConversationAccount { Id = "conv:1;messageid=7" },
        Text = "xin chào",
    };

    [Fact]
    public async Task A_reply_goes_to_the_activity_path_with_from_and_recipient_swapped()
    {
        await Client().ReplyToActivityAsync(Incoming().CreateReply("Chào đồng chí"), CancellationToken.None);

        var sent = Assert.Single(_cloud.Activities);
        Assert.Equal("conv:1;messageid=7", sent.ConversationId);
        Assert.Equal("act-1", sent.ReplyToId);
        Assert.Equal("Chào đồng chí", sent.Text);
        Assert.Equal("bot-1", sent.Path("from", "id"));
        Assert.Equal("user-1", sent.Path("recipient", "id"));
        Assert.Equal("act-1", sent.Body.GetProperty("replyToId").GetString());
    }

    [Fact]
    public async Task A_proactive_message_goes_to_the_conversation_path_without_reply_id()
    {
        var reference = Incoming().GetConversationReference();
        await Client().SendToConversationAsync(reference.CreateMessage("Nhắc việc"), CancellationToken.None);

        var sent = Assert.Single(_cloud.Activities);
        Assert.Null(sent.ReplyToId);
        Assert.Equal("user-1", sent.Path("recipient", "id"));
        Assert.False(sent.Body.TryGetProperty("replyToId", out _));
    }

    [Fact]
    public async Task The_token_is_requested_once_and_renewed_shortly_before_it_expires()
    {
        _cloud.RequireBearer = true;
        var client = Client();
        await client.ReplyToActivityAsync(Incoming("a").CreateReply("1"), CancellationToken.None);
        await client.ReplyToActivityAsync(Incoming("b").CreateReply("2"), CancellationToken.None);
        Assert.Equal(1, _cloud.TokensIssued);
        Assert.All(_cloud.Activities, a => Assert.Equal("Bearer token-1", a.Authorization));
        var form = Assert.Single(_cloud.TokenRequests);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal("app-1", form["client_id"]);
        Assert.Equal("secret-1", form["client_secret"]);
        Assert.Equal("https://api.botframework.com/.default", form["scope"]);

        _clock.Advance(TimeSpan.FromMinutes(54));
        await client.ReplyToActivityAsync(Incoming("c").CreateReply("3"), CancellationToken.None);
        Assert.Equal(1, _cloud.TokensIssued);

        _clock.Advance(TimeSpan.FromMinutes(2)); // 56 minutes: inside the 5-minute margin of a 60-minute token
        await client.ReplyToActivityAsync(Incoming("d").CreateReply("4"), CancellationToken.None);
        Assert.Equal(2, _cloud.TokensIssued);
        Assert.Equal("Bearer token-2", _cloud.Activities[^1].Authorization);
    }

    [Fact]
    public async Task A_single_tenant_app_asks_its_own_tenant_and_a_multi_tenant_app_asks_botframework_com()
    {
        await Client(tenant: "contoso-tenant").ReplyToActivityAsync(Incoming().CreateReply("1"), CancellationToken.None);
        await Client().ReplyToActivityAsync(Incoming().CreateReply("2"), CancellationToken.None);
        Assert.Equal(["contoso-tenant", "botframework.com"], _cloud.TokenTenants.ToArray());
    }

    [Fact]
    public async Task Without_an_app_id_no_token_is_requested_or_sent()
    {
        await Client(appId: null).ReplyToActivityAsync(Incoming().CreateReply("1"), CancellationToken.None);
        Assert.Equal(0, _cloud.TokensIssued);
        Assert.Null(Assert.Single(_cloud.Activities).Authorization);
    }

    [Fact]
    public async Task A_refused_token_is_renewed_once_and_the_send_goes_through()
    {
        _cloud.RequireBearer = true;
        var client = Client();
        await client.ReplyToActivityAsync(Incoming("a").CreateReply("1"), CancellationToken.None);
        _cloud.RevokeToken();

        await client.ReplyToActivityAsync(Incoming("b").CreateReply("2"), CancellationToken.None);
        Assert.Equal(2, _cloud.TokensIssued);
        Assert.Equal(["1", "2"], _cloud.Activities.Select(a => a.Text ?? "").ToArray());
    }

    [Fact]
    public async Task A_second_401_after_the_refresh_is_reported_not_retried_forever()
    {
        _cloud.FailNext(401, times: 3);
        var error = await Assert.ThrowsAsync<ConnectorException>(() => Client().ReplyToActivityAsync(Incoming().CreateReply("1"), CancellationToken.None));
        Assert.Equal(401, error.StatusCode);
        Assert.False(error.IsRetriable);
        Assert.Equal(2, _cloud.TokensIssued);
        Assert.Empty(_cloud.Activities);
    }

    [Fact]
    public async Task Throttling_carries_retry_after_and_server_errors_are_retriable_with_their_code()
    {
        var client = Client();
        _cloud.FailNext(429, retryAfterSeconds: 7);
        var throttled = await Assert.ThrowsAsync<ConnectorException>(() => client.ReplyToActivityAsync(Incoming().CreateReply("1"), CancellationToken.None));
        Assert.Equal(429, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), throttled.RetryAfter);
        Assert.True(throttled.IsRetriable);

        _cloud.FailNext(503);
        var failing = await Assert.ThrowsAsync<ConnectorException>(() => client.ReplyToActivityAsync(Incoming().CreateReply("2"), CancellationToken.None));
        Assert.Equal(503, failing.StatusCode);
        Assert.Equal("ServiceError", failing.ErrorCode);
        Assert.True(failing.IsRetriable);

        await client.ReplyToActivityAsync(Incoming().CreateReply("3"), CancellationToken.None);
        Assert.Equal("3", Assert.Single(_cloud.Activities).Text);
    }

    [Fact]
    public async Task An_uploaded_document_is_linked_by_its_view_url()
    {
        var url = await Client().UploadAttachmentAsync(_cloud.ServiceUrl, "conv-1",
            new AttachmentData { Type = "application/pdf", Name = "bao-cao.pdf", OriginalBase64 = [1, 2, 3] }, CancellationToken.None);
        Assert.Equal(_cloud.ServiceUrl + "/v3/attachments/att-1/views/original", url);
        var upload = Assert.Single(_cloud.Uploads);
        Assert.Equal("AQID", upload.GetProperty("originalBase64").GetString());
        Assert.Equal("bao-cao.pdf", upload.GetProperty("name").GetString());
    }

    [Fact]
    public void Unknown_fields_and_types_in_incoming_activities_are_tolerated()
    {
        const string json = """
            {"type":"somethingNew","id":"1","futureField":{"a":[1,2]},"channelId":"msteams","from":{"id":"u","extra":true},
             "conversation":{"id":"c","conversationType":"personal","tenantId":"t"},"entities":[{"type":"clientInfo"}],
             "textFormat":"newFormat","timestamp":"not a date","value":{"payload":"x"}}
            """;
        var activity = JsonSerializer.Deserialize<Activity>(json, WireJson.Options)!;
        Assert.Equal("somethingNew", activity.Type);
        Assert.Equal("u", activity.From!.Id);
        Assert.Equal("t", activity.Conversation!.TenantId);
    }
}
