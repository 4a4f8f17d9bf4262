using System.Reflection;
using Microsoft.EntityFrameworkCore;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Features.Conversations;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.WebChat;


/// <summary>The local web chat: pick a person, then chat; buttons for choices; proactive messages by polling.</summary>
public static class WebChatEndpoints
{
    /// <summary>Web chat request body.</summary>
    public sealed record WebChatRequest(int PersonId, string? Text, string? Payload, string? ClientMessageId);

    /// <summary>One message as the page shows it.</summary>
    public sealed record WebChatMessage(string Text, IReadOnlyList<IReadOnlyList<ChatButton>> Buttons, string? DocumentName, string? DocumentUrl = null);

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
                MessageId = request.ClientMessageId,
                Address = AddressOf(request.PersonId),
            }, ct);
            return Results.Ok(new { duplicate = reply.Duplicate, messages = reply.Messages.Select(ToView) });
        });
        app.MapGet("/api/webchat/inbox", async (int personId, IDbContextFactory<UnionReviewDb> f, WriteGate gate, TimeProvider clock, CancellationToken ct) =>
        {
            var address = AddressOf(personId);
            var messages = await gate.RunAsync(async () =>
            {
                await using var db = await f.CreateDbContextAsync(ct);
                var now = clock.GetUtcNow();
                var due = await db.Outbox.Where(o => o.Channel == ChannelNames.Web && o.Address == address && o.Status == OutboxStatus.Pending && o.NextAttemptAt <= now)
                    .OrderBy(o => o.Id).Take(50).ToListAsync(ct);
                foreach (var m in due)
                {
                    m.Status = OutboxStatus.Sent;
                    m.SentAt = now;
                    m.Attempts++;
                }

                await db.SaveChangesAsync(ct);
                return due.Select(m =>
                {
                    var view = ToView(StoredJson.Read<OutgoingMessage>(m.Payload));
                    return view.DocumentName is null ? view : view with { DocumentUrl = $"/api/webchat/documents/{m.Id}?personId={personId}" };
                }).ToList();
            }, ct);
            return Results.Ok(new { messages });
        });
        // A document that reached this person's web chat (a digest's .docx or .xlsx), kept in the outbox row that carried it.
        app.MapGet("/api/webchat/documents/{id:long}", async (long id, int personId, IDbContextFactory<UnionReviewDb> f, CancellationToken ct) =>
        {
            await using var db = await f.CreateDbContextAsync(ct);
            var address = AddressOf(personId);
            var payload = await db.Outbox.Where(o => o.Id == id && o.Channel == ChannelNames.Web && o.Address == address).Select(o => o.Payload).FirstOrDefaultAsync(ct);
            return payload is not null && StoredJson.Read<OutgoingMessage>(payload).Document is { } document
                ? Results.File(document.Content, document.ContentType, document.FileName)
                : Results.NotFound(new { error = WebChatTexts.UnknownDocument });
        });
        return app;
    }

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
    public const string UnknownDocument = "Không tìm thấy tài liệu này trong các tin nhắn của đồng chí.";
}
