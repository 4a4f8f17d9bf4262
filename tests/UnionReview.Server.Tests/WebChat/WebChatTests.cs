using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Cli;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.WebChat;

public sealed class WebChatTests
{
    private sealed record Button(string Label, string Payload);
    private sealed record Message(string Text, List<List<Button>> Buttons);
    private sealed record Reply(bool Duplicate, List<Message> Messages);

    private sealed class WebOfficer(HttpClient http, int personId)
    {
        public List<Message> Last { get; private set; } = [];

        public async Task Say(string text, string? id = null) => await Post(new { personId, text, clientMessageId = id ?? Guid.NewGuid().ToString() });

        public async Task Press(string label) =>
            await Post(new { personId, payload = Last.SelectMany(m => m.Buttons).SelectMany(r => r).First(b => b.Label.Contains(label, StringComparison.Ordinal)).Payload });

        private async Task Post(object body)
        {
            using var response = await http.PostAsJsonAsync("/api/webchat/messages", body);
            response.EnsureSuccessStatusCode();
            Last = (await response.Content.ReadFromJsonAsync<Reply>(JsonSerializerOptions.Web))!.Messages;
        }

        public string Text => string.Join("\n", Last.Select(m => m.Text));
    }

    [Fact]
    public async Task A_whole_report_is_completed_over_http_on_loopback()
    {
        await using var host = new ServiceHost(kestrel: true);
        Assert.Equal("127.0.0.1", host.BaseAddress.Host);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };

        var page = await http.GetStringAsync("/chat");
        Assert.Contains("Trò chuyện báo cáo", page, StringComparison.Ordinal);
        var people = await http.GetFromJsonAsync<JsonElement>("/api/webchat/people");
        Assert.Contains(people.EnumerateArray(), p => p.GetProperty("name").GetString() == "Nguyễn Văn An");

        var officer = new WebOfficer(http, Demo.GrassrootsOfficer);
        await officer.Say("/baocao");
        Assert.Contains("Câu 1/62", officer.Text, StringComparison.Ordinal);
        var outline = host.Get<OutlineCatalog>().Get("so-ket-giua-nhiem-ky");
        foreach (var q in outline.Questions)
        {
            switch (q.Kind)
            {
                case QuestionKind.Text:
                    await officer.Say("Đơn vị đã thực hiện tốt nội dung " + q.Id);
                    await officer.Say("xong");
                    break;
                case QuestionKind.Choice:
                    await officer.Press(q.Multiple ? q.Options[0].Label : q.Options[^1].Label);
                    if (q.Multiple)
                    {
                        await officer.Press("Xong");
                    }

                    break;
                case QuestionKind.YesNo:
                    await officer.Press("Không");
                    break;
                case QuestionKind.Money:
                    await officer.Say("80.750.000đ");
                    break;
                default:
                    await officer.Say("16");
                    break;
            }
        }

        Assert.Contains("đi hết đề cương", officer.Text, StringComparison.Ordinal);
        await officer.Press("Nộp báo cáo");
        await officer.Press("Xác nhận nộp");
        Assert.Contains("Đã nộp báo cáo", officer.Text, StringComparison.Ordinal);

