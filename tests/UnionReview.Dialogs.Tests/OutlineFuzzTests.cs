using System.Diagnostics;
using System.Text;
using UnionReview.Dialogs.Loading;

namespace UnionReview.Dialogs.Tests;

/// <summary>
/// Whatever an outline file holds, loading it ends in an outline or in <see cref="OutlineLoadException"/> naming
/// the file, a line and a column: the files fuzzing found, generated deep nesting, and seeded mutations of the real
/// outlines in <c>dialogs/</c>.
/// </summary>
public sealed class OutlineFuzzTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "BrokenOutlines", name);

    [Theory]
    [InlineData("alias-on-continuation-line.yaml", 8, 12, "Bí danh “*a” chưa được khai báo")]
    [InlineData("anchored-alias-on-continuation-line.yaml", 8, 12, "Lỗi cú pháp YAML: không đọc được cấu trúc")]
    [InlineData("discussion-guide-with-stray-alias.yaml", 25, 12, "Bí danh “*a” chưa được khai báo")]
    [InlineData("huge-min-length.yaml", 20, 24, "minLength phải là một số nguyên từ 0 đến 100000")]
    [InlineData("huge-max-length.yaml", 20, 24, "maxLength phải từ 1 đến 100000")]
    [InlineData("unclosed-flow-mapping.yaml", 6, 5, "Lỗi cú pháp YAML: không đọc được cấu trúc")]
    [InlineData("aliased-lists.yaml", 6, 149, "Bí danh “*q” trỏ tới một danh sách hoặc ánh xạ")]
    public void A_file_found_by_fuzzing_is_refused_with_its_file_line_column_and_problem(string file, int line, int column, string problem)
    {
        var error = Assert.Throws<OutlineLoadException>(() => OutlineLoader.LoadFile(Fixture(file)));
        var e = Assert.Single(error.Errors);
        Assert.Equal((file, line, column), (e.File, e.Line, e.Column));
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
        Assert.StartsWith("Tệp hội thoại không hợp lệ:\n" + file + $":{line}:{column} ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[", "")]
    [InlineData("{a: ", "")]
    [InlineData("- ", "x")]
    [InlineData("[{a: ", "")]
    public void Nesting_fifty_thousand_levels_deep_is_refused_at_the_level_past_the_limit(string open, string tail)
    {
        var deep = "id: sau\ntitle: \"Lồng sâu\"\nparts:\n  - " + string.Concat(Enumerable.Repeat(open, 50_000)) + tail + "\n";
        var error = Assert.Throws<OutlineLoadException>(() => OutlineLoader.Parse(deep, "sau.yaml"));
        var e = Assert.Single(error.Errors);
        Assert.Equal("sau.yaml", e.File);
        Assert.Equal(4, e.Line);
        Assert.InRange(e.Column, 5, 5 + (OutlineLoader.MaxDepth * open.Length));
        Assert.Contains($"quá {OutlineLoader.MaxDepth} cấp", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_within_the_limit_is_read_and_then_judged_as_an_outline()
    {
        // 60 levels (the root mapping and "parts" make two more) are fine for YAML; the outline reader then says what is wrong.
        var deep = "id: sau\ntitle: \"Lồng sâu\"\nparts:\n  - " + new string('[', 60) + new string(']', 60) + "\n";
        var error = Assert.Throws<OutlineLoadException>(() => OutlineLoader.Parse(deep, "sau.yaml"));
        Assert.Contains(error.Errors, e => e.Problem.StartsWith("Mỗi phần phải là một ánh xạ", StringComparison.Ordinal));
    }

    [Fact]
    public void An_alias_of_a_single_value_is_still_allowed()
    {
        var yaml = File.ReadAllText(Fixture("huge-min-length.yaml"))
            .Replace("minLength: 9999999999999999999999", "minLength: &it 5\n            maxLength: *it", StringComparison.Ordinal);
        var outline = OutlineLoader.Parse(yaml, "thu.yaml");
        Assert.Equal((5, 5), (outline.Questions[0].MinLength, outline.Questions[0].MaxLength));
    }

    [Theory]
    [InlineData("maxLength: 2.5", "maxLength phải từ 1 đến 100000")]
    [InlineData("minLength: -1", "minLength phải là một số nguyên từ 0 đến 100000")]
    [InlineData("minLength: 25000", "minLength lớn hơn độ dài tối đa mặc định (20000 ký tự)")]
    public void Text_lengths_are_whole_numbers_within_range(string line, string problem)
    {
        var yaml = File.ReadAllText(Fixture("huge-min-length.yaml")).Replace("minLength: 9999999999999999999999", line, StringComparison.Ordinal);
        var error = Assert.Throws<OutlineLoadException>(() => OutlineLoader.Parse(yaml, "thu.yaml"));
        Assert.Contains(error.Errors, e => e.Problem.Contains(problem, StringComparison.Ordinal) && e.Line == 20);
    }

    /// <summary>
    /// 3,000 seeded mutations of the real outlines (the mutations fuzzing found failures with: YAML punctuation,
    /// aliases, deleted, repeated and re-indented lines, huge numbers, deep nesting). Each input either loads or is
    /// refused with file, line and column; none takes long (the bound here is loose so that a slow test machine
    /// cannot fail it; the loader takes a few milliseconds per file).
    /// </summary>
    [Fact]
    public void Seeded_mutations_of_the_real_outlines_load_or_are_refused_with_file_line_and_column()
    {
        var files = Directory.EnumerateFiles(OutlineFilesTests.DialogsDirectory(), "*.y*ml").Order(StringComparer.Ordinal)
            .Select(f => (Name: Path.GetFileName(f), Text: File.ReadAllText(f))).ToArray();
        Assert.NotEmpty(files);
        var failures = new List<string>();
        var refused = 0;
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 3_000; i++)
        {
            var random = new Random(12_000 + i);
            var (name, text) = files[random.Next(files.Length)];
            var mutated = OutlineMutator.Mutate(text, random);
            var started = Stopwatch.GetTimestamp();
            try
            {
                OutlineLoader.Parse(mutated, name);
            }
            catch (OutlineLoadException e)
            {
                refused++;
                if (e.Errors.Count == 0 || e.Errors.Any(x => x.File != name || x.Line < 1 || x.Column < 1 || x.Problem.StartsWith("Không đọc được nội dung", StringComparison.Ordinal)))
                {
                    failures.Add($"seed {12_000 + i}: {e.Message[..Math.Min(300, e.Message.Length)]}");
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures.Add($"seed {12_000 + i}: {e.GetType().Name}: {e.Message}");
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            slowest = elapsed > slowest ? elapsed : slowest;
        }

        Assert.Empty(failures);
        Assert.InRange(refused, 2_000, 3_000);
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"slowest input took {slowest.TotalMilliseconds:F0} ms");
    }
}

/// <summary>Mutations of YAML text of the kinds that broke the loader.</summary>
internal static class OutlineMutator
{
    private static readonly string[] Tokens =
    [
        "&a ", "*a", "*a ", "&a", "!!str ", "!!int ", "!tag ", "|", ">", "|-", "- ", ": ", ":", "[", "]", "{", "}", ",", "#", "'", "\"",
        "%YAML 1.2\n", "---\n", "...\n", "@", "`", "? ", "\t", "\n", "\r", "\\", "<<: *a\n", "9999999999999999999999", "-9999999999999999999999",
        "1e400", "~", "null", "\u0000", "\uFEFF", "\uFFFD", "\u2028", "\u0085", "Đồng chí", "true", "-1", "0",
    ];

    private static readonly string[] NumberKeys = ["minLength", "maxLength", "min", "max", "percentDecimals", "rate"];
    private static readonly string[] HugeNumbers = ["9999999999999999999999", "-9999999999999999999999", "1e30", "79228162514264337593543950336", "-1", "2147483648"];

    public static string Mutate(string text, Random random)
    {
        var count = 1 + random.Next(random.Next(2) == 0 ? 3 : 12);
        for (var k = 0; k < count; k++)
        {
            text = Once(text, random);
        }

        return text;
    }

    private static string Once(string text, Random random)
    {
        if (text.Length == 0)
        {
            return Tokens[random.Next(Tokens.Length)];
        }

        var at = random.Next(text.Length);
        var lines = text.Split('\n').ToList();
        var line = random.Next(lines.Count);
        switch (random.Next(13))
        {
            case 0:
                return text.Insert(at, Tokens[random.Next(Tokens.Length)]);
            case 1:
                return text.Remove(at, Math.Min(text.Length - at, 1 + random.Next(20)));
            case 2:
                return text.Remove(at, 1).Insert(at, ((char)random.Next(32, 127)).ToString());
            case 3:
                var other = random.Next(lines.Count);
                (lines[line], lines[other]) = (lines[other], lines[line]);
                break;
            case 4:
                lines.Insert(random.Next(lines.Count), lines[line]);
                break;
            case 5:
                lines[line] = new string(' ', random.Next(8)) + lines[line].TrimStart();
                break;
            case 6:
                var colon = text.IndexOf(": ", at, StringComparison.Ordinal);
                if (colon < 0)
                {
                    return text;
                }

                var end = text.IndexOf('\n', colon);
                return text[..(colon + 2)] + Tokens[random.Next(Tokens.Length)] + (end < 0 ? "" : text[end..]);
            case 7:
                var depth = random.Next(4) == 0 ? 1 + random.Next(60_000) : 1 + random.Next(300);
                var nesting = random.Next(4) switch
                {
                    0 => new string('[', depth),
                    1 => new string('{', depth),
                    2 => string.Concat(Enumerable.Repeat("- ", depth)),
                    _ => string.Concat(Enumerable.Range(0, Math.Min(depth, 500)).Select(d => "\n" + new string(' ', d) + "k:")),
                };
                return text.Insert(at, nesting);
            case 8:
                return text.Insert(at, random.Next(2) == 0 ? $" &x{random.Next(3)} " : $" *x{random.Next(3)}");
            case 9:
                var indent = lines[line].Length - lines[line].TrimStart().Length;
                lines.Insert(line + 1, new string(' ', indent) + NumberKeys[random.Next(NumberKeys.Length)] + ": " + HugeNumbers[random.Next(HugeNumbers.Length)]);
                break;
            case 10:
                return text.Insert(random.Next(text.Length + 1), text.Substring(at, Math.Min(text.Length - at, random.Next(200))));
            case 11:
                lines.Insert(line + 1, new string(' ', random.Next(14)) + (random.Next(2) == 0 ? "*a" : "&a x"));
                break;
            default:
                lines.RemoveAt(line);
                break;
        }

        return string.Join('\n', lines);
    }
}
