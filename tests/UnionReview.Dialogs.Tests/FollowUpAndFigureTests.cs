using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Loading;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;

namespace UnionReview.Dialogs.Tests;

public sealed class FollowUpAndFigureTests
{
    private const string GuideOutline = """
        id: thao-luan
        title: "Ý kiến thảo luận"
        indicators:
          - { id: so-dv, name: "Số đoàn viên tính quỹ", unit: "người" }
          - { id: quy, name: "Thu Quỹ Xã hội", unit: "đồng", basis: so-dv, rate: 50000 }
        tables:
          - { id: bang-quy, title: "Thu Quỹ Xã hội", indicators: [quy], sortBy: quy }
        parts:
          - id: p1
            title: "1. Văn bản dự thảo"
            sections:
              - id: s1
                code: "1"
                title: "Văn bản dự thảo"
                questions:
                  - { id: han-che, kind: text, followUp: solution, prompt: "Hạn chế và giải pháp?" }
                  - { id: quy-da-nop, kind: indicator, indicator: quy, table: bang-quy, required: false, prompt: "Đã nộp quỹ bao nhiêu?" }
                  - { id: cuoi, kind: text, required: false, prompt: "Ý kiến khác?" }
        """;

    /// <summary>The guide, jumped to the question of the fund paid (quy-da-nop).</summary>
    private static EngineHarness GuideAtFundPaid()
    {
        var h = Guide();
        GoToFundPaid(h);
        return h;
    }

