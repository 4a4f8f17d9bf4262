using UnionReview.Channels.Tests.Telegram.Fake;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Features.Telegram;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Telegram;

/// <summary>A turn's replies as Telegram messages: the confirmation rides with the next question, within 4,096 characters.</summary>
public sealed class TelegramReplyMergingTests : IAsyncLifetime
{
    private static readonly IReadOnlyList<IReadOnlyList<ChatButton>> Buttons = [[new ChatButton("⏭ Bỏ qua", "skip"), new ChatButton("👁 Xem lại", "review")]];
    private FakeBotApi _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeBotApi.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task An_answered_number_question_brings_one_message_with_the_confirmation_above_the_next_question()
    {
        await using var host = new ServiceHost(settings: TelegramUser.Settings(_fake));
        var officer = new TelegramUser(host, _fake, 7301);
        await officer.LinkTo(Demo.HospitalOfficer);
        await officer.Say("/baocao");
        var question = await Answerer.CurrentQuestion(host, Demo.HospitalOfficer);
        for (var i = 0; i < 10 && question is not { Kind: QuestionKind.Number }; i++)
        {
            await Answerer.AnswerCurrent(officer, question!);
            question = await Answerer.CurrentQuestion(host, Demo.HospitalOfficer);
        }

        Assert.NotNull(question);
        await officer.Say("12");

        var reply = Assert.Single(officer.Last);
        Assert.StartsWith("✔️ Đã lưu: 12", reply.Text, StringComparison.Ordinal);
        Assert.Contains("\n\n", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Câu ", reply.Text, StringComparison.Ordinal);
        Assert.NotEmpty(reply.Buttons);
        Assert.Empty(_fake.Violations);
    }

    [Fact]
    public void A_confirmation_goes_at_the_head_of_the_next_message_and_keeps_its_buttons()
    {
        var merged = TelegramRenderer.Merge([OutgoingMessage.Plain("✔️ Đã lưu: 12 người."), new OutgoingMessage("Câu 4/62: Có bao nhiêu đoàn viên?", Buttons)]);

        var message = Assert.Single(merged);
        Assert.Equal("✔️ Đã lưu: 12 người.\n\nCâu 4/62: Có bao nhiêu đoàn viên?", message.Text);
        Assert.Same(Buttons, message.Buttons);
    }

    [Fact]
    public void Messages_with_buttons_or_a_document_are_not_merged_into_what_follows()
    {
        var document = new OutgoingMessage("Báo cáo", [], new ChatDocument("bao-cao.docx", "application/octet-stream", [1, 2, 3]));
        var replies = new[] { new OutgoingMessage("Chọn mục:", Buttons), OutgoingMessage.Plain("Đồng chí chọn một mục."), document };

        Assert.Equal(replies, TelegramRenderer.Merge(replies));
    }

    [Fact]
    public void A_merge_that_would_pass_4096_characters_leaves_the_messages_apart_and_a_long_one_is_still_split()
    {
        var confirmation = "✔️ Đã lưu câu trả lời (9.000 ký tự).";
        var longLines = Enumerable.Range(1, 300).Select(i => $"Dòng {i} của bản xem lại mục I, đã trả lời đầy đủ.").ToList();
        var review = new OutgoingMessage(string.Join("\n", longLines), Buttons);

        var merged = TelegramRenderer.Merge([OutgoingMessage.Plain(confirmation), review]);

        Assert.Equal(2, merged.Count);
        Assert.Equal(confirmation, merged[0].Text);
        var parts = merged.SelectMany(m => TelegramRenderer.Split(m.Text)).ToList();
        Assert.True(parts.Count >= 3);
        Assert.All(parts, p => Assert.InRange(p.Length, 1, TelegramRenderer.MaxText));
        Assert.Equal([confirmation, .. longLines], parts.SelectMany(p => p.Split('\n')));
    }

    [Fact]
    public void A_merge_that_just_fits_is_one_message_within_the_limit()
    {
        var confirmation = "✔️ Đã lưu.";
        var question = new string('a', TelegramRenderer.MaxText - confirmation.Length - 2);

        var merged = Assert.Single(TelegramRenderer.Merge([OutgoingMessage.Plain(confirmation), new OutgoingMessage(question, Buttons)]));

        Assert.Equal(TelegramRenderer.MaxText, merged.Text.Length);
        Assert.Single(TelegramRenderer.Split(merged.Text));
        Assert.Equal(2, TelegramRenderer.Merge([OutgoingMessage.Plain(confirmation + "!"), new OutgoingMessage(question, Buttons)]).Count);
    }
}
