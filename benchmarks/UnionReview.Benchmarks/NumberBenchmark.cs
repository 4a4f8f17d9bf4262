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
    private const int Runs = 5;

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

        // Warm up both paths on a short input of the same shape.
        VietnameseNumberParser.Parse(Hostile(1_000), "người");
        DialogEngine.Handle(state, context, IncomingInput.FromText(Hostile(1_000)));

        foreach (var length in lengths)
        {
            var input = Hostile(length);
            NumberReading reading = default;
            var times = Repeat(() => reading = VietnameseNumberParser.Parse(input, "người"));
            Console.WriteLine($"parser, {input.Length:N0} characters: median {times[Runs / 2]:F1} ms, max {times[^1]:F1} ms over {Runs} runs ({(reading.Value is null ? "refused" : "read")})");
        }

        {
            var input = Hostile(100_000);
            TurnResult turn = null!;
            var times = Repeat(() => turn = DialogEngine.Handle(state, context, IncomingInput.FromText(input)));
            Console.WriteLine($"engine turn, {input.Length:N0}-character answer to a number question: median {times[Runs / 2]:F1} ms, max {times[^1]:F1} ms over {Runs} runs ({turn.Outcome.GetType().Name})");
        }

        return Task.CompletedTask;
    }

    private static List<double> Repeat(Action action)
    {
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times;
    }

    private static string Hostile(int length)
    {
        var text = new StringBuilder(length);
        const string tail = "\nghi chú\nthêm";
        text.Append('1', length - tail.Length).Append(tail);
        return text.ToString();
    }
}
