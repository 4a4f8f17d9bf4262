using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Text;

namespace UnionReview.Dialogs.Tests;

/// <summary>The one home of message splitting, the done word and diacritic folding.</summary>
public sealed class TextUtilitiesTests
{
    [Theory]
    [InlineData("👍")] // a surrogate pair
    [InlineData("👍🏽")] // with a skin tone
    [InlineData("👨‍👩‍👧")] // a ZWJ family
    [InlineData("🇻🇳")] // a flag (two regional indicators)
    [InlineData("e\u0323\u0302")] // "ệ" decomposed: a letter and two combining marks
    [InlineData("a\u0301\u0301\u0301")] // a base with a run of marks
    public void A_grapheme_at_the_cut_point_stays_whole_whatever_the_offset(string grapheme)
    {
        const int limit = 20;
        for (var offset = 1; offset < limit; offset++)
        {
            // No space or line break: the cut falls inside the line, right at the grapheme for some offset.
            var text = new string('x', offset) + grapheme + new string('y', 30) + grapheme + new string('z', 25);
            var parts = MessageSplitter.Split(text, limit);
            Assert.Equal(text, string.Concat(parts));
            Assert.All(parts, p => Assert.InRange(p.Length, 1, limit));
            Assert.All(parts, p => Assert.True(p[0] is 'x' or 'y' or 'z' || p.StartsWith(grapheme, StringComparison.Ordinal), $"offset {offset}: a part starts inside the grapheme: {p}"));
        }
    }

    [Fact]
    public void A_space_before_a_combining_mark_is_no_place_to_cut()
    {
        // " \u0301" is one grapheme (a mark on a space): the cut goes to the space before it.
        var text = "một hai" + " \u0301" + new string('x', 30);
        var parts = MessageSplitter.Split(text, 9);
        Assert.Equal("một ", parts[0]);
        Assert.Equal(text, string.Concat(parts));
        Assert.All(parts, p => Assert.NotEqual('\u0301', p[0]));
    }

    [Fact]
    public void Lines_come_first_a_blank_line_is_preferred_and_a_long_line_breaks_at_a_space()
    {
        var lines = Enumerable.Range(1, 60).Select(i => $"Dòng {i}: 📌 nội dung").ToList();
        var parts = MessageSplitter.Split(string.Join('\n', lines), 200);
        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.InRange(p.Length, 1, 200));
        Assert.Equal(lines, parts.SelectMany(p => p.Split('\n')));

        // Two blocks: the cut goes to the blank line between them, not to the last line that fits.
        var first = string.Join('\n', Enumerable.Range(1, 6).Select(i => $"Khối một, dòng {i}"));
        var second = string.Join('\n', Enumerable.Range(1, 6).Select(i => $"Khối hai, dòng {i}"));
        Assert.Equal([first, second], MessageSplitter.Split(first + "\n\n" + second, first.Length + 40));

        var words = Enumerable.Range(1, 100).Select(i => $"từ{i}").ToList();
        var split = MessageSplitter.Split(string.Join(' ', words), 50);
        Assert.All(split, p => Assert.InRange(p.Length, 1, 50));
        Assert.Equal(string.Join(' ', words), string.Concat(split));
        Assert.All(split.SkipLast(1), p => Assert.EndsWith(" ", p, StringComparison.Ordinal));

        Assert.Equal(["ngắn"], MessageSplitter.Split("ngắn", 50));
    }

    [Fact]
    public void The_buttons_go_under_the_last_message()
    {
        var messages = MessageSplitter.ToMessages("  " + string.Join('\n', Enumerable.Repeat("một dòng", 10)) + "\n", 30, [[new("Xem", "rv")]]);
        Assert.True(messages.Count > 1);
        Assert.All(messages.SkipLast(1), m => Assert.Empty(m.Buttons));
        Assert.Equal("rv", messages[^1].Buttons[0][0].Payload);
        Assert.Equal("một dòng", messages[0].Text[..8]);
    }

    [Theory]
    [InlineData("xong")]
    [InlineData("Xong.")]
    [InlineData("XONG!")]
    [InlineData("/xong")]
    [InlineData("hết")]
    [InlineData("Hết.")]
    [InlineData("het")]
    [InlineData("done")]
    [InlineData("  xong  ")]
    public void Each_done_word_finishes(string word) => Assert.True(DoneWord.Is(word));

    [Theory]
    [InlineData("")]
    [InlineData("xong việc")]
    [InlineData("chưa xong")]
    [InlineData("hết hạn")]
    [InlineData(null)]
    public void Text_that_only_contains_a_done_word_does_not_finish(string? text) => Assert.False(DoneWord.Is(text));

    [Theory]
    [InlineData("/xong")]
    [InlineData("Hết.")]
    [InlineData("done")]
    public void Each_done_word_as_the_last_line_finishes_a_long_answer_in_the_engine(string word)
    {
        var h = EngineHarness.Small();
        h.Say("/baocao");
        h.Say("Thuận lợi: lãnh đạo quan tâm.\n" + word);
        Assert.Equal("Thuận lợi: lãnh đạo quan tâm.", h.Answers["thuan-loi"].Text);
        Assert.Equal("so-doan-vien", h.CurrentQuestion);
    }

    [Theory]
    [InlineData("Đường", "duong")]
    [InlineData("đĐ", "dd")]
    [InlineData("ĐOÀN VIÊN", "doan vien")]
    [InlineData("Hòa, hoà, HÒA", "hoa, hoa, hoa")] // precomposed and decomposed tone marks, one result
    [InlineData("Nguyễn Thị Hằng", "nguyen thi hang")]
    [InlineData("ặ ẫ ờ ự ỹ", "a a o u y")]
    [InlineData("Không.", "khong")]
    [InlineData("  Có!  ", "co")]
    public void Folding_drops_tone_marks_and_letter_marks_and_reads_d_for_đ(string text, string folded) =>
        Assert.Equal(folded, Diacritics.Fold(text));

    [Fact]
    public void Folding_takes_half_of_a_surrogate_pair_without_throwing()
    {
        Assert.Equal("a\uFFFDb", Diacritics.Fold("A\uD83Db"));
        Assert.Equal(1, DialogEngine.TextLength("\uD83D"));
    }
}
