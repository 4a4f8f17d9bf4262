using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Features.Proposals;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Proposals;

/// <summary>A proposal's whole life between an officer and a committee member, over the web chat on 127.0.0.1.</summary>
public sealed class ProposalLifecycleTests
{
    private sealed record Button(string Label, string Payload);
    private sealed record Message(string Text, List<List<Button>> Buttons, long Id = 0);
    private sealed record Reply(bool Duplicate, List<Message> Messages);
    private sealed record Inbox(List<Message> Messages);

    /// <summary>One person in the web chat: posts messages and button presses, polls the inbox for proactive messages.</summary>
    private sealed class WebUser(HttpClient http, int personId)
    {
        public List<Message> Last { get; private set; } = [];

        public string Text => string.Join("\n", Last.Select(m => m.Text));

        public async Task Say(string text) => await Post(new { personId, text, clientMessageId = Guid.NewGuid().ToString() });

        public async Task Press(string label)
        {
            var button = Last.SelectMany(m => m.Buttons).SelectMany(r => r).FirstOrDefault(b => b.Label.Contains(label, StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"No button “{label}” in: {Text}");
            await Post(new { personId, payload = button.Payload, clientMessageId = Guid.NewGuid().ToString() });
        }

        /// <summary>Fetches the proactive messages waiting for this person; they become <see cref="Last"/>.</summary>
        public async Task<List<Message>> ReadInbox()
        {
            var inbox = await http.GetFromJsonAsync<Inbox>($"/api/webchat/inbox?personId={personId}", JsonSerializerOptions.Web);
            Last = inbox!.Messages;
            using var ack = await http.PostAsJsonAsync("/api/webchat/inbox/ack", new { personId, ids = Last.Select(m => m.Id).ToArray() });
            ack.EnsureSuccessStatusCode();
            return Last;
        }

        private async Task Post(object body)
        {
            using var response = await http.PostAsJsonAsync("/api/webchat/messages", body);
            response.EnsureSuccessStatusCode();
            Last = (await response.Content.ReadFromJsonAsync<Reply>(JsonSerializerOptions.Web))!.Messages;
        }
    }

