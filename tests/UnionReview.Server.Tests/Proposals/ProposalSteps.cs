using System.Text.RegularExpressions;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Tests.Infrastructure;

namespace UnionReview.Server.Tests.Proposals;

/// <summary>The steps a person takes to send a proposal, typed the way people type them.</summary>
internal static partial class ProposalSteps
{
    public const string Provincial = "Liên đoàn Lao động tỉnh";

    /// <summary>Sends a whole proposal and returns the reference the bot gave back.</summary>
    public static async Task<string> SendAsync(ChatDriver chat, string topic, string text, string addressee = Provincial)
    {
        await chat.Say("/kiennghi");
        await chat.Press(addressee);
        await chat.Say(topic);
        await chat.Say(text);
        await chat.Say("xong");
        await chat.Press("Gửi kiến nghị");
        var reference = Reference().Match(chat.LastText);
        Assert.True(reference.Success, chat.LastText);
        return reference.Value;
    }

    public static Task<IReadOnlyList<OutgoingMessage>> PressPayload(ChatDriver chat, string payload) => chat.Send(IncomingInput.FromButton(payload));

    [GeneratedRegex(@"KN-\d{4}-\d{4}")]
    public static partial Regex Reference();
}
