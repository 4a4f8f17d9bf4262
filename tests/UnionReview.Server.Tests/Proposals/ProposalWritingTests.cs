using System.Text;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Proposals;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Proposals;

/// <summary>Writing a proposal: long texts, bad input, interruptions and restarts lose nothing.</summary>
public sealed class ProposalWritingTests
{
    private static string Paragraph(int index, int length)
    {
        var sb = new StringBuilder($"Đoạn {index}: ");
        while (sb.Length < length)
        {
            sb.Append("người lao động cần được chăm lo đời sống, việc làm và thu nhập; ");
        }

        return sb.ToString(0, length - 1) + ".";
    }

    [Fact]
    public async Task A_text_of_more_than_twenty_thousand_characters_in_several_messages_is_kept_whole()
    {
        await using var host = new ServiceHost();
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        var parts = new[] { Paragraph(1, 9_000), Paragraph(2, 9_000), Paragraph(3, 9_000) };
        await officer.Say("/kiennghi");
        await officer.Press("Nhà nước");
        await officer.Say("Chính sách tiền lương");
        foreach (var part in parts)
        {
            await officer.Say(part);
        }

        Assert.Contains("27.002 ký tự", officer.LastText, StringComparison.Ordinal);
        await officer.Say("Xong");
        await officer.Press("Gửi kiến nghị");

        await using (var db = host.OpenDb())
        {
            var proposal = await db.Proposals.SingleAsync();
            Assert.Equal(string.Join("\n", parts), proposal.Text);
            Assert.True(proposal.Text.Length > 20_000);
        }

        // The committee reads it in pieces every chat app accepts, none of it missing.
        var member = new ChatDriver(host, Demo.CommitteeMember);
        await member.Say("/dskiennghi KN-2026-0001");
        Assert.True(member.Last.Count > 1);
        Assert.All(member.Last, m => Assert.True(m.Text.Length <= 4_096, $"{m.Text.Length} characters"));
        var shown = string.Concat(member.Last.Select(m => m.Text)).Replace("\n", "", StringComparison.Ordinal);
        foreach (var part in parts)
        {
            Assert.Contains(part, shown, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_over_long_topic_becomes_the_start_of_the_text_and_a_shorter_topic_is_asked_for()
    {
        await using var host = new ServiceHost();
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        var longTopic = Paragraph(1, 450);
        await officer.Say("/kiennghi");
        await officer.Press("Tổng Liên đoàn");
        await officer.Say(longTopic);
        Assert.Contains("Chủ đề dài 450 ký tự, tối đa 200", officer.LastText, StringComparison.Ordinal);
        await officer.Say("   ");
        Assert.Contains("Chủ đề còn trống", officer.LastText, StringComparison.Ordinal);
        await officer.Say("Bảo hiểm xã hội một lần");
        Assert.Contains("Đã có 450 ký tự", officer.LastText, StringComparison.Ordinal);
        await officer.Say("Thêm một đoạn.");
        await officer.Say("xong");
        await officer.Press("Gửi kiến nghị");
        await using var db = host.OpenDb();
        var proposal = await db.Proposals.SingleAsync();
        Assert.Equal("Bảo hiểm xã hội một lần", proposal.Topic);
        Assert.Equal(longTopic + "\nThêm một đoạn.", proposal.Text);
    }

    [Fact]
    public async Task An_empty_text_is_refused_and_nothing_is_sent()
    {
        await using var host = new ServiceHost();
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        await officer.Say("/kiennghi");
        await officer.Say("7");
        Assert.Contains("gõ số thứ tự từ 1 đến 5", officer.LastText, StringComparison.Ordinal);
        await officer.Say("5");
        Assert.Contains("Công đoàn cấp trên trực tiếp", officer.LastText, StringComparison.Ordinal);
        await officer.Say("Kinh phí hoạt động");
        await officer.Say("xong");
        Assert.Contains("Nội dung kiến nghị còn trống", officer.LastText, StringComparison.Ordinal);
        await officer.Press("Xong");
        Assert.Contains("Nội dung kiến nghị còn trống", officer.LastText, StringComparison.Ordinal);
        await using var db = host.OpenDb();
        Assert.Empty(await db.Proposals.ToListAsync());
        Assert.Equal(ProposalDraftStep.Text, (await db.ProposalDrafts.SingleAsync()).Step);
    }

    [Fact]
    public async Task An_unknown_command_in_the_middle_loses_nothing_and_kiennghi_resumes_the_draft()
    {
        await using var host = new ServiceHost();
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        await officer.Say("/kiennghi");
        await officer.Press("Liên đoàn Lao động tỉnh");
        await officer.Say("Tập huấn cán bộ công đoàn cơ sở");
        const string first = "Đề nghị mở thêm lớp tập huấn.";
        await officer.Say(first);
        await officer.Say("/khongcolenhnay");
        Assert.Contains("Không có lệnh", officer.LastText, StringComparison.Ordinal);
        await officer.Say("/kiennghi");
        Assert.Contains("đang soạn dở", officer.LastText, StringComparison.Ordinal);
        Assert.Contains("Tập huấn cán bộ công đoàn cơ sở", officer.LastText, StringComparison.Ordinal);
        await officer.Press("Tiếp tục soạn");
        Assert.Contains($"Đã có {first.Length} ký tự", officer.LastText, StringComparison.Ordinal);
        await officer.Say("Mỗi năm hai lớp.");
        await officer.Say("xong");
        await officer.Press("Gửi kiến nghị");
        await using var db = host.OpenDb();
        Assert.Equal(first + "\nMỗi năm hai lớp.", (await db.Proposals.SingleAsync()).Text);
        Assert.Empty(await db.ProposalDrafts.ToListAsync());
    }

    [Fact]
    public async Task A_restart_keeps_drafts_proposals_history_and_answers()
    {
        await using var host = new ServiceHost();
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        await officer.Say("/kiennghi");
        await officer.Press("Liên đoàn Lao động tỉnh");
        await officer.Say("Nước sạch cho khu tập thể");
        await officer.Say("Phần viết trước khi khởi động lại.");

        await host.Restart();
        officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        await officer.Say("Phần viết sau khi khởi động lại.");
        Assert.Contains("Đã nhận", officer.LastText, StringComparison.Ordinal);
        await officer.Say("xong");
        await officer.Press("Gửi kiến nghị");
        var member = new ChatDriver(host, Demo.CommitteeMember);
        await member.Say("/dskiennghi KN-2026-0001");
        await member.Press("Trả lời");
        await member.Say("Phần trả lời trước khi khởi động lại.");

        await host.Restart();
        member = new ChatDriver(host, Demo.CommitteeMember);
        await member.Say("xong");
        Assert.Contains("Đã lưu câu trả lời cho kiến nghị KN-2026-0001", member.LastText, StringComparison.Ordinal);

        await host.Restart();
        officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        await officer.Say("/kiennghi KN-2026-0001");
        Assert.Contains("Phần viết trước khi khởi động lại.\nPhần viết sau khi khởi động lại.", officer.LastText, StringComparison.Ordinal);
        Assert.Contains("Phần trả lời trước khi khởi động lại.", officer.LastText, StringComparison.Ordinal);
        Assert.Contains("Đã trả lời", officer.LastText, StringComparison.Ordinal);
        await using var db = host.OpenDb();
        Assert.Equal([ProposalStatus.New, ProposalStatus.Answered], await db.ProposalStatusChanges.OrderBy(h => h.Id).Select(h => h.Status).ToListAsync());
        Assert.Single(await db.Outbox.Where(o => o.PersonId == Demo.GrassrootsOfficer).ToListAsync());
    }

    [Fact]
    public async Task An_attachment_is_kept_as_a_reference_and_shown_to_the_committee()
    {
        await using var host = new ServiceHost();
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer, "telegram");
        await officer.Say("/kiennghi");
        await officer.Press("Nhà nước");
        await officer.Say("Đất xây nhà văn hóa công nhân");
        await officer.Say("Xem sơ đồ khu đất đính kèm.");
        await officer.Send(new IncomingInput(null, null) { Attachment = new IncomingAttachment("so-do-khu-dat.pdf", "application/pdf", "BQACAgUAAxkBAAIB") });
        Assert.Contains("Đã nhận tệp đính kèm “so-do-khu-dat.pdf”", officer.LastText, StringComparison.Ordinal);
        await officer.Say("xong");
        Assert.Contains("Tệp đính kèm: so-do-khu-dat.pdf", officer.LastText, StringComparison.Ordinal);
        await officer.Press("Gửi kiến nghị");

        await using (var db = host.OpenDb())
        {
            var proposal = await db.Proposals.SingleAsync();
            Assert.Equal(("so-do-khu-dat.pdf", "application/pdf", "telegram", "BQACAgUAAxkBAAIB"),
                (proposal.AttachmentName, proposal.AttachmentContentType, proposal.AttachmentChannel, proposal.AttachmentReference));
            Assert.Equal("Xem sơ đồ khu đất đính kèm.", proposal.Text);
        }

        var member = new ChatDriver(host, Demo.CommitteeMember);
        await member.Say("/dskiennghi KN-2026-0001");
        Assert.Contains("Tệp đính kèm: so-do-khu-dat.pdf (gửi qua telegram)", member.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_main_menu_offers_a_proposal_button_and_the_committee_overview()
    {
        await using var host = new ServiceHost();
        var member = new ChatDriver(host, Demo.CommitteeMember);
        await member.Say("xin chào");
        var labels = member.Last.SelectMany(m => m.Buttons).SelectMany(r => r).Select(b => b.Label).ToList();
        Assert.Contains("✉️ Gửi kiến nghị", labels);
        Assert.Contains("📥 Tổng quan kiến nghị", labels);
        Assert.Contains("/kiennghi", member.LastText, StringComparison.Ordinal);
        await member.Press("Gửi kiến nghị");
        Assert.Contains("kiến nghị với cấp nào", member.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_text_limit_below_twenty_thousand_characters_stops_the_service_with_a_vietnamese_message()
    {
        var error = await Record.ExceptionAsync(async () =>
        {
            await using var host = new ServiceHost(settings: new Dictionary<string, string?> { ["Proposals:MaxTextLength"] = "5000" });
        });
        Assert.NotNull(error);
        Assert.Contains("Proposals:MaxTextLength phải từ 20.000", error.ToString(), StringComparison.Ordinal);
    }
}
