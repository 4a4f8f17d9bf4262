using Microsoft.Extensions.DependencyInjection;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Conversations;

/// <summary>The one router (each turn routed once) and the one registry of button payloads (collisions stop the start).</summary>
public sealed class RouterTests
{
    /// <summary>A feature that counts how often it is asked whether it takes an input.</summary>
    private sealed class CountingFeature(string name, params string[] prefixes) : IConversationFeature
    {
        private int _asked;

        public int Asked => Volatile.Read(ref _asked);

        public string Name => name;

        public IReadOnlyList<(string Command, string Description)> Commands => [("/dem", "Đếm")];

        public IReadOnlyList<string> ButtonPrefixes => prefixes;

        public bool Claims(IncomingInput input, PersonContext person)
        {
            Interlocked.Increment(ref _asked);
            return input.Text?.Trim() == "/dem" || (input.ButtonPayload?.StartsWith("zz:", StringComparison.Ordinal) ?? false);
        }

        public Task<FeatureResult> HandleAsync(FeatureTurn turn, CancellationToken cancellationToken) =>
            Task.FromResult(FeatureResult.Reply(OutgoingMessage.Plain("Đã đếm.")));
    }

    [Fact]
    public async Task A_feature_turn_of_an_officer_is_routed_once()
    {
        var feature = new CountingFeature("counting", "zz:");
        await using var host = new ServiceHost(configure: s => s.AddSingleton<IConversationFeature>(feature));
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        await officer.Say("/baocao"); // the officer's conversation exists: the next turn is read outside the writer

        var before = feature.Asked;
        await officer.Say("/dem");
        Assert.Equal("Đã đếm.", officer.LastText);
        Assert.Equal(1, feature.Asked - before);

        before = feature.Asked;
        await officer.Send(IncomingInput.FromButton("zz:1"));
        Assert.Equal("Đã đếm.", officer.LastText);
        Assert.Equal(1, feature.Asked - before);
    }

    [Fact]
    public async Task A_pressed_button_of_the_report_dialog_asks_no_feature()
    {
        var feature = new CountingFeature("counting", "zz:");
        await using var host = new ServiceHost(configure: s => s.AddSingleton<IConversationFeature>(feature));
        var officer = new ChatDriver(host, Demo.GrassrootsOfficer);
        await officer.Say("/baocao");

        var before = feature.Asked;
        await officer.Send(IncomingInput.FromButton("mn"));
        Assert.Equal(0, feature.Asked - before);
        Assert.NotEmpty(officer.Last);
    }

    [Fact]
    public void A_prefix_registered_twice_stops_the_start_naming_both_owners()
    {
        var error = Assert.ThrowsAny<Exception>(() => new ServiceHost(configure: s => s.AddSingleton<IConversationFeature>(new CountingFeature("counting", "kn:"))));
        var collision = FindCollision(error);
        Assert.Contains("“kn:”", collision.Message, StringComparison.Ordinal);
        Assert.Contains("“proposals”", collision.Message, StringComparison.Ordinal);
        Assert.Contains("“counting”", collision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prefix_that_begins_a_report_dialog_code_collides_with_it()
    {
        var error = Assert.Throws<ButtonPrefixCollisionException>(() => new ButtonPayloads([new CountingFeature("counting", "go:")], []));
        Assert.Contains(ButtonPayloads.ReportDialog, error.Message, StringComparison.Ordinal);

        Assert.Throws<ButtonPrefixCollisionException>(() => new ButtonPayloads([], [new ButtonPrefix("kn", "counting")]));
    }

    [Fact]
    public void The_registry_names_the_owner_of_each_payload()
    {
        var payloads = new ButtonPayloads([new CountingFeature("counting", "zz:")], [new ButtonPrefix("cm:", "committee")]);
        Assert.Equal("counting", payloads.OwnerOf("zz:1:2"));
        Assert.Equal("committee", payloads.OwnerOf("cm:list"));
        Assert.Equal(ButtonPayloads.ReportDialog, payloads.OwnerOf("go"));
        Assert.Equal(ButtonPayloads.ReportDialog, payloads.OwnerOf("ch:q1:2"));
        Assert.Null(payloads.OwnerOf("xy:1"));
    }

    private static ButtonPrefixCollisionException FindCollision(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is ButtonPrefixCollisionException found)
            {
                return found;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.OfType<ButtonPrefixCollisionException>().FirstOrDefault() is { } inner)
            {
                return inner;
            }
        }

        throw new Xunit.Sdk.XunitException("No ButtonPrefixCollisionException in: " + error);
    }
}
