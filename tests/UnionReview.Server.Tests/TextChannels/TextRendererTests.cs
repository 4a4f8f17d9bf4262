using UnionReview.Dialogs;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.TextChannels;

namespace UnionReview.Server.Tests.TextChannels;

public sealed class TextRendererTests
{
    private static ChatButton B(string label, DialogCommand command) => new(label, command.ToPayload());

    private static OutgoingMessage NumberQuestion() => new("Câu 3/40: Tổng số CNVCLĐ là bao nhiêu người?\n🔢 Nhập một số (người), ví dụ 1.250.\nXong thì bấm “Nộp báo cáo”.",
    [
        [B("◀️ Quay lại", new(DialogCommandKind.Back, "q3")), B("⏭ Bỏ qua", new(DialogCommandKind.Skip, "q3"))],
        [B("☰ Mục lục", new(DialogCommandKind.Menu)), B("👁 Xem lại", new(DialogCommandKind.Review)), B("📤 Nộp báo cáo", new(DialogCommandKind.Submit))],
    ]);

    [Fact]
    public void A_number_question_offers_commands_only_so_a_typed_number_is_the_answer()
    {
        var rendered = TextRenderer.Render([NumberQuestion()], 2000).Single();
        var text = rendered.Parts.Single();
        Assert.Contains("Gõ lệnh: /lai Quay lại · /bo Bỏ qua · /muc Mục lục · /xem Xem lại · /nop Nộp báo cáo", text, StringComparison.Ordinal);
        Assert.DoesNotContain(rendered.Menu.Keys.Keys, k => k.All(char.IsDigit));
        Assert.Contains("Xong thì gõ /nop.", text, StringComparison.Ordinal);

        Assert.Equal(IncomingInput.FromText("12"), TextRenderer.Interpret("12", rendered.Menu));
        Assert.Equal(IncomingInput.FromButton("bk:q3"), TextRenderer.Interpret("/lai", rendered.Menu));
        Assert.Equal(IncomingInput.FromButton("mn"), TextRenderer.Interpret("/MUC", rendered.Menu));
        // Without a menu (after a restart, say) the short commands still reach the engine's own.
        Assert.Equal(IncomingInput.FromText("/mucluc"), TextRenderer.Interpret("/muc", null));
    }

    [Fact]
    public void Choices_are_numbered_in_order_and_numbers_go_to_the_engine_as_typed_while_other_buttons_beside_them_get_m_keys()
    {
        var choice = new OutgoingMessage("Hình thức tổ chức sơ kết?\nChọn một hoặc nhiều mục rồi bấm “Xong” (hoặc gõ số thứ tự, cách nhau bằng dấu phẩy).",
        [
            [B("☐ Hội nghị", new(DialogCommandKind.Choose, "q5", "hoi-nghi"))],
            [B("☐ Lồng ghép", new(DialogCommandKind.Choose, "q5", "long-ghep"))],
            [B("✅ Xong", new(DialogCommandKind.Done, "q5"))],
        ]);
        var other = new OutgoingMessage("Kiến nghị đang chờ:", [[new ChatButton("KN-2026-0001", "kn:op:1")]]);
        var rendered = TextRenderer.Render([choice, other], 2000);

        Assert.Contains("1. ☐ Hội nghị\n2. ☐ Lồng ghép", rendered[0].Parts[0], StringComparison.Ordinal);
        Assert.Contains("Gõ số thứ tự các mục chọn, cách nhau bằng dấu phẩy (ví dụ: 1, 3).", rendered[0].Parts[0], StringComparison.Ordinal);
        Assert.Contains("m1. KN-2026-0001", rendered[1].Parts[0], StringComparison.Ordinal);
        Assert.Equal(IncomingInput.FromText("1, 2"), TextRenderer.Interpret("1, 2", rendered[0].Menu));
        Assert.Equal(IncomingInput.FromText("2"), TextRenderer.Interpret("2", rendered[0].Menu));
        Assert.Equal(IncomingInput.FromButton("kn:op:1"), TextRenderer.Interpret("m1", rendered[0].Menu));
        Assert.Equal(IncomingInput.FromButton("dn:q5"), TextRenderer.Interpret("/xong", rendered[0].Menu));
    }

    [Fact]
    public void Confirmations_take_co_khong_or_a_number_and_an_unusual_figure_is_kept_by_a_word_never_a_number()
    {
        var confirm = new OutgoingMessage("Nộp báo cáo?", [[B("✅ Xác nhận nộp", new(DialogCommandKind.ConfirmSubmit)), B("✖️ Huỷ", new(DialogCommandKind.Cancel))]]);
        var menu = TextRenderer.Render([confirm], 2000)[0].Menu;
        Assert.Equal(IncomingInput.FromButton("sy"), TextRenderer.Interpret("Có", menu));
        Assert.Equal(IncomingInput.FromButton("sy"), TextRenderer.Interpret("1", menu));
        Assert.Equal(IncomingInput.FromButton("cx"), TextRenderer.Interpret("không", menu));

        var figure = new OutgoingMessage("Số 12.000 khác thường so với kế hoạch 120.",
            [[B("✔️ Đúng, giữ số này", new(DialogCommandKind.KeepFigure, "q7")), B("✏️ Nhập lại", new(DialogCommandKind.RetypeFigure, "q7"))]]);
        var figureMenu = TextRenderer.Render([figure], 2000)[0];
        Assert.Contains("“có”: ✔️ Đúng, giữ số này", figureMenu.Parts[0], StringComparison.Ordinal);
        Assert.Equal(IncomingInput.FromButton("fk:q7"), TextRenderer.Interpret("có", figureMenu.Menu));
        Assert.Equal(IncomingInput.FromText("1"), TextRenderer.Interpret("1", figureMenu.Menu));
    }

