using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Cli;


/// <summary>The terminal channel: pick a person, then chat line by line; "#n" presses button n.</summary>
public sealed class ConsoleChat(IDbContextFactory<UnionReviewDb> dbFactory, ConversationService conversations, TimeProvider clock)
{
    public async Task<int> RunAsync(TextReader input, TextWriter output, int? personId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var people = await db.People.OrderBy(p => p.Id).ToListAsync(cancellationToken);
            if (personId is null)
            {
                await output.WriteLineAsync("Chọn người dùng (gõ số):");
                foreach (var p in people)
                {
                    await output.WriteLineAsync($"  {p.Id}. {p.FullName}");
                }

                while (personId is null)
                {
                    await output.WriteAsync("> ");
                    var line = await input.ReadLineAsync(cancellationToken);
                    if (line is null)
                    {
                        return 1;
                    }

                    personId = int.TryParse(line.Trim(), out var id) && people.Any(p => p.Id == id) ? id : null;
                    if (personId is null)
                    {
                        await output.WriteLineAsync("Không có người dùng này, gõ lại số.");
                    }
                }
            }
            else if (people.All(p => p.Id != personId))
            {
                await output.WriteLineAsync($"Không có người dùng số {personId}.");
                return 1;
            }

            await InviteService.EnsureLinkedAsync(db, ChannelNames.Console, $"person-{personId}", personId.Value, null, clock.GetUtcNow(), cancellationToken);
        }

        await output.WriteLineAsync("Gõ tin nhắn rồi Enter. “#2” bấm nút số 2. Gõ “thoat” để thoát.");
        IReadOnlyList<ChatButton> buttons = [];
        var next = IncomingInput.FromText("/baocao");
        while (true)
        {
            var reply = await conversations.HandleAsync(new InboundMessage(ChannelNames.Console, $"person-{personId}", next), cancellationToken);
            foreach (var message in reply.Messages)
            {
                await output.WriteLineAsync();
                await output.WriteLineAsync(message.Text);
            }

            buttons = [.. reply.Messages.SelectMany(m => m.Buttons).SelectMany(r => r)];
            if (buttons.Count > 0)
            {
                await output.WriteLineAsync(string.Join("  ", buttons.Select((b, i) => $"[#{i + 1}] {b.Label}")));
            }

            while (true)
            {
                await output.WriteAsync("> ");
                var line = await input.ReadLineAsync(cancellationToken);
                if (line is null || line.Trim() is "thoat" or "thoát" or "/thoat")
                {
                    return 0;
                }

                if (line.Trim() is { Length: > 1 } t && t[0] == '#')
                {
                    if (int.TryParse(t[1..], out var n) && n >= 1 && n <= buttons.Count)
                    {
                        next = IncomingInput.FromButton(buttons[n - 1].Payload);
                        break;
                    }

                    await output.WriteLineAsync($"Không có nút {t}.");
                    continue;
                }

                if (line.Trim().Length == 0)
                {
                    continue;
                }

                next = IncomingInput.FromText(line);
                break;
            }
        }
    }
}
