using System.Text;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using static UnionReview.Server.Features.Proposals.ProposalUi;
using B = UnionReview.Server.Features.Proposals.ProposalButton;
using T = UnionReview.Server.Features.Proposals.ProposalTexts;

namespace UnionReview.Server.Features.Proposals;

/// <summary>
/// The committee's inbox (/dskiennghi): counts by status, then lists of the proposals of the units in scope —
/// new, unanswered, all, by addressee, by unit — a page at a time.
/// </summary>
internal sealed class CommitteeInbox(ProposalOptions options)
{
    /// <summary>Not closed and without an answer to the latest word of the sender.</summary>
    public static IQueryable<Proposal> Awaiting(IQueryable<Proposal> query) =>
        query.Where(p => p.Status != ProposalStatus.Closed && (p.LastAnsweredAt == null || p.LastReplyAt > p.LastAnsweredAt));

    public static async Task<FeatureResult> OverviewAsync(ProposalTurn c, CancellationToken ct)
    {
        if (!c.Who.IsCommittee)
        {
            return c.Keep(new OutgoingMessage(T.NotCommittee, [[Button(T.ButtonNew, new B.StartProposal()), Button(T.ButtonMine, new B.Mine(0))]]));
        }

        var scope = await c.ScopeAsync(ct);
        var inScope = c.Db.Proposals.Where(p => scope.Contains(p.UnitId));
        var counts = await inScope.GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        if (counts.Count == 0)
        {
            return c.Keep(OutgoingMessage.Plain(T.NothingInScope));
        }

        var awaiting = await Awaiting(inScope).CountAsync(ct);
        var news = counts.GetValueOrDefault(ProposalStatus.New);
        return c.Keep(new OutgoingMessage(
            T.OverviewTitle(news, counts.GetValueOrDefault(ProposalStatus.Forwarded), counts.GetValueOrDefault(ProposalStatus.Answered), counts.GetValueOrDefault(ProposalStatus.Closed), awaiting),
            [
                [
                    Button($"{T.ButtonNewOnes} ({T.Count(news)})", new B.ListPage(ProposalListFilter.New, 0)),
                    Button($"{T.ButtonUnanswered} ({T.Count(awaiting)})", new B.ListPage(ProposalListFilter.Unanswered, 0)),
                ],
                [Button(T.ButtonByAddressee, new B.ByAddressee()), Button(T.ButtonByUnit, new B.ByUnit())],
                [Button(T.ButtonAll, new B.ListPage(ProposalListFilter.All, 0))],
            ]));
    }

    public async Task<FeatureResult> ListAsync(ProposalTurn c, ProposalListFilter filter, int page, CancellationToken ct)
    {
        if (!c.Who.IsCommittee)
        {
            return c.Keep(OutgoingMessage.Plain(T.NotCommittee));
        }

        var scope = await c.ScopeAsync(ct);
        var query = c.Db.Proposals.Where(p => scope.Contains(p.UnitId));
        string title;
        var oldestFirst = false;
        switch (filter.Kind)
        {
            case ProposalListKind.New:
                query = query.Where(p => p.Status == ProposalStatus.New);
                title = T.ButtonNewOnes;
                oldestFirst = true;
                break;
            case ProposalListKind.Unanswered:
                query = Awaiting(query);
                title = T.ButtonUnanswered;
                oldestFirst = true;
                break;
            case ProposalListKind.All:
                title = T.ButtonAll;
                break;
            case ProposalListKind.Addressee:
                var a = (ProposalAddressee)filter.Argument;
                query = query.Where(p => p.Addressee == a);
                title = "🏛 " + T.AddresseeName(a);
                break;
            default:
                var unitId = filter.Argument;
                if (!scope.Contains(unitId))
                {
                    return c.Keep(OutgoingMessage.Plain(T.UnitOutOfScope));
                }

                query = query.Where(p => p.UnitId == unitId);
                title = "🏢 " + await c.Db.Units.Where(u => u.Id == unitId).Select(u => u.Name).SingleAsync(ct);
                break;
        }

        var total = await query.CountAsync(ct);
        if (total == 0)
        {
            return c.Keep(new OutgoingMessage(T.NothingInList, [[Button(T.ButtonOverview, new B.Overview())]]));
        }

        var (pageIndex, pages) = Page(total, page, options.PageSize);
        var joined = from p in query
                     join u in c.Db.Units on p.UnitId equals u.Id
                     select new { p, u };
        joined = oldestFirst ? joined.OrderBy(x => x.p.Id) : joined.OrderByDescending(x => x.p.Id);
        var rows = await joined.Select(x => new ProposalRow(x.p.Id, x.p.Reference, x.p.Status, x.u.ShortName ?? x.u.Name, x.p.Topic, x.p.LastAnsweredAt, x.p.LastReplyAt))
            .Skip(pageIndex * options.PageSize).Take(options.PageSize).ToListAsync(ct);
        return c.Keep(Listing(T.ListTitle(title, total, pageIndex, pages), rows, pageIndex, pages, p => new B.ListPage(filter, p), [Button(T.ButtonOverview, new B.Overview())]));
    }

    public static async Task<FeatureResult> ByAddresseeAsync(ProposalTurn c, CancellationToken ct)
    {
        if (!c.Who.IsCommittee)
        {
            return c.Keep(OutgoingMessage.Plain(T.NotCommittee));
        }

        var scope = await c.ScopeAsync(ct);
        var counts = await c.Db.Proposals.Where(p => scope.Contains(p.UnitId)).GroupBy(p => p.Addressee)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var text = new StringBuilder(T.ByAddresseeTitle);
        var rows = new List<IReadOnlyList<ChatButton>>();
        foreach (var a in AddresseeOrder)
        {
            var n = counts.GetValueOrDefault(a);
            text.Append('\n').Append(T.AddresseeName(a)).Append(": ").Append(T.Count(n));
            if (n > 0)
            {
                rows.Add([Button($"{T.AddresseeName(a)} ({T.Count(n)})", new B.ListPage(ProposalListFilter.Of(a), 0))]);
            }
        }

        rows.Add([Button(T.ButtonOverview, new B.Overview())]);
        return c.Keep(new OutgoingMessage(text.ToString(), rows));
    }

    public static async Task<FeatureResult> ByUnitAsync(ProposalTurn c, CancellationToken ct)
    {
        if (!c.Who.IsCommittee)
        {
            return c.Keep(OutgoingMessage.Plain(T.NotCommittee));
        }

        var scope = await c.ScopeAsync(ct);
        var counts = await c.Db.Proposals.Where(p => scope.Contains(p.UnitId)).GroupBy(p => p.UnitId)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var ids = counts.Select(x => x.Key).ToList();
        var units = await c.Db.Units.Where(u => ids.Contains(u.Id)).OrderBy(u => u.Path).ToListAsync(ct);
        if (units.Count == 0)
        {
            return c.Keep(OutgoingMessage.Plain(T.NothingInScope));
        }

        var text = new StringBuilder(T.ByUnitTitle);
        foreach (var u in units)
        {
            text.Append('\n').Append(u.Name).Append(": ").Append(T.Count(counts.Single(x => x.Key == u.Id).Count));
        }

        var buttons = units.Take(40).Select(u => Button(u.ShortName ?? u.Name, new B.ListPage(ProposalListFilter.OfUnit(u.Id), 0)))
            .Chunk(2).Select(r => (IReadOnlyList<ChatButton>)r).ToList();
        buttons.Add([Button(T.ButtonOverview, new B.Overview())]);
        return c.Keep(new OutgoingMessage(text.ToString(), buttons));
    }
}
