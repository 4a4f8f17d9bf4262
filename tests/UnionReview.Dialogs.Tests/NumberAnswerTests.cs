using System.Text;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Loading;
using UnionReview.Dialogs.Messages;

namespace UnionReview.Dialogs.Tests;

/// <summary>Number answers through the engine: over-long text, a unit that is not the question's, ambiguous dots, other digits.</summary>
public sealed class NumberAnswerTests
{
    private const string RatesOutline = """
        id: ty-le
        title: "Báo cáo tỷ lệ"
        indicators:
          - { id: ty-le-dv, name: "Tỷ lệ đoàn viên", unit: "%", aggregate: average }
        parts:
          - id: p1
            title: "PHẦN THỨ NHẤT"
            sections:
              - id: s1
                code: "1"
                title: "Số liệu"
                questions:
                  - { id: so-nguoi, kind: number, unit: "người", min: 0, prompt: "Số người tham gia?" }
                  - { id: ty-le, kind: number, unit: "%", integer: false, prompt: "Tỷ lệ đoàn viên tham gia (%)?" }
                  - { id: binh-quan, kind: indicator, indicator: ty-le-dv, integer: false, prompt: "Tỷ lệ bình quân?" }
                  - { id: kinh-phi, kind: money, prompt: "Kinh phí chi?" }
        """;