    private static void GoToFundPaid(EngineHarness h) =>
        h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.GoToQuestion, "quy-da-nop").ToPayload()));

    private static EngineHarness Guide()
    {
        var h = new EngineHarness(OutlineLoader.Parse(GuideOutline, "thao-luan.yaml"));
        h.Targets.Clear();
        h.Targets["so-dv"] = 1_576;
        return h;
    }

    [Fact]
    public void An_answer_that_names_only_a_problem_is_kept_and_the_solution_is_asked_for_and_stored_with_it()
    {
        var h = Guide();
        h.Say("/baocao");
        h.Say("Văn bản của tỉnh gửi xuống muộn, nhiều văn bản chồng chéo.");
        h.Say("xong");
        Assert.IsType<TurnOutcome.FollowUpAsked>(h.Last.Outcome);
        Assert.Equal(DialogMode.FollowUp, h.State.Mode);
        Assert.Equal("Văn bản của tỉnh gửi xuống muộn, nhiều văn bản chồng chéo.", h.Answers["han-che"].Text);
        Assert.Contains("chưa thấy giải pháp", h.Text, StringComparison.Ordinal);

        h.Say("Gộp các văn bản cùng nội dung thành một kế hoạch.");
        h.Say("Gửi trước ít nhất 10 ngày.");
        Assert.IsType<TurnOutcome.DraftExtended>(h.Last.Outcome);
        h.Say("xong");
        Assert.IsType<TurnOutcome.AnswerAccepted>(h.Last.Outcome);
        var answer = h.Answers["han-che"];
        Assert.Equal("Văn bản của tỉnh gửi xuống muộn, nhiều văn bản chồng chéo.", answer.Text);
        Assert.Equal("Gộp các văn bản cùng nội dung thành một kế hoạch.\nGửi trước ít nhất 10 ngày.", answer.FollowUp);
        Assert.Equal("quy-da-nop", h.State.QuestionId);

        h.Say("/xem");
        Assert.Contains("Giải pháp: Gộp các văn bản", h.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_that_already_names_a_solution_moves_on_without_a_follow_up()
    {
        var h = Guide();
        h.Say("/baocao");
        h.Say("Văn bản gửi muộn; đề xuất gửi kế hoạch cả năm ngay từ tháng 1.");
        h.Say("xong");
        Assert.IsType<TurnOutcome.AnswerAccepted>(h.Last.Outcome);
        Assert.Null(h.Answers["han-che"].FollowUp);
        Assert.Equal("quy-da-nop", h.State.QuestionId);
    }

    [Fact]
    public void The_follow_up_can_be_skipped_and_a_half_written_one_is_kept_when_leaving()
    {
        var h = Guide();
        h.Say("/baocao");
        h.Say("Thiếu cán bộ chuyên trách.");
        h.Say("xong");
        h.Press("Chưa có giải pháp, bỏ qua");
        Assert.Equal("quy-da-nop", h.State.QuestionId);
        Assert.Equal(DialogMode.Answering, h.State.Mode);
        Assert.Null(h.Answers["han-che"].FollowUp);

        h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.Edit, "han-che").ToPayload()));
        h.Say("Thiếu cán bộ, chưa có giải pháp.");
        h.Say("xong");
        Assert.IsType<TurnOutcome.FollowUpAsked>(h.Last.Outcome);
        h.Say("Kiêm nhiệm thêm một cán bộ");
        h.Say("/mucluc");
        Assert.Equal("Kiêm nhiệm thêm một cán bộ", h.Answers["han-che"].FollowUp);
        Assert.Equal("Thiếu cán bộ, chưa có giải pháp.", h.Answers["han-che"].Text);
    }

    [Fact]
    public void A_stale_answer_button_during_the_follow_up_repeats_the_request()
    {
        var h = Guide();
        h.Say("/baocao");
        h.Say("Văn bản dài.");
        h.Say("xong");
        h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.Skip, "cuoi").ToPayload()));
        Assert.IsType<TurnOutcome.StaleAction>(h.Last.Outcome);
        Assert.Contains("chưa thấy giải pháp", h.Text, StringComparison.Ordinal);
        Assert.Equal(DialogMode.FollowUp, h.State.Mode);
    }

    [Fact]
    public void A_target_derived_from_members_times_a_rate_is_shown_and_used_for_the_percentage_and_the_plausibility_check()
    {
        var h = GuideAtFundPaid();
        Assert.Contains("KH giao: 78.800.000đ", h.Text, StringComparison.Ordinal);
        h.Say("80.750.000");
        Assert.Contains("Đạt 102,5% so với KH giao (78.800.000đ)", h.Text, StringComparison.Ordinal);

        GoToFundPaid(h);
        h.Say("80.750");
        Assert.IsType<TurnOutcome.FigureQuestioned>(h.Last.Outcome);
    }

    [Fact]
    public void A_figure_sent_with_an_explanation_keeps_it_and_the_review_shows_it()
    {
        var h = GuideAtFundPaid();
        h.Say("71.500.000 (giảm số lượng ĐV)");
        var saved = Assert.IsType<AnswerSaved>(Assert.Single(h.Last.Effects));
        Assert.Equal(71_500_000m, saved.Value.Number);
        Assert.Equal("giảm số lượng ĐV", saved.Value.Note);
        Assert.Contains("Lời giải trình đã được lưu", h.Text, StringComparison.Ordinal);
        h.Say("/xem");
        Assert.Contains("71.500.000 đồng (giải trình: giảm số lượng ĐV)", h.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_questioned_figure_sent_with_an_explanation_keeps_it_when_confirmed_by_the_button()
    {
        var h = GuideAtFundPaid();
        h.Say("80.750 - số tính đến 31/12, còn thu tiếp");
        Assert.IsType<TurnOutcome.FigureQuestioned>(h.Last.Outcome);
        h.Press("Đúng, giữ số này");
        Assert.Equal(80_750m, h.Answers["quy-da-nop"].Number);
        Assert.Equal("số tính đến 31/12, còn thu tiếp", h.Answers["quy-da-nop"].Note);
    }

    [Fact]
    public void A_questioned_figure_can_be_corrected_with_a_new_figure_and_explanation()
    {
        var h = GuideAtFundPaid();
        h.Say("80.750");
        Assert.IsType<TurnOutcome.FigureQuestioned>(h.Last.Outcome);
        h.Say("74.195.000 (đã cộng phần thu tháng 12)");
        Assert.Equal(74_195_000m, h.Answers["quy-da-nop"].Number);
        Assert.Equal("đã cộng phần thu tháng 12", h.Answers["quy-da-nop"].Note);
    }

    [Fact]
    public void Text_that_is_not_a_figure_is_still_refused_with_a_vietnamese_message()
    {
        var h = GuideAtFundPaid();
        h.Say("chưa tổng hợp (sẽ báo sau)");
        Assert.IsType<TurnOutcome.AnswerRejected>(h.Last.Outcome);
        Assert.Empty(h.Answers);
    }

    [Theory]
    [InlineData("Văn bản còn dài, khó hiểu.", false)]
    [InlineData("Thiếu cán bộ, chưa có giải pháp.", false)]
    [InlineData("Thiếu biện pháp cụ thể từ cấp trên.", false)]
    [InlineData("Cán bộ công đoàn kiêm nhiệm nhiều việc.", false)]
    [InlineData("Nền tảng phần mềm chậm.", false)]
    [InlineData("Đề xuất gộp các văn bản cùng nội dung.", true)]
    [InlineData("Thiếu lao động, cần vận động doanh nghiệp sớm hơn.", true)]
    [InlineData("Tỉnh nên giao chỉ tiêu theo quy mô đơn vị.", true)]
    [InlineData("Kiến nghị LĐLĐ tỉnh hỗ trợ kinh phí.", true)]
    [InlineData("Đơn vị sẽ khắc phục trong quý I.", true)]
    [InlineData("van ban dai, de xuat rut gon con 2 trang", true)]
    [InlineData("can bo thieu, khong co giai phap", false)]
    [InlineData("can bo thieu nen cham", false)]
    public void The_solution_heuristic_recognises_solution_words_and_their_negation(string text, bool expected) =>
        Assert.Equal(expected, SolutionDetector.NamesSolution(text));

    [Theory]
    [InlineData("{ id: a, kind: number, unit: người, followUp: solution, prompt: \"A?\" }", "Chỉ câu hỏi loại text mới có followUp")]
    [InlineData("{ id: a, kind: text, followUp: reason, prompt: \"A?\" }", "followUp “reason” không hợp lệ")]
    [InlineData("{ id: a, kind: text, table: khong-co, prompt: \"A?\" }", "Bảng “khong-co” chưa được khai báo")]
    public void The_loader_names_bad_follow_ups_and_tables(string question, string problem)
    {
        var yaml = $"""
            id: x
            title: "X"
            parts:
              - id: p
                title: "P"
                sections:
                  - id: s
                    code: "1"
                    title: "S"
                    questions:
                      - {question}
            """;
        var e = Assert.Throws<OutlineLoadException>(() => OutlineLoader.Parse(yaml, "x.yaml"));
        Assert.Contains(e.Errors, x => x.Problem.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void The_loader_names_an_unknown_basis_and_a_table_of_unknown_indicators()
    {
        var yaml = """
            id: x
            title: "X"
            indicators:
              - { id: quy, name: "Quỹ", unit: "đồng", basis: khong-co, rate: 50000 }
            tables:
              - { id: b, title: "B", indicators: [quy, khac], sortBy: khac }
            parts:
              - id: p
                title: "P"
                sections:
                  - id: s
                    code: "1"
                    title: "S"
                    questions:
                      - { id: a, kind: indicator, indicator: quy, prompt: "A?" }
            """;
        var e = Assert.Throws<OutlineLoadException>(() => OutlineLoader.Parse(yaml, "x.yaml"));
        Assert.Contains(e.Errors, x => x.Problem.Contains("theo “khong-co”", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.Problem.Contains("Chỉ tiêu “khac” chưa được khai báo", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.Problem.Contains("sortBy phải là một chỉ tiêu của bảng", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("2", 2)]
    public void A_table_may_print_its_percentages_with_its_own_precision(string decimals, int expected)
    {
        var outline = OutlineLoader.Parse(TableYaml($"percentDecimals: {decimals}"), "x.yaml");
        Assert.Equal(expected, outline.Tables.Single().PercentDecimals);
        Assert.Equal("102%", UnionReview.Dialogs.Model.VietnameseFormat.Percent(80_750_000m * 100 / 78_800_000m, 0));
        Assert.Equal("102,47%", UnionReview.Dialogs.Model.VietnameseFormat.Percent(80_750_000m * 100 / 78_800_000m, 2));
    }

    [Theory]
    [InlineData("3")]
    [InlineData("một")]
    [InlineData("-1")]
    public void A_wrong_percentage_precision_is_named(string decimals)
    {
        var e = Assert.Throws<OutlineLoadException>(() => OutlineLoader.Parse(TableYaml($"percentDecimals: \"{decimals}\""), "x.yaml"));
        Assert.Contains(e.Errors, x => x.Problem.Contains("percentDecimals phải là 0, 1 hoặc 2", StringComparison.Ordinal));
    }

    private static string TableYaml(string option) => $$"""
        id: x
        title: "X"
        indicators:
          - { id: quy, name: "Quỹ", unit: "đồng" }
        tables:
          - { id: b, title: "B", indicators: [quy], {{option}} }
        parts:
          - id: p
            title: "P"
            sections:
              - id: s
                code: "1"
                title: "S"
                questions:
                  - { id: a, kind: indicator, indicator: quy, prompt: "A?" }
        """;
}
