using UnionReview.Dialogs.Loading;
using UnionReview.Dialogs.Model;

namespace UnionReview.Dialogs.Tests;

public sealed class OutlineLoaderTests
{
    private const string Valid = """
        id: thu
        title: "Đề cương thử"
        indicators:
          - { id: tin-bai, name: "Tin bài", unit: "tin bài", aggregate: sum }
        parts:
          - id: p1
            title: "PHẦN MỘT"
            sections:
              - id: s1
                code: "I"
                title: "Mục một"
                questions:
                  - { id: q1, kind: text, prompt: "Nêu kết quả", required: true }
                  - { id: q2, kind: indicator, indicator: tin-bai, prompt: "Số tin bài" }
                  - { id: q3, kind: choice, prompt: "Đánh giá", options: [ { value: tot, label: "Tốt" }, { value: kha, label: "Khá" } ] }
        """;

    [Fact]
    public void A_valid_file_loads_with_defaults()
    {
        var outline = OutlineLoader.Parse(Valid, "thu.yaml");
        Assert.Equal(3, outline.Questions.Count);
        Assert.Equal("tin bài", outline.Questions[1].Unit);
        Assert.Equal(OutlineDefinition.DefaultMaxTextLength, outline.Questions[0].MaxLength);
        Assert.Equal(0m, outline.Questions[1].Min);
    }

    [Theory]
    [InlineData("kind: text, prompt", "kind: essay, prompt", "Loại câu hỏi “essay” không hợp lệ", 13)]
    [InlineData("indicator: tin-bai", "indicator: tin-tuc", "Chỉ tiêu “tin-tuc” chưa được khai báo", 14)]
    [InlineData("{ id: q2,", "{ id: q1,", "Mã câu hỏi “q1” bị trùng", 14)]
    [InlineData("required: true }", "required: true, colour: red }", "Khóa “colour” không được hỗ trợ", 13)]
    [InlineData("{ value: kha, label: \"Khá\" }", "{ value: tot, label: \"Khá\" }", "Giá trị lựa chọn “tot” bị trùng", 15)]
    [InlineData("code: \"I\"", "kode: \"I\"", "Thiếu khóa bắt buộc “code”", 9)]
    public void A_broken_file_is_rejected_naming_file_line_and_problem(string find, string replace, string problem, int line)
    {
        var broken = Valid.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(Valid, broken);
        var error = Assert.Throws<OutlineLoadException>(() => OutlineLoader.Parse(broken, "hong.yaml"));
        var e = Assert.Single(error.Errors, x => x.Problem.Contains(problem, StringComparison.Ordinal));
        Assert.Equal("hong.yaml", e.File);
        Assert.Equal(line, e.Line);
        Assert.Contains("hong.yaml:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Yaml_syntax_errors_name_the_line()
    {
        var error = Assert.Throws<OutlineLoadException>(() => OutlineLoader.Parse("id: x\ntitle: \"unclosed\nparts:\n  - a: [b", "cu-phap.yaml"));
        var e = Assert.Single(error.Errors);
        Assert.Equal("cu-phap.yaml", e.File);
        Assert.True(e.Line >= 2);
        Assert.StartsWith("Lỗi cú pháp YAML", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_with_a_broken_file_reports_it_among_the_good_ones()
    {
        var dir = Directory.CreateTempSubdirectory("dialogs-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "a.yaml"), Valid);
            File.WriteAllText(Path.Combine(dir, "b.yaml"), Valid.Replace("id: thu", "id: thu-2", StringComparison.Ordinal).Replace("prompt: \"Số tin bài\"", "prompt: \"\"", StringComparison.Ordinal));
            var error = Assert.Throws<OutlineLoadException>(() => OutlineLoader.LoadDirectory(dir));
            Assert.All(error.Errors, e => Assert.Equal("b.yaml", e.File));
            Assert.Contains(error.Errors, e => e.Problem.Contains("prompt", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