    private static EngineHarness Rates(string questionId)
    {
        var h = new EngineHarness(OutlineLoader.Parse(RatesOutline, "ty-le.yaml"));
        h.Targets.Clear();
        h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.GoToQuestion, questionId).ToPayload()));
        Assert.Equal(questionId, h.State.QuestionId);
        return h;
    }

    private static EngineHarness SmallAt(string questionId)
    {
        var h = EngineHarness.Small();
        h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.GoToQuestion, questionId).ToPayload()));
        Assert.Equal(questionId, h.State.QuestionId);
        return h;
    }

    [Fact]
    public async Task An_over_long_number_answer_is_refused_at_once_saying_why()
    {
        // 100,000 characters of digits, a line break and more text took 33 s in the number reader.
        var h = SmallAt("so-doan-vien");
        var input = new StringBuilder().Append('1', 99_986).Append("\nghi chú\nthêm").ToString();
        await Task.Run(() => h.Say(input)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.IsType<TurnOutcome.AnswerRejected>(h.Last.Outcome);
        Assert.Contains("quá dài cho một con số (tối đa 200 ký tự)", h.Text, StringComparison.Ordinal);
        Assert.Empty(h.Last.Effects);
        Assert.Equal(DialogMode.Answering, h.State.Mode);
        Assert.Equal("so-doan-vien", h.State.QuestionId);
    }

    [Fact]
    public void An_indicator_figure_with_a_long_explanation_is_still_read()
    {
        var h = SmallAt("dv-moi");
        var note = "kết nạp thêm đợt Tháng Công nhân " + new string('x', 400);
        h.Say($"12 ({note})");
        Assert.Equal(12m, h.Answers["dv-moi"].Number);
        Assert.Equal(note, h.Answers["dv-moi"].Note);
    }

    [Fact]
    public void A_unit_that_is_not_the_questions_is_refused_naming_the_expected_unit()
    {
        // "12 tin" on a question counted in người was stored as 12,000,000,000.
        var h = SmallAt("so-doan-vien");
        h.Say("12 tin");
        Assert.IsType<TurnOutcome.AnswerRejected>(h.Last.Outcome);
        Assert.Empty(h.Answers);
        Assert.Contains("Câu này tính bằng đơn vị “người”, còn “12 tin” ghi đơn vị “tin bài”", h.Text, StringComparison.Ordinal);
        h.Say("12 người");
        Assert.Equal(12m, h.Answers["so-doan-vien"].Number);
    }

    [Fact]
    public void A_unit_mismatch_while_a_figure_is_questioned_is_a_refused_correction_not_an_explanation()
    {
        var h = SmallAt("dv-moi");
        h.Say("500");
        Assert.IsType<TurnOutcome.FigureQuestioned>(h.Last.Outcome);
        h.Say("12 tin");
        Assert.IsType<TurnOutcome.AnswerRejected>(h.Last.Outcome);
        Assert.Contains("“người”", h.Text, StringComparison.Ordinal);
        Assert.Empty(h.Answers);
    }

    [Fact]
    public void An_indicator_figure_in_the_wrong_unit_with_an_explanation_is_refused_for_its_unit()
    {
        var h = SmallAt("dv-moi");
        h.Say("12 tin (kết nạp thêm)");
        Assert.IsType<TurnOutcome.AnswerRejected>(h.Last.Outcome);
        Assert.Contains("Câu này tính bằng đơn vị “người”", h.Text, StringComparison.Ordinal);
        Assert.Empty(h.Answers);
    }

    [Fact]
    public void An_explanation_of_a_questioned_figure_that_starts_with_another_unit_is_kept_as_the_explanation()
    {
        var h = SmallAt("dv-moi");
        h.Say("500");
        h.Say("5 CĐCS: giải thể nên giảm");
        Assert.Equal(500m, h.Answers["dv-moi"].Number);
        Assert.Equal("5 CĐCS: giải thể nên giảm", h.Answers["dv-moi"].Note);
    }

    [Fact]
    public void Showing_the_plain_question_again_drops_the_choice_between_readings()
    {
        var h = Rates("ty-le");
        h.Say("0.750");
        h.Say("/boqua");
        Assert.Contains("không bỏ qua được", h.Text, StringComparison.Ordinal);
        Assert.Equal(DialogMode.Answering, h.State.Mode);
        Assert.Null(h.State.PendingReadings);
        h.Say("2");
        Assert.Equal(2m, h.Answers["ty-le"].Number);
    }

    [Fact]
    public void A_head_count_of_0_dot_500_asks_which_reading_was_meant_and_the_button_answers()
    {
        // "0.500" was stored as 500 without a word.
        var h = Rates("so-nguoi");
        h.Say("0.500");
        var asked = Assert.IsType<TurnOutcome.ReadingQuestioned>(h.Last.Outcome);
        Assert.Equal((0.5m, 500m), (asked.First, asked.Second));
        Assert.Empty(h.Answers);
        Assert.Contains("0,5 hay 500?", h.Text, StringComparison.Ordinal);
        Assert.Equal(DialogMode.ChooseReading, h.State.Mode);
        h.Press("2) 500");
        Assert.Equal(500m, h.Answers["so-nguoi"].Number);
        Assert.Equal("ty-le", h.State.QuestionId);
    }

    [Fact]
    public void A_reading_that_breaks_the_question_rules_is_refused_after_it_is_chosen()
    {
        var h = Rates("so-nguoi");
        h.Say("0.500");
        h.Press("1) 0,5");
        Assert.IsType<TurnOutcome.AnswerRejected>(h.Last.Outcome);
        Assert.Contains("“0,5” không phải số nguyên", h.Text, StringComparison.Ordinal);
        Assert.Empty(h.Answers);
        Assert.Equal(DialogMode.Answering, h.State.Mode);
    }

    [Fact]
    public void A_rate_of_1_dot_500_asks_and_typing_1_chooses_the_decimal()
    {
        var h = Rates("ty-le");
        h.Say("1.500");
        Assert.Contains("1,5 hay 1.500?", h.Text, StringComparison.Ordinal);
        h.Say("1");
        Assert.Equal(1.5m, h.Answers["ty-le"].Number);
    }

    [Fact]
    public void An_average_indicator_of_1234_dot_567_asks_and_typing_the_number_itself_chooses_it()
    {
        // "1234.567" was stored as 1,234,567.
        var h = Rates("binh-quan");
        h.Say("1234.567");
        Assert.Contains("1.234,567 hay 1.234.567?", h.Text, StringComparison.Ordinal);
        h.Say("1.234,567");
        Assert.Equal(1234.567m, h.Answers["binh-quan"].Number);
    }

    [Fact]
    public void Money_and_head_counts_read_a_properly_grouped_dot_as_thousands_without_asking()
    {
        var h = Rates("so-nguoi");
        h.Say("1.500");
        Assert.Equal(1500m, h.Answers["so-nguoi"].Number);
        h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.GoToQuestion, "kinh-phi").ToPayload()));
        h.Say("80.750");
        Assert.Equal(80750m, h.Answers["kinh-phi"].Number);
    }

    [Fact]
    public void The_reading_question_survives_a_restart_and_is_asked_again()
    {
        var h = Rates("ty-le");
        h.Say("2.250");
        Assert.Equal(DialogMode.ChooseReading, h.State.Mode);

        // The harness stores the state as JSON between turns, as the database does; /start after a restart resumes it.
        h.Say("/start");
        Assert.Contains("2,25 hay 2.250?", h.Text, StringComparison.Ordinal);
        Assert.Equal(DialogMode.ChooseReading, h.State.Mode);
        h.Press("2) 2.250");
        Assert.Equal(2250m, h.Answers["ty-le"].Number);
    }

    [Fact]
    public void While_a_reading_is_asked_another_figure_is_a_new_answer_and_other_text_asks_again()
    {
        var h = Rates("ty-le");
        h.Say("0.750");
        h.Say("không rõ");
        Assert.Contains("gõ 1 hoặc 2", h.Text, StringComparison.Ordinal);
        Assert.Contains("0,75 hay 750?", h.Text, StringComparison.Ordinal);
        Assert.Equal(DialogMode.ChooseReading, h.State.Mode);
        h.Say("75,5");
        Assert.Equal(75.5m, h.Answers["ty-le"].Number);
    }

    [Fact]
    public void An_old_reading_button_is_stale_once_the_answer_is_saved()
    {
        var h = Rates("ty-le");
        h.Say("0.750");
        var old = h.Button("1) 0,75");
        h.Say("1");
        Assert.Equal(0.75m, h.Answers["ty-le"].Number);
        h.Run(IncomingInput.FromButton(old.Payload));
        Assert.IsType<TurnOutcome.StaleAction>(h.Last.Outcome);
        Assert.Equal(0.75m, h.Answers["ty-le"].Number);
    }

    [Fact]
    public void Retype_leaves_the_reading_question_without_saving()
    {
        var h = Rates("ty-le");
        h.Say("0.750");
        h.Press("Nhập lại");
        Assert.Equal(DialogMode.Answering, h.State.Mode);
        Assert.Null(h.State.PendingReadings);
        Assert.Empty(h.Answers);
    }

    [Fact]
    public void Full_width_digits_are_read_as_their_values()
    {
        var h = SmallAt("so-doan-vien");
        h.Say("１２ người");
        Assert.Equal(12m, h.Answers["so-doan-vien"].Number);
    }

    [Fact]
    public void A_space_as_thousands_separator_with_a_decimal_comma_is_read()
    {
        var h = Rates("ty-le");
        h.Say("1 000,5");
        Assert.Equal(1000.5m, h.Answers["ty-le"].Number);
    }

    [Fact]
    public void A_lone_surrogate_in_a_number_answer_or_an_explanation_does_not_throw()
    {
        var h = SmallAt("dv-moi");
        h.Say("12\uD800");
        Assert.IsType<TurnOutcome.AnswerRejected>(h.Last.Outcome);
        h.Say("500");
        Assert.IsType<TurnOutcome.FigureQuestioned>(h.Last.Outcome);

        // The explanation of a questioned figure went through a normalization that threw on a lone surrogate.
        h.Say("kết nạp đợt 2 \uDC00");
        Assert.Equal(500m, h.Answers["dv-moi"].Number);
        Assert.StartsWith("kết nạp đợt 2", h.Answers["dv-moi"].Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Seeded_random_answers_to_number_questions_never_throw_and_always_reply()
    {
        string[] pieces =
        [
            "0", "1", "2", "12", "500", ".", ",", " ", "\n", "-", "%", "đ", "k", "triệu", "tỷ", "ti", "tin", "người", "(", ")", ":", " - ",
            "１", "٣", "①", "²", "\u00A0", "\u0301", "\uD800", "\uDC00", "\U0001D7CF", "0.500", "1.500", "1 000,5", "xong", "abc",
        ];
        string[] questions = ["so-nguoi", "ty-le", "binh-quan", "kinh-phi"];
        var random = new Random(1203);
        for (var n = 0; n < 1_500; n++)
        {
            var h = Rates(questions[n % questions.Length]);
            for (var turn = 0; turn < 3; turn++)
            {
                var text = new StringBuilder();
                var count = random.Next(0, n % 50 == 49 ? 400 : 12);
                for (var i = 0; i < count; i++)
                {
                    text.Append(pieces[random.Next(pieces.Length)]);
                }

                h.Say(text.ToString());
                Assert.NotEmpty(h.Last.Replies);
                if (h.State.Mode == DialogMode.ChooseReading)
                {
                    Assert.Equal(2, h.State.PendingReadings!.Count);
                }
            }
        }
    }
}
