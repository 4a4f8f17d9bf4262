using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using UnionReview.Channels.Tests.Zalo.Fake;
using UnionReview.Server.Features.Conversations;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Zalo;

/// <summary>The real service on Kestrel 127.0.0.1 receiving Zalo messages by webhook from the fake Bot API.</summary>
public sealed class ZaloWebhookTests : IAsyncLifetime
{
    private const string Secret = "bi-mat-webhook-zalo-42";
    private FakeZaloApi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeZaloApi.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    private async Task<ServiceHost> StartAsync()
    {
        var port = ServiceHost.FreePort();
        var host = new ServiceHost(settings: ZaloUser.Settings(_fake, "Webhook", $"http://127.0.0.1:{port}/api/zalo/webhook", Secret), kestrel: true, port: port);
        await FakeZaloApi.WaitUntilAsync(() => _fake.WebhookUrl is not null, ZaloUser.Wait, "setWebhook");
        return host;
    }

    [Fact]
    public async Task An_officer_links_with_a_code_and_answers_the_whole_outline_by_typing_only_then_submits()
    {
        await using var host = await StartAsync();
        Assert.Equal(Secret, _fake.WebhookSecret);
        var officer = new ZaloUser(host, _fake, "6ede9afa66b88fe6d6a9");

        await officer.Say("Xin chào");
        Assert.Contains("chưa được liên kết", officer.LastText, StringComparison.Ordinal);
        await officer.LinkTo(Demo.HospitalOfficer);

        await officer.Say("/baocao");
        Assert.Contains("Gõ lệnh:", officer.LastText, StringComparison.Ordinal);
        var first = await Answerer.CurrentQuestion(host, Demo.HospitalOfficer);
        Assert.NotNull(first);
        while (await Answerer.CurrentQuestion(host, Demo.HospitalOfficer) is { Kind: not QuestionKind.Number } q)
        {
            await Answerer.AnswerCurrent(officer, q);
        }

        // A number question offers no numbered keys, and a bad number is refused and the question asked again.
        var number = (await Answerer.CurrentQuestion(host, Demo.HospitalOfficer))!;
        Assert.DoesNotMatch(@"(?m)^m?\d+\. ", officer.LastText);
        await officer.Say("không biết");
        Assert.Contains("⚠️", officer.LastText, StringComparison.Ordinal);
        Assert.Equal(number.Id, (await Answerer.CurrentQuestion(host, Demo.HospitalOfficer))?.Id);

        await Answerer.AnswerAll(host, officer, Demo.HospitalOfficer);

        // An edit: the review, a section by its number, an answer by its number, a new figure.
        var section = host.Get<UnionReview.Server.Features.Reports.OutlineCatalog>().All.First(o => o.Questions.Contains(number)).SectionOf(number);
        await officer.Say("/xem");
        await officer.Press(section.Code);
        var edit = $"Sửa câu {number.Index + 1}";
        Assert.Contains(edit, officer.LastText, StringComparison.Ordinal);
        await officer.Press(edit);
        Assert.Equal(number.Id, (await Answerer.CurrentQuestion(host, Demo.HospitalOfficer))?.Id);
        await officer.Say("1.483");
        Assert.Contains("1.483", officer.LastText, StringComparison.Ordinal);

        await officer.Say("/nop");
        Assert.Contains("gõ “có”", officer.LastText, StringComparison.Ordinal);
        await officer.Say("có");
        Assert.Contains("Đã nộp báo cáo", officer.LastText, StringComparison.Ordinal);

        await using var db = host.OpenDb();
        var conversation = await db.Conversations.SingleAsync(c => c.PersonId == Demo.HospitalOfficer);
        var report = await db.Reports.SingleAsync(r => r.Id == conversation.ReportId);
        Assert.Equal(ReportStatus.Submitted, report.Status);
        Assert.Equal(1483m, (await db.Answers.SingleAsync(a => a.ReportId == report.Id && a.QuestionId == number.Id)).Number);
        var account = await db.ChannelAccounts.SingleAsync(a => a.Channel == ChannelNames.Zalo);
        Assert.Equal((Demo.HospitalOfficer, "6ede9afa66b88fe6d6a9"), (account.PersonId, account.Address));
        Assert.Empty(_fake.Violations);
        Assert.All(_fake.BotMessages(officer.UserId), m => Assert.InRange(m.Text.Length, 1, FakeZaloApi.MaxText));
        Assert.Empty(_fake.CallsOf("getUpdates"));
    }

