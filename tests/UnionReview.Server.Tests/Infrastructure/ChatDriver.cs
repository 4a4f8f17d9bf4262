using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Invites;

namespace UnionReview.Server.Tests.Infrastructure;


/// <summary>Drives a person's conversation through the conversation service, as a channel would.</summary>
public sealed class ChatDriver(ServiceHost host, int personId, string channel = ChannelNames.Console)
{
    public IReadOnlyList<OutgoingMessage> Last { get; private set; } = [];

    public string LastText => string.Join("\n---\n", Last.Select(m => m.Text));

    public async Task<IReadOnlyList<OutgoingMessage>> Say(string text) => await Send(IncomingInput.FromText(text));

    /// <summary>Presses the button whose label contains <paramref name="label"/> in the last replies.</summary>
    public async Task<IReadOnlyList<OutgoingMessage>> Press(string label)
    {
        var button = Last.SelectMany(m => m.Buttons).SelectMany(r => r).FirstOrDefault(b => b.Label.Contains(label, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No button “{label}” in: {LastText}");
        return await Send(IncomingInput.FromButton(button.Payload));
    }

    public async Task<IReadOnlyList<OutgoingMessage>> Send(IncomingInput input)
    {
        await using (var db = host.OpenDb())
        {
            await InviteService.EnsureLinkedAsync(db, channel, $"person-{personId}", personId, $"person-{personId}", host.Clock.GetUtcNow(), CancellationToken.None);
        }

        var reply = await host.Get<ConversationService>().HandleAsync(new InboundMessage(channel, $"person-{personId}", input) { Address = $"person-{personId}" }, CancellationToken.None);
        Last = reply.Messages;
        return Last;
    }
}
