using System.Text;
using UnionReview.Dialogs.Messages;
using UnionReview.Dialogs.Text;
using UnionReview.Server.Features.Conversations;
using B = UnionReview.Server.Features.Proposals.ProposalButton;
using T = UnionReview.Server.Features.Proposals.ProposalTexts;

namespace UnionReview.Server.Features.Proposals;

/// <summary>What the use cases share on screen: buttons, the draft row, lists with pages, long texts in pieces.</summary>
internal static class ProposalUi
{
    public const int MaxNoteLength = 2_000;
    private const int ChunkSize = 3_500;

    /// <summary>The addressee levels in the order the outline names them.</summary>
    public static readonly ProposalAddressee[] AddresseeOrder =
        [ProposalAddressee.Party, ProposalAddressee.State, ProposalAddressee.Confederation, ProposalAddressee.ProvincialFederation, ProposalAddressee.UpperLevelUnion];

    public static ChatButton Button(string label, B button) => new(label, button.ToPayload());

    public static IReadOnlyList<IReadOnlyList<ChatButton>> DraftRow(ProposalDraftKey key) =>
        [[Button(T.ButtonDone, new B.Done(key)), Button(T.ButtonClear, new B.Clear(key))]];

    public static bool IsDoneWord(string text) => DoneWord.Is(text.TrimEnd('.', '!', ' '));

    /// <summary>Adds a line to the draft unless the text would grow past <paramref name="max"/>.</summary>
    public static bool TryAppend(ProposalDraft draft, string text, int max, out int before)
    {
        before = draft.Text.Length;
        var joined = before == 0 ? text : draft.Text + "\n" + text;
        if (joined.Length > max)
        {
            return false;
        }

        draft.Text = joined;
        return true;
    }

    /// <summary>Queues a long text to a person in pieces, the buttons under the last; false when they have no reachable chat.</summary>
    public static async Task<bool> SendChunksAsync(ProposalTurn c, ILogger logger, int personId, string text, IReadOnlyList<IReadOnlyList<ChatButton>> buttons, string dedupeKey, CancellationToken ct)
    {
        var chunks = Chunks(text);
        var delivered = true;
        for (var i = 0; i < chunks.Count; i++)
        {
            var message = i == chunks.Count - 1 ? new OutgoingMessage(chunks[i], buttons) : OutgoingMessage.Plain(chunks[i]);
            delivered &= await c.Outbox.EnqueueForPersonAsync(c.Db, personId, message, $"{dedupeKey}:{i}", ct);
        }

        if (!delivered)
        {
            logger.LogInformation("Person {PersonId} has no reachable chat; the proposal message is kept for when they open it", personId);
        }

        return delivered;
    }

    /// <summary>Splits long text into pieces every chat app accepts, at a line break or space where possible, never inside a character.</summary>
    public static List<string> Chunks(string text) => [.. MessageSplitter.Split(text, ChunkSize)];

    /// <summary>One page of a list: a line per proposal, a button per proposal, previous/next, then <paramref name="last"/>.</summary>
    public static OutgoingMessage Listing(string title, List<ProposalRow> rows, int page, int pages, Func<int, B> pageButton, ChatButton[] last)
    {
        var text = new StringBuilder(title);
        foreach (var r in rows)
        {
            text.Append('\n').Append(T.Line(r.Reference, r.Status, r.Unit, r.Topic, r.AwaitsAfterReply));
        }

        var buttons = rows.Select(r => Button(r.Reference, new B.Open(r.Id))).Chunk(2).Select(x => (IReadOnlyList<ChatButton>)x).ToList();
        var navigation = new List<ChatButton>();
        if (page > 0)
        {
            navigation.Add(Button(T.ButtonPrevious, pageButton(page - 1)));
        }

        if (page < pages - 1)
        {
            navigation.Add(Button(T.ButtonNext, pageButton(page + 1)));
        }

        if (navigation.Count > 0)
        {
            buttons.Add(navigation);
        }

        buttons.Add(last);
        return new OutgoingMessage(text.ToString(), buttons);
    }

    /// <summary>The page to show (clamped to the pages there are) and the number of pages.</summary>
    public static (int Page, int Pages) Page(int total, int page, int pageSize)
    {
        var pages = (total + pageSize - 1) / pageSize;
        return (Math.Clamp(page, 0, pages - 1), pages);
    }
}

/// <summary>A proposal's line in a list.</summary>
internal sealed record ProposalRow(int Id, string Reference, ProposalStatus Status, string Unit, string Topic, DateTimeOffset? LastAnsweredAt, DateTimeOffset? LastReplyAt)
{
    /// <summary>The sender replied after the last answer and the proposal is still open.</summary>
    public bool AwaitsAfterReply => Status != ProposalStatus.Closed && LastReplyAt is { } reply && LastAnsweredAt is { } answered && reply > answered;
}