    [Fact]
    public async Task An_officer_sends_a_committee_member_answers_the_officer_replies_and_the_member_closes_all_over_http()
    {
        await using var host = new ServiceHost(kestrel: true);
        Assert.Equal("127.0.0.1", host.BaseAddress.Host);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var officer = new WebUser(http, Demo.GrassrootsOfficer);
        var member = new WebUser(http, Demo.CommitteeMember);

        await member.Say("/dskiennghi");
        Assert.Contains("Chưa có kiến nghị nào", member.Text, StringComparison.Ordinal);

        // The officer writes the proposal: addressee, topic, a text in two messages, confirm.
        await officer.Say("/kiennghi");
        Assert.Contains("kiến nghị với cấp nào", officer.Text, StringComparison.Ordinal);
        foreach (var level in new[] { "Đảng", "Nhà nước", "Tổng Liên đoàn Lao động Việt Nam", "Liên đoàn Lao động tỉnh", "Công đoàn cấp trên trực tiếp" })
        {
            Assert.Contains(officer.Last.SelectMany(m => m.Buttons).SelectMany(r => r), b => b.Label.Contains(level, StringComparison.Ordinal));
        }

        await officer.Press("Liên đoàn Lao động tỉnh");
        await officer.Say("Nhà ở cho giáo viên trẻ");
        await officer.Say("Đề nghị Liên đoàn Lao động tỉnh phối hợp với UBND thành phố bố trí nhà công vụ cho giáo viên trẻ.");
        await officer.Say("Hiện có 14 giáo viên phải thuê trọ xa trường.");
        await officer.Say("xong");
        Assert.Contains("Kiểm tra lại trước khi gửi", officer.Text, StringComparison.Ordinal);
        await officer.Press("Gửi kiến nghị");
        Assert.Contains("Đã gửi kiến nghị số KN-2026-0001", officer.Text, StringComparison.Ordinal);

        // The committee member hears of it, lists the new ones and opens it.
        var notices = await member.ReadInbox();
        Assert.Contains(notices, m => m.Text.Contains("Kiến nghị mới KN-2026-0001", StringComparison.Ordinal) && m.Text.Contains("Nguyễn Văn An", StringComparison.Ordinal));
        await member.Say("/dskiennghi");
        Assert.Contains("1 mới", member.Text, StringComparison.Ordinal);
        await member.Press("Mới (1)");
        Assert.Contains("KN-2026-0001 · Mới", member.Text, StringComparison.Ordinal);
        await member.Press("KN-2026-0001");
        Assert.Contains("Hiện có 14 giáo viên phải thuê trọ xa trường.", member.Text, StringComparison.Ordinal);
        Assert.Contains("CĐCS Trường THPT Thành phố Cao Bằng", member.Text, StringComparison.Ordinal);

        // The answer, typed in two messages, reaches the officer's chat through the outbox.
        await member.Press("Trả lời");
        await member.Say("Ban Thường vụ đã làm việc với UBND thành phố.");
        await member.Say("Dự kiến bố trí 10 phòng nhà công vụ trong quý I.");
        await member.Say("xong");
        Assert.Contains("và gửi đến người kiến nghị", member.Text, StringComparison.Ordinal);
        var answer = await officer.ReadInbox();
        var answerText = string.Join("\n", answer.Select(m => m.Text));
        // The line says whose proposal it is (the officer's) and who answered it, so neither is mistaken for the other.
        Assert.Contains("Kiến nghị KN-2026-0001 (“Nhà ở cho giáo viên trẻ”) của đồng chí đã có câu trả lời. Người trả lời: ", answerText, StringComparison.Ordinal);
        Assert.Contains("Dự kiến bố trí 10 phòng nhà công vụ trong quý I.", answerText, StringComparison.Ordinal);

        // The officer replies from the button under the answer; the member hears of the reply.
        await officer.Press("Phản hồi");
        await officer.Say("Cảm ơn Ban Thường vụ, đề nghị ưu tiên giáo viên ở xa.");
        await officer.Say("xong");
        Assert.Contains("Đã gửi phản hồi về kiến nghị KN-2026-0001", officer.Text, StringComparison.Ordinal);
        var reply = await member.ReadInbox();
        Assert.Contains(reply, m => m.Text.Contains("Nguyễn Văn An phản hồi", StringComparison.Ordinal) && m.Text.Contains("ưu tiên giáo viên ở xa", StringComparison.Ordinal));

        // The member closes it; the officer is told.
        await member.Say("/dskiennghi KN-2026-0001");
        await member.Press("Đóng kiến nghị");
        await member.Say("Đã giải quyết xong, bàn giao nhà công vụ.");
        Assert.Contains("Đã đóng kiến nghị KN-2026-0001", member.Text, StringComparison.Ordinal);
        var closed = await officer.ReadInbox();
        Assert.Contains(closed, m => m.Text.Contains("KN-2026-0001 của đồng chí đã được đóng", StringComparison.Ordinal) && m.Text.Contains("bàn giao nhà công vụ", StringComparison.Ordinal));

        // The officer's own list shows it closed, and a closed proposal takes no more replies.
        await officer.Say("/kiennghi");
        await officer.Press("Kiến nghị của tôi");
        Assert.Contains("KN-2026-0001 · Đã đóng", officer.Text, StringComparison.Ordinal);
        await officer.Press("KN-2026-0001");
        Assert.DoesNotContain(officer.Last.SelectMany(m => m.Buttons).SelectMany(r => r), b => b.Label.Contains("Phản hồi", StringComparison.Ordinal));

        await using var db = host.OpenDb();
        var proposal = await db.Proposals.SingleAsync();
        Assert.Equal(ProposalStatus.Closed, proposal.Status);
        Assert.Equal(ProposalAddressee.ProvincialFederation, proposal.Addressee);
        Assert.Equal("Nhà ở cho giáo viên trẻ", proposal.Topic);
        Assert.Equal("web", proposal.Channel);
        var history = await db.ProposalStatusChanges.Where(h => h.ProposalId == proposal.Id).OrderBy(h => h.Id).ToListAsync();
        Assert.Equal([ProposalStatus.New, ProposalStatus.Answered, ProposalStatus.Closed], history.Select(h => h.Status));
        Assert.Equal([Demo.GrassrootsOfficer, Demo.CommitteeMember, Demo.CommitteeMember], history.Select(h => h.PersonId));
        Assert.Equal("Đã giải quyết xong, bàn giao nhà công vụ.", history[^1].Note);
        Assert.Equal(host.Clock.GetUtcNow(), history[^1].At);
        var thread = await db.ProposalMessages.Where(m => m.ProposalId == proposal.Id).OrderBy(m => m.Id).ToListAsync();
        Assert.Equal([(ProposalMessageKind.Answer, Demo.CommitteeMember), (ProposalMessageKind.Reply, Demo.GrassrootsOfficer)], thread.Select(m => (m.Kind, m.PersonId)));
        Assert.Equal("Ban Thường vụ đã làm việc với UBND thành phố.\nDự kiến bố trí 10 phòng nhà công vụ trong quý I.", thread[0].Text);
    }

