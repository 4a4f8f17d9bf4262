using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Invites;

/// <summary>Single-use, expiring invite codes that link a chat identity (any channel) to a person.</summary>
public sealed class InviteService(TimeProvider clock)
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>Creates a code for a person, valid for <paramref name="validFor"/>.</summary>
    public async Task<InviteCode> CreateAsync(UnionReviewDb db, int personId, TimeSpan validFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!await db.People.AnyAsync(p => p.Id == personId, cancellationToken))
        {
            throw new InvalidOperationException($"Không có người có mã số {personId}.");
        }

        var now = clock.GetUtcNow();
        var invite = new InviteCode { Code = NewCode(), PersonId = personId, CreatedAt = now, ExpiresAt = now + validFor };
        db.InviteCodes.Add(invite);
        await db.SaveChangesAsync(cancellationToken);
        return invite;
    }

    private static string NewCode() => string.Create(10, 0, (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
    });

    /// <summary>
    /// A sender with no linked account: redeem an invite code ("/start CODE" or the bare code), or explain politely
    /// and show nothing else.
    /// </summary>
    public async Task<IReadOnlyList<OutgoingMessage>> HandleUnknownSenderAsync(UnionReviewDb db, InboundMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(message);
        var code = ExtractCode(message.Input.Text);
        if (code is null)
        {
            return [OutgoingMessage.Plain(ServerTexts.UnknownSender)];
        }

        var invite = await db.InviteCodes.FirstOrDefaultAsync(i => i.Code == code, cancellationToken);
        if (invite is null || invite.UsedAt is not null || invite.ExpiresAt <= now)
        {
            return [OutgoingMessage.Plain(ServerTexts.InviteInvalid)];
        }

        invite.UsedAt = now;
        invite.UsedByChannel = message.Channel;
        db.ChannelAccounts.Add(new ChannelAccount
        {
            Channel = message.Channel, ExternalId = message.ExternalUserId, PersonId = invite.PersonId,
            Address = message.Address, LinkedAt = now, LastSeenAt = now,
        });
        var person = await db.People.SingleAsync(p => p.Id == invite.PersonId, cancellationToken);
        return [OutgoingMessage.Plain(ServerTexts.InviteAccepted(person.FullName))];
    }

    private static string? ExtractCode(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // "/start CODE" (Telegram's link), "MÃ CODE" (typed in a text-only chat such as Zalo), or the bare code.
        var keyword = parts[0].StartsWith("/start", StringComparison.OrdinalIgnoreCase) || parts[0].ToUpperInvariant() is "MÃ" or "MA" or "MÃ:" or "MA:";
        var candidate = keyword ? parts.ElementAtOrDefault(1) : parts.Length == 1 ? parts[0] : null;
        return candidate is { Length: 10 } && candidate.All(c => Alphabet.Contains(char.ToUpperInvariant(c), StringComparison.Ordinal)) ? candidate.ToUpperInvariant() : null;
    }

    /// <summary>Links a channel identity directly (local channels where the operator picks the person).</summary>
    public static async Task<ChannelAccount> EnsureLinkedAsync(UnionReviewDb db, string channel, string externalId, int personId, string? address, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var account = await db.ChannelAccounts.FirstOrDefaultAsync(a => a.Channel == channel && a.ExternalId == externalId, cancellationToken);
        if (account is null)
        {
            account = new ChannelAccount { Channel = channel, ExternalId = externalId, PersonId = personId, Address = address, LinkedAt = now, LastSeenAt = now };
            db.ChannelAccounts.Add(account);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (e.InnerException is SqliteException { SqliteErrorCode: 19 })
            {
                // Several first messages at once: another request linked the same identity a moment ago; use that link.
                db.Entry(account).State = EntityState.Detached;
                account = await db.ChannelAccounts.FirstOrDefaultAsync(a => a.Channel == channel && a.ExternalId == externalId, cancellationToken);
                if (account is null)
                {
                    throw;
                }
            }
        }

        return account;
    }
}