        await using var db = host.OpenDb();
        var report = await db.Reports.SingleAsync();
        Assert.Equal(ReportStatus.Submitted, report.Status);
        Assert.Equal(61, await db.Answers.CountAsync(a => a.ReportId == report.Id && a.Channel == "web")); // 62 less the upper-level question
        var moneyQuestion = outline.Questions.First(q => q.Kind == QuestionKind.Money).Id;
        Assert.Equal(80_750_000m, (await db.Answers.SingleAsync(a => a.QuestionId == moneyQuestion)).Number);
    }

    [Fact]
    public async Task A_retried_post_with_the_same_client_message_id_is_not_stored_twice()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var officer = new WebOfficer(http, Demo.GrassrootsOfficer);
        await officer.Say("/baocao");
        await officer.Say("Một đoạn", "same-id");
        await officer.Say("Một đoạn", "same-id");
        await officer.Say("xong");
        await using var db = host.OpenDb();
        Assert.Contains("\"text\":\"Một đoạn\"", (await db.Answers.SingleAsync()).Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_requests_get_a_vietnamese_error()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var unknown = await http.PostAsJsonAsync("/api/webchat/messages", new { personId = 999, text = "xin chào" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Không tìm thấy người dùng", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var empty = await http.PostAsJsonAsync("/api/webchat/messages", new { personId = 1, text = "  " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Tin nhắn trống", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Proactive_messages_reach_the_web_chat_inbox_once()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var committee = new WebOfficer(http, Demo.CommitteeMember);
        await committee.Say("/donvi");
        var officer = new ChatDriver(host, Demo.HospitalOfficer);
        await officer.Say("/baocao");
        await Answerer.AnswerAll(host, officer, Demo.HospitalOfficer);
        await officer.Say("/nop");
        await officer.Press("Xác nhận nộp");

        var inbox = await http.GetFromJsonAsync<JsonElement>($"/api/webchat/inbox?personId={Demo.CommitteeMember}");
        var message = Assert.Single(inbox.GetProperty("messages").EnumerateArray());
        Assert.Contains("đã nộp báo cáo", message.GetProperty("text").GetString(), StringComparison.Ordinal);
        // The page acknowledges what it showed; until then the message stays in the inbox.
        using var ack = await http.PostAsJsonAsync("/api/webchat/inbox/ack", new { personId = Demo.CommitteeMember, ids = new[] { message.GetProperty("id").GetInt64() } });
        ack.EnsureSuccessStatusCode();
        var again = await http.GetFromJsonAsync<JsonElement>($"/api/webchat/inbox?personId={Demo.CommitteeMember}");
        Assert.Empty(again.GetProperty("messages").EnumerateArray());
    }

    [Fact]
    public async Task The_console_chat_runs_a_conversation_from_a_terminal()
    {
        await using var host = new ServiceHost();
        var input = new StringReader("2\nThuận lợi lớn nhất là sự quan tâm của cấp ủy\nxong\n#1\nthoat\n");
        var output = new StringWriter();
        var code = await host.Get<ConsoleChat>().RunAsync(input, output, null, CancellationToken.None);
        Assert.Equal(0, code);
        var text = output.ToString();
        Assert.Contains("Hoàng Thị Bình", text, StringComparison.Ordinal);
        Assert.Contains("LĐLĐ Phục Hòa", text, StringComparison.Ordinal);
        Assert.Contains("Gõ lệnh:", text, StringComparison.Ordinal);
        await using var db = host.OpenDb();
        Assert.Contains("sự quan tâm của cấp ủy", (await db.Answers.SingleAsync()).Value, StringComparison.Ordinal);
    }

    private sealed record PushedMessage(string Text, string? DocumentName, string? DocumentUrl);
    private sealed record Inbox(List<PushedMessage> Messages);

    [Fact]
    public async Task A_document_pushed_to_the_web_chat_downloads_for_its_recipient_only()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        await new WebOfficer(http, Demo.CommitteeMember).Say("/trogiup");
        byte[] content = [0x50, 0x4B, 3, 4, 42];
        await using (var db = host.OpenDb())
        {
            var outbox = host.Get<UnionReview.Server.Features.Conversations.OutboxWriter>();
            await outbox.EnqueueForPersonAsync(db, Demo.CommitteeMember,
                new Dialogs.Messages.OutgoingMessage("📄 Báo cáo tổng hợp", [], new Dialogs.Messages.ChatDocument("bao-cao.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", content)), "doc-test", CancellationToken.None);
            await db.SaveChangesAsync();
        }

        var inbox = (await http.GetFromJsonAsync<Inbox>($"/api/webchat/inbox?personId={Demo.CommitteeMember}", JsonSerializerOptions.Web))!;
        var pushed = Assert.Single(inbox.Messages);
        Assert.Equal("bao-cao.docx", pushed.DocumentName);
        Assert.Equal(content, await http.GetByteArrayAsync(pushed.DocumentUrl));

        var other = await http.GetAsync(pushed.DocumentUrl!.Replace($"personId={Demo.CommitteeMember}", $"personId={Demo.GrassrootsOfficer}", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Contains("Không tìm thấy tài liệu", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
