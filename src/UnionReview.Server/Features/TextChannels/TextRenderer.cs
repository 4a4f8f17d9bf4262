using System.Globalization;
using System.Text;
using UnionReview.Dialogs;
using UnionReview.Dialogs.Engine;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Text;

namespace UnionReview.Server.Features.TextChannels;

/// <summary>
/// What a person may type in reply to the last messages of a text-only channel: typed keys (a number, "có", a short
/// command such as /muc) and the button payload each stands for. Replaced by every turn's replies.
/// </summary>
public sealed record TextMenu(IReadOnlyDictionary<string, string> Keys)
{
    public static readonly TextMenu Empty = new(new Dictionary<string, string>());

    /// <summary>The full text of what the messages showed shortened (long guidance), sent whole on <see cref="TextRenderer.MoreCommand"/>.</summary>
    public string? More { get; init; }
}

/// <summary>A message as a text-only channel sends it: parts within the channel's length limit, and the keys it offers.</summary>
public sealed record RenderedText(IReadOnlyList<string> Parts, TextMenu Menu);

/// <summary>
/// Buttons as text, for chat apps without buttons (Zalo) and any future text-only channel (SMS, e-mail). Answers to
/// a question stay what the person types: the options of a choice are numbered in their order and the number goes to
/// the engine as typed text (several numbers, comma-separated, for a multiple choice), yes/no is "có"/"không" (or 1/2).
/// Navigation and actions become short commands shown where they apply (/lai, /bo, /muc, /xem, /nop…). Other buttons
/// (a section in the menu, a section to review, an answer to edit, a feature's choices) are numbered. A message that
/// asks for a number never offers numbered keys, so a number typed to a number question is always the answer.
/// Long guidance (the outline's "Nội dung cần đánh giá" over <see cref="GuidanceLimit"/> characters) is shown shortened,
/// each point's beginning, with <see cref="MoreCommand"/> to see it whole (<see cref="TextMenu.More"/>).
/// </summary>
public static class TextRenderer
{
    /// <summary>Guidance longer than this (characters) is shown shortened.</summary>
    public const int GuidanceLimit = 600;

    /// <summary>What a person types to see shortened guidance whole.</summary>
    public const string MoreCommand = "/xemthem";

    /// <summary>Typed commands for the engine's actions (without diacritics, easy on a phone keyboard).</summary>
    private static readonly Dictionary<DialogCommandKind, string> Commands = new()
    {
        [DialogCommandKind.Back] = "/lai", [DialogCommandKind.Skip] = "/bo", [DialogCommandKind.Next] = "/giu",
        [DialogCommandKind.Done] = "/xong", [DialogCommandKind.ClearDraft] = "/xoa", [DialogCommandKind.Menu] = "/muc",
        [DialogCommandKind.Review] = "/xem", [DialogCommandKind.Submit] = "/nop", [DialogCommandKind.Continue] = "/tiep",
        [DialogCommandKind.Progress] = "/tiendo", [DialogCommandKind.Help] = "/trogiup", [DialogCommandKind.Cancel] = "/huy",
    };