    [Fact]
    public async Task A_forged_or_missing_secret_gets_401_and_stores_nothing()
    {
        await using var host = await StartAsync();
        using var http = new HttpClient();
        var url = new Uri(_fake.WebhookUrl!);
        HttpRequestMessage Request(string? secret, string messageId)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent($$$"""{"event_name":"message.text.received","message":{"from":{"id":"u9"},"chat":{"id":"u9","chat_type":"PRIVATE"},"text":"/baocao","message_id":"{{{messageId}}}","date":1750316131602}}""", Encoding.UTF8, "application/json"),
            };
            if (secret is not null)
            {
                request.Headers.Add(FakeZaloApi.SecretHeader, secret);
            }

            return request;
        }

        using (var forged = Request("bi-mat-webhook-zalo-43", "f1"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(forged)).StatusCode);
        }

        using (var missing = Request(null, "f2"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(missing)).StatusCode);
        }

        using (var genuine = Request(Secret, "f3"))
        {
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(genuine)).StatusCode);
        }

        await ZaloUser.WaitHandled(host, "f3");
        await using var db = host.OpenDb();
        Assert.Equal(["f3"], await db.InboundReceipts.Where(r => r.Channel == ChannelNames.Zalo).Select(r => r.MessageId).ToListAsync());
        Assert.Single(_fake.BotMessages("u9"));
    }

    [Fact]
    public async Task A_message_delivered_twice_is_handled_once()
    {
        await using var host = await StartAsync();
        var officer = new ZaloUser(host, _fake, "u-dup");
        await officer.LinkTo(Demo.HospitalOfficer);
        await officer.Say("/baocao");
        var before = _fake.BotMessages("u-dup").Count;
        var id = await _fake.UserSendsAsync("u-dup", "/tiendo");
        await ZaloUser.WaitHandled(host, id);
        var replies = _fake.BotMessages("u-dup").Count - before;
        Assert.True(replies > 0);

        Assert.Equal(200, await _fake.RedeliverAsync(id));
        // One chat's messages are handled in order: had the repeat been queued, it would be handled before this one.
        await officer.Say("/tiendo");

        Assert.Equal(before + (2 * replies), _fake.BotMessages("u-dup").Count);
        await using var db = host.OpenDb();
        Assert.Equal(1, await db.InboundReceipts.CountAsync(r => r.Channel == ChannelNames.Zalo && r.MessageId == id));
    }

    [Fact]
    public async Task Images_stickers_and_withheld_messages_get_a_note_and_withheld_ones_only_once()
    {
        await using var host = await StartAsync();
        var officer = new ZaloUser(host, _fake, "u-media");
        await officer.LinkTo(Demo.HospitalOfficer);

        await ZaloUser.WaitHandled(host, await _fake.UserSendsImageAsync("u-media", photoUrlName: true));
        await ZaloUser.WaitHandled(host, await _fake.UserSendsStickerAsync("u-media"));
        var unsupported1 = await _fake.UserSendsUnsupportedAsync("u-media");
        var unsupported2 = await _fake.UserSendsUnsupportedAsync("u-media");
        await ZaloUser.WaitHandled(host, unsupported1);
        await ZaloUser.WaitHandled(host, unsupported2);

        var texts = _fake.BotMessages("u-media").Skip(1).Select(m => m.Text).ToList();
        Assert.Equal(3, texts.Count);
        Assert.All(texts.Take(2), t => Assert.Contains("chỉ đọc được tin nhắn chữ", t, StringComparison.Ordinal));
        Assert.Contains("Zalo không chuyển nội dung", texts[2], StringComparison.Ordinal);

        // Writing text again works as before.
        await officer.Say("/baocao");
        Assert.NotEmpty(officer.Last);
    }
}
