using System.Text;
using System.Text.RegularExpressions;

namespace UnionReview.Dialogs.Tests;

/// <summary>
/// One tone-mark style in every text a person reads: the mark on the first vowel of an open "oa", "oe", "uy"
/// (hòa, khóa, hủy, xóa, thúy), not on the second (hoà, khoá, huỷ, xoá). "quý" is not affected ("qu" is one sound),
/// nor are closed syllables (hoàn, khoảng, thuyết), which both styles write alike.
/// </summary>
public sealed partial class ToneMarkStyleTests
{
    [GeneratedRegex(@"(?<![qQ])[oO][àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ](?![\p{L}])|(?<![qQ])[uU][ỳýỷỹỵỲÝỶỸỴ](?![\p{L}])")]
    private static partial Regex OldStyle();

    private static IEnumerable<string> UserFacingFiles()
    {
        var root = Directory.GetParent(OutlineFilesTests.DialogsDirectory())!.FullName;
        var extensions = new[] { ".cs", ".yaml", ".yml", ".md", ".html", ".js", ".css", ".json" };
        foreach (var folder in new[] { "src", "dialogs", "docs" })
        {
            var path = Path.Combine(root, folder);
            if (!Directory.Exists(path))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (extensions.Contains(Path.GetExtension(file)) && !relative.Contains("/bin/", StringComparison.Ordinal) && !relative.Contains("/obj/", StringComparison.Ordinal))
                {
                    yield return file;
                }
            }
        }

        yield return Path.Combine(root, "README.md");
        yield return Path.Combine(root, "appsettings.example.json");
    }

    [Fact]
    public void Texts_outlines_and_docs_use_one_tone_mark_style()
    {
        var found = new List<string>();
        foreach (var file in UserFacingFiles().Where(File.Exists))
        {
            var lines = File.ReadAllLines(file, Encoding.UTF8);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match m in OldStyle().Matches(lines[i].Normalize(NormalizationForm.FormC)))
                {
                    found.Add($"{Path.GetFileName(file)}:{i + 1}: …{lines[i].Substring(Math.Max(0, m.Index - 12), Math.Min(lines[i].Length - Math.Max(0, m.Index - 12), 26))}…");
                }
            }
        }

        Assert.True(found.Count == 0, "Old tone-mark style (write hòa, khóa, hủy, xóa):\n" + string.Join("\n", found));
    }

    [Theory]
    [InlineData("hoà", true)]
    [InlineData("khoá", true)]
    [InlineData("Huỷ", true)]
    [InlineData("xoá.", true)]
    [InlineData("hòa", false)]
    [InlineData("hoàn", false)]
    [InlineData("quý", false)]
    [InlineData("thuyết", false)]
    public void The_check_tells_the_two_styles_apart(string word, bool old) => Assert.Equal(old, OldStyle().IsMatch(word));
}