    [Fact]
    public async Task Forwarding_to_a_higher_level_is_recorded_and_the_sender_is_told()
    {
        await using var host = new ServiceHost();
        var officer = new ChatDriver(host, Demo.UpperLevelOfficer);
        var member = new ChatDriver(host, Demo.CommitteeMember);
        var reference = await ProposalSteps.SendAsync(officer, "Chế độ cho cán bộ công đoàn không chuyên trách", "Đề nghị nâng mức phụ cấp.", "Công đoàn cấp trên trực tiếp");

        await member.Say("/dskiennghi " + reference);
        await member.Press("Chuyển lên cấp trên");
        var targets = member.Last.SelectMany(m => m.Buttons).SelectMany(r => r).Select(b => b.Label).ToList();
        Assert.Contains("Liên đoàn Lao động tỉnh", targets);
        Assert.Contains("Tổng Liên đoàn Lao động Việt Nam", targets);
        await member.Press("Tổng Liên đoàn Lao động Việt Nam");
        await member.Say("Công văn số 125/LĐLĐ ngày 22/11");
        Assert.Contains($"Đã chuyển kiến nghị {reference} tới Tổng Liên đoàn Lao động Việt Nam", member.LastText, StringComparison.Ordinal);

        // Forwarded again from there, the levels below are no longer offered.
        await member.Press("Xem kiến nghị");
        Assert.Contains("Đã chuyển tới: Tổng Liên đoàn Lao động Việt Nam", member.LastText, StringComparison.Ordinal);
        await member.Press("Chuyển lên cấp trên");
        var again = member.Last.SelectMany(m => m.Buttons).SelectMany(r => r).Select(b => b.Label).ToList();
        Assert.DoesNotContain("Tổng Liên đoàn Lao động Việt Nam", again);
        Assert.DoesNotContain("Liên đoàn Lao động tỉnh", again);
        Assert.Contains("Nhà nước", again);
        Assert.Contains("Đảng", again);

        await using var db = host.OpenDb();
        var proposal = await db.Proposals.SingleAsync();
        Assert.Equal(ProposalStatus.Forwarded, proposal.Status);
        Assert.Equal(ProposalAddressee.Confederation, proposal.ForwardedTo);
        var change = await db.ProposalStatusChanges.OrderBy(h => h.Id).LastAsync();
        Assert.Equal(Demo.CommitteeMember, change.PersonId);
        Assert.Contains("Công văn số 125/LĐLĐ", change.Note, StringComparison.Ordinal);
        var notice = await db.Outbox.Where(o => o.PersonId == Demo.UpperLevelOfficer).SingleAsync();
        Assert.Contains("đã được chuyển tới Tổng Liên đoàn Lao động Việt Nam", notice.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_line_typed_after_leaving_the_close_step_does_not_close_the_proposal()
    {
        await using var host = new ServiceHost();
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        var member = new ChatDriver(host, Demo.CommitteeMember);
        var reference = await ProposalSteps.SendAsync(officer, "Sân chơi cho con công nhân", "Đề nghị xây sân chơi.");
        await member.Say("/dskiennghi " + reference);
        await member.Press("Đóng kiến nghị");
        await member.Say("   ");
        Assert.Contains("Ghi chú còn trống", member.LastText, StringComparison.Ordinal);
        await member.Say("Đã xây xong sân chơi.");
        Assert.Contains("Đã đóng kiến nghị " + reference, member.LastText, StringComparison.Ordinal);

        var second = await ProposalSteps.SendAsync(officer, "Nhà văn hóa", "Đề nghị sửa nhà văn hóa.");
        await member.Say("/dskiennghi " + second);
        await member.Press("Đóng kiến nghị");
        await member.Press("Xem kiến nghị");
        await member.Say("một dòng gõ nhầm");
        await member.Say("/dskiennghi " + second);
        await member.Press("Đóng kiến nghị");
        await ProposalSteps.PressPayload(member, "kn:ov");
        await member.Say("một dòng gõ nhầm nữa");
        await using var db = host.OpenDb();
        Assert.Equal(ProposalStatus.New, (await db.Proposals.SingleAsync(p => p.Reference == second)).Status);
        Assert.Equal(ProposalStatus.Closed, (await db.Proposals.SingleAsync(p => p.Reference == reference)).Status);
    }
}
