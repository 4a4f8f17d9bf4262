using UnionReview.Dialogs.Loading;
using UnionReview.Dialogs.Model;

namespace UnionReview.Dialogs.Tests;

public sealed class OutlineFilesTests
{
    public static string DialogsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "dialogs");
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "UnionReview.sln")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("dialogs/ not found above the test binaries");
    }

    public static IEnumerable<object[]> DialogFiles() =>
        Directory.EnumerateFiles(DialogsDirectory(), "*.y*ml").Select(f => new object[] { Path.GetFileName(f) });

    [Theory]
    [MemberData(nameof(DialogFiles))]
    public void Every_file_in_dialogs_loads_and_validates(string fileName)
    {
        var outline = OutlineLoader.LoadFile(Path.Combine(DialogsDirectory(), fileName));
        Assert.NotEmpty(outline.Sections);
        Assert.All(outline.Sections, s => Assert.NotEmpty(s.Questions));
        Assert.All(outline.Questions, q => Assert.False(string.IsNullOrWhiteSpace(q.Prompt)));
    }

    [Fact]
    public void The_mid_term_outline_has_every_part_and_section_of_seed_000()
    {
        var outline = OutlineLoader.LoadFile(Path.Combine(DialogsDirectory(), "so-ket-giua-nhiem-ky.yaml"));
        Assert.Equal(["PHẦN THỨ NHẤT", "PHẦN THỨ HAI"], outline.Parts.Select(p => p.Title));
        Assert.Equal(["I.1", "I.2", "II.1", "II.2", "II.3", "II.4", "II.5", "II.6", "II.7", "II.8", "II.9", "III", "IV", "1", "2"], outline.Sections.Select(s => s.Code));
        Assert.Contains(outline.Sections, s => s.Title == "Công tác tài chính công đoàn");
        Assert.Contains(outline.Questions, q => q.Kind == QuestionKind.Indicator);
        Assert.Contains(outline.Questions, q => q.Kind == QuestionKind.Money);
        Assert.Contains(outline.Questions, q => q.Kind == QuestionKind.Number && q.Unit == "người");
        Assert.Contains(outline.Questions, q => q.Kind == QuestionKind.Choice);
        Assert.Contains(outline.Questions, q => q.Kind == QuestionKind.YesNo);
        Assert.Contains(outline.Questions, q => !q.Required);
        // Guidance bullets of area II.1 come from the seed word for word.
        Assert.Contains(outline.Sections[2].Guidance, g => g.StartsWith("Kết quả thực hiện quy chế dân chủ ở cơ sở", StringComparison.Ordinal));
    }
}
