using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Conversations;

/// <summary>
/// The turn keeps its replies with the receipt of a message the inbox stored, in its own transaction, on both save
/// paths (a prepared report turn written as plain SQL, and a turn run inside the writer through EF Core); a message
/// the inbox did not store keeps none.
/// </summary>
public sealed class ReceiptRepliesTests
{
    private const string Channel = ChannelNames.Web;

    private static async Task StoreAsInbox(ServiceHost host, string messageId, string chatId)
    {
        await using var db = host.OpenDb();
        db.InboundReceipts.Add(new InboundReceipt { Channel = Channel, MessageId = messageId, ChatId = chatId, Payload = "{}", ReceivedAt = host.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }

    private static async Task<InboundReceipt> Receipt(ServiceHost host, string messageId)
    {
        await using var db = host.OpenDb();
        return await db.InboundReceipts.AsNoTracking().SingleAsync(r => r.Channel == Channel && r.MessageId == messageId);
    }

    [Fact]
    public async Task A_prepared_report_turn_written_as_sql_keeps_its_replies_with_the_receipt()
    {
        await using var host = new ServiceHost();
        var chat = new ChatDriver(host, Demo.GrassrootsOfficer, Channel);
        var service = host.Get<ConversationService>();
        await chat.Say("/baocao");
        await StoreAsInbox(host, "sql-1", "person-1");

        var before = service.PathCounts.SqlTurns;
        var reply = await service.HandleAsync(new InboundMessage(Channel, $"person-{Demo.GrassrootsOfficer}", IncomingInput.FromText("/baocao")) { MessageId = "sql-1" }, CancellationToken.None);

        Assert.Equal(before + 1, service.PathCounts.SqlTurns);
        Assert.NotEmpty(reply.Messages);
        var row = await Receipt(host, "sql-1");
        Assert.NotNull(row.HandledAt);
        Assert.Null(row.Payload);
        Assert.Null(row.RepliedAt);
        Assert.Equal(StoredJson.Write(reply.Messages), row.Replies);
    }

    [Fact]
    public async Task A_turn_run_in_the_writer_keeps_its_replies_and_a_message_the_inbox_did_not_store_keeps_none()
    {
        await using var host = new ServiceHost();
        var service = host.Get<ConversationService>();
        await StoreAsInbox(host, "ef-1", "stranger");

        var before = service.PathCounts.SqlTurns;
        var reply = await service.HandleAsync(new InboundMessage(Channel, "stranger-1", IncomingInput.FromText("Xin chào")) { MessageId = "ef-1" }, CancellationToken.None);
        var direct = await service.HandleAsync(new InboundMessage(Channel, "stranger-2", IncomingInput.FromText("Xin chào")) { MessageId = "ef-2" }, CancellationToken.None);

        Assert.Equal(before, service.PathCounts.SqlTurns);
        Assert.NotEmpty(reply.Messages);
        Assert.NotEmpty(direct.Messages);
        var row = await Receipt(host, "ef-1");
        Assert.NotNull(row.HandledAt);
        Assert.Equal(StoredJson.Write(reply.Messages), row.Replies);
        var other = await Receipt(host, "ef-2");
        Assert.NotNull(other.HandledAt);
        Assert.Null(other.Replies);
    }
}