    [Fact]
    public void Long_text_is_split_on_line_boundaries_within_the_limit_and_never_inside_a_letter_or_emoji()
    {
        var lines = Enumerable.Range(1, 300).Select(i => $"Dòng {i}: Công đoàn cơ sở đã tổ chức hội nghị người lao động.").ToList();
        var parts = TextRenderer.Split(string.Join('\n', lines), 2000);
        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.InRange(p.Length, 1, 2000));
        Assert.Equal(lines, parts.SelectMany(p => p.Split('\n')));

        // One line without spaces: cut at grapheme boundaries (a decomposed "ệ" and an emoji stay whole).
        var word = string.Concat(Enumerable.Repeat("e\u0323\u0302👍🏽", 700));
        var cut = TextRenderer.Split(word, 2000);
        Assert.All(cut, p => Assert.InRange(p.Length, 1, 2000));
        Assert.Equal(word, string.Concat(cut));
        // Every part starts a grapheme: "e" of "ệ" or the thumb (never a combining mark, a skin tone or a half surrogate).
        Assert.All(cut, p => Assert.True(p[0] == 'e' || p.StartsWith("👍🏽", StringComparison.Ordinal), p[..4]));
    }

    private static readonly string[] LongPoints =
    [
        .. Enumerable.Range(1, 4).Select(i => $"Điểm {i}: " + string.Join(' ', Enumerable.Repeat("việc tổ chức thực hiện nghị quyết đại hội công đoàn các cấp,", 6)) + " kết quả đạt được."),
    ];

    private static OutgoingMessage GuidedQuestion(IEnumerable<string> points) =>
        new("📂 Mục II.1 (3/17) · 10%\n" + DialogTexts.GuidanceTitle + "\n" + string.Join('\n', points.Select(p => "• " + p)) + "\n\nCâu 5/40: Kết quả nổi bật?\n✍️ Gõ câu trả lời.",
            [[B("◀️ Quay lại", new(DialogCommandKind.Back, "q5"))]]);

    [Fact]
    public void Long_guidance_is_shown_shortened_with_xemthem_and_the_menu_keeps_it_whole()
    {
        var rendered = TextRenderer.Render([GuidedQuestion(LongPoints)], 2000).Single();
        var text = rendered.Parts.Single();

        // Every point is still there, cut short; the question and its commands are untouched.
        var shown = text.Split('\n').Where(l => l.StartsWith("• ", StringComparison.Ordinal)).ToList();
        Assert.Equal(LongPoints.Select(p => "• " + p[..8]), shown.Select(l => l[..10]));
        Assert.All(shown, l => Assert.EndsWith("…", l, StringComparison.Ordinal));
        Assert.InRange(shown.Sum(l => l.Length), 300, TextRenderer.GuidanceLimit);
        Assert.Contains("(Nội dung trên đã rút gọn; gõ /xemthem để xem đầy đủ.)", text, StringComparison.Ordinal);
        Assert.Contains("Câu 5/40: Kết quả nổi bật?", text, StringComparison.Ordinal);
        Assert.Contains("Gõ lệnh: /lai Quay lại", text, StringComparison.Ordinal);

        // /xemthem: the header and the guidance whole, from the menu (so it survives a restart with it).
        Assert.True(TextRenderer.AsksForMore("/XemThem"));
        Assert.False(TextRenderer.AsksForMore("xem thêm các nội dung"));
        Assert.Equal("📂 Mục II.1 (3/17) · 10%\n" + DialogTexts.GuidanceTitle + "\n" + string.Join('\n', LongPoints.Select(p => "• " + p)), TextRenderer.MoreText(rendered.Menu));
    }

    [Fact]
    public void Short_guidance_is_shown_whole_and_xemthem_then_says_nothing_is_shortened()
    {
        var rendered = TextRenderer.Render([GuidedQuestion(["Kết quả thực hiện các chỉ tiêu.", "Những khó khăn, vướng mắc."])], 2000).Single();
        Assert.Contains("• Những khó khăn, vướng mắc.\n", rendered.Parts.Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("/xemthem", rendered.Parts.Single(), StringComparison.Ordinal);
        Assert.Null(rendered.Menu.More);
        Assert.Contains("Không có nội dung nào đang rút gọn", TextRenderer.MoreText(rendered.Menu), StringComparison.Ordinal);
    }
}
