using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Features.TextChannels;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Cli;

/// <summary>
/// The terminal channel: pick a person, then chat line by line. Replies read as in Zalo (<see cref="TextRenderer"/>):
/// choices by their number, actions by short commands, "có"/"không" for confirmations.
/// </summary>
public sealed class ConsoleChat(IDbContextFactory<UnionReviewDb> dbFactory, ConversationService conversations, TimeProvider clock)
{
    /// <summary>A terminal has no message limit; long replies are printed whole.</summary>
    private const int MaxText = 1_000_000;

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

        await output.WriteLineAsync(ConsoleTexts.Intro);
        var menu = TextMenu.Empty;
        var next = IncomingInput.FromText("/baocao");
        while (true)
        {
            var reply = await conversations.HandleAsync(new InboundMessage(ChannelNames.Console, $"person-{personId}", next), cancellationToken);
            // The same text rendering as Zalo: numbered choices, typed commands, shortened guidance with /xemthem.
            var rendered = TextRenderer.Render(reply.Messages, MaxText);
            foreach (var message in rendered)
            {
                await output.WriteLineAsync();
                await output.WriteLineAsync(string.Join('\n', message.Parts));
            }

            menu = rendered.Count > 0 ? rendered[0].Menu : TextMenu.Empty;
            while (true)
            {
                await output.WriteAsync("> ");
                var line = await input.ReadLineAsync(cancellationToken);
                if (line is null || line.Trim() is "thoat" or "thoát" or "/thoat")
                {
                    return 0;
                }

                if (line.Trim().Length == 0)
                {
                    continue;
                }

                if (TextRenderer.AsksForMore(line))
                {
                    await output.WriteLineAsync();
                    await output.WriteLineAsync(TextRenderer.MoreText(menu));
                    continue;
                }

                next = TextRenderer.Interpret(line, menu);
                break;
            }
        }
    }
}

internal static class ConsoleTexts
{
    public const string Intro = "Gõ tin nhắn rồi Enter: gõ số thứ tự để chọn, hoặc lệnh như /muc, /xem, /nop được ghi dưới mỗi tin nhắn. Gõ “thoat” để thoát.";
}