    /// <summary>Short commands that are also the engine's own typed commands, for when no menu is known (after a restart, say).</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["/lai"] = "/quaylai", ["/bo"] = "/boqua", ["/muc"] = "/mucluc",
    };

    /// <summary>The engine's hints that speak of buttons, said for typing instead.</summary>
    private static readonly (string From, string To)[] Rewrites =
    [
        ("Chọn một hoặc nhiều mục rồi bấm “Xong” (hoặc gõ số thứ tự, cách nhau bằng dấu phẩy).", "Gõ số thứ tự các mục chọn, cách nhau bằng dấu phẩy (ví dụ: 1, 3)."),
        ("Chọn một mục (hoặc gõ số thứ tự).", "Gõ số thứ tự của mục chọn."),
        ("bấm “Giữ nguyên, tiếp”", "gõ /giu"),
        ("Trả lời Có hoặc Không.", "Gõ “có” hoặc “không”."),
    ];

    /// <summary>Renders the replies of one turn; numbering runs on across them and the keys of all of them form the menu.</summary>
    public static IReadOnlyList<RenderedText> Render(IReadOnlyList<OutgoingMessage> messages, int maxLength, int guidanceLimit = GuidanceLimit)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        string? more = null;
        var numbered = 0;
        // Beside a question, other listed buttons get "m1", "m2"…: a bare number there belongs to the question.
        var prefix = messages.SelectMany(m => m.Buttons).SelectMany(r => r).Any(b => AsksQuestion(DialogCommand.FromPayload(b.Payload))) ? "m" : "";
        var rendered = new List<(string Text, int Index)>();
        foreach (var message in messages)
        {
            var shortened = message with { Text = ShortenGuidance(message.Text, guidanceLimit, ref more) };
            rendered.Add((RenderOne(shortened, keys, prefix, ref numbered), rendered.Count));
        }

        var menu = new TextMenu(keys) { More = more };
        return [.. rendered.Select(r => new RenderedText(Split(r.Text, maxLength), menu))];
    }

    private static string RenderOne(OutgoingMessage message, Dictionary<string, string> keys, string prefix, ref int numbered)
    {
        var text = new StringBuilder(Rewrite(message.Text).TrimEnd());
        var buttons = message.Buttons.SelectMany(r => r).Where(b => b.Label.Length > 0 && b.Payload.Length > 0).ToList();
        if (buttons.Count == 0)
        {
            return text.ToString();
        }

        var commands = buttons.Select(b => (Button: b, Command: DialogCommand.FromPayload(b.Payload))).ToList();
        var options = commands.Where(c => c.Command?.Kind == DialogCommandKind.Choose).ToList();
        var yesNo = commands.Where(c => c.Command?.Kind == DialogCommandKind.YesNo).ToList();
        var figure = commands.Where(c => c.Command?.Kind is DialogCommandKind.KeepFigure or DialogCommandKind.RetypeFigure).ToList();
        var confirm = commands.Any(c => c.Command?.Kind == DialogCommandKind.ConfirmSubmit);
        var lines = new List<string>();
        var shortcuts = new List<string>();

        // A choice's options: numbered in the outline's order; the engine reads the typed numbers itself.
        for (var i = 0; i < options.Count; i++)
        {
            lines.Add($"{i + 1}. {options[i].Button.Label}");
        }

        foreach (var (button, command) in yesNo)
        {
            var yes = command!.Argument == "1";
            var key = yes ? "1" : "2";
            keys[key] = button.Payload;
            keys[yes ? "co" : "khong"] = button.Payload;
            lines.Add($"{key}. {button.Label}");
        }

        foreach (var (button, command) in figure)
        {
            // A number here is a corrected figure, so these are words, never numbers.
            var word = command!.Kind == DialogCommandKind.KeepFigure ? "có" : "/sua";
            keys[Fold(word)] = button.Payload;
            lines.Add($"“{word}”: {button.Label}");
        }

        foreach (var (button, command) in commands.Where(c => !options.Contains(c) && !yesNo.Contains(c) && !figure.Contains(c)))
        {
            if (confirm && command?.Kind is DialogCommandKind.ConfirmSubmit or DialogCommandKind.Cancel)
            {
                var yes = command.Kind == DialogCommandKind.ConfirmSubmit;
                keys[yes ? "1" : "2"] = button.Payload;
                keys[yes ? "co" : "khong"] = button.Payload;
                lines.Add($"{(yes ? "1" : "2")}. {button.Label} (gõ “{(yes ? "có" : "không")}”)");
            }
            else if (command is not null && command.Argument is null && Commands.TryGetValue(command.Kind, out var typed))
            {
                if (!keys.ContainsKey(typed))
                {
                    keys[typed] = button.Payload;
                    shortcuts.Add($"{typed} {StripIcon(button.Label)}");
                }

                // The engine's texts say "bấm “Nộp báo cáo”"; here that is typed.
                text.Replace($"bấm “{StripIcon(button.Label)}”", $"gõ {typed}");
            }
            else if (options.Count == 0 && yesNo.Count == 0)
            {
                numbered++;
                var key = prefix + numbered.ToString(CultureInfo.InvariantCulture);
                keys[key] = button.Payload;
                lines.Add($"{key}. {button.Label}");
            }
        }

        if (lines.Count > 0)
        {
            text.Append("\n\n").Append(string.Join('\n', lines));
        }

        if (shortcuts.Count > 0)
        {
            text.Append("\n\n").Append(TextChannelTexts.CommandsLine).Append(' ').Append(string.Join(" · ", shortcuts));
        }

        return text.ToString();
    }

    /// <summary>
    /// The guidance block (the title line and its "• " points) shortened when longer than <paramref name="limit"/>:
    /// every point kept but cut to an even share of the limit, and a line saying how to see it whole. The whole text
    /// from the message's start to the guidance's end goes to <paramref name="more"/>.
    /// </summary>
    private static string ShortenGuidance(string text, int limit, ref string? more)
    {
        var lines = text.Split('\n');
        var title = Array.IndexOf(lines, DialogTexts.GuidanceTitle);
        if (title < 0)
        {
            return text;
        }

        var end = title + 1;
        while (end < lines.Length && lines[end].StartsWith("• ", StringComparison.Ordinal))
        {
            end++;
        }

        var points = end - title - 1;
        if (points == 0 || lines[title..end].Sum(l => l.Length + 1) <= limit)
        {
            return text;
        }

        more = string.Join('\n', lines[..end]);
        var share = Math.Max(80, (limit - DialogTexts.GuidanceTitle.Length) / points);
        return string.Join('\n', lines[..(title + 1)]
            .Concat(lines[(title + 1)..end].Select(l => Shorten(l, share)))
            .Append(TextChannelTexts.GuidanceShortened)
            .Concat(lines[end..]));
    }

    /// <summary>The line cut at the last space within <paramref name="max"/> characters, with "…".</summary>
    private static string Shorten(string line, int max)
    {
        if (line.Length <= max)
        {
            return line;
        }

        var cut = line.LastIndexOf(' ', max - 2);
        return line[..(cut > max / 2 ? cut : max - 1)].TrimEnd(' ', ',', ';', ':') + "…";
    }

    /// <summary>Whether the person asks to see shortened text whole (<see cref="MoreCommand"/>).</summary>
    public static bool AsksForMore(string text) => Fold(text ?? "") == MoreCommand;

    /// <summary>What <see cref="MoreCommand"/> answers: the shortened text whole, or that nothing is shortened.</summary>
    public static string MoreText(TextMenu? menu) => menu?.More ?? TextChannelTexts.NothingMore;

    private static bool AsksQuestion(DialogCommand? command) =>
        command is { QuestionId: not null, Kind: DialogCommandKind.Back or DialogCommandKind.Skip or DialogCommandKind.Next or DialogCommandKind.Choose
            or DialogCommandKind.YesNo or DialogCommandKind.Done or DialogCommandKind.KeepFigure or DialogCommandKind.RetypeFigure };

    /// <summary>What a typed text means given the keys offered last: a key's payload, an alias for an engine command, or the text itself.</summary>
    public static IncomingInput Interpret(string text, TextMenu? menu)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = Fold(text);
        if (folded.StartsWith('#'))
        {
            folded = folded[1..]; // "#2", as the console chat has always taken it
        }

        if (menu is not null && menu.Keys.TryGetValue(folded, out var payload))
        {
            return IncomingInput.FromButton(payload);
        }

        if (Aliases.TryGetValue(folded, out var command))
        {
            return IncomingInput.FromText(command);
        }

        return IncomingInput.FromText(text);
    }

    /// <summary>Lower case without diacritics or trailing punctuation, so "Có", "co" and "CÓ." compare equal (<see cref="Diacritics.Fold"/>).</summary>
    public static string Fold(string text) => Diacritics.Fold(text);

    private static string Rewrite(string text)
    {
        foreach (var (from, to) in Rewrites)
        {
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>"☰ Mục lục" → "Mục lục": the icon helps on a button, not after a command.</summary>
    private static string StripIcon(string label)
    {
        var i = 0;
        while (i < label.Length && !char.IsLetterOrDigit(label, i))
        {
            i++;
        }

        return i < label.Length ? label[i..] : label;
    }

    /// <summary>Splits text into parts of at most <paramref name="max"/> characters (<see cref="MessageSplitter.Split"/>).</summary>
    public static IReadOnlyList<string> Split(string text, int max) => MessageSplitter.Split(text, max);
}
