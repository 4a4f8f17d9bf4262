using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Text;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Digest;
using UnionReview.Server.Features.Indicators;
using UnionReview.Server.Features.Schedules;
using UnionReview.Server.Tests.Infrastructure;
using UnionReview.Server.Tests.Proposals;
using UnionReview.Server.Tests.Schedules;
using static UnionReview.Server.Tests.Schedules.ScheduleSteps;

namespace UnionReview.Server.Tests.Digest;

public sealed class DigestTests
{
    private const string School = "CĐCS Trường THPT Thành phố Cao Bằng", Hospital = "CĐCS Bệnh viện Đa khoa tỉnh", Company = "CĐCS Công ty Cổ phần Xi măng Phục Hòa";

    private static ServiceHost Host(IDictionary<string, string?>? settings = null) =>
        new(settings: settings, configure: s => s.AddSingleton<IIndicatorTables, FixedIndicatorTables>());

    /// <summary>Friday: the school answers three questions and the hospital sends a proposal; Sunday: the hospital submits.</summary>
    private static async Task<string> PrepareAsync(ServiceHost host)
    {
        await LinkAsync(host, Demo.CommitteeMember, Demo.Admin);
        host.Clock.Set(At(11, 20, 10));
        var school = new ChatDriver(host, Demo.GrassrootsOfficer, ChannelNames.Web);
        await school.Say("/baocao");
        for (var i = 0; i < 3; i++)
        {
            await Answerer.AnswerCurrent(school, (await Answerer.CurrentQuestion(host, Demo.GrassrootsOfficer))!);
        }

        var proposal = await ProposalSteps.SendAsync(new ChatDriver(host, Demo.HospitalOfficer, ChannelNames.Web), "Chế độ trực đêm", "Đề nghị xem xét chế độ trực đêm.");
        host.Clock.Set(At(11, 22, 12));
        await SubmitAsync(host, Hospital, Demo.HospitalOfficer);
        return proposal;
    }

