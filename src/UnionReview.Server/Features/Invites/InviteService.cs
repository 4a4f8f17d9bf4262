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
        var (attempted, code) = ExtractCode(message.Input.Text);
        if (!attempted)
        {
            return [OutgoingMessage.Plain(ServerTexts.UnknownSender)];
        }

        if (code is null)
        {
            // Something typed as a code that cannot be one (a character short, a letter the codes never use).
            return [OutgoingMessage.Plain(ServerTexts.InviteInvalid)];
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

    /// <summary>
    /// Whether the text is an attempt at an invite code ("/start something", or one word of 8 to 12 letters and digits),
    /// and the code when it is a well-formed one.
    /// </summary>
    private static (bool Attempted, string? Code) ExtractCode(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (false, null);
        }

        var parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // "/start CODE" (Telegram's link), "MÃ CODE" (typed in a text-only chat such as Zalo), or the bare code.
        var isStart = parts[0].Equals("/start", StringComparison.OrdinalIgnoreCase) || parts[0].StartsWith("/start@", StringComparison.OrdinalIgnoreCase)
            || parts[0].ToUpperInvariant() is "MÃ" or "MA" or "MÃ:" or "MA:";
        var candidate = isStart ? parts.ElementAtOrDefault(1) : parts.Length == 1 ? parts[0] : null;
        if (candidate is null || (!isStart && !(candidate.Length is >= 8 and <= 12 && candidate.All(char.IsAsciiLetterOrDigit))))
        {
            return (false, null);
        }

        var wellFormed = candidate is { Length: 10 } && candidate.All(c => Alphabet.Contains(char.ToUpperInvariant(c), StringComparison.Ordinal));
        return (true, wellFormed ? candidate.ToUpperInvariant() : null);
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
