using System.Text;
using UnionReview.Server.Features.Proposals;
using B = UnionReview.Server.Features.Proposals.ProposalButton;

namespace UnionReview.Server.Tests.Proposals;

/// <summary>The proposals feature's buttons: every one survives Format → Parse, and a bad payload is never an exception.</summary>
public sealed class ProposalButtonTests
{
    /// <summary>One example of every button, with the payload the first version wrote for it (buttons already sent in chats).</summary>
    public static TheoryData<B, string> EveryButton { get; } = new()
    {
        { new B.StartProposal(), "kn:new" },
        { new B.ResumeDraft(), "kn:resume" },
        { new B.FreshDraft(), "kn:fresh" },
        { new B.DiscardDraft(), "kn:x" },
        { new B.ChooseAddressee(ProposalAddressee.ProvincialFederation), "kn:to:3" },
        { new B.EditAddressee(), "kn:ea" },
        { new B.EditTopic(), "kn:et" },
        { new B.AddText(), "kn:more" },
        { new B.Send(), "kn:send" },
        { new B.Done(ProposalDraftKey.NewProposal), "kn:dn:new" },
        { new B.Done(ProposalDraftKey.For(ProposalMessageKind.Answer, 12)), "kn:dn:a12" },
        { new B.Clear(ProposalDraftKey.For(ProposalMessageKind.Reply, 7)), "kn:cl:r7" },
        { new B.Mine(2), "kn:m:2" },
        { new B.Open(41), "kn:o:41" },
        { new B.Overview(), "kn:ov" },
        { new B.ListPage(ProposalListFilter.New, 0), "kn:l:n:0" },
        { new B.ListPage(ProposalListFilter.Unanswered, 3), "kn:l:u:3" },
        { new B.ListPage(ProposalListFilter.All, 1), "kn:l:all:1" },
        { new B.ListPage(ProposalListFilter.Of(ProposalAddressee.Confederation), 0), "kn:l:a2:0" },
        { new B.ListPage(ProposalListFilter.OfUnit(17), 4), "kn:l:d17:4" },
        { new B.ByAddressee(), "kn:ba" },
        { new B.ByUnit(), "kn:bu" },
        { new B.Forward(5), "kn:f:5" },
        { new B.ForwardTo(5, ProposalAddressee.State), "kn:ft:5:1" },
        { new B.ForwardWithoutNote(5, ProposalAddressee.Party), "kn:fn:5:0" },
        { new B.Answer(9), "kn:a:9" },
        { new B.Reply(9), "kn:r:9" },
        { new B.Close(9), "kn:c:9" },
        { new B.CloseWithoutNote(9), "kn:cn:9" },
    };

    [Theory]
    [MemberData(nameof(EveryButton))]
    public void Every_button_keeps_the_first_versions_payload_and_reads_back_as_itself(B button, string payload)
    {
        Assert.Equal(payload, button.ToPayload());
        Assert.Equal(button, ProposalButtons.Parse(payload));
        Assert.True(Encoding.UTF8.GetByteCount(button.ToPayload()) <= 64);
    }

    [Fact]
    public void The_examples_cover_every_kind_of_button()
    {
        var kinds = typeof(B).GetNestedTypes().Where(t => t.IsSubclassOf(typeof(B))).ToHashSet();
        var covered = EveryButton.Select(row => row[0].GetType()).ToHashSet();
        Assert.Empty(kinds.Except(covered).Select(t => t.Name));
        Assert.Equal(24, kinds.Count);
    }

    [Fact]
    public void The_longest_payloads_fit_a_telegram_button()
    {
        var longest = new B[]
        {
            new B.ListPage(ProposalListFilter.OfUnit(int.MaxValue), int.MaxValue),
            new B.ForwardWithoutNote(int.MaxValue, ProposalAddressee.UpperLevelUnion),
            new B.Done(ProposalDraftKey.For(ProposalMessageKind.Answer, int.MaxValue)),
        };
        Assert.All(longest, b =>
        {
            Assert.True(Encoding.UTF8.GetByteCount(b.ToPayload()) <= 64, b.ToPayload());
            Assert.Equal(b, ProposalButtons.Parse(b.ToPayload()));
        });
    }

    [Theory]
    [InlineData("kn:")]
    [InlineData("kn:zz")]
    [InlineData("kn:o")]
    [InlineData("kn:o:abc")]
    [InlineData("kn:o:-3")]
    [InlineData("kn:o:99999999999")]
    [InlineData("kn:to:9")]
    [InlineData("kn:to:")]
    [InlineData("kn:ft:5")]
    [InlineData("kn:fn:5:9")]
    [InlineData("kn:l:x:0")]
    [InlineData("kn:l:a9:0")]
    [InlineData("kn:l:n")]
    [InlineData("kn:l:dz:0")]
    [InlineData("kn:dn:zz")]
    [InlineData("kn:dn:a0")]
    [InlineData("kn:cl:")]
    [InlineData("kn:m:one")]
    public void A_stale_or_malformed_payload_of_ours_reads_as_nothing(string payload)
    {
        Assert.True(ProposalButtons.IsOurs(payload));
        Assert.Null(ProposalButtons.Parse(payload));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("cm:list")]
    [InlineData("dg:off")]
    [InlineData("o:12")]
    [InlineData("KN:o:12")]
    public void A_payload_of_another_feature_is_not_ours(string? payload)
    {
        Assert.False(ProposalButtons.IsOurs(payload));
        Assert.Null(ProposalButtons.Parse(payload));
    }

    [Fact]
    public void The_feature_declares_its_prefix_for_the_registry()
    {
        Assert.Equal(["kn:"], ProposalButtons.Prefixes);
        Assert.All(EveryButton, row => Assert.StartsWith(ProposalButtons.Prefixes[0], ((B)row[0]).ToPayload(), StringComparison.Ordinal));
    }
}
