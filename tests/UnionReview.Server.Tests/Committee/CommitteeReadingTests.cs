using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Committee;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Features.Schedules;
using UnionReview.Server.Persistence;
using UnionReview.Server.Tests.Infrastructure;
using static UnionReview.Server.Tests.Schedules.ScheduleSteps;

namespace UnionReview.Server.Tests.Committee;

/// <summary>A committee member reading a unit's report in chat with /donvi, reminding a unit and returning a report.</summary>
public sealed class CommitteeReadingTests
{
    private const string School = "CĐCS Trường THPT Thành phố Cao Bằng", Hospital = "CĐCS Bệnh viện Đa khoa tỉnh", PhucHoa = "LĐLĐ Phục Hòa";
    private const string NewMembers = "so-doan-vien-moi";

    private static OutlineDefinition Outline(ServiceHost host) => host.Get<OutlineCatalog>().Get("so-ket-giua-nhiem-ky");

    /// <summary>
    /// The school's officer answers the whole outline in chat and submits, with a target of 7 new members (12 answered:
    /// 171,4%); the stored answer then carries an explanation, and one long text answer makes its section exceed a message.
    /// </summary>
    private static async Task<(int ReportId, string LongQuestion)> SchoolSubmitsAsync(ServiceHost host)
    {
        var outline = Outline(host);
        await using (var db = host.OpenDb())
        {
            var campaign = await db.Campaigns.SingleAsync();
            var school = await db.Units.SingleAsync(u => u.Name == School);
            db.IndicatorTargets.Add(new IndicatorTarget { CampaignId = campaign.Id, UnitId = school.Id, IndicatorId = "doan-vien-moi", Target = 7 });
            await db.SaveChangesAsync();
        }

        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        await officer.Say("/baocao");
        await Answerer.AnswerAll(host, officer, Demo.GrassrootsOfficer);
        await officer.Say("/nop");
        await officer.Press("Xác nhận nộp");

        var longQuestion = outline.Sections[0].Questions.First(q => q.Kind == QuestionKind.Text).Id;
        await using (var db = host.OpenDb())
        {
            var report = await db.Reports.SingleAsync();
            Assert.Equal(ReportStatus.Submitted, report.Status);
            var figure = await db.Answers.SingleAsync(a => a.ReportId == report.Id && a.QuestionId == NewMembers);
            figure.Value = StoredJson.Write(StoredJson.Read<AnswerValue>(figure.Value) with { Note = "Tăng do thành lập thêm tổ công đoàn." });
            var text = await db.Answers.SingleAsync(a => a.ReportId == report.Id && a.QuestionId == longQuestion);
            text.Value = StoredJson.Write(AnswerValue.OfText(string.Join("\n", Enumerable.Range(1, 60).Select(i => $"Đoạn {i}: công đoàn phối hợp với chuyên môn tổ chức phong trào thi đua dạy tốt, học tốt."))));
            await db.SaveChangesAsync();
            return (report.Id, longQuestion);
        }
    }

    private static int SectionNumberOf(ServiceHost host, string questionId)
    {
        var outline = Outline(host);
        return outline.SectionOf(outline.FindQuestion(questionId)!).Index + 1;
    }

    private static List<ChatButton> Buttons(ChatDriver chat) => [.. chat.Last.SelectMany(m => m.Buttons).SelectMany(r => r)];

