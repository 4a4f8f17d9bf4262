using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.TextChannels;

/// <summary>
/// The keys each chat of a text-only channel was last offered, kept in memory and in text_menus (so a number typed
/// after a restart still means what the person saw).
/// </summary>
public sealed class TextMenuStore(TurnExecutor executor, IDbContextFactory<UnionReviewDb> dbFactory, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(string, string), TextMenu> _menus = new();

    public async Task<TextMenu> GetAsync(string channel, string address, CancellationToken cancellationToken)
    {
        if (_menus.TryGetValue((channel, address), out var menu))
        {
            return menu;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.TextMenus.AsNoTracking().FirstOrDefaultAsync(m => m.Channel == channel && m.Address == address, cancellationToken);
        menu = row is null ? TextMenu.Empty : new TextMenu(StoredJson.Read<Dictionary<string, string>>(row.Keys)) { More = row.More };
        _menus.TryAdd((channel, address), menu);
        return menu;
    }

    public async Task PutAsync(string channel, string address, TextMenu menu, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(menu);
        if (_menus.TryGetValue((channel, address), out var old) && old.More == menu.More && old.Keys.Count == menu.Keys.Count && !old.Keys.Except(menu.Keys).Any())
        {
            return;
        }

        _menus[(channel, address)] = menu;
        var json = StoredJson.Write(menu.Keys);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await executor.ExecuteSqlAsync(sql => sql.Execute(
            "INSERT INTO text_menus (Channel, Address, Keys, UpdatedAt, More) VALUES ($p0, $p1, $p2, $p3, $p4) ON CONFLICT (Channel, Address) DO UPDATE SET Keys = excluded.Keys, UpdatedAt = excluded.UpdatedAt, More = excluded.More",
            channel, address, json, now, menu.More), cancellationToken);
    }
}
