using UnionReview.Server.Features.Proposals;
using S = UnionReview.Server.Features.Proposals.ProposalState;

namespace UnionReview.Server.Tests.Proposals;

/// <summary>The conversation state of the proposals feature: versioned JSON, and the first version's short keys still read.</summary>
public sealed class ProposalStateTests
{
    public static TheoryData<S> EveryState { get; } = new()
    {
        S.Composing,
        new S.Drafting(ProposalDraftKey.For(ProposalMessageKind.Answer, 12)),
        new S.Drafting(ProposalDraftKey.For(ProposalMessageKind.Reply, 3)),
        new S.ForwardNote(12, ProposalAddressee.Confederation),
        new S.CloseNote(8),
    };

    [Theory]
    [MemberData(nameof(EveryState))]
    public void Every_state_is_written_as_versioned_json_and_reads_back_as_itself(S state)
    {
        var text = state.Format();
        Assert.NotNull(text);
        Assert.StartsWith("{\"v\":1,", text, StringComparison.Ordinal);
        Assert.Equal(state, S.Read(text));
    }

    public static TheoryData<string, S> FirstVersion { get; } = new()
    {
        { "new", S.Composing },
        { "a12", new S.Drafting(ProposalDraftKey.For(ProposalMessageKind.Answer, 12)) },
        { "r3", new S.Drafting(ProposalDraftKey.For(ProposalMessageKind.Reply, 3)) },
        { "f12:2", new S.ForwardNote(12, ProposalAddressee.Confederation) },
        { "c8", new S.CloseNote(8) },
    };

    [Theory]
    [MemberData(nameof(FirstVersion))]
    public void A_state_written_by_the_first_version_is_read(string old, S expected) => Assert.Equal(expected, S.Read(old));

    [Theory]
    [InlineData("x")]
    [InlineData("a")]
    [InlineData("a0")]
    [InlineData("f12")]
    [InlineData("f12:9")]
    [InlineData("cx")]
    [InlineData("{")]
    [InlineData("{\"v\":1,\"kind\":\"teleport\"}")]
    [InlineData("{\"v\":1,\"kind\":\"forward\",\"id\":12}")]
    [InlineData("{\"v\":1,\"kind\":\"draft\",\"draft\":\"zz\"}")]
    [InlineData("{\"v\":\"one\"}")]
    [InlineData("[]")]
    public void A_state_that_cannot_be_read_is_unreadable_and_never_written_back(string text)
    {
        var state = S.Read(text);
        Assert.Equal(new S.Unreadable(text), state);
        Assert.Null(state!.Format());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_state_reads_as_none(string? text) => Assert.Null(S.Read(text));

    [Fact]
    public void A_later_version_with_extra_fields_is_still_read()
    {
        Assert.Equal(new S.CloseNote(8), S.Read("{\"v\":2,\"kind\":\"close\",\"id\":8,\"since\":\"2026-12-03\"}"));
    }

    [Fact]
    public void Only_a_text_being_written_is_kept_while_the_person_looks_elsewhere()
    {
        Assert.True(S.Composing.KeepsWhileBrowsing);
        Assert.True(new S.Drafting(ProposalDraftKey.For(ProposalMessageKind.Answer, 1)).KeepsWhileBrowsing);
        Assert.False(new S.ForwardNote(1, ProposalAddressee.Party).KeepsWhileBrowsing);
        Assert.False(new S.CloseNote(1).KeepsWhileBrowsing);
    }

    [Fact]
    public void Draft_keys_keep_the_form_stored_in_the_database()
    {
        Assert.Equal("new", ProposalDraftKey.NewProposal.Format());
        Assert.Equal("a12", ProposalDraftKey.For(ProposalMessageKind.Answer, 12).Format());
        Assert.Equal("r5", ProposalDraftKey.For(ProposalMessageKind.Reply, 5).Format());
    }
}
