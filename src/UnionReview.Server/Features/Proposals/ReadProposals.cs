using System.Text;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using static UnionReview.Server.Features.Proposals.ProposalUi;
using B = UnionReview.Server.Features.Proposals.ProposalButton;
using T = UnionReview.Server.Features.Proposals.ProposalTexts;

namespace UnionReview.Server.Features.Proposals;

/// <summary>
/// Reading proposals: the sender's own list, and one proposal in full (text, answers and replies, history) with
/// what the reader may do next. Opened by button or by reference (/kiennghi KN-2026-0001).
/// </summary>
internal sealed class ReadProposals(ProposalOptions options)
{
    public async Task<FeatureResult> MineAsync(ProposalTurn c, int page, CancellationToken ct)
    {
        var mine = c.Db.Proposals.Where(p => p.SenderId == c.Who.Person.Id);
        var total = await mine.CountAsync(ct);
        if (total == 0)
        {
            return c.Keep(new OutgoingMessage(T.NothingMine, [[Button(T.ButtonNew, new B.StartProposal())]]));
        }

        var (pageIndex, pages) = Page(total, page, options.PageSize);
        var rows = await (from p in mine
                          join u in c.Db.Units on p.UnitId equals u.Id
                          orderby p.Id descending
                          select new ProposalRow(p.Id, p.Reference, p.Status, u.ShortName ?? u.Name, p.Topic, p.LastAnsweredAt, p.LastReplyAt))
            .Skip(pageIndex * options.PageSize).Take(options.PageSize).ToListAsync(ct);
        return c.Keep(Listing(T.MineTitle(total), rows, pageIndex, pages, p => new B.Mine(p), [Button(T.ButtonNew, new B.StartProposal())]));
    }

    public static async Task<FeatureResult> OpenByReferenceAsync(ProposalTurn c, string argument, CancellationToken ct)
    {
        var reference = argument.Trim().ToUpperInvariant();
        var id = await c.Db.Proposals.Where(p => p.Reference == reference).Select(p => (int?)p.Id).FirstOrDefaultAsync(ct);
        return id is null ? c.Keep(OutgoingMessage.Plain(T.OutOfScope)) : await OpenAsync(c, id.Value, ct);
    }

    public static async Task<FeatureResult> OpenAsync(ProposalTurn c, int id, CancellationToken ct)
    {
        if (await c.LoadAsync(id, ct) is not { } access)
        {
            return c.Keep(OutgoingMessage.Plain(T.OutOfScope));
        }

        var p = access.Proposal;
        var thread = await c.Db.ProposalMessages.Where(m => m.ProposalId == p.Id).OrderBy(m => m.Id).ToListAsync(ct);
        var history = await c.Db.ProposalStatusChanges.Where(h => h.ProposalId == p.Id).OrderBy(h => h.Id).ToListAsync(ct);
        var personIds = thread.Select(m => m.PersonId).Concat(history.Select(h => h.PersonId)).Append(p.SenderId).Distinct().ToList();
        var names = await c.Db.People.Where(x => personIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.FullName, ct);
        var unit = await c.Db.Units.Where(u => u.Id == p.UnitId).Select(u => u.Name).SingleAsync(ct);

        var body = new StringBuilder(T.Detail(p, names[p.SenderId], unit)).Append('\n').Append(p.Text);
        foreach (var m in thread)
        {
            body.Append("\n\n").Append(T.ThreadEntry(m.Kind, names.GetValueOrDefault(m.PersonId, "?"), m.At, m.Text));
        }

        body.Append("\n\n").Append(T.HistoryTitle);
        foreach (var h in history)
        {
            body.Append('\n').Append(T.HistoryLine(h, names.GetValueOrDefault(h.PersonId, "?")));
        }

        var rows = new List<IReadOnlyList<ChatButton>>();
        if (access.InScope && p.Status != ProposalStatus.Closed)
        {
            rows.Add([Button(T.ButtonAnswer, new B.Answer(p.Id)), Button(T.ButtonForward, new B.Forward(p.Id))]);
            rows.Add([Button(T.ButtonClose, new B.Close(p.Id))]);
        }

        if (access.IsSender && p.Status != ProposalStatus.Closed && p.LastAnsweredAt is not null)
        {
            rows.Add([Button(T.ButtonReply, new B.Reply(p.Id))]);
        }

        rows.Add(access.InScope ? [Button(T.ButtonOverview, new B.Overview())] : [Button(T.ButtonMine, new B.Mine(0))]);
        var chunks = Chunks(body.ToString());
        return c.Keep([.. chunks.Select((text, i) => i == chunks.Count - 1 ? new OutgoingMessage(text, rows) : OutgoingMessage.Plain(text))]);
    }
}
