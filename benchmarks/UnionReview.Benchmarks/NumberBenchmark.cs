using System.Diagnostics;
using System.Text;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Input;
using UnionReview.Dialogs.Loading;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;

namespace UnionReview.Benchmarks;

/// <summary>
/// The number reader on hostile input: an answer of N digits, a line break and more lines of text (the shape that made
/// the old regular expression backtrack quadratically), read by the parser directly and answered to a number question
/// through the dialog engine. Prints the time of each; pass "numbers N" to choose the parser's largest length.
/// </summary>
public sealed class NumberBenchmark : IBenchmark
{
    public string Name => "numbers";

    public Task RunAsync(string[] args)
    {
        var largest = args.Select(a => int.TryParse(a, out var n) ? n : 0).FirstOrDefault(n => n > 0);
        var lengths = largest > 0 ? new[] { 10_000, largest } : new[] { 10_000, 100_000, 1_000_000 };
        var outline = OutlineLoader.Parse("""
            id: so
            title: "Số"
            parts:
              - id: p
                title: "P"
                sections:
                  - id: s
                    code: "1"
                    title: "S"
                    questions:
                      - { id: so-nguoi, kind: number, unit: "người", prompt: "Bao nhiêu người?" }
            """, "so.yaml");
        var context = new ReportContext { Outline = outline, Answers = new Dictionary<string, AnswerValue>(), UnitName = "CĐCS" };
        var state = new DialogState { Mode = DialogMode.Answering, QuestionId = "so-nguoi" };

        // Warm up both paths once on a short input.
        VietnameseNumberParser.Parse("1.483.900", "người");
        DialogEngine.Handle(state, context, IncomingInput.FromText("12"));

        foreach (var length in lengths)
        {
            var input = Hostile(length);
            var sw = Stopwatch.StartNew();
            var reading = VietnameseNumberParser.Parse(input, "người");
            var parse = sw.Elapsed.TotalMilliseconds;
            Console.WriteLine($"parser, {input.Length:N0} characters: {parse:F1} ms ({(reading.Value is null ? "refused" : "read")})");
        }

        foreach (var length in new[] { 100_000 })
        {
            var input = Hostile(length);
            var sw = Stopwatch.StartNew();
            var turn = DialogEngine.Handle(state, context, IncomingInput.FromText(input));
            Console.WriteLine($"engine turn, {input.Length:N0}-character answer to a number question: {sw.Elapsed.TotalMilliseconds:F1} ms ({turn.Outcome.GetType().Name})");
        }

        return Task.CompletedTask;
    }

    private static string Hostile(int length)
    {
        var text = new StringBuilder(length);
        const string tail = "\nghi chú\nthêm";
        text.Append('1', length - tail.Length).Append(tail);
        return text.ToString();
    }
}
