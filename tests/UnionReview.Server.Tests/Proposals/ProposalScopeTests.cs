using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Features.Proposals;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Proposals;

/// <summary>Who may see and act on which proposal, including forged and stale buttons.</summary>
public sealed class ProposalScopeTests
{
    private const string OutOfScope = "không thuộc phạm vi của đồng chí";

    private static async Task<int> AddCommitteeMemberAsync(ServiceHost host, string unitName)
    {
        await using var db = host.OpenDb();
        var unit = await db.Units.SingleAsync(u => u.Name == unitName);
        var person = new Person { FullName = "Trần Thị Yến", CreatedAt = host.Clock.GetUtcNow() };
        db.People.Add(person);
        await db.SaveChangesAsync();
        db.Memberships.Add(new Membership { PersonId = person.Id, UnitId = unit.Id, Role = Role.Committee });
        await db.SaveChangesAsync();
        return person.Id;
    }

    private static async Task<int> IdOf(ServiceHost host, string reference)
    {
        await using var db = host.OpenDb();
        return await db.Proposals.Where(p => p.Reference == reference).Select(p => p.Id).SingleAsync();
    }

    [Fact]
    public async Task An_officer_cannot_read_or_act_on_a_proposal_of_another_unit()
    {
        await using var host = new ServiceHost();
        var school = new ChatDriver(host, Demo.GrassrootsOfficer);
        var hospital = new ChatDriver(host, Demo.HospitalOfficer);
        var schoolRef = await ProposalSteps.SendAsync(school, "Nhà công vụ cho giáo viên", "Nội dung riêng của trường THPT");
        var hospitalRef = await ProposalSteps.SendAsync(hospital, "Phụ cấp trực đêm", "Nội dung của bệnh viện");
        var schoolId = await IdOf(host, schoolRef);

        foreach (var payload in new[] { $"kn:o:{schoolId}", $"kn:r:{schoolId}", $"kn:a:{schoolId}", $"kn:f:{schoolId}", $"kn:ft:{schoolId}:2", $"kn:fn:{schoolId}:2", $"kn:c:{schoolId}", $"kn:cn:{schoolId}" })
        {
            await ProposalSteps.PressPayload(hospital, payload);
            Assert.Contains(OutOfScope, hospital.LastText, StringComparison.Ordinal);
            Assert.DoesNotContain("Nội dung riêng", hospital.LastText, StringComparison.Ordinal);
        }

        await hospital.Say("/kiennghi " + schoolRef);
        Assert.Contains(OutOfScope, hospital.LastText, StringComparison.Ordinal);
        await hospital.Say("/dskiennghi");
        Assert.Contains("dành cho Ban Thường vụ", hospital.LastText, StringComparison.Ordinal);
        await ProposalSteps.PressPayload(hospital, "kn:l:all:0");
        Assert.Contains("dành cho Ban Thường vụ", hospital.LastText, StringComparison.Ordinal);
        await ProposalSteps.PressPayload(hospital, "kn:m:0");
        Assert.Contains(hospitalRef, hospital.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain(schoolRef, hospital.LastText, StringComparison.Ordinal);

        // The sender reads their own but, not being on the committee, cannot answer or close it.
        await ProposalSteps.PressPayload(school, $"kn:o:{schoolId}");
        Assert.Contains("Nội dung riêng của trường THPT", school.LastText, StringComparison.Ordinal);
        await ProposalSteps.PressPayload(school, $"kn:a:{schoolId}");
        Assert.Contains(OutOfScope, school.LastText, StringComparison.Ordinal);
        await ProposalSteps.PressPayload(school, $"kn:cn:{schoolId}");
        Assert.Contains(OutOfScope, school.LastText, StringComparison.Ordinal);

        await using var db = host.OpenDb();
        Assert.All(await db.Proposals.ToListAsync(), p => Assert.Equal(ProposalStatus.New, p.Status));
        Assert.Equal(2, await db.ProposalStatusChanges.CountAsync());
        Assert.Empty(await db.ProposalMessages.ToListAsync());
    }

    [Fact]
    public async Task A_committee_member_sees_only_the_units_in_their_scope()
    {
        await using var host = new ServiceHost();
        var healthMemberId = await AddCommitteeMemberAsync(host, "CĐ ngành Y tế");
        var healthMember = new ChatDriver(host, healthMemberId);
        await healthMember.Say("/dskiennghi");
        var school = new ChatDriver(host, Demo.GrassrootsOfficer);
        var hospital = new ChatDriver(host, Demo.HospitalOfficer);
        var schoolRef = await ProposalSteps.SendAsync(school, "Nhà công vụ cho giáo viên", "Nội dung riêng của trường THPT");
        var hospitalRef = await ProposalSteps.SendAsync(hospital, "Phụ cấp trực đêm", "Nội dung của bệnh viện");
        var schoolId = await IdOf(host, schoolRef);
        var hospitalId = await IdOf(host, hospitalRef);

        await healthMember.Say("/dskiennghi");
        Assert.Contains("1 mới", healthMember.LastText, StringComparison.Ordinal);
        await ProposalSteps.PressPayload(healthMember, "kn:l:all:0");
        Assert.Contains(hospitalRef, healthMember.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain(schoolRef, healthMember.LastText, StringComparison.Ordinal);

        foreach (var payload in new[] { $"kn:o:{schoolId}", $"kn:a:{schoolId}", $"kn:f:{schoolId}", $"kn:fn:{schoolId}:2", $"kn:cn:{schoolId}" })
        {
            await ProposalSteps.PressPayload(healthMember, payload);
            Assert.Contains(OutOfScope, healthMember.LastText, StringComparison.Ordinal);
        }

        await healthMember.Say("/dskiennghi " + schoolRef);
        Assert.Contains(OutOfScope, healthMember.LastText, StringComparison.Ordinal);
        int schoolUnitId;
        await using (var db = host.OpenDb())
        {
            schoolUnitId = await db.Units.Where(u => u.Name == "CĐCS Trường THPT Thành phố Cao Bằng").Select(u => u.Id).SingleAsync();
        }

        await ProposalSteps.PressPayload(healthMember, $"kn:l:d{schoolUnitId}:0");
        Assert.Contains("Đơn vị này không thuộc phạm vi", healthMember.LastText, StringComparison.Ordinal);
        await ProposalSteps.PressPayload(healthMember, "kn:bu");
        Assert.DoesNotContain("Trường THPT", healthMember.LastText, StringComparison.Ordinal);

        // Inside the scope the member works normally.
        await ProposalSteps.PressPayload(healthMember, $"kn:o:{hospitalId}");
        Assert.Contains("Nội dung của bệnh viện", healthMember.LastText, StringComparison.Ordinal);

        // The provincial committee sees both.
        var province = new ChatDriver(host, Demo.CommitteeMember);
        await ProposalSteps.PressPayload(province, "kn:l:all:0");
        Assert.Contains(schoolRef, province.LastText, StringComparison.Ordinal);
        Assert.Contains(hospitalRef, province.LastText, StringComparison.Ordinal);

        await using var check = host.OpenDb();
        Assert.Equal(ProposalStatus.New, (await check.Proposals.SingleAsync(p => p.Id == schoolId)).Status);
        var notices = await check.Outbox.Where(o => o.PersonId == healthMemberId).Select(o => o.Payload).ToListAsync();
        Assert.Contains(notices, n => n.Contains(hospitalRef, StringComparison.Ordinal));
        Assert.DoesNotContain(notices, n => n.Contains(schoolRef, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stale_and_forged_buttons_are_refused_in_vietnamese_and_change_nothing()
    {
        await using var host = new ServiceHost();
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        await ProposalSteps.PressPayload(officer, "kn:zz");
        Assert.Contains("Nút này không còn dùng được", officer.LastText, StringComparison.Ordinal);
        await ProposalSteps.PressPayload(officer, "kn:o:abc");
        Assert.Contains("Nút này không còn dùng được", officer.LastText, StringComparison.Ordinal);
        await ProposalSteps.PressPayload(officer, "kn:send");
        Assert.Contains("Không còn bản nháp", officer.LastText, StringComparison.Ordinal);
        await ProposalSteps.PressPayload(officer, "kn:o:999");
        Assert.Contains(OutOfScope, officer.LastText, StringComparison.Ordinal);

        // A forged addressee code is refused; the draft stays at the same step.
        await officer.Say("/kiennghi");
        await ProposalSteps.PressPayload(officer, "kn:to:9");
        Assert.Contains("Nút này không còn dùng được", officer.LastText, StringComparison.Ordinal);
        await officer.Say("4");
        Assert.Contains("Nơi nhận: Liên đoàn Lao động tỉnh", officer.LastText, StringComparison.Ordinal);
        await officer.Say("Sân chơi cho con công nhân");
        await officer.Say("Đề nghị xây sân chơi.");
        await officer.Say("xong");
        var confirm = officer.Last;
        await officer.Press("Gửi kiến nghị");
        var reference = ProposalSteps.Reference().Match(officer.LastText).Value;

        // Pressing “send” again from the old message makes no second proposal.
        var sendPayload = confirm.SelectMany(m => m.Buttons).SelectMany(r => r).Single(b => b.Label.Contains("Gửi kiến nghị", StringComparison.Ordinal)).Payload;
        await ProposalSteps.PressPayload(officer, sendPayload);
        Assert.Contains("Không còn bản nháp", officer.LastText, StringComparison.Ordinal);

        // After closing, an old “answer” button is refused.
        var member = new ChatDriver(host, Demo.CommitteeMember);
        await member.Say("/dskiennghi " + reference);
        var answerPayload = member.Last.SelectMany(m => m.Buttons).SelectMany(r => r).Single(b => b.Label.Contains("Trả lời", StringComparison.Ordinal)).Payload;
        await member.Press("Đóng kiến nghị");
        await member.Press("Đóng, không ghi chú");
        await ProposalSteps.PressPayload(member, answerPayload);
        Assert.Contains("đã đóng", member.LastText, StringComparison.Ordinal);
        await ProposalSteps.PressPayload(member, answerPayload.Replace("kn:a:", "kn:cn:", StringComparison.Ordinal));
        Assert.Contains("đã đóng", member.LastText, StringComparison.Ordinal);

        await using var db = host.OpenDb();
        Assert.Equal(1, await db.Proposals.CountAsync());
        Assert.Equal([ProposalStatus.New, ProposalStatus.Closed], await db.ProposalStatusChanges.OrderBy(h => h.Id).Select(h => h.Status).ToListAsync());
        Assert.Empty(await db.ProposalMessages.ToListAsync());
    }

    [Fact]
    public async Task A_button_of_another_feature_while_writing_is_explained_and_the_text_is_kept()
    {
        await using var host = new ServiceHost();
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        await officer.Say("/kiennghi");
        await officer.Press("Đảng");
        await officer.Say("Sinh hoạt chi bộ ghép");
        await officer.Say("Đoạn thứ nhất.");
        await ProposalSteps.PressPayload(officer, "go");
        Assert.Contains("đang soạn dở", officer.LastText, StringComparison.Ordinal);
        await officer.Say("Đoạn thứ hai.");
        await officer.Say("xong");
        Assert.Contains("Đoạn thứ nhất. Đoạn thứ hai.", officer.LastText, StringComparison.Ordinal);
        await officer.Press("Gửi kiến nghị");
        await using var db = host.OpenDb();
        var proposal = await db.Proposals.SingleAsync();
        Assert.Equal("Đoạn thứ nhất.\nĐoạn thứ hai.", proposal.Text);
        Assert.Equal(ProposalAddressee.Party, proposal.Addressee);
    }
}
