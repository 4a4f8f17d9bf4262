using UnionReview.Dialogs.Messages;

namespace UnionReview.Server.Features;

/// <summary>
/// A turn's replies as a chat app shows them best: fewer, fuller messages. A text-only reply (a confirmation such as
/// "✔️ Đã lưu: 12 người.") goes at the head of the message after it (usually the next question), a blank line
/// between, as long as the two fit in one message of the channel; buttons stay under the text they belong to and
/// a document keeps its own message. Nothing the person reads is dropped or reordered.
/// </summary>
internal static class ReplyMerging
{
    /// <summary>The replies merged; <paramref name="maxText"/> is the longest text one message of the channel may carry.</summary>
    public static IReadOnlyList<OutgoingMessage> Merge(IReadOnlyList<OutgoingMessage> replies, int maxText)
    {
        ArgumentNullException.ThrowIfNull(replies);
        if (replies.Count < 2)
        {
            return replies;
        }

        var merged = new List<OutgoingMessage>(replies.Count);
        var pending = replies[0];
        for (var i = 1; i < replies.Count; i++)
        {
            var next = replies[i];
            if (CanLead(pending) && next.Document is null && pending.Text.Length + 2 + next.Text.Length <= maxText)
            {
                pending = next with { Text = string.IsNullOrWhiteSpace(next.Text) ? pending.Text : pending.Text + "\n\n" + next.Text };
            }
            else
            {
                merged.Add(pending);
                pending = next;
            }
        }

        merged.Add(pending);
        return merged;
    }

    /// <summary>Plain text, no buttons (they would end up under someone else's text), no document.</summary>
    private static bool CanLead(OutgoingMessage message) =>
        message.Document is null && message.Buttons.All(row => row.Count == 0) && !string.IsNullOrWhiteSpace(message.Text);
}