    [Fact]
    public async Task The_daily_digest_reaches_each_committee_member_once_with_figures_that_match_the_database()
    {
        await using var host = Host();
        var proposal = await PrepareAsync(host);
        host.Clock.Set(At(11, 23, 7, 30));
        var runner = host.Get<ScheduleRunner>();
        var result = await runner.RunDigestsAsync(CancellationToken.None);
        Assert.Equal((1, "sent"), (result.Occasions, result.Outcome));
        Assert.Equal(0, (await runner.RunDigestsAsync(CancellationToken.None)).Messages);

        var parts = (await OutboxAsync(host, "digest:")).ToList();
        Assert.All(parts, p => Assert.Equal(Demo.CommitteeMember, p.Row.PersonId)); // the admin is not a digest role by default
        Assert.All(parts, p => Assert.True(p.Message.Text.Length <= 4096));
        Assert.All(parts.SkipLast(1), p => Assert.Empty(p.Message.Buttons));
        var text = string.Join("\n", parts.Select(p => p.Message.Text));

        await using var db = host.OpenDb();
        var campaign = await db.Campaigns.SingleAsync();
        var unitIds = await db.CampaignUnits.Where(c => c.CampaignId == campaign.Id).Select(c => c.UnitId).ToListAsync();
        var statuses = await db.Reports.Where(r => r.CampaignId == campaign.Id).ToDictionaryAsync(r => r.UnitId, r => r.Status);
        var submitted = unitIds.Count(u => statuses.GetValueOrDefault(u) == ReportStatus.Submitted);
        var inProgress = unitIds.Count(u => statuses.GetValueOrDefault(u) is ReportStatus.InProgress or ReportStatus.Returned);
        var notStarted = unitIds.Count - submitted - inProgress;
        Assert.Equal((20, 1, 1, 18), (unitIds.Count, submitted, inProgress, notStarted));
        var schoolReport = await db.Reports.SingleAsync(r => r.UnitId == db.Units.Single(u => u.Name == School).Id);
        var schoolAnswers = await db.Answers.CountAsync(a => a.ReportId == schoolReport.Id);
        var questions = (await db.Campaigns.SingleAsync()).OutlineId;
        var outline = host.Get<UnionReview.Server.Features.Reports.OutlineCatalog>().Get(questions);
        Assert.Contains("📊 TỔNG HỢP TIẾN ĐỘ BÁO CÁO – thứ Hai, 23/11/2026", text, StringComparison.Ordinal);
        Assert.Contains($"✅ Đã nộp: {submitted}/{unitIds.Count} đơn vị ({submitted * 100 / unitIds.Count}%)", text, StringComparison.Ordinal);
        Assert.Contains($"✏️ Đang soạn: {inProgress} · ▫️ Chưa bắt đầu: {notStarted}", parts[0].Message.Text, StringComparison.Ordinal);
        Assert.Contains($"✏️ Đang soạn: {inProgress}\n• {School} ({schoolAnswers * 100 / outline.Questions.Count}%)", text, StringComparison.Ordinal);
        Assert.Contains($"▫️ Chưa bắt đầu: {notStarted} – ", text, StringComparison.Ordinal);
        Assert.Contains("⏰ Quá hạn: 0", text, StringComparison.Ordinal);
        Assert.Contains("Hạn nộp: Công đoàn cơ sở 25/11/2026 (còn 2 ngày)", text, StringComparison.Ordinal);

        // A compact bar per upper-level unit: the health sector union has 1 of its 2 participating units submitted.
        Assert.Contains("\n▰▰▰▰▰▱▱▱▱▱ 1/2 CĐ ngành Y tế", text, StringComparison.Ordinal);
        Assert.Contains("\n▱▱▱▱▱▱▱▱▱▱ 0/2 LĐLĐ Thành phố", text, StringComparison.Ordinal);
        Assert.Contains("\n▱▱▱▱▱▱▱▱▱▱ 0/1 LĐLĐ Thạch An", text, StringComparison.Ordinal);

        // Indicator table, proposals, and what changed since yesterday's digest time.
        // Worst first, the unit without a figure named after them, then the totals.
        Assert.Contains("📈 Biểu 1: Phát triển đoàn viên\n• LĐLĐ Thành phố: KH giao 200 · Kết quả 150 · % đạt 75%\n• CĐ ngành Y tế: KH giao 120 · Kết quả 132 · % đạt 110%\n• Chưa có kết quả (1): LĐLĐ Phục Hòa", text, StringComparison.Ordinal);
        Assert.Contains("\nΣ Tổng cộng: KH giao 400 · Kết quả 282 · % đạt 70,5%", text, StringComparison.Ordinal);
        Assert.Contains($"📝 Kiến nghị mới hoặc chưa trả lời: 1\n• [{proposal}] {Hospital} – Nông Văn Đức → Liên đoàn Lao động tỉnh: Chế độ trực đêm (Mới)", text, StringComparison.Ordinal);
        Assert.Contains("🔔 Thay đổi từ 07:30 22/11:", text, StringComparison.Ordinal);
        Assert.Contains($"📥 Đã nộp: {Hospital}", text, StringComparison.Ordinal);

        var buttons = parts[^1].Message.Buttons.SelectMany(r => r).Select(b => b.Payload).ToList();
        Assert.Equal([DigestBuilder.PayloadDetails, DigestBuilder.PayloadDocx, DigestBuilder.PayloadXlsx, DigestBuilder.PayloadOff], buttons);

        // Thursday: two grassroots units are overdue and named; "since" is now the previous digest.
        host.Clock.Set(At(11, 26, 7, 30));
        await runner.RunDigestsAsync(CancellationToken.None);
        var thursday = string.Join("\n", (await OutboxAsync(host, "digest:")).Where(p => p.Row.DedupeKey!.Contains("2026-11-26", StringComparison.Ordinal)).Select(p => p.Message.Text));
        Assert.Contains($"⏰ Quá hạn: 2 – {Company} (quá 1 ngày), {School} (quá 1 ngày)", thursday, StringComparison.Ordinal);
        Assert.Contains($"⏰ Mới quá hạn: {School}, {Company}", thursday, StringComparison.Ordinal);
        Assert.Contains("🔔 Thay đổi từ 07:30 23/11:", thursday, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_asks_for_the_digest_with_tonghop_and_switches_the_daily_one_off_and_on()
    {
        await using var host = Host();
        await LinkAsync(host, Demo.CommitteeMember);
        host.Clock.Set(At(11, 20, 15));
        var member = new ChatDriver(host, Demo.CommitteeMember, ChannelNames.Web);
        await member.Say("/tonghop");
        Assert.Contains("TỔNG HỢP TIẾN ĐỘ BÁO CÁO – thứ Sáu, 20/11/2026", member.LastText, StringComparison.Ordinal);
        await member.Press("Tắt bản tin hằng ngày");
        Assert.Contains("Đã tắt bản tin tổng hợp hằng ngày", member.LastText, StringComparison.Ordinal);

        host.Clock.Set(At(11, 23, 7, 30));
        var runner = host.Get<ScheduleRunner>();
        await runner.RunDigestsAsync(CancellationToken.None);
        Assert.Empty(await OutboxAsync(host, "digest:"));

        await member.Say("/tonghop bat");
        Assert.Contains("Đã bật bản tin tổng hợp hằng ngày", member.LastText, StringComparison.Ordinal);
        host.Clock.Set(At(11, 24, 7, 45));
        await runner.RunDigestsAsync(CancellationToken.None);
        Assert.Contains("thứ Ba, 24/11/2026", (await OutboxAsync(host, "digest:"))[0].Message.Text, StringComparison.Ordinal);

        // Saturday is not a digest day; an officer cannot ask for the committee's digest; a wrong word is explained.
        host.Clock.Set(At(11, 28, 7, 45));
        Assert.Equal("non-working day", (await runner.RunDigestsAsync(CancellationToken.None)).Outcome);
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer, ChannelNames.Web);
        await officer.Say("/tonghop");
        Assert.Equal("Bản tổng hợp dành cho Ban Thường vụ.", officer.LastText);
        await member.Say("/tonghop linh tinh");
        Assert.Contains("/tonghop tat", member.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_digest_splits_at_line_breaks_under_the_limit_with_the_buttons_under_the_last_part()
    {
        await using var host = Host(new Dictionary<string, string?> { ["Schedules:Digest:MessageLimit"] = "600" });
        await PrepareAsync(host);
        host.Clock.Set(At(11, 23, 8));
        await host.Get<ScheduleRunner>().RunDigestsAsync(CancellationToken.None);
        var parts = await OutboxAsync(host, "digest:");
        Assert.True(parts.Count >= 3, $"{parts.Count} parts");
        Assert.All(parts, p => Assert.InRange(p.Message.Text.Length, 1, 600));
        Assert.All(parts.SkipLast(1), p => Assert.Empty(p.Message.Buttons));
        Assert.NotEmpty(parts[^1].Message.Buttons);
        var joined = string.Join("\n", parts.Select(p => p.Message.Text));
        foreach (var name in new[] { School, Hospital, "LĐLĐ Trùng Khánh", "CĐ ngành NN" })
        {
            Assert.Contains(name, joined, StringComparison.Ordinal);
        }

        // Plain splitting: every part fits, nothing is lost, no emoji is cut in half.
        var text = string.Join("\n", Enumerable.Range(1, 400).Select(i => $"📌 Dòng số {i} của một bản tin rất dài"));
        var split = MessageSplitter.Split(text, 4096);
        Assert.All(split, s => Assert.True(s.Length <= 4096 && !char.IsHighSurrogate(s[^1]) && !char.IsLowSurrogate(s[0])));
        Assert.Equal(text, string.Join("\n", split));
        var unbroken = new string('x', 5000) + "😀" + new string('y', 5000);
        Assert.Equal(unbroken, string.Concat(MessageSplitter.Split(unbroken, 4096)));
    }

    [Fact]
    public async Task A_district_committee_member_gets_the_digest_of_their_district_only_with_one_bar_for_it()
    {
        await using var host = Host();
        await using (var db = host.OpenDb())
        {
            var phucHoa = await db.Units.SingleAsync(u => u.Name == "LĐLĐ Phục Hòa");
            db.Memberships.Add(new UnionReview.Server.Persistence.Membership { PersonId = Demo.UpperLevelOfficer, UnitId = phucHoa.Id, Role = UnionReview.Server.Persistence.Role.Committee });
            await db.SaveChangesAsync();
        }

        await LinkAsync(host, Demo.UpperLevelOfficer, Demo.CommitteeMember);
        host.Clock.Set(At(11, 26, 7, 30));
        await host.Get<ScheduleRunner>().RunDigestsAsync(CancellationToken.None);
        var district = string.Join("\n", (await OutboxAsync(host, "digest:")).Where(p => p.Row.PersonId == Demo.UpperLevelOfficer).Select(p => p.Message.Text));
        Assert.Contains("✅ Đã nộp: 0/2 đơn vị (0%)", district, StringComparison.Ordinal);
        Assert.Contains($"⏰ Quá hạn: 1 – {Company} (quá 1 ngày)", district, StringComparison.Ordinal);
        Assert.Contains("\n▱▱▱▱▱▱▱▱▱▱ 0/2 LĐLĐ Phục Hòa", district, StringComparison.Ordinal);
        Assert.DoesNotContain(School, district, StringComparison.Ordinal);
        Assert.DoesNotContain(Hospital, district, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_two_active_campaigns_the_digest_has_a_part_for_each_under_one_title()
    {
        await using var host = new ServiceHost(settings: new Dictionary<string, string?> { ["Indicators:SeedDemo"] = "true" });
        await LinkAsync(host, Demo.CommitteeMember);
        host.Clock.Set(At(11, 20, 15));
        var member = new ChatDriver(host, Demo.CommitteeMember, ChannelNames.Web);
        await member.Say("/tonghop");
        var text = member.LastText;
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "TỔNG HỢP TIẾN ĐỘ BÁO CÁO"));
        var midTerm = text.IndexOf("Sơ kết giữa nhiệm kỳ", StringComparison.Ordinal);
        var conference = text.IndexOf(UnionReview.Server.Features.Indicators.IndicatorDemoSeeder.CampaignName, StringComparison.Ordinal);
        Assert.True(midTerm > 0 && conference > midTerm, text);
        Assert.Contains("━━━━━━━━━━", text, StringComparison.Ordinal);
    }
}

public sealed class DigestAtAGlanceTests
{
    [Fact]
    public async Task The_demo_digest_answers_where_we_are_in_one_screen_then_charts_then_details()
    {
        await using var host = new ServiceHost(settings: new Dictionary<string, string?> { ["Indicators:SeedDemo"] = "true" });
        await LinkAsync(host, Demo.CommitteeMember);
        host.Clock.Set(At(11, 26, 9));
        var member = new ChatDriver(host, Demo.CommitteeMember, ChannelNames.Web);
        var messages = await member.Say("/tonghop");
        var folder = Path.Combine(Path.GetTempPath(), "unionreview-charts");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "digest.txt"), string.Join("\n\n=====\n\n", messages.Select(m => m.Text + (m.Document is { } d ? $"\n[{d.FileName}, {d.Content.Length} B]" : ""))));
        foreach (var (m, i) in messages.Select((m, i) => (m, i)).Where(x => x.m.Document?.IsImage == true))
        {
            File.WriteAllBytes(Path.Combine(folder, $"digest-{i}-{m.Document!.FileName}"), m.Document.Content);
        }

        // One screen: counts for each campaign, the overdue units named, what changed; no table, no list of names.
        var first = messages[0].Text;
        Assert.True(first.Length < 1_500, $"{first.Length} characters:\n{first}");
        Assert.Contains("✅ Đã nộp: 0/20 đơn vị (0%)", first, StringComparison.Ordinal);
        Assert.Contains("⏰ Quá hạn: 3 – CĐCS Bệnh viện Đa khoa tỉnh (quá 1 ngày), CĐCS Công ty Cổ phần Xi măng Phục Hòa (quá 1 ngày), CĐCS Trường THPT Thành phố Cao Bằng (quá 1 ngày)", first, StringComparison.Ordinal);
        Assert.Contains("🔔 Thay đổi từ", first, StringComparison.Ordinal);
        Assert.Contains(IndicatorDemoSeeder.CampaignName, first, StringComparison.Ordinal);
        Assert.DoesNotContain("KH giao", first, StringComparison.Ordinal);

        // Charts as pictures: submission progress and % achievement.
        var charts = messages.Where(m => m.Document?.IsImage == true).ToList();
        Assert.Contains(charts, c => c.Text.Contains("Tiến độ nộp báo cáo", StringComparison.Ordinal));
        Assert.Contains(charts, c => c.Text.Contains("% so với kế hoạch", StringComparison.Ordinal));
        Assert.All(charts, c => Assert.True(c.Document!.Content.Length > 10_000));

        // Details: in-progress units as a list, tables one line per unit in /chitieu's words, worst first.
        var details = string.Join("\n", messages.Where(m => m.Document is null).Skip(1).Select(m => m.Text));
        Assert.Contains("✏️ Đang soạn: ", details, StringComparison.Ordinal);
        Assert.Matches(@"✏️ Đang soạn: \d+\n• ", details);
        Assert.Contains("• LĐLĐ Phục Hòa\n   • Thành lập công đoàn cơ sở mới: KH giao 1 · kết quả 1 · đạt 100%\n   • Phát triển đoàn viên mới: KH giao 10 · kết quả 23 · đạt 230%", details, StringComparison.Ordinal);
        Assert.Contains("• LĐLĐ Trà Lĩnh: KH giao 12 · kết quả 7 · đạt 58,3%", details, StringComparison.Ordinal);
        var table = details[details.IndexOf("📈 Tin, bài", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\nΣ", StringComparison.Ordinal)];
        var percents = System.Text.RegularExpressions.Regex.Matches(table, @"đạt ([\d,]+)%").Select(m => decimal.Parse(m.Groups[1].Value.Replace(",", ".", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(percents.Count > 3, table);
        Assert.Equal(percents.Order().ToList(), percents);
        Assert.NotEmpty(messages[^1].Buttons);
    }

    [Fact]
    public void A_unit_appears_under_one_heading_of_changes_with_its_answers_beside_it()
    {
        var changes = new DigestChanges(["A"], [], ["A", "B"], ["B", "C"], [("A", 4), ("B", 2), ("D", 7)]);
        var lines = DigestBuilder.ChangeLines(changes, 5);
        Assert.Equal(["📥 Đã nộp: A (+4 câu)", "⏰ Mới quá hạn: B (+2 câu), C", "✍️ Cập nhật thêm: D (+7 câu)"], lines);
    }

    [Fact]
    public void The_digest_declares_its_payload_prefix_and_its_own_buttons_use_it()
    {
        Assert.Equal(["dg:"], DigestFeature.Prefixes);
        Assert.All([DigestBuilder.PayloadDocx, DigestBuilder.PayloadXlsx, DigestBuilder.PayloadOff, DigestBuilder.PayloadOn],
            p => Assert.StartsWith(DigestFeature.Prefix, p, StringComparison.Ordinal));
        Assert.Equal(["dg:docx", "dg:xlsx", "dg:off", "dg:on"], [DigestBuilder.PayloadDocx, DigestBuilder.PayloadXlsx, DigestBuilder.PayloadOff, DigestBuilder.PayloadOn]);
    }
}
