using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;

namespace UnionReview.Dialogs.Tests;

/// <summary>Defects an officer met walking through a whole report, each pinned by a test.</summary>
public sealed class OfficerWalkThroughTests
{
    private static void GoTo(EngineHarness h, string questionId) =>
        h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.GoToQuestion, questionId).ToPayload()));

    [Fact]
    public void A_last_line_xong_finishes_the_answer_and_is_not_stored_in_it()
    {
        var h = EngineHarness.Small();
        h.Say("/baocao");
        h.Say("Thuận lợi: lãnh đạo quan tâm.\nKhó khăn: kinh phí hạn hẹp.\nxong");
        Assert.Equal("Thuận lợi: lãnh đạo quan tâm.\nKhó khăn: kinh phí hạn hẹp.", h.Answers["thuan-loi"].Text);
        Assert.Equal("so-doan-vien", h.CurrentQuestion);

        // The same on a message after earlier ones, with "Xong." written as people do.
        GoTo(h, "noi-dung");
        h.Say("Đề nghị tăng kinh phí.");
        h.Say("Đề nghị tập huấn cán bộ.\n  Xong. ");
        Assert.Equal("Đề nghị tăng kinh phí.\nĐề nghị tập huấn cán bộ.", h.Answers["noi-dung"].Text);
    }

    [Fact]
    public void A_word_xong_inside_the_text_stays_in_the_answer()
    {
        var h = EngineHarness.Small();
        h.Say("/baocao");
        h.Say("Công trình xong\nvào tháng 5");
        Assert.IsType<TurnOutcome.DraftExtended>(h.Last.Outcome);
        h.Say("xong");
        Assert.Equal("Công trình xong\nvào tháng 5", h.Answers["thuan-loi"].Text);
    }

    [Fact]
    public void Keep_and_go_on_in_a_finished_report_goes_to_the_following_question_and_text_after_the_end_is_answered()
    {
        var h = EngineHarness.Small();
        h.Say("/baocao");
        h.AnswerAllRequired();
        Assert.Contains("đi hết đề cương", h.Text, StringComparison.Ordinal);

        GoTo(h, "so-doan-vien");
        h.Press("Giữ nguyên, tiếp");
        Assert.Equal("dv-moi", h.CurrentQuestion);
        Assert.Contains("Câu 3/9", h.Text, StringComparison.Ordinal);

        GoTo(h, "noi-dung");
        h.Press("Giữ nguyên, tiếp");
        Assert.Contains("đi hết đề cương", h.Text, StringComparison.Ordinal);
        var before = h.Answers.ToDictionary(a => a.Key, a => a.Value);
        h.Say("Bổ sung thêm một ý");
        Assert.Contains("chưa được lưu vào câu nào", h.Text, StringComparison.Ordinal);
        Assert.Empty(h.Last.Effects);
        Assert.Equal(before, h.Answers);
    }

    [Fact]
    public void A_section_code_typed_on_the_table_of_contents_opens_that_section_and_other_text_is_not_an_answer()
    {
        var h = EngineHarness.Small();
        h.Say("/baocao");
        h.Say("/mucluc");
        h.Say("ii.1");
        Assert.Equal("dv-moi", h.CurrentQuestion);
        Assert.Empty(h.Last.Effects);
        Assert.Null(h.State.Draft);

        h.Say("/mucluc");
        h.Say("II.8");
        Assert.Contains("không phải mã mục", h.Text, StringComparison.Ordinal);
        Assert.Null(h.State.Draft);
        Assert.Empty(h.Last.Effects);
        h.Press("Tiếp tục");
        Assert.DoesNotContain("Đang soạn", h.Text, StringComparison.Ordinal);

        h.Say("/xem");
        h.Say("2");
        Assert.Contains("■ 2. Kiến nghị", h.Text, StringComparison.Ordinal);
        Assert.Null(h.State.Draft);
    }

    [Fact]
    public void A_choice_shown_for_editing_has_its_current_answer_ticked()
    {
        var h = EngineHarness.Small();
        h.Say("/baocao");
        h.AnswerAllRequired();
        Assert.Equal(["dang", "tld"], h.Answers["cap-nhan"].Choices);

        h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.Edit, "cap-nhan").ToPayload()));
        Assert.Equal("☑ Đảng", h.Button("Đảng").Label);
        Assert.Equal("☐ Nhà nước", h.Button("Nhà nước").Label);
        Assert.Equal("☑ Tổng Liên đoàn", h.Button("Tổng Liên đoàn").Label);

        // One press changes the answer from the current one.
        h.Press("Nhà nước");
        h.Press("Xong");
        Assert.Equal(["dang", "nha-nuoc", "tld"], h.Answers["cap-nhan"].Choices);

        h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.Edit, "danh-gia").ToPayload()));
        Assert.Equal("✔️ Tốt", h.Button("Tốt").Label);
        Assert.Equal("Khá", h.Button("Khá").Label);
    }

    [Fact]
    public void Draft_lengths_count_what_a_reader_sees_an_emoji_once()
    {
        var h = EngineHarness.Small();
        h.Say("/baocao");
        h.Say("Tốt 👍👍");
        Assert.Contains("Đã nhận (6 ký tự)", h.Text, StringComparison.Ordinal);
        h.Say("👨‍👩‍👧");
        Assert.Contains("Đã nhận (8 ký tự)", h.Text, StringComparison.Ordinal);
        h.Say("xong");
        Assert.Contains("Đã lưu câu trả lời (8 ký tự)", h.Text, StringComparison.Ordinal);
        Assert.Equal(8, DialogEngine.TextLength("Tốt 👍👍\n👨‍👩‍👧"));
    }

    [Fact]
    public void An_overdue_report_is_called_late_when_resumed_and_in_progress_and_a_submitted_one_is_not()
    {
        var h = EngineHarness.Small();
        h.Today = new DateOnly(2026, 11, 27);
        h.Say("/baocao");
        Assert.Contains("Báo cáo đã quá hạn 2 ngày (hạn nộp: 25/11/2026)", h.Text, StringComparison.Ordinal);
        h.Say("/tiendo");
        Assert.Contains("quá hạn 2 ngày", h.Text, StringComparison.Ordinal);

        h.AnswerAllRequired();
        h.Press("Nộp báo cáo");
        h.Press("Xác nhận nộp");
        h.Say("/tiendo");
        Assert.DoesNotContain("quá hạn", h.Text, StringComparison.Ordinal);
        Assert.Contains("Hạn nộp: 25/11/2026.", h.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Đạt và vượt kế hoạch.", false)]
    [InlineData("Hoàn thành tốt các chỉ tiêu được giao.", false)]
    [InlineData("Doanh nghiệp ngoài nhà nước ít, người lao động chưa muốn vào công đoàn.", true)]
    [InlineData("Văn bản của tỉnh gửi xuống muộn, nhiều văn bản chồng chéo.", true)]
    [InlineData("kinh phi han hep", true)]
    public void Only_an_answer_that_names_a_problem_counts_as_one(string text, bool expected) =>
        Assert.Equal(expected, SolutionDetector.NamesProblem(text));

    [Fact]
    public void An_answer_that_names_no_problem_gets_no_solution_follow_up()
    {
        var h = new EngineHarness(Loading.OutlineLoader.Parse("""
            id: tl
            title: "Ý kiến"
            parts:
              - id: p1
                title: "1"
                sections:
                  - id: s1
                    code: "1"
                    title: "Kết quả"
                    questions:
                      - { id: ket-qua, kind: text, followUp: solution, prompt: "Kết quả, hạn chế và giải pháp?" }
                      - { id: khac, kind: text, required: false, prompt: "Ý kiến khác?" }
            """, "tl.yaml"));
        h.Say("/baocao");
        h.Say("Đạt và vượt kế hoạch.\nxong");
        Assert.IsType<TurnOutcome.AnswerAccepted>(h.Last.Outcome);
        Assert.DoesNotContain("chưa thấy giải pháp", h.Text, StringComparison.Ordinal);
        Assert.Equal("khac", h.CurrentQuestion);
    }

    [Fact]
    public void An_achievement_in_the_chat_has_the_precision_of_the_table_that_prints_it()
    {
        var h = new EngineHarness(Loading.OutlineLoader.Parse("""
            id: bang
            title: "Chỉ tiêu"
            indicators:
              - { id: dv, name: "Đoàn viên mới", unit: "người" }
              - { id: tin, name: "Tin bài", unit: "tin bài" }
            tables:
              - { id: bang-dv, title: "Đoàn viên", indicators: [dv], percentDecimals: 0 }
            parts:
              - id: p1
                title: "1"
                sections:
                  - id: s1
                    code: "1"
                    title: "Kết quả"
                    questions:
                      - { id: q-dv, kind: indicator, indicator: dv, prompt: "Kết nạp?" }
                      - { id: q-tin, kind: indicator, indicator: tin, prompt: "Tin bài?" }
            """, "bang.yaml"));
        h.Targets.Clear();
        h.Targets["dv"] = 1000;
        h.Targets["tin"] = 1000;
        h.Say("/baocao");
        h.Say("1.022");
        Assert.Contains("Đạt 102% so với KH giao", h.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("102,2%", h.Text, StringComparison.Ordinal);
        Assert.Equal(0, h.Outline.PercentDecimalsOf("dv"));

        // In no table: one decimal place, the stated default.
        h.Say("1.022");
        Assert.Contains("Đạt 102,2% so với KH giao", h.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("59 nữ", 59)]
    [InlineData("27 nam", 27)]
    [InlineData("86 người", 86)]
    [InlineData("120 đoàn viên", 120)]
    [InlineData("86 lao động", 86)]
    [InlineData("59 nữ đoàn viên", 59)]
    public void Head_counts_accept_the_words_people_count_with(string typed, decimal expected)
    {
        var reading = Input.VietnameseNumberParser.Parse(typed, "người");
        Assert.True(reading.Success, reading.Error);
        Assert.Equal(expected, reading.Value);
    }

    [Fact]
    public void A_number_of_years_is_not_a_head_count()
    {
        Assert.False(Input.VietnameseNumberParser.Parse("5 năm", "người").Success);
        Assert.False(Input.VietnameseNumberParser.Parse("59 nữ", "đồng").Success);
    }
}
