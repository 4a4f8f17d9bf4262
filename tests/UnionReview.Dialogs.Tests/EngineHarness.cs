using System.Text.Json;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Loading;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;

namespace UnionReview.Dialogs.Tests;

/// <summary>Plays the caller's part for the engine: keeps the answers and state, applies effects, round-trips the state through JSON like the database does.</summary>
public sealed class EngineHarness(OutlineDefinition outline)
{
    public const string SmallOutline = """
        id: nho
        title: "Báo cáo thử"
        indicators:
          - { id: doan-vien-moi, name: "Phát triển đoàn viên", unit: "người", aggregate: sum }
          - { id: quy-xa-hoi, name: "Quỹ xã hội", unit: "đồng", aggregate: sum }
        parts:
          - id: p1
            title: "PHẦN THỨ NHẤT"
            sections:
              - id: chung
                code: "I.1"
                title: "Tình hình chung"
                guidance: ["Nêu thuận lợi, khó khăn"]
                questions:
                  - { id: thuan-loi, kind: text, prompt: "Thuận lợi, khó khăn?" }
                  - { id: so-doan-vien, kind: number, unit: "người", min: 0, max: 100000, prompt: "Số đoàn viên?" }
              - id: ket-qua
                code: "II.1"
                title: "Kết quả"
                questions:
                  - { id: dv-moi, kind: indicator, indicator: doan-vien-moi, prompt: "Kết nạp mới?" }
                  - { id: quy, kind: indicator, indicator: quy-xa-hoi, prompt: "Thu quỹ xã hội?" }
                  - { id: kinh-phi, kind: money, required: false, prompt: "Kinh phí chi?" }
                  - { id: hoi-nghi, kind: yesno, prompt: "Tổ chức hội nghị CBCC?" }
          - id: p2
            title: "PHẦN THỨ HAI"
            sections:
              - id: kien-nghi
                code: "2"
                title: "Kiến nghị"
                questions:
                  - { id: danh-gia, kind: choice, prompt: "Tự đánh giá?", options: [ { value: tot, label: "Tốt" }, { value: kha, label: "Khá" } ] }
                  - { id: cap-nhan, kind: choice, multiple: true, required: false, prompt: "Gửi tới?", options: [ { value: dang, label: "Đảng" }, { value: nha-nuoc, label: "Nhà nước" }, { value: tld, label: "Tổng Liên đoàn" } ] }
                  - { id: noi-dung, kind: text, required: false, prompt: "Nội dung kiến nghị?" }
        """;

    public static EngineHarness Small() => new(OutlineLoader.Parse(SmallOutline, "nho.yaml"));

    public OutlineDefinition Outline { get; } = outline;
    public DialogState State { get; private set; } = DialogState.Initial;
    public Dictionary<string, AnswerValue> Answers { get; } = new(StringComparer.Ordinal);
    public ReportStatus Status { get; set; } = ReportStatus.NotStarted;
    public Dictionary<string, decimal> Targets { get; } = new(StringComparer.Ordinal) { ["doan-vien-moi"] = 10, ["quy-xa-hoi"] = 1_500_000_000 };
    public string? ReturnNote { get; set; }
    public DateOnly? Today { get; set; }
    public UnionLevel? Level { get; set; }
    public TurnResult Last { get; private set; } = null!;
    public List<DialogEffect> AllEffects { get; } = [];

    public string Text => string.Join("\n---\n", Last.Replies.Select(r => r.Text));
    public string? CurrentQuestion => State.Mode is DialogMode.Answering or DialogMode.ConfirmFigure ? State.QuestionId : null;

    public TurnResult Say(string text) => Run(IncomingInput.FromText(text));

    public TurnResult Press(string label)
    {
        var button = Last.Replies.SelectMany(r => r.Buttons).SelectMany(r => r).FirstOrDefault(b => b.Label.Contains(label, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No button “{label}” in: {Text}");
        return Run(IncomingInput.FromButton(button.Payload));
    }

    public ChatButton Button(string label) => Last.Replies.SelectMany(r => r.Buttons).SelectMany(r => r).First(b => b.Label.Contains(label, StringComparison.Ordinal));

    public TurnResult Run(IncomingInput input)
    {
        var context = new ReportContext
        {
            Outline = Outline, Answers = new Dictionary<string, AnswerValue>(Answers), Status = Status, Targets = Targets,
            UnitName = "CĐCS Trường THPT", Deadline = new DateOnly(2026, 11, 25), ReturnNote = ReturnNote, Today = Today, UnitLevel = Level,
        };
        Last = DialogEngine.Handle(State, context, input);
        foreach (var effect in Last.Effects)
        {
            AllEffects.Add(effect);
            switch (effect)
            {
                case AnswerSaved saved:
                    Answers[saved.Question.Id] = saved.Value;
                    if (Status == ReportStatus.NotStarted)
                    {
                        Status = ReportStatus.InProgress;
                    }

                    break;
                case ReportSubmitted:
                    Status = ReportStatus.Submitted;
                    break;
            }
        }

        // The state is stored as JSON between turns; make sure nothing depends on object identity.
        State = JsonSerializer.Deserialize<DialogState>(JsonSerializer.Serialize(Last.State))!;
        return Last;
    }

    public void AnswerAllRequired()
    {
        var guard = 0;
        while (CurrentQuestion is { } id && guard++ < 100)
        {
            var q = Outline.FindQuestion(id)!;
            if (State.Mode == DialogMode.ConfirmFigure)
            {
                Press("Đúng, giữ số này");
                continue;
            }

            switch (q.Kind)
            {
                case QuestionKind.Text: Say("Nội dung " + id); Say("xong"); break;
                case QuestionKind.Choice when q.Multiple: Say("1, 3"); break;
                case QuestionKind.Choice: Say("Tốt"); break;
                case QuestionKind.YesNo: Say("có"); break;
                case QuestionKind.Indicator when id == "quy": Say("1,45 tỷ"); break;
                default: Say("12"); break;
            }
        }
    }
}
