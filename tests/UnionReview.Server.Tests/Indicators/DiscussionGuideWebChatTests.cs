using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Indicators;

/// <summary>Whole conversations through the discussion guide, in Vietnamese, over the web chat on 127.0.0.1.</summary>
public sealed class DiscussionGuideWebChatTests
{
    private sealed record Button(string Label, string Payload);
    private sealed record Message(string Text, List<List<Button>> Buttons);
    private sealed record Reply(bool Duplicate, List<Message> Messages);

    private sealed class WebUser(HttpClient http, int personId)
    {
        public List<Message> Last { get; private set; } = [];

        public string Text => string.Join("\n", Last.Select(m => m.Text));

        public async Task Say(string text) => await Post(new { personId, text, clientMessageId = Guid.NewGuid().ToString() });

        public async Task Press(string label) =>
            await Post(new { personId, payload = (Last.SelectMany(m => m.Buttons).SelectMany(r => r).FirstOrDefault(b => b.Label.Contains(label, StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"No button “{label}” in: {Text}")).Payload });

        public async Task Answer(string text)
        {
            await Say(text);
            await Say("xong");
        }

        private async Task Post(object body)
        {
            using var response = await http.PostAsJsonAsync("/api/webchat/messages", body);
            response.EnsureSuccessStatusCode();
            Last = (await response.Content.ReadFromJsonAsync<Reply>(JsonSerializerOptions.Web))!.Messages;
        }
    }

    private static ServiceHost WebHost() => new(kestrel: true, settings: new Dictionary<string, string?> { ["Indicators:SeedDemo"] = "true" });

