using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;

namespace UnionReview.Dialogs.Tests;

public sealed class DialogEngineTests
{
    [Fact]
    public void Start_greets_and_asks_the_first_question_with_its_guidance_and_progress()
    {
        var h = EngineHarness.Small();
        h.Say("/baocao");
        Assert.Contains("Chào đồng chí", h.Text, StringComparison.Ordinal);
        Assert.Contains("Hạn nộp: 25/11/2026", h.Text, StringComparison.Ordinal);
        Assert.Contains("Nêu thuận lợi, khó khăn", h.Text, StringComparison.Ordinal);
        Assert.Contains("Mục 1/3 · đã trả lời 0%", h.Text, StringComparison.Ordinal);
        Assert.Contains("Câu 1/9: Thuận lợi, khó khăn?", h.Text, StringComparison.Ordinal);
        Assert.Equal("thuan-loi", h.CurrentQuestion);
        Assert.Empty(h.Last.Effects);
    }

    [Fact]
    public void The_whole_outline_is_answered_then_submitted_after_confirmation_and_locked()
    {
        var h = EngineHarness.Small();
        h.Say("/baocao");
        h.AnswerAllRequired();
        Assert.IsType<TurnOutcome.AnswerAccepted>(h.Last.Outcome);
        Assert.Contains("đi hết đề cương", h.Text, StringComparison.Ordinal);
        Assert.Equal(9, h.Answers.Count);

        h.Press("Nộp báo cáo");
        Assert.Contains("Sau khi nộp, báo cáo sẽ bị khóa", h.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Last.Effects, e => e is ReportSubmitted);
        h.Press("Xác nhận nộp");
        Assert.IsType<TurnOutcome.Submitted>(h.Last.Outcome);
        Assert.Single(h.AllEffects.OfType<ReportSubmitted>());

        h.Say("Tôi muốn sửa một chút");
        Assert.IsType<TurnOutcome.Locked>(h.Last.Outcome);
        Assert.Empty(h.Last.Effects);
        Assert.Contains("đã nộp và đang khóa", h.Text, StringComparison.Ordinal);
        h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.Edit, "thuan-loi").ToPayload()));
        Assert.IsType<TurnOutcome.Locked>(h.Last.Outcome);
        h.Say("/xem");
        Assert.DoesNotContain(h.Last.Replies.SelectMany(r => r.Buttons).SelectMany(b => b), b => b.Label.Contains("Nộp", StringComparison.Ordinal));
    }

    [Fact]
    public void A_returned_report_is_open_again_and_shows_the_committee_note()
    {
        var h = EngineHarness.Small();
        h.Say("/baocao");
        h.AnswerAllRequired();
        h.Press("Nộp báo cáo");
        h.Press("Xác nhận nộp");
        h.Status = ReportStatus.Returned;
        h.ReturnNote = "Bổ sung số liệu so với đầu nhiệm kỳ";
        h.Say("/baocao");
        Assert.Contains("Bổ sung số liệu so với đầu nhiệm kỳ", h.Text, StringComparison.Ordinal);
        h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.Edit, "so-doan-vien").ToPayload()));
        h.Say("1.250");
        Assert.Equal(1250m, h.Answers["so-doan-vien"].Number);
        Assert.Contains("■ I.1. Tình hình chung", h.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_numbers_are_refused_in_vietnamese_and_the_question_is_asked_again_losing_nothing()
    {
        var h = EngineHarness.Small();
        h.Say("/baocao");
        h.Say("Thuận lợi nhiều");
        h.Say("xong");
        Assert.Equal("so-doan-vien", h.CurrentQuestion);

        h.Say("khoảng hai trăm");
        var rejected = Assert.IsType<TurnOutcome.AnswerRejected>(h.Last.Outcome);
        Assert.Contains("Không đọc được", rejected.Reason, StringComparison.Ordinal);
        Assert.Contains("Số đoàn viên?", h.Text, StringComparison.Ordinal);
        Assert.Empty(h.Last.Effects);

        h.Say("1,5");
        Assert.Contains("không phải số nguyên", h.Text, StringComparison.Ordinal);
        h.Say("200.000");
        Assert.Contains("lớn hơn mức tối đa 100.000", h.Text, StringComparison.Ordinal);
        h.Say("-3");
        Assert.Contains("nhỏ hơn mức tối thiểu 0", h.Text, StringComparison.Ordinal);
        Assert.Equal("so-doan-vien", h.CurrentQuestion);
        Assert.Equal("Thuận lợi nhiều", h.Answers["thuan-loi"].Text);

        h.Say("1.483");
        Assert.Equal(1483m, h.Answers["so-doan-vien"].Number);
        Assert.Equal("dv-moi", h.CurrentQuestion);
    }

    [Fact]
    public void Back_shows_the_previous_question_with_its_answer_and_keep_moves_on()
    {
        var h = EngineHarness.Small();
        h.Say("/baocao");
        h.Say("Nội dung");
        h.Say("xong");
        h.Say("120");
        Assert.Equal("dv-moi", h.CurrentQuestion);
        h.Press("Quay lại");
        Assert.Equal("so-doan-vien", h.CurrentQuestion);
        Assert.Contains("Câu trả lời hiện tại: 120 người", h.Text, StringComparison.Ordinal);
        h.Press("Giữ nguyên");
        Assert.Equal("dv-moi", h.CurrentQuestion);
        Assert.Equal(120m, h.Answers["so-doan-vien"].Number);
    }

    [Fact]
    public void Optional_questions_can_be_skipped_and_required_ones_cannot()
    {
        var h = EngineHarness.Small();
        h.Say("/baocao");
        h.Say("/boqua");
        Assert.Contains("bắt buộc nên không bỏ qua được", h.Text, StringComparison.Ordinal);
        Assert.Equal("thuan-loi", h.CurrentQuestion);

        h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.GoToQuestion, "kinh-phi").ToPayload()));
        Assert.Contains("(không bắt buộc)", h.Text, StringComparison.Ordinal);
        h.Press("Bỏ qua");
        Assert.Equal("hoi-nghi", h.CurrentQuestion);
        Assert.False(h.Answers.ContainsKey("kinh-phi"));
    }

    [Fact]
    public void The_menu_jumps_to_a_section_and_progress_says_where_the_officer_is()
    {
        var h = EngineHarness.Small();
        h.Say("/baocao");
        h.Say("/mucluc");
        Assert.Contains("▫️ II.1. Kết quả (0/4)", h.Text, StringComparison.Ordinal);
        h.Press("2");
        Assert.Equal("danh-gia", h.CurrentQuestion);
        Assert.Contains("Mục 3/3", h.Text, StringComparison.Ordinal);
        h.Press("Khá");
        Assert.Equal(["kha"], h.Answers["danh-gia"].Choices);
        h.Say("/tiendo");
        Assert.Contains("Đã trả lời 1/9 câu (11%)", h.Text, StringComparison.Ordinal);
        Assert.Contains("Câu bắt buộc còn thiếu: 5", h.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Submitting_with_missing_required_answers_lists_them_and_changes_nothing()
    {
        var h = EngineHarness.Small();
        h.Say("/baocao");
        h.Say("Nội dung");
        h.Say("xong");
        h.Say("/nop");
        var refused = Assert.IsType<TurnOutcome.SubmitRefused>(h.Last.Outcome);
        Assert.Equal(["so-doan-vien", "dv-moi", "quy", "hoi-nghi", "danh-gia"], refused.MissingQuestionIds);
        Assert.Contains("còn 5 câu bắt buộc chưa trả lời", h.Text, StringComparison.Ordinal);
        Assert.Contains("• I.1 – Câu 2/9: Số đoàn viên?", h.Text, StringComparison.Ordinal);
        Assert.Empty(h.Last.Effects);
        h.Press("Trả lời câu còn thiếu");
        Assert.Equal("so-doan-vien", h.CurrentQuestion);
    }

    [Fact]
    public void Review_lists_answers_and_edit_returns_to_the_section_with_the_new_answer()
    {
        var h = EngineHarness.Small();
        h.Say("/baocao");
        h.AnswerAllRequired();
        h.Say("/xem");
        Assert.Contains("Đã trả lời 9/9 câu (100%)", h.Text, StringComparison.Ordinal);
        Assert.Contains("Số đoàn viên?: 12 người", h.Text, StringComparison.Ordinal);
        h.Press("I.1");
        Assert.Contains("➜ Nội dung thuan-loi", h.Text, StringComparison.Ordinal);
        h.Press("Sửa câu 1");
        Assert.Contains("Câu trả lời hiện tại: Nội dung thuan-loi", h.Text, StringComparison.Ordinal);
        h.Say("Nội dung mới, đầy đủ hơn");
        h.Say("xong");
        Assert.Equal("Nội dung mới, đầy đủ hơn", h.Answers["thuan-loi"].Text);
        Assert.Contains("■ I.1. Tình hình chung", h.Text, StringComparison.Ordinal);
        Assert.Contains("➜ Nội dung mới, đầy đủ hơn", h.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_answers_span_several_messages_and_are_kept_whole_up_to_the_limit()
    {
        var h = EngineHarness.Small();
        h.Say("/baocao");
        var chunk = new string('ạ', 7_999);
        h.Say(chunk);
        h.Say(chunk);
        Assert.IsType<TurnOutcome.DraftExtended>(h.Last.Outcome);
        h.Say(chunk);
        Assert.IsType<TurnOutcome.AnswerRejected>(h.Last.Outcome);
        Assert.Contains("vượt giới hạn 20.000 ký tự", h.Text, StringComparison.Ordinal);
        Assert.Contains("Phần đã gửi trước đó (15.999 ký tự) vẫn được giữ", h.Text, StringComparison.Ordinal);
        h.Say(new string('x', 4_000));
        h.Say("xong");
        var saved = h.Answers["thuan-loi"].Text!;
        Assert.Equal(20_000, saved.Length);
        Assert.Equal(chunk + "\n" + chunk + "\n" + new string('x', 4_000), saved);
    }

    [Fact]
    public void A_half_written_answer_is_saved_when_the_officer_navigates_away()
    {
        var h = EngineHarness.Small();
        h.Say("/baocao");
        h.Say("Phần đầu của câu trả lời");
        h.Say("/mucluc");
        Assert.Equal("Phần đầu của câu trả lời", h.Answers["thuan-loi"].Text);
        Assert.Contains("Đã lưu phần nội dung đang soạn", h.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_button_from_an_older_question_is_refused_without_changing_anything()
    {
        var h = EngineHarness.Small();
        h.Say("/baocao");
        h.AnswerAllRequired();
        h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.GoToQuestion, "danh-gia").ToPayload()));
        var oldButton = h.Button("Khá");
        h.Press("Tốt");
        var before = h.Answers["danh-gia"];
        h.Run(IncomingInput.FromButton(oldButton.Payload));
        Assert.IsType<TurnOutcome.StaleAction>(h.Last.Outcome);
        Assert.Empty(h.Last.Effects);
        Assert.Same(before, h.Answers["danh-gia"]);
        h.Run(IncomingInput.FromButton("zz:rubbish"));
        Assert.IsType<TurnOutcome.StaleAction>(h.Last.Outcome);
        Assert.Contains("tin nhắn cũ", h.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_command_is_explained()
    {
        var h = EngineHarness.Small();
        h.Say("/baocao");
        h.Say("/xoahet");
        Assert.IsType<TurnOutcome.Unknown>(h.Last.Outcome);
        Assert.Contains("Không có lệnh “/xoahet”", h.Text, StringComparison.Ordinal);
        Assert.Equal("thuan-loi", h.State.QuestionId);
    }

    [Fact]
    public void Indicator_answers_show_achievement_against_the_assigned_target()
    {
        var h = EngineHarness.Small();
        h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.GoToQuestion, "dv-moi").ToPayload()));
        Assert.Contains("KH giao: 10 người", h.Text, StringComparison.Ordinal);
        h.Say("23");
        Assert.Contains("Đạt 230% so với KH giao (10 người)", h.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dv-moi", "31", "310%")]
    [InlineData("quy", "1.483.900đ", "0,1%")]
    public void An_implausible_figure_is_questioned_and_kept_with_the_explanation(string question, string figure, string percent)
    {
        var h = EngineHarness.Small();
        h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.GoToQuestion, question).ToPayload()));
        h.Say(figure);
        Assert.IsType<TurnOutcome.FigureQuestioned>(h.Last.Outcome);
        Assert.Contains(percent, h.Text, StringComparison.Ordinal);
        Assert.Empty(h.Last.Effects);
        h.Say("Đơn vị kết nạp bổ sung đợt Tháng Công nhân");
        var saved = Assert.IsType<AnswerSaved>(Assert.Single(h.Last.Effects));
        Assert.Equal("Đơn vị kết nạp bổ sung đợt Tháng Công nhân", saved.Value.Note);
    }

    [Fact]
    public void A_questioned_figure_can_be_corrected_by_typing_the_right_number()
    {
        var h = EngineHarness.Small();
        h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.GoToQuestion, "quy").ToPayload()));
        h.Say("1.483.900");
        h.Say("1,48 tỷ");
        Assert.Equal(1_480_000_000m, h.Answers["quy"].Number);
        Assert.Null(h.Answers["quy"].Note);
    }

    [Fact]
    public void Several_options_are_ticked_with_buttons_and_finished_with_done()
    {
        var h = EngineHarness.Small();
        h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.GoToQuestion, "cap-nhan").ToPayload()));
        h.Press("Đảng");
        h.Press("Tổng Liên đoàn");
        Assert.Contains("☑ Tổng Liên đoàn", string.Join(" ", h.Last.Replies.SelectMany(r => r.Buttons).SelectMany(b => b).Select(b => b.Label)), StringComparison.Ordinal);
        Assert.Empty(h.AllEffects);
        h.Press("Xong");
        Assert.Equal(["dang", "tld"], h.Answers["cap-nhan"].Choices);
    }

    [Fact]
    public void Yes_no_accepts_typed_words_without_diacritics()
    {
        var h = EngineHarness.Small();
        h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.GoToQuestion, "hoi-nghi").ToPayload()));
        h.Say("Khong");
        Assert.False(h.Answers["hoi-nghi"].Flag);
        h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.GoToQuestion, "hoi-nghi").ToPayload()));
        h.Say("có lẽ");
        Assert.Contains("“có” hoặc “không”", h.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_button_payload_fits_in_64_bytes_for_the_real_outline()
    {
        var outline = Loading.OutlineLoader.LoadFile(Path.Combine(OutlineFilesTests.DialogsDirectory(), "so-ket-giua-nhiem-ky.yaml"));
        var h = new EngineHarness(outline);
        h.Say("/baocao");
        var payloads = new List<string>();
        for (var i = 0; i < 200 && h.CurrentQuestion is not null; i++)
        {
            payloads.AddRange(h.Last.Replies.SelectMany(r => r.Buttons).SelectMany(b => b).Select(b => b.Payload));
            h.AnswerAllRequired();
        }

        h.Say("/mucluc");
        payloads.AddRange(h.Last.Replies.SelectMany(r => r.Buttons).SelectMany(b => b).Select(b => b.Payload));
        h.Say("/xem");
        payloads.AddRange(h.Last.Replies.SelectMany(r => r.Buttons).SelectMany(b => b).Select(b => b.Payload));
        Assert.NotEmpty(payloads);
        Assert.All(payloads, p => Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(p), 1, 64));
        Assert.Equal(outline.Questions.Count, h.Answers.Count);
    }
}
