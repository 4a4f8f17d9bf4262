using System.Reflection;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Documents;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.WebChat;


/// <summary>The local web chat: pick a person, then chat; buttons for choices; proactive messages by polling.</summary>
public static class WebChatEndpoints
{
    /// <summary>Web chat request body.</summary>
    public sealed record WebChatRequest(int PersonId, string? Text, string? Payload, string? ClientMessageId);

    /// <summary>One message as the page shows it.</summary>
    public sealed record WebChatMessage(string Text, IReadOnlyList<IReadOnlyList<ChatButton>> Buttons, string? DocumentName, string? DocumentUrl = null,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] long? Id = null);

    /// <summary>Body of POST /api/webchat/inbox/ack: the inbox messages the page has shown.</summary>
    public sealed record AckRequest(int PersonId, IReadOnlyList<long>? Ids);

    private const int MaxInboxMessages = 50;

    public static string AddressOf(int personId) => $"person-{personId}";

    public static IEndpointRouteBuilder MapWebChat(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect("/chat"));
        app.MapGet("/chat", () => Results.Content(Page.Value, "text/html; charset=utf-8"));
        app.MapGet("/api/webchat/people", async (IDbContextFactory<UnionReviewDb> f, CancellationToken ct) =>
        {
            await using var db = await f.CreateDbContextAsync(ct);
            var rows = await (from m in db.Memberships
                              join p in db.People on m.PersonId equals p.Id
                              join u in db.Units on m.UnitId equals u.Id
                              orderby p.Id
                              select new { p.Id, p.FullName, m.Role, Unit = u.Name }).ToListAsync(ct);
            return rows.GroupBy(r => new { r.Id, r.FullName })
                .Select(g => new { id = g.Key.Id, name = g.Key.FullName, roles = string.Join("; ", g.Select(r => $"{RoleName(r.Role)} – {r.Unit}")) });
        });
        app.MapPost("/api/webchat/messages", async (WebChatRequest request, IDbContextFactory<UnionReviewDb> f, ConversationService conversations, TimeProvider clock, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(request.Text) && string.IsNullOrWhiteSpace(request.Payload))
            {
                return Results.BadRequest(new { error = WebChatTexts.EmptyMessage });
            }

            if (request.ClientMessageId is { Length: > 100 })
            {
                return Results.BadRequest(new { error = WebChatTexts.BadClientMessageId });
            }

            if (request.Text is { Length: > 100_000 })
            {
                return Results.BadRequest(new { error = WebChatTexts.TooLong });
            }

            await using (var db = await f.CreateDbContextAsync(ct))
            {
                if (!await db.People.AnyAsync(p => p.Id == request.PersonId, ct))
                {
                    return Results.NotFound(new { error = WebChatTexts.UnknownPerson });
                }

                await InviteService.EnsureLinkedAsync(db, ChannelNames.Web, AddressOf(request.PersonId), request.PersonId, AddressOf(request.PersonId), clock.GetUtcNow(), ct);
            }

            var input = request.Payload is { Length: > 0 } payload ? IncomingInput.FromButton(payload) : IncomingInput.FromText(request.Text!);
            var reply = await conversations.HandleAsync(new InboundMessage(ChannelNames.Web, AddressOf(request.PersonId), input)
            {
                // Per account: two people's pages may well pick the same client id.
                MessageId = request.ClientMessageId is { Length: > 0 } clientId ? $"{AddressOf(request.PersonId)}:{clientId}" : null,
                Address = AddressOf(request.PersonId),
            }, ct);
            return Results.Ok(new { duplicate = reply.Duplicate, messages = reply.Messages.Select(ToView) });
        });
        // Reading the inbox changes nothing: the page acknowledges what it has shown with POST /api/webchat/inbox/ack.
        app.MapGet("/api/webchat/inbox", async (int personId, IDbContextFactory<UnionReviewDb> f, DocumentLinks links, TimeProvider clock, CancellationToken ct) =>
        {
            var address = AddressOf(personId);
            await using var db = await f.CreateDbContextAsync(ct);
            var now = clock.GetUtcNow();
            var due = await db.Outbox.AsNoTracking()
                .Where(o => o.Channel == ChannelNames.Web && o.Address == address && o.Status == OutboxStatus.Pending && o.NextAttemptAt <= now)
                .OrderBy(o => o.Id).Take(MaxInboxMessages).Select(o => new { o.Id, o.Payload }).ToListAsync(ct);
            var messages = new List<WebChatMessage>(due.Count);
            foreach (var m in due)
            {
                var view = ToView(StoredJson.Read<OutgoingMessage>(m.Payload)) with { Id = m.Id };
                messages.Add(view.DocumentName is null ? view : view with
                {
                    DocumentUrl = DocumentUrl(m.Id, personId, await links.KeyAsync(DocumentLinks.WebChatPurpose(m.Id, personId), ct)),
                });
            }

            return Results.Ok(new { messages });
        });
        app.MapPost("/api/webchat/inbox/ack", async (AckRequest request, IDbContextFactory<UnionReviewDb> f, WriteGate gate, TimeProvider clock, CancellationToken ct) =>
        {
            var ids = (request.Ids ?? []).Distinct().ToList();
            if (ids.Count > MaxInboxMessages)
            {
                return Results.BadRequest(new { error = WebChatTexts.TooManyAcks });
            }

            var address = AddressOf(request.PersonId);
            var acknowledged = ids.Count == 0 ? 0 : await gate.RunAsync(async () =>
            {
                await using var db = await f.CreateDbContextAsync(ct);
                var now = clock.GetUtcNow();
                var rows = await db.Outbox.Where(o => ids.Contains(o.Id) && o.Channel == ChannelNames.Web && o.Address == address && o.Status == OutboxStatus.Pending)
                    .ToListAsync(ct);
                foreach (var m in rows)
                {
                    m.Status = OutboxStatus.Sent;
                    m.SentAt = now;
                    m.Attempts++;
                }

                await db.SaveChangesAsync(ct);
                return rows.Count;
            }, ct);
            return Results.Ok(new { acknowledged });
        });
        // A document that reached this person's web chat (a digest's .docx or .xlsx), kept in the outbox row that carried
        // it; only through the link the inbox gave (its key is bound to the row and the person).
        app.MapGet("/api/webchat/documents/{id:long}", async (long id, int personId, string? key, IDbContextFactory<UnionReviewDb> f, DocumentLinks links, CancellationToken ct) =>
        {
            if (!await links.IsValidAsync(DocumentLinks.WebChatPurpose(id, personId), key, ct))
            {
                return Results.NotFound(new { error = WebChatTexts.UnknownDocument });
            }

            await using var db = await f.CreateDbContextAsync(ct);
            var address = AddressOf(personId);
            var payload = await db.Outbox.Where(o => o.Id == id && o.Channel == ChannelNames.Web && o.Address == address).Select(o => o.Payload).FirstOrDefaultAsync(ct);
            return payload is not null && StoredJson.Read<OutgoingMessage>(payload).Document is { } document
                ? Results.File(document.Content, document.ContentType, document.FileName)
                : Results.NotFound(new { error = WebChatTexts.UnknownDocument });
        });
        return app;
    }

    private static string DocumentUrl(long id, int personId, string key) =>
        FormattableString.Invariant($"/api/webchat/documents/{id}?personId={personId}&key={key}");

    private static WebChatMessage ToView(OutgoingMessage m) => new(m.Text, m.Buttons, m.Document?.FileName);

    private static string RoleName(Role role) => role switch
    {
        Role.Officer => "Cán bộ",
        Role.Committee => "Ban Thường vụ",
        Role.Admin => "Quản trị",
        _ => role.ToString(),
    };

    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("UnionReview.Server.Features.WebChat.wwwroot.chat.html")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });
}

internal static class WebChatTexts
{
    public const string EmptyMessage = "Tin nhắn trống.";
    public const string TooLong = "Tin nhắn quá dài (tối đa 100.000 ký tự một lần gửi). Hãy chia thành nhiều tin nhắn.";
    public const string UnknownPerson = "Không tìm thấy người dùng này.";
    public const string BadClientMessageId = "Mã tin nhắn quá dài (tối đa 100 ký tự).";
    public const string TooManyAcks = "Mỗi lần chỉ xác nhận được tối đa 50 tin nhắn.";
    public const string UnknownDocument = "Không tìm thấy tài liệu này trong các tin nhắn của đồng chí.";
}
