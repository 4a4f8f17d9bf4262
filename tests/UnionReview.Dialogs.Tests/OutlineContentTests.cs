using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Loading;
using UnionReview.Dialogs.Messages;

namespace UnionReview.Dialogs.Tests;

/// <summary>What the outlines in dialogs/ say and check, for a 2026 campaign.</summary>
public sealed class OutlineContentTests
{
    private static string MidTermYaml() => File.ReadAllText(Path.Combine(OutlineFilesTests.DialogsDirectory(), "so-ket-giua-nhiem-ky.yaml"));

    [Fact]
    public void More_members_than_workers_are_refused_naming_the_other_answer()
    {
        var h = new EngineHarness(OutlineLoader.LoadFile(Path.Combine(OutlineFilesTests.DialogsDirectory(), "so-ket-giua-nhiem-ky.yaml")));
        h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.GoToQuestion, "tong-so-cnvcld").ToPayload()));
        h.Say("86 người");
        Assert.Equal("so-doan-vien-hien-nay", h.CurrentQuestion);
        h.Say("92");
        var rejected = Assert.IsType<TurnOutcome.AnswerRejected>(h.Last.Outcome);
        Assert.Contains("Số 92 người lớn hơn 86 người đã trả lời ở câu", rejected.Reason, StringComparison.Ordinal);
        Assert.False(h.Answers.ContainsKey("so-doan-vien-hien-nay"));
        h.Say("80");
        Assert.Equal(80m, h.Answers["so-doan-vien-hien-nay"].Number);

        // Women members within members, written as people count them.
        h.Run(IncomingInput.FromButton(new DialogCommand(DialogCommandKind.GoToQuestion, "so-doan-vien-nu").ToPayload()));
        h.Say("81 nữ");
        Assert.IsType<TurnOutcome.AnswerRejected>(h.Last.Outcome);
        h.Say("59 nữ");
        Assert.Equal(59m, h.Answers["so-doan-vien-nu"].Number);
    }

    [Theory]
    [InlineData("atMost: khong-co", "atMost phải là mã một câu hỏi dạng số đứng trước câu này")]
    [InlineData("atMost: sau", "atMost phải là mã một câu hỏi dạng số đứng trước câu này")]
    [InlineData("atMost: chu", "atMost phải là mã một câu hỏi dạng số đứng trước câu này")]
    public void The_loader_refuses_a_cross_question_check_on_an_unknown_later_or_text_question(string check, string problem)
    {
        var yaml = $$"""
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
                      - { id: chu, kind: text, prompt: "Chữ?" }
                      - { id: dau, kind: number, unit: người, {{check}}, prompt: "A?" }
                      - { id: sau, kind: number, unit: người, prompt: "B?" }
            """;
        var e = Assert.Throws<OutlineLoadException>(() => OutlineLoader.Parse(yaml, "x.yaml"));
        Assert.Contains(e.Errors, x => x.Problem.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void The_mid_term_outline_cites_current_law_and_has_no_known_typos()
    {
        var yaml = MidTermYaml();
        Assert.DoesNotContain("Luật Công đoàn năm 2012", yaml, StringComparison.Ordinal);
        Assert.Contains("Luật Công đoàn năm 2024", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("NĐCP", yaml, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d- \d", yaml);
        Assert.DoesNotContain("Nếu là công đoàn cấp trên cơ sở", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void A_head_count_question_refusing_text_gives_head_count_examples_not_money()
    {
        var reading = Input.VietnameseNumberParser.Parse("khoảng chín chục", "người");
        Assert.False(reading.Success);
        Assert.DoesNotContain("triệu", reading.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("đ.", reading.Error, StringComparison.Ordinal);
        Assert.Contains("1.250 người", reading.Error, StringComparison.Ordinal);
    }
}
