using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Reports;

public sealed class InviteTests
{
    private static Task<TurnReply> From(ServiceHost host, string user, string text) =>
        host.Get<ConversationService>().HandleAsync(new InboundMessage("test", user, IncomingInput.FromText(text)) { Address = user }, CancellationToken.None);

    [Fact]
    public async Task An_unknown_sender_gets_a_polite_explanation_and_no_unit_data()
    {
        await using var host = new ServiceHost();
        var reply = await From(host, "stranger", "/baocao");
        var text = Assert.Single(reply.Messages).Text;
        Assert.Contains("chưa được liên kết", text, StringComparison.Ordinal);
        Assert.DoesNotContain("CĐCS", text, StringComparison.Ordinal);
        await using var db = host.OpenDb();
        Assert.Empty(await db.Reports.ToListAsync());
    }

    [Fact]
    public async Task An_invite_code_links_once_and_expires()
    {
        await using var host = new ServiceHost();
        string code, expired;
        await using (var db = host.OpenDb())
        {
            code = (await host.Get<InviteService>().CreateAsync(db, Demo.UpperLevelOfficer, TimeSpan.FromDays(7), CancellationToken.None)).Code;
            expired = (await host.Get<InviteService>().CreateAsync(db, Demo.HospitalOfficer, TimeSpan.FromHours(1), CancellationToken.None)).Code;
        }

        var linked = await From(host, "u1", "/start " + code);
        Assert.Contains("Đã liên kết tài khoản với đồng chí Hoàng Thị Bình", linked.Messages[0].Text, StringComparison.Ordinal);
        var reused = await From(host, "u2", "/start " + code);
        Assert.Contains("Mã mời không đúng, đã dùng hoặc đã hết hạn", reused.Messages[0].Text, StringComparison.Ordinal);

        host.Clock.Advance(TimeSpan.FromHours(2));
        var late = await From(host, "u3", expired);
        Assert.Contains("đã hết hạn", late.Messages[0].Text, StringComparison.Ordinal);

        var report = await From(host, "u1", "/baocao");
        Assert.Contains("LĐLĐ Phục Hòa", report.Messages[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_invite_code_is_called_wrong_not_unlinked()
    {
        await using var host = new ServiceHost();
        string code;
        await using (var db = host.OpenDb())
        {
            code = (await host.Get<InviteService>().CreateAsync(db, Demo.UpperLevelOfficer, TimeSpan.FromDays(7), CancellationToken.None)).Code;
        }

        foreach (var typed in new[] { "/start " + code[..^1], code[..^1], "/start " + code + "X", "/start 0O1I0O1I0O" })
        {
            var reply = await From(host, "u-" + typed.Length + typed[^1], typed);
            var text = Assert.Single(reply.Messages).Text;
            Assert.Contains("Mã mời không đúng", text, StringComparison.Ordinal);
            Assert.DoesNotContain("chưa được liên kết", text, StringComparison.Ordinal);
        }

        var chat = await From(host, "u-chat", "xin chào");
        Assert.Contains("chưa được liên kết", chat.Messages[0].Text, StringComparison.Ordinal);
        var linked = await From(host, "u-ok", "/start " + code.ToLowerInvariant());
        Assert.Contains("Đã liên kết tài khoản", linked.Messages[0].Text, StringComparison.Ordinal);
    }
}
