using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Features.Proposals;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Proposals;

/// <summary>
/// A conversation in the middle of a proposal when the service is upgraded: its state was written by the first
/// version as a short key ("new", "a12", "f12:2", "c12"); the person goes on without noticing.
/// </summary>
public sealed class ProposalUpgradeTests
{
    private static async Task WriteStateAsync(ServiceHost host, int personId, string state)
    {
        await using var db = host.OpenDb();
        var conversation = await db.Conversations.SingleAsync(c => c.PersonId == personId);
        Assert.Equal("proposals", conversation.ActiveFeature);
        conversation.FeatureState = state;
        await db.SaveChangesAsync();
    }

    private static async Task<string?> StateAsync(ServiceHost host, int personId)
    {
        await using var db = host.OpenDb();
        return (await db.Conversations.SingleAsync(c => c.PersonId == personId)).FeatureState;
    }

    private static async Task<(ChatDriver Member, int Id)> OpenedByCommitteeAsync(ServiceHost host)
    {
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        var reference = await ProposalSteps.SendAsync(officer, "Nhà ở cho giáo viên trẻ", "Đề nghị bố trí nhà công vụ.");
        var member = new ChatDriver(host, Demo.CommitteeMember);
        await member.Say("/dskiennghi " + reference);
        await using var db = host.OpenDb();
        return (member, await db.Proposals.Where(p => p.Reference == reference).Select(p => p.Id).SingleAsync());
    }

    [Fact]
    public async Task A_proposal_being_written_under_the_old_state_is_finished_sent_and_the_state_rewritten()
    {
        await using var host = new ServiceHost();
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        await officer.Say("/kiennghi");
        await officer.Press("Liên đoàn Lao động tỉnh");
        await officer.Say("Sân chơi cho con công nhân");
        await WriteStateAsync(host, Demo.GrassrootsOfficer, "new");

        await officer.Say("Đề nghị xây sân chơi cạnh khu nhà trọ.");
        Assert.Contains("Đã nhận, nội dung hiện có", officer.LastText, StringComparison.Ordinal);
        Assert.Equal(ProposalState.Composing, ProposalState.Read(await StateAsync(host, Demo.GrassrootsOfficer)));
        Assert.StartsWith("{\"v\":1,", await StateAsync(host, Demo.GrassrootsOfficer), StringComparison.Ordinal);

        await officer.Say("xong");
        await officer.Press("Gửi kiến nghị");
        Assert.Contains("Đã gửi kiến nghị số KN-2026-0001", officer.LastText, StringComparison.Ordinal);
        await using var db = host.OpenDb();
        var proposal = await db.Proposals.SingleAsync();
        Assert.Equal("Sân chơi cho con công nhân", proposal.Topic);
        Assert.Equal("Đề nghị xây sân chơi cạnh khu nhà trọ.", proposal.Text);
    }

    [Fact]
    public async Task An_answer_being_written_under_the_old_state_is_sent()
    {
        await using var host = new ServiceHost();
        var (member, id) = await OpenedByCommitteeAsync(host);
        await member.Press("Trả lời");
        await WriteStateAsync(host, Demo.CommitteeMember, $"a{id}");

        await member.Say("Liên đoàn đã làm việc với UBND thành phố.");
        await member.Say("xong");
        await using var db = host.OpenDb();
        var proposal = await db.Proposals.SingleAsync();
        Assert.Equal(ProposalStatus.Answered, proposal.Status);
        Assert.Equal("Liên đoàn đã làm việc với UBND thành phố.", (await db.ProposalMessages.SingleAsync()).Text);
    }

    [Fact]
    public async Task A_forward_note_pending_under_the_old_state_forwards_with_the_note()
    {
        await using var host = new ServiceHost();
        var (member, id) = await OpenedByCommitteeAsync(host);
        await member.Press("Chuyển lên cấp trên");
        await member.Press("Tổng Liên đoàn Lao động Việt Nam");
        await WriteStateAsync(host, Demo.CommitteeMember, $"f{id}:{(int)ProposalAddressee.Confederation}");

        await member.Say("Công văn số 125/LĐLĐ");
        Assert.Contains("Đã chuyển kiến nghị", member.LastText, StringComparison.Ordinal);
        await using var db = host.OpenDb();
        Assert.Equal(ProposalAddressee.Confederation, (await db.Proposals.SingleAsync()).ForwardedTo);
        Assert.Contains("Công văn số 125/LĐLĐ", (await db.ProposalStatusChanges.OrderBy(h => h.Id).LastAsync()).Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_close_note_pending_under_the_old_state_closes_with_the_note()
    {
        await using var host = new ServiceHost();
        var (member, id) = await OpenedByCommitteeAsync(host);
        await member.Press("Đóng kiến nghị");
        await WriteStateAsync(host, Demo.CommitteeMember, $"c{id}");

        await member.Say("Đã giải quyết xong.");
        Assert.Contains("Đã đóng kiến nghị", member.LastText, StringComparison.Ordinal);
        await using var db = host.OpenDb();
        Assert.Equal(ProposalStatus.Closed, (await db.Proposals.SingleAsync()).Status);
        Assert.Equal("Đã giải quyết xong.", (await db.ProposalStatusChanges.OrderBy(h => h.Id).LastAsync()).Note);
    }

    [Fact]
    public async Task A_state_that_cannot_be_read_gets_a_message_and_releases_the_conversation()
    {
        await using var host = new ServiceHost();
        var (member, _) = await OpenedByCommitteeAsync(host);
        await member.Press("Đóng kiến nghị");
        await WriteStateAsync(host, Demo.CommitteeMember, "{\"v\":1,\"kind\":\"cl");

        await member.Say("Đã giải quyết xong.");
        Assert.Contains("Nút này không còn dùng được", member.LastText, StringComparison.Ordinal);
        Assert.Null(await StateAsync(host, Demo.CommitteeMember));
        await using var db = host.OpenDb();
        Assert.Equal(ProposalStatus.New, (await db.Proposals.SingleAsync()).Status);
    }
}
