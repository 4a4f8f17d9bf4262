using System.Net.Http.Json;
using System.Text.Json;
using UnionReview.Channels.Tests.Telegram.Fake;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;
using UnionReview.Server.Tests.Telegram;

namespace UnionReview.Server.Tests.Health;

/// <summary>/health on a real SQLite file: the writer, the receivers and the outbox lag.</summary>
public sealed class HealthTests : IAsyncLifetime
{
    private FakeBotApi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeBotApi.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Health_reports_the_writer_the_receivers_and_the_age_of_the_oldest_pending_outbox_row()
    {
        await using var host = new ServiceHost(settings: TelegramUser.Settings(_fake));
        var officer = new TelegramUser(host, _fake, 7101);
        await officer.LinkTo(Demo.HospitalOfficer);

        // The last update was stored 90 s ago by the service's clock; a reminder has waited 5 minutes in the outbox.
        host.Clock.Advance(TimeSpan.FromSeconds(90));
        var now = host.Clock.GetUtcNow();
        await using (var db = host.OpenDb())
        {
            db.Outbox.Add(new OutboxMessage
            {
                Channel = ChannelNames.Telegram,
                Address = "7101",
                Payload = "{}",
                Status = OutboxStatus.Pending,
                CreatedAt = now - TimeSpan.FromMinutes(5),
                NextAttemptAt = now + TimeSpan.FromDays(1),
            });
            await db.SaveChangesAsync();
        }

        using var client = host.CreateClient();
        var health = await client.GetFromJsonAsync<JsonElement>("/health");

        Assert.Equal("ok", health.GetProperty("status").GetString());
        var writer = health.GetProperty("writer");
        Assert.Equal(0, writer.GetProperty("queueDepth").GetInt32());
        Assert.InRange(writer.GetProperty("lastCommitAgeSeconds").GetInt64(), 0, 60);
        var telegram = health.GetProperty("receivers").GetProperty("telegram");
        Assert.Equal("polling", telegram.GetProperty("mode").GetString());
        Assert.Equal(90, telegram.GetProperty("lastUpdateAgeSeconds").GetInt64());
        Assert.Equal(0, telegram.GetProperty("unhandled").GetInt32());
        var zalo = health.GetProperty("receivers").GetProperty("zalo");
        Assert.Equal("off", zalo.GetProperty("mode").GetString());
        Assert.Equal(JsonValueKind.Null, zalo.GetProperty("lastUpdateAgeSeconds").ValueKind);
        var outbox = health.GetProperty("outbox");
        Assert.Equal(1, outbox.GetProperty("pending").GetInt32());
        Assert.Equal(300, outbox.GetProperty("oldestPendingAgeSeconds").GetInt64());
    }
}
