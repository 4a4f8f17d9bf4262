using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Loading;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;

namespace UnionReview.Dialogs.Tests;

/// <summary>Questions meant only for some union levels (outline key <c>levels</c>): asked of those units only.</summary>
public sealed class UnitLevelQuestionTests
{
    private const string UpperOnly = "so-cdcs-truc-thuoc";

    private static EngineHarness MidTerm(UnionLevel? level) =>
        new(OutlineLoader.LoadFile(Path.Combine(OutlineFilesTests.DialogsDirectory(), "so-ket-giua-nhiem-ky.yaml"))) { Level = level };

    private static void GoTo(EngineHarness h, string questionId) =>
        h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.GoToQuestion, questionId).ToPayload()));

    /// <summary>Answers (or skips, when optional) every question from the start to the end; the questions shown, in order.</summary>
    private static List<string> WalkThrough(EngineHarness h)
    {
        var shown = new List<string>();
        h.Say("/baocao");
        for (var guard = 0; guard < 300 && h.Last.Outcome is not TurnOutcome.OutlineFinished; guard++)
        {
            var q = h.Outline.FindQuestion(h.State.QuestionId)!;
            if (h.State.Mode == DialogMode.FollowUp)
            {
                h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.Skip, q.Id).ToPayload()));
                continue;
            }

            if (h.State.Mode == DialogMode.ConfirmFigure)
            {
                h.Press("Đúng, giữ số này");
                continue;
            }

            shown.Add(q.Id);
            if (!q.Required)
            {
                h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.Skip, q.Id).ToPayload()));
                continue;
            }

            h.Say(q.Kind switch
            {
                QuestionKind.Text => "Đơn vị đã thực hiện tốt.\nxong",
                QuestionKind.Choice => "1",
                QuestionKind.YesNo => "có",
                _ => "1",
            });
        }

        Assert.IsType<TurnOutcome.OutlineFinished>(h.Last.Outcome);
        return shown;
    }

    [Fact]
    public void A_grassroots_officer_is_never_asked_the_upper_level_question_and_an_upper_level_officer_is()
    {
        var grassroots = MidTerm(UnionLevel.Grassroots);
        var shown = WalkThrough(grassroots);
        Assert.DoesNotContain(UpperOnly, shown);
        Assert.Contains("so-doan-vien-nu", shown);
        var prompt = grassroots.Outline.FindQuestion(UpperOnly)!.Prompt;
        Assert.Equal(grassroots.Outline.Questions.Count - 1, shown.Count);

        var upper = MidTerm(UnionLevel.UpperLevel);
        var upperShown = WalkThrough(upper);
        Assert.Contains(UpperOnly, upperShown);
        Assert.Equal(upper.Outline.Questions.Count, upperShown.Count);

        // A unit whose level is not known is asked every question, as before.
        Assert.Contains(UpperOnly, WalkThrough(MidTerm(level: null)));

        // Nor does the grassroots officer meet it going back, keeping answers in order, in the review or by an old button.
        GoTo(grassroots, "viec-lam-thu-nhap-doi-song");
        Assert.Equal("viec-lam-thu-nhap-doi-song", grassroots.CurrentQuestion);
        grassroots.Press("Quay lại");
        Assert.Equal("so-doan-vien-nu", grassroots.CurrentQuestion);
        grassroots.Say("1");
        Assert.IsType<TurnOutcome.AnswerAccepted>(grassroots.Last.Outcome);
        Assert.DoesNotContain(prompt, grassroots.Text, StringComparison.Ordinal);
        GoTo(grassroots, "so-doan-vien-nu");
        grassroots.Press("Giữ nguyên, tiếp");
        Assert.Equal("viec-lam-thu-nhap-doi-song", grassroots.CurrentQuestion);
        GoTo(grassroots, UpperOnly);
        Assert.IsType<TurnOutcome.StaleAction>(grassroots.Last.Outcome);
        grassroots.Say("/xem");
        Assert.DoesNotContain(prompt, grassroots.Text, StringComparison.Ordinal);
        var section = grassroots.Outline.FindQuestion(UpperOnly)!.SectionId;
        grassroots.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.ReviewSection, null, section).ToPayload()));
        Assert.DoesNotContain(prompt, grassroots.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(grassroots.Last.Replies.SelectMany(r => r.Buttons).SelectMany(r => r), b => b.Payload.Contains(UpperOnly, StringComparison.Ordinal));

        upper.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.ReviewSection, null, section).ToPayload()));
        Assert.Contains(prompt, upper.Text, StringComparison.Ordinal);
    }

    private const string RequiredUpperOnly = """
        id: cap
        title: "Báo cáo thử"
        parts:
          - id: p1
            title: "PHẦN THỨ NHẤT"
            sections:
              - id: chung
                code: "I"
                title: "Chung"
                questions:
                  - { id: so-doan-vien, kind: number, unit: "người", prompt: "Số đoàn viên?" }
                  - { id: so-cdcs, kind: number, unit: "CĐCS", levels: [cap-tren-co-so], prompt: "Số CĐCS trực thuộc?" }
                  - { id: danh-gia, kind: yesno, prompt: "Hoàn thành kế hoạch?" }
        """;

    [Fact]
    public void Missing_answers_in_the_review_and_at_submission_do_not_count_a_question_the_unit_is_not_asked()
    {
        var outline = OutlineLoader.Parse(RequiredUpperOnly, "cap.yaml");
        var answers = new Dictionary<string, AnswerValue> { ["so-doan-vien"] = AnswerValue.OfNumber(86), ["danh-gia"] = AnswerValue.OfFlag(true) };
        Assert.Empty(DialogEngine.MissingRequired(outline, answers, UnionLevel.Grassroots));
        Assert.Equal(100, DialogEngine.PercentAnswered(outline, answers, UnionLevel.Grassroots));
        Assert.Equal(["so-cdcs"], DialogEngine.MissingRequired(outline, answers, UnionLevel.UpperLevel).Select(q => q.Id));
        Assert.Equal(66, DialogEngine.PercentAnswered(outline, answers, UnionLevel.UpperLevel));

        var grassroots = new EngineHarness(outline) { Level = UnionLevel.Grassroots };
        grassroots.Say("/baocao");
        grassroots.Say("86");
        grassroots.Say("có");
        Assert.Equal(DialogMode.Idle, grassroots.State.Mode);
        Assert.Contains("Nộp báo cáo", grassroots.Last.Replies[^1].Buttons[0][1].Label, StringComparison.Ordinal);
        grassroots.Say("/xem");
        Assert.Contains("2/2", grassroots.Text, StringComparison.Ordinal);
        grassroots.Say("/nop");
        Assert.Equal(DialogMode.ConfirmSubmit, grassroots.State.Mode);
        grassroots.Press("Xác nhận nộp");
        Assert.IsType<TurnOutcome.Submitted>(grassroots.Last.Outcome);

        var upper = new EngineHarness(outline) { Level = UnionLevel.UpperLevel };
        upper.Say("/baocao");
        upper.Say("86");
        Assert.Equal("so-cdcs", upper.CurrentQuestion);
        upper.Say("/nop");
        Assert.Equal(["so-cdcs", "danh-gia"], Assert.IsType<TurnOutcome.SubmitRefused>(upper.Last.Outcome).MissingQuestionIds);
    }

    [Fact]
    public void The_table_of_contents_counts_only_the_questions_the_unit_is_asked()
    {
        var h = new EngineHarness(OutlineLoader.Parse(RequiredUpperOnly, "cap.yaml")) { Level = UnionLevel.Grassroots };
        h.Say("/mucluc");
        Assert.Contains("I. Chung (0/2)", h.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("levels: [cap-tren]", "Cấp công đoàn “cap-tren” không hợp lệ")]
    [InlineData("levels: [co-so, tinh]", "Cấp công đoàn “tinh” không hợp lệ")]
    [InlineData("levels: []", "“levels” phải là một danh sách không rỗng")]
    public void The_loader_refuses_an_unknown_level_in_vietnamese(string levels, string problem)
    {
        var yaml = RequiredUpperOnly.Replace("levels: [cap-tren-co-so]", levels, StringComparison.Ordinal);
        var e = Assert.Throws<OutlineLoadException>(() => OutlineLoader.Parse(yaml, "cap.yaml"));
        var error = Assert.Single(e.Errors);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.Contains("co-so", error.Problem, StringComparison.Ordinal);
        Assert.Equal(12, error.Line);
    }

    [Fact]
    public void The_loader_reads_one_level_or_several()
    {
        var one = OutlineLoader.Parse(RequiredUpperOnly.Replace("levels: [cap-tren-co-so]", "levels: co-so", StringComparison.Ordinal), "cap.yaml");
        Assert.Equal([UnionLevel.Grassroots], one.FindQuestion("so-cdcs")!.Levels);
        var both = OutlineLoader.Parse(RequiredUpperOnly.Replace("levels: [cap-tren-co-so]", "levels: [co-so, cap-tren-co-so]", StringComparison.Ordinal), "cap.yaml");
        Assert.Equal([UnionLevel.Grassroots, UnionLevel.UpperLevel], both.FindQuestion("so-cdcs")!.Levels);
        Assert.Empty(both.FindQuestion("so-doan-vien")!.Levels);
    }

    [Theory]
    [InlineData("Công đoàn cơ sở", UnionLevel.Grassroots)]
    [InlineData("CONG DOAN CO SO", UnionLevel.Grassroots)]
    [InlineData("Công đoàn cấp trên trực tiếp cơ sở", UnionLevel.UpperLevel)]
    [InlineData("Liên đoàn Lao động tỉnh", null)]
    [InlineData("Ban, Văn phòng LĐLĐ tỉnh", null)]
    [InlineData("", null)]
    public void A_units_level_is_recognised_from_the_name_of_its_level(string name, UnionLevel? level) =>
        Assert.Equal(level, UnionLevels.FromLevelName(name));
}