    [Fact]
    public async Task An_officer_answers_the_whole_guide_sees_the_figures_before_the_questions_about_them_and_is_asked_for_solutions()
    {
        await using var host = WebHost();
        Assert.Equal("127.0.0.1", host.BaseAddress.Host);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var officer = new WebUser(http, Demo.UpperLevelOfficer);

        await officer.Say("/baocao");
        await officer.Press("Hội nghị BCH");
        Assert.Contains("1. Các văn bản dự thảo trình Hội nghị", officer.Text, StringComparison.Ordinal);
        Assert.Contains("Tập trung nêu những hạn chế, vướng mắc và đề xuất giải pháp", officer.Text, StringComparison.Ordinal);
        Assert.True(officer.Text.Contains("Câu 1/14: Báo cáo dự thảo đã đánh giá khách quan", StringComparison.Ordinal), officer.Text);

        await officer.Answer("Nhất trí; đề nghị bổ sung số liệu thu Quỹ Xã hội của Phục Hòa (đã nộp 39.600.000đ).");
        Assert.Contains("Câu 2/14", officer.Text, StringComparison.Ordinal);
        await officer.Answer("Mô hình “Tổ tự quản công nhân” ở khu công nghiệp: 3 tổ, 120 đoàn viên tham gia.");

        // Limitations: a problem without a solution gets the follow-up.
        Assert.Contains("Câu 3/14: Những hạn chế, vướng mắc", officer.Text, StringComparison.Ordinal);
        await officer.Answer("Doanh nghiệp ngoài nhà nước ít, người lao động chưa muốn vào công đoàn.");
        Assert.Contains("chưa thấy giải pháp", officer.Text, StringComparison.Ordinal);
        await officer.Say("Phối hợp UBND huyện đối thoại tại 5 doanh nghiệp trong quý I/2020;");
        await officer.Say("cán bộ LĐLĐ huyện trực tiếp tuyên truyền tại nơi làm việc.");
        await officer.Say("xong");
        Assert.Contains("Đã lưu giải pháp", officer.Text, StringComparison.Ordinal);

        // Next year's targets: this answer already names its solution, so no follow-up.
        Assert.Contains("Câu 4/14: Dự thảo các chỉ tiêu năm 2020", officer.Text, StringComparison.Ordinal);
        await officer.Answer("Chỉ tiêu 24 tin, bài/năm là cao với đơn vị 01 biên chế; đề xuất giao 12 tin, bài vì thiếu cán bộ; giải pháp: phân công cán bộ kiêm nhiệm viết tin hằng tháng.");
        Assert.DoesNotContain("chưa thấy giải pháp", officer.Text, StringComparison.Ordinal);

        Assert.Contains("Câu 5/14", officer.Text, StringComparison.Ordinal);
        await officer.Answer("Có đổi mới: giao ban trực tuyến hằng tháng; nên duy trì.");
        await officer.Answer("Công văn số 607/LĐLĐ ngày 08/01/2020 đến đơn vị chậm 5 ngày; biểu giao chỉ tiêu dài, khó hiểu.");
        await officer.Answer("Kiến nghị về phụ cấp cán bộ công đoàn cơ sở gửi tháng 6/2019 chưa được trả lời.");

        // 3.1: the unit's row of the recruitment table is shown before the question about it.
        Assert.Contains("📊 Số liệu của LĐLĐ Phục Hòa", officer.Text, StringComparison.Ordinal);
        Assert.Contains("■ PHÁT TRIỂN ĐOÀN VIÊN, THÀNH LẬP CĐCS NĂM 2019", officer.Text, StringComparison.Ordinal);
        Assert.Contains("1/10. LĐLĐ Phục Hòa", officer.Text, StringComparison.Ordinal);
        Assert.Contains("KH giao 10 · kết quả 23 · đạt 230%", officer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Bảo Lạc", officer.Text, StringComparison.Ordinal);
        Assert.True(officer.Text.IndexOf("đạt 230%", StringComparison.Ordinal) < officer.Text.IndexOf("Đồng chí cho ý kiến về kết quả phát triển đoàn viên", StringComparison.Ordinal));
        await officer.Answer("Vượt kế hoạch nhờ vận động tại các doanh nghiệp xi măng; sẽ nhân rộng sang khu công nghiệp.");

        // The figures already gathered are kept: the guide moves to 3.2, again with the unit's row first.
        Assert.Contains("■ TIN, BÀI TRÊN TRANG THÔNG TIN ĐIỆN TỬ NĂM 2019", officer.Text, StringComparison.Ordinal);
        Assert.Contains("7/21. LĐLĐ Phục Hòa", officer.Text, StringComparison.Ordinal);
        Assert.Contains("KH giao 12 · kết quả 7 · đạt 58,3%", officer.Text, StringComparison.Ordinal);
        await officer.Answer("Chưa đủ tin, bài vì đơn vị chỉ có một cán bộ chuyên trách.");
        Assert.Contains("chưa thấy giải pháp", officer.Text, StringComparison.Ordinal);
        await officer.Answer("Mỗi CĐCS lớn cử một cộng tác viên viết tin, mỗi tháng ít nhất 2 tin.");

        // 3.3: the social fund row, with the amount due computed from the members.
        Assert.Contains("2/17. LĐLĐ Phục Hòa", officer.Text, StringComparison.Ordinal);
        Assert.Contains("số ĐV 775 · phải nộp 38.750.000 · đã nộp 39.600.000 · đạt 102%", officer.Text, StringComparison.Ordinal);
        await officer.Answer("Phân công vận động doanh nghiệp như năm 2019 là hợp lý; đề nghị giao thêm chỉ tiêu cho các tổ công tác của tỉnh.");

        Assert.Contains("Đồng chí đã đi hết đề cương (14/14 câu có trả lời)", officer.Text, StringComparison.Ordinal);
        await officer.Say("/nop");
        await officer.Press("Xác nhận nộp");
        Assert.Contains("✅ Đã nộp báo cáo của LĐLĐ Phục Hòa", officer.Text, StringComparison.Ordinal);

        await using var db = host.OpenDb();
        var conversation = await db.Conversations.SingleAsync(c => c.PersonId == Demo.UpperLevelOfficer);
        var report = await db.Reports.SingleAsync(r => r.Id == conversation.ReportId);
        Assert.Equal(ReportStatus.Submitted, report.Status);
        var answers = (await db.Answers.Where(a => a.ReportId == report.Id).ToListAsync()).ToDictionary(a => a.QuestionId, a => StoredJson.Read<AnswerValue>(a.Value));
        Assert.Equal("Phối hợp UBND huyện đối thoại tại 5 doanh nghiệp trong quý I/2020;\ncán bộ LĐLĐ huyện trực tiếp tuyên truyền tại nơi làm việc.", answers["han-che-giai-phap"].FollowUp);
        Assert.Equal("Doanh nghiệp ngoài nhà nước ít, người lao động chưa muốn vào công đoàn.", answers["han-che-giai-phap"].Text);
        Assert.Null(answers["chi-tieu-2020"].FollowUp);
        Assert.Equal("Mỗi CĐCS lớn cử một cộng tác viên viết tin, mỗi tháng ít nhất 2 tin.", answers["y-kien-tin-bai"].FollowUp);
        Assert.Equal(23m, answers["ket-qua-doan-vien"].Number);
        Assert.Equal(14, answers.Count);
    }

    [Fact]
    public async Task A_corrected_figure_keeps_its_explanation_in_the_review_and_in_the_committee_tables()
    {
        await using var host = WebHost();
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var officer = new WebUser(http, Demo.UpperLevelOfficer);
        await officer.Say("/baocao");
        await officer.Press("Hội nghị BCH");
        await officer.Say("/mucluc");
        await officer.Press("3.3");
        Assert.Contains("Kế hoạch vận động doanh nghiệp thực hiện NĐ 191", officer.Text, StringComparison.Ordinal);
        await officer.Answer("Vướng mắc: doanh nghiệp nhỏ chậm nộp; giải pháp: phối hợp cơ quan thuế đôn đốc.");

        // The fund figure, already gathered, is corrected from the review: a slip of a thousand is questioned first.
        await officer.Say("/xem");
        await officer.Press("3.3");
        await officer.Press("Sửa câu 14");
        Assert.Contains("Năm 2019 đơn vị đã nộp Quỹ Xã hội bao nhiêu đồng?", officer.Text, StringComparison.Ordinal);
        Assert.Contains("Câu trả lời hiện tại: 39.600.000 đồng", officer.Text, StringComparison.Ordinal);
        Assert.Contains("KH giao: 38.750.000đ", officer.Text, StringComparison.Ordinal);
        await officer.Say("41.100");
        Assert.Contains("khác thường", officer.Text, StringComparison.Ordinal);
        await officer.Press("Nhập lại");
        await officer.Say("41.100.000 (đã gồm phần nộp bổ sung tháng 12)");
        // The chat prints the percentage with the precision of the table that shows it (whole percentages for the fund).
        Assert.Contains("Đạt 106% so với KH giao (38.750.000đ)", officer.Text, StringComparison.Ordinal);
        Assert.Contains("Lời giải trình đã được lưu", officer.Text, StringComparison.Ordinal);

        Assert.Contains("41.100.000 đồng (giải trình: đã gồm phần nộp bổ sung tháng 12)", officer.Text, StringComparison.Ordinal);

        var member = new WebUser(http, Demo.CommitteeMember);
        await member.Say("/chitieu");
        Assert.Contains("LĐLĐ Phục Hòa\n   • số ĐV 775 · phải nộp 38.750.000 · đã nộp 41.100.000 · đạt 106%\n   📝 đã gồm phần nộp bổ sung tháng 12", member.Text, StringComparison.Ordinal);
        Assert.Contains("1. LĐLĐ Phục Hòa\n   • số ĐV 775", member.Text, StringComparison.Ordinal);
    }
}
