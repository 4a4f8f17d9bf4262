using UnionReview.Channels.Tests.BotFramework.Fakes;
using UnionReview.Dialogs.Model;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.BotFramework;

/// <summary>A turn's replies as Bot Framework activities: the confirmation rides with the next question.</summary>
public sealed class BotFrameworkReplyMergingTests : IAsyncLifetime
{
    private FakeBotFrameworkCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await FakeBotFrameworkCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task An_answered_number_question_brings_one_activity_with_the_confirmation_above_the_next_question()
    {
        await using var host = new ServiceHost(kestrel: true);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        var user = await BotFrameworkChannelTests.Linked(host, http, _cloud, Demo.GrassrootsOfficer, "emu-merge-1");
        await user.Say("/baocao");
        var question = await Answerer.CurrentQuestion(host, Demo.GrassrootsOfficer);
        for (var i = 0; i < 10 && question is not { Kind: QuestionKind.Number }; i++)
        {
            await user.Answer(question!);
            question = await Answerer.CurrentQuestion(host, Demo.GrassrootsOfficer);
        }

        Assert.NotNull(question);
        await user.Say("12");

        var reply = Assert.Single(user.Last);
        Assert.StartsWith("✔️ Đã lưu: 12", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Câu ", reply.Text, StringComparison.Ordinal);
        Assert.NotEmpty(reply.Buttons);
    }
}