    [Fact]
    public async Task A_member_reads_a_units_report_section_by_section_and_returns_it_with_a_reason_that_reaches_the_officer()
    {
        await using var host = new ServiceHost();
        var (reportId, longQuestion) = await SchoolSubmitsAsync(host);
        var outline = Outline(host);
        var member = new ChatDriver(host, Demo.CommitteeMember);

        await member.Say("/donvi");
        Assert.Contains("1/20 đơn vị đã nộp", member.LastText, StringComparison.Ordinal);
        Assert.Contains("Trang 1/2:", member.LastText, StringComparison.Ordinal);
        Assert.Contains($"✅ {School} – đã nộp", member.LastText, StringComparison.Ordinal);
        Assert.All(Buttons(member), b => Assert.StartsWith(CommitteeFeature.ButtonPrefix, b.Payload, StringComparison.Ordinal));
        Assert.All(Buttons(member), b => Assert.True(b.Payload.Length <= 64 && b.Payload.All(char.IsAscii), b.Payload));

        // The unit: its card (submitted by whom, when, in Vietnam time), then section 1 of its report.
        await member.Press("CĐCS THPT TP");
        Assert.Contains($"🏢 {School}", member.Last[0].Text, StringComparison.Ordinal);
        Assert.Contains("Nộp lúc 09:00 21/11/2026 – Nguyễn Văn An", member.Last[0].Text, StringComparison.Ordinal);
        Assert.Contains($"mục 1/{outline.Sections.Count}", member.Last[1].Text, StringComparison.Ordinal);
        Assert.Contains(outline.Sections[0].Label, member.Last[1].Text, StringComparison.Ordinal);
        Assert.Contains("✍️ Nguyễn Văn An · 09:00 21/11/2026", member.LastText, StringComparison.Ordinal);

        // The long answer: section 1 in several messages under 4.096 characters, the buttons under the last one.
        Assert.True(member.Last.Count > 2, member.LastText);
        Assert.All(member.Last, m => Assert.True(m.Text.Length <= 4096, $"{m.Text.Length}"));
        Assert.Empty(member.Last.Take(member.Last.Count - 1).SelectMany(m => m.Buttons));
        Assert.Contains("Đoạn 60:", member.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain(Buttons(member), b => b.Label.Contains("Mục trước", StringComparison.Ordinal));

        await member.Press("Mục sau");
        Assert.Contains($"mục 2/{outline.Sections.Count}", member.LastText, StringComparison.Ordinal);
        Assert.Contains(outline.Sections[1].Label, member.LastText, StringComparison.Ordinal);
        Assert.Single(member.Last);
        await member.Press("Mục trước");
        Assert.Contains($"mục 1/{outline.Sections.Count}", member.LastText, StringComparison.Ordinal);

        // A figure with its target and achievement at the precision the officer saw, and the officer's explanation.
        var figures = SectionNumberOf(host, NewMembers);
        for (var i = 1; i < figures; i++)
        {
            await member.Press("Mục sau");
        }

        Assert.Contains($"mục {figures}/{outline.Sections.Count}", member.LastText, StringComparison.Ordinal);
        Assert.Contains("12 người · KH giao 7 người · đạt 171,4%", member.LastText, StringComparison.Ordinal);
        Assert.Contains("💬 Giải trình: Tăng do thành lập thêm tổ công đoàn.", member.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain("(giải trình:", member.LastText, StringComparison.Ordinal);

        // /huy while the reason is awaited cancels the return; the report stays submitted.
        await member.Press("Trả lại để chỉnh sửa");
        await member.Say("/huy");
        Assert.Equal("Đã thôi trả lại báo cáo; báo cáo giữ nguyên trạng thái đã nộp.", member.LastText);
        await member.Press("Đọc báo cáo");
        Assert.Contains($"mục 1/{outline.Sections.Count}", member.LastText, StringComparison.Ordinal);

        // Return for revision with a reason typed by the member; the officer is told through the outbox.
        await member.Press("Trả lại để chỉnh sửa");
        Assert.Contains("nhập ý kiến, lý do trả lại", member.LastText, StringComparison.Ordinal);
        await member.Say("Đề nghị bổ sung số liệu so sánh với đầu nhiệm kỳ.");
        Assert.Contains($"↩️ Đã trả lại báo cáo của {School}; các cán bộ của đơn vị sẽ nhận được thông báo.", member.LastText, StringComparison.Ordinal);
        await using (var db = host.OpenDb())
        {
            var report = await db.Reports.SingleAsync(r => r.Id == reportId);
            Assert.Equal(ReportStatus.Returned, report.Status);
            Assert.Equal("Đề nghị bổ sung số liệu so sánh với đầu nhiệm kỳ.", report.ReturnNote);
            Assert.Equal(Demo.CommitteeMember, (await db.ReportEvents.SingleAsync(e => e.ReportId == reportId && e.Kind == "returned")).PersonId);
        }

        var notice = (await MessagesForAsync(host, Demo.GrassrootsOfficer)).Single(m => m.Text.Contains("trả lại để chỉnh sửa", StringComparison.Ordinal));
        Assert.Contains("Ý kiến: Đề nghị bổ sung số liệu so sánh với đầu nhiệm kỳ.", notice.Text, StringComparison.Ordinal);

        // Back to the list, on the page the unit is on.
        await member.Press("Danh sách đơn vị");
        Assert.Contains($"↩️ {School} – trả lại", member.LastText, StringComparison.Ordinal);
        Assert.Contains("Trang 1/2:", member.LastText, StringComparison.Ordinal);
        Assert.NotEmpty(longQuestion);
    }

    [Fact]
    public async Task Remind_now_goes_once_a_day_per_unit_shares_the_scheduled_reminder_and_waits_out_quiet_hours()
    {
        // Tuesday 24/11/2026: the hospital's deadline is tomorrow, so the 08:00 reminder goes to it.
        await using var host = new ServiceHost(new TestClock(At(11, 24, 8)));
        await LinkAsync(host, Demo.HospitalOfficer, Demo.UpperLevelOfficer);
        var scheduled = await host.Get<ScheduleRunner>().RunRemindersAsync(CancellationToken.None);
        Assert.Equal("sent", scheduled.Outcome);
        host.Clock.Set(At(11, 24, 9, 30));
        var member = new ChatDriver(host, Demo.CommitteeMember);

        // The hospital had today's reminder from the schedule: the member is told so, nothing more is queued.
        await member.Say("/donvi");
        await member.Press("Trang sau");
        await member.Press("CĐCS BVĐK tỉnh");
        Assert.Contains("Đơn vị chưa bắt đầu báo cáo.", member.LastText, StringComparison.Ordinal);
        Assert.Contains("Hạn nộp: 25/11/2026 (còn 1 ngày).", member.LastText, StringComparison.Ordinal);
        await member.Press("Nhắc ngay");
        Assert.Contains($"Đơn vị {Hospital} đã được nhắc ngày 24/11/2026 (nhắc tự động theo lịch). Mỗi đơn vị chỉ được nhắc một lần mỗi ngày", member.LastText, StringComparison.Ordinal);
        Assert.Single(await MessagesForAsync(host, Demo.HospitalOfficer));

        // Phục Hòa: reminded now, once; a second press the same day is refused politely.
        await member.Press("Danh sách đơn vị");
        Assert.Contains("Trang 2/2:", member.LastText, StringComparison.Ordinal);
        await member.Press("Trang trước");
        await member.Press(PhucHoa);
        await member.Press("Nhắc ngay");
        Assert.Contains($"🔔 Đã nhắc {PhucHoa}: lời nhắc đã gửi tới 1 cán bộ (Hoàng Thị Bình).", member.LastText, StringComparison.Ordinal);
        var reminders = await OutboxAsync(host, "reminder:");
        var sent = reminders.Single(r => r.Row.PersonId == Demo.UpperLevelOfficer);
        Assert.Contains("📣 Ban Thường vụ (đồng chí Lê Văn Cường) đề nghị đơn vị hoàn thành và nộp báo cáo.", sent.Message.Text, StringComparison.Ordinal);
        Assert.Contains("⏰ Nhắc hạn nộp báo cáo – LĐLĐ Phục Hòa", sent.Message.Text, StringComparison.Ordinal);
        Assert.True(sent.Row.NextAttemptAt <= host.Clock.GetUtcNow());
        Assert.Contains(sent.Message.Buttons.SelectMany(r => r), b => b.Payload == new DialogCommand(DialogCommandKind.Continue).ToPayload());

        await member.Press("Danh sách đơn vị");
        await member.Press(PhucHoa);
        await member.Press("Nhắc ngay");
        Assert.Contains($"Đơn vị {PhucHoa} đã được nhắc ngày 24/11/2026 (do đồng chí Lê Văn Cường nhắc). Mỗi đơn vị chỉ được nhắc một lần mỗi ngày; đồng chí có thể nhắc lại vào ngày hôm sau.", member.LastText, StringComparison.Ordinal);
        Assert.Single(await MessagesForAsync(host, Demo.UpperLevelOfficer));

        // 22:00, quiet hours: the reminder is queued for 07:00 tomorrow and counts for tomorrow.
        host.Clock.Set(At(11, 24, 22));
        await member.Press("Danh sách đơn vị");
        await member.Press(PhucHoa);
        await member.Press("Nhắc ngay");
        Assert.Contains($"🌙 Đang trong giờ yên lặng (21:00–07:00) nên chưa gửi ngay. Lời nhắc cho {PhucHoa} sẽ được gửi lúc 07:00 25/11/2026.", member.LastText, StringComparison.Ordinal);
        var deferred = (await OutboxAsync(host, "reminder:")).Where(r => r.Row.PersonId == Demo.UpperLevelOfficer).ToList();
        Assert.Equal(2, deferred.Count);
        Assert.Equal(At(11, 25, 7), deferred[1].Row.NextAttemptAt);
        Assert.Equal(OutboxStatus.Pending, deferred[1].Row.Status);
        await member.Press("Danh sách đơn vị");
        await member.Press(PhucHoa);
        await member.Press("Nhắc ngay");
        Assert.Contains("đã được nhắc ngày 25/11/2026", member.LastText, StringComparison.Ordinal);
        await using var db = host.OpenDb();
        var phucHoa = await UnitIdAsync(host, PhucHoa);
        var occasions = await db.ScheduleOccasions.Where(o => o.Kind == "reminder" && o.UnitId == phucHoa).OrderBy(o => o.CreatedAt).ToListAsync();
        Assert.Equal([new DateOnly(2026, 11, 24), new DateOnly(2026, 11, 25)], occasions.Select(o => o.LocalDate));
        Assert.All(occasions, o => Assert.Equal(CommitteeFeature.ReminderKey(o.CampaignId!.Value, phucHoa, o.LocalDate), o.Key));
        Assert.All(occasions, o => Assert.Equal($"committee:{Demo.CommitteeMember}", o.Detail));
    }

    [Fact]
    public async Task A_member_outside_the_units_scope_cannot_read_remind_or_return_and_stale_buttons_are_answered()
    {
        await using var host = new ServiceHost();
        var (reportId, _) = await SchoolSubmitsAsync(host);
        int campaignId, schoolId, outsiderId;
        await using (var db = host.OpenDb())
        {
            campaignId = (await db.Campaigns.SingleAsync()).Id;
            schoolId = (await db.Units.SingleAsync(u => u.Name == School)).Id;
            var outsider = new Person { FullName = "Đàm Văn Hùng", CreatedAt = host.Clock.GetUtcNow() };
            db.People.Add(outsider);
            await db.SaveChangesAsync();
            db.Memberships.Add(new Membership { PersonId = outsider.Id, UnitId = (await db.Units.SingleAsync(u => u.Name == PhucHoa)).Id, Role = Role.Committee });
            await db.SaveChangesAsync();
            outsiderId = outsider.Id;
        }

        await LinkAsync(host, Demo.GrassrootsOfficer);
        var outboxBefore = (await OutboxAsync(host, "")).Count;
        var outsiderChat = new ChatDriver(host, outsiderId);
        await outsiderChat.Say("/donvi");
        Assert.Contains("0/2 đơn vị đã nộp", outsiderChat.LastText, StringComparison.Ordinal);
        Assert.DoesNotContain(School, outsiderChat.LastText, StringComparison.Ordinal);

        // Forged payloads for the school, outside this member's scope.
        await outsiderChat.Send(IncomingInput.FromButton($"{CommitteeFeature.ButtonPrefix}s:{reportId}:1"));
        Assert.Equal("Báo cáo này không thuộc phạm vi của đồng chí hoặc không còn tồn tại.", outsiderChat.LastText);
        await outsiderChat.Send(IncomingInput.FromButton($"{CommitteeFeature.ButtonPrefix}u:{campaignId}:{schoolId}"));
        Assert.Equal("Đơn vị này không thuộc phạm vi theo dõi của đồng chí hoặc không tham gia đợt báo cáo đang mở.", outsiderChat.LastText);
        await outsiderChat.Send(IncomingInput.FromButton($"{CommitteeFeature.ButtonPrefix}n:{campaignId}:{schoolId}"));
        Assert.Contains("không thuộc phạm vi theo dõi của đồng chí", outsiderChat.LastText, StringComparison.Ordinal);
        await outsiderChat.Send(IncomingInput.FromButton($"{CommitteeFeature.ButtonPrefix}t:{reportId}"));
        Assert.Contains("không thuộc phạm vi của đồng chí", outsiderChat.LastText, StringComparison.Ordinal);
        await outsiderChat.Say("Trả lại vì thiếu số liệu.");
        Assert.DoesNotContain("Đã trả lại", outsiderChat.LastText, StringComparison.Ordinal);

        // An officer pressing a committee button is told it is for the committee.
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        await officer.Send(IncomingInput.FromButton($"{CommitteeFeature.ButtonPrefix}s:{reportId}:1"));
        Assert.Equal("Chức năng này dành cho Ban Thường vụ.", officer.LastText);

        await using (var db = host.OpenDb())
        {
            Assert.Equal(ReportStatus.Submitted, (await db.Reports.SingleAsync(r => r.Id == reportId)).Status);
            Assert.False(await db.ScheduleOccasions.AnyAsync());
        }

        Assert.Equal(outboxBefore, (await OutboxAsync(host, "")).Count);

        // Stale buttons: a section that no longer exists, a malformed payload, a return pressed after another member returned it.
        var member = new ChatDriver(host, Demo.CommitteeMember);
        await member.Send(IncomingInput.FromButton($"{CommitteeFeature.ButtonPrefix}s:{reportId}:999"));
        Assert.Equal("Nút này không còn dùng được. Gõ /donvi để xem lại danh sách.", member.LastText);
        await member.Send(IncomingInput.FromButton($"{CommitteeFeature.ButtonPrefix}s:abc"));
        Assert.Equal("Nút này không còn dùng được. Gõ /donvi để xem lại danh sách.", member.LastText);
        await member.Send(IncomingInput.FromButton($"{CommitteeFeature.ButtonPrefix}l:{campaignId}:7"));
        Assert.Equal("Nút này không còn dùng được. Gõ /donvi để xem lại danh sách.", member.LastText);

        await member.Send(IncomingInput.FromButton($"{CommitteeFeature.ButtonPrefix}s:{reportId}:1"));
        var other = new ChatDriver(host, Demo.Admin);
        await other.Send(IncomingInput.FromButton($"{CommitteeFeature.ButtonPrefix}t:{reportId}"));
        await other.Say("Đề nghị đơn vị rà soát lại số liệu.");
        Assert.Contains("Đã trả lại báo cáo", other.LastText, StringComparison.Ordinal);
        await member.Press("Trả lại để chỉnh sửa");
        Assert.Contains("Báo cáo này đã được trả lại để chỉnh sửa; đơn vị chưa nộp lại nên không cần trả lại lần nữa.", member.LastText, StringComparison.Ordinal);
        await using var after = host.OpenDb();
        Assert.Null((await after.Conversations.SingleAsync(c => c.PersonId == Demo.CommitteeMember)).ActiveFeature);
    }

    [Fact]
    public async Task With_many_units_the_list_goes_by_upper_level_union_first_then_its_units_page_by_page()
    {
        await using var host = new ServiceHost();
        await using (var db = host.OpenDb())
        {
            var campaign = await db.Campaigns.SingleAsync();
            var phucHoa = await db.Units.SingleAsync(u => u.Name == PhucHoa);
            var level = (await db.Units.SingleAsync(u => u.Name == School)).LevelId;
            for (var i = 1; i <= 15; i++)
            {
                var unit = await Scope.AddUnitAsync(db, $"CĐCS Trường Tiểu học Phục Hòa số {i}", $"CĐCS TH PH {i}", level, phucHoa.Id, 1 + i, CancellationToken.None);
                db.CampaignUnits.Add(new CampaignUnit { CampaignId = campaign.Id, UnitId = unit.Id });
            }

            await db.SaveChangesAsync();
        }

        var member = new ChatDriver(host, Demo.CommitteeMember);
        await member.Say("/donvi");
        Assert.Contains("0/35 đơn vị đã nộp", member.LastText, StringComparison.Ordinal);
        Assert.Contains("Theo đơn vị cấp trên:", member.LastText, StringComparison.Ordinal);
        Assert.Contains("• LĐLĐ Phục Hòa: 0/17 đã nộp", member.LastText, StringComparison.Ordinal);
        Assert.Contains("• LĐLĐ Thành phố: 0/2 đã nộp", member.LastText, StringComparison.Ordinal);
        Assert.Contains(Buttons(member), b => b.Label == "Trang sau ▶️");

        await member.Press(PhucHoa);
        Assert.Contains("📂 LĐLĐ Phục Hòa: 0/17 đơn vị đã nộp.", member.LastText, StringComparison.Ordinal);
        Assert.Contains("Trang 1/2:", member.LastText, StringComparison.Ordinal);
        Assert.Equal(10, Buttons(member).Count(b => b.Payload.StartsWith(CommitteeFeature.ButtonPrefix + "u:", StringComparison.Ordinal)));
        await member.Press("Trang sau");
        Assert.Contains("Trang 2/2:", member.LastText, StringComparison.Ordinal);
        Assert.Contains("CĐCS Trường Tiểu học Phục Hòa số 15", member.LastText, StringComparison.Ordinal);
        await member.Press("CĐCS TH PH 15");
        Assert.Contains("🏢 CĐCS Trường Tiểu học Phục Hòa số 15", member.LastText, StringComparison.Ordinal);
        await member.Press("Danh sách đơn vị");
        Assert.Contains("📂 LĐLĐ Phục Hòa", member.LastText, StringComparison.Ordinal);
        Assert.Contains("Trang 2/2:", member.LastText, StringComparison.Ordinal);
        await member.Press("Các đơn vị cấp trên");
        Assert.Contains("Theo đơn vị cấp trên:", member.LastText, StringComparison.Ordinal);
    }
}
