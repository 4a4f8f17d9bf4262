using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using UnionReview.Dialogs.Messages;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Documents;

/// <summary>A file kept for a download link: for one person, until <see cref="ExpiresAt"/>.</summary>
public sealed class SharedFileRow
{
    /// <summary>Random, 128 bits, base64url.</summary>
    public required string Id { get; set; }
    public int PersonId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class SharedFileRowConfiguration : IEntityTypeConfiguration<SharedFileRow>
{
    public void Configure(EntityTypeBuilder<SharedFileRow> b)
    {
        b.ToTable("shared_files");
        b.HasKey(f => f.Id);
        b.HasIndex(f => f.ExpiresAt);
    }
}

/// <summary>A download link made for one person: its address and until when it works.</summary>
public sealed record SharedFileLink(string Url, DateTimeOffset ExpiresAt, TimeSpan ValidFor);

/// <summary>What opening a download link found.</summary>
public abstract record SharedFileOpening
{
    private SharedFileOpening()
    {
    }

    public sealed record Found(SharedFileRow File) : SharedFileOpening;
    /// <summary>The signature does not match what the link names (altered, made up, or another person's file).</summary>
    public sealed record Refused : SharedFileOpening;
    /// <summary>A genuine link opened after its expiry.</summary>
    public sealed record Expired : SharedFileOpening;
}

/// <summary>
/// Download links for chat apps that cannot carry files (Zalo): the file is kept in <c>shared_files</c> for one person
/// and a short time (<see cref="DocumentOptions.LinkLifetime"/>), and the link names the file, the person and the expiry,
/// signed with the document key (<see cref="DocumentLinks"/>). The signed link is the authorisation, so these links are
/// served on the public address (<see cref="DocumentOptions.PublicBaseUrl"/>), unlike the loopback demo pages: a link
/// with anything changed is refused, one opened late has expired, and a link never opens another person's file.
/// Without a public address no link is made (the channel says where to get the file instead).
/// </summary>
public sealed class SharedFiles(
    IDbContextFactory<UnionReviewDb> dbFactory,
    TurnExecutor executor,
    DocumentLinks links,
    IOptions<DocumentOptions> options,
    IConfiguration configuration,
    TimeProvider clock)
{
    /// <summary>The route: the file's id, then its name (so a browser or chat app names the download).</summary>
    public const string Route = "/files/{id}/{name}";

    /// <summary>How long an expired file is kept before it is deleted (its link then still says "expired").</summary>
    private static readonly TimeSpan KeepExpired = TimeSpan.FromDays(1);

    /// <summary>The public base address (no trailing slash), or null when none is configured.</summary>
    public string? PublicBaseUrl => BaseUrl(options.Value, configuration);

    /// <summary><see cref="DocumentOptions.PublicBaseUrl"/>, else WebApp:PublicUrl, without a trailing slash; null when neither is set.</summary>
    public static string? BaseUrl(DocumentOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        var configured = options.PublicBaseUrl;
        if (string.IsNullOrWhiteSpace(configured))
        {
            configured = configuration["WebApp:PublicUrl"];
        }

        return string.IsNullOrWhiteSpace(configured) ? null : configured.Trim().TrimEnd('/');
    }

    /// <summary>Keeps <paramref name="document"/> for <paramref name="personId"/> and returns its link, or null without a public address.</summary>
    public async Task<SharedFileLink?> ShareAsync(int personId, ChatDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (PublicBaseUrl is not { } baseUrl)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var validFor = options.Value.LinkLifetime;
        // Whole seconds: the expiry is written in the link and signed as written.
        var expires = DateTimeOffset.FromUnixTimeSeconds((now + validFor).ToUnixTimeSeconds());
        var row = new SharedFileRow
        {
            Id = Base64Url(RandomNumberGenerator.GetBytes(16)),
            PersonId = personId,
            FileName = document.FileName,
            ContentType = document.ContentType,
            Content = document.Content,
            CreatedAt = now,
            ExpiresAt = expires,
        };
        await executor.ExecuteAsync(async (db, ct) =>
        {
            var cutoff = now - KeepExpired;
            await db.Set<SharedFileRow>().Where(f => f.ExpiresAt < cutoff).ExecuteDeleteAsync(ct);
            db.Set<SharedFileRow>().Add(row);
            return await db.SaveChangesAsync(ct);
        }, cancellationToken);
        var seconds = expires.ToUnixTimeSeconds();
        var key = await links.KeyAsync(Purpose(row.Id, personId, seconds), cancellationToken);
        var url = string.Create(CultureInfo.InvariantCulture, $"{baseUrl}/files/{row.Id}/{Uri.EscapeDataString(SafeName(document.FileName))}?p={personId}&e={seconds}&k={key}");
        return new SharedFileLink(url, expires, validFor);
    }

    /// <summary>Checks a link's signature, expiry and owner, in that order, and finds its file.</summary>
    public async Task<SharedFileOpening> OpenAsync(string id, int personId, long expires, string? key, CancellationToken cancellationToken)
    {
        if (id.Length > 64 || !await links.IsValidAsync(Purpose(id, personId, expires), key, cancellationToken))
        {
            return new SharedFileOpening.Refused();
        }

        if (clock.GetUtcNow().ToUnixTimeSeconds() >= expires)
        {
            return new SharedFileOpening.Expired();
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var file = await db.Set<SharedFileRow>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
        return file switch
        {
            null => new SharedFileOpening.Expired(),
            { PersonId: var owner } when owner != personId => new SharedFileOpening.Refused(),
            _ => new SharedFileOpening.Found(file),
        };
    }

    private static string Purpose(string id, int personId, long expires) => string.Create(CultureInfo.InvariantCulture, $"file:{id}:{personId}:{expires}");

    /// <summary>The file name as a path segment: letters, digits, dot, dash and underscore only.</summary>
    private static string SafeName(string fileName)
    {
        var safe = new string([.. fileName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '-')]);
        return safe.Trim('-').Length == 0 ? "tep" : safe;
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>The public download route of <see cref="SharedFiles"/>.</summary>
public static class SharedFileEndpoints
{
    /// <summary>GET (and HEAD, which chat apps may send before fetching a picture) <see cref="SharedFiles.Route"/>.</summary>
    public static IEndpointRouteBuilder MapSharedFiles(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapMethods(SharedFiles.Route, [HttpMethods.Get, HttpMethods.Head], async (string id, string name, int? p, long? e, string? k, SharedFiles files, HttpContext http, CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "private, no-store";
            var opening = p is { } person && e is { } expires ? await files.OpenAsync(id, person, expires, k, ct) : new SharedFileOpening.Refused();
            return opening switch
            {
                SharedFileOpening.Found { File: var file } when file.ContentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) =>
                    Results.File(file.Content, file.ContentType),
                SharedFileOpening.Found { File: var file } => Results.File(file.Content, file.ContentType, file.FileName),
                SharedFileOpening.Expired => Page(SharedFileTexts.ExpiredTitle, SharedFileTexts.Expired, StatusCodes.Status410Gone),
                _ => Page(SharedFileTexts.RefusedTitle, SharedFileTexts.Refused, StatusCodes.Status403Forbidden),
            };
        });
        return app;
    }

    /// <summary>A short page; its texts are this project's constants, written as they are (no entities for Vietnamese letters).</summary>
    private static IResult Page(string title, string text, int status) =>
        Results.Content(
            $"<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title></head>" +
            $"<body style=\"font-family:sans-serif;max-width:36em;margin:2em auto;padding:0 1em\"><h1>{title}</h1><p>{text}</p></body></html>",
            "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
}

/// <summary>Vietnamese texts of the download links.</summary>
internal static class SharedFileTexts
{
    public const string ExpiredTitle = "Đường dẫn đã hết hạn";

    public const string Expired =
        "Đường dẫn tải tệp này đã hết hạn. Đồng chí vui lòng yêu cầu lại tài liệu trong cuộc trò chuyện với bot (ví dụ gõ /tonghop) để nhận đường dẫn mới.";

    public const string RefusedTitle = "Đường dẫn không hợp lệ";

    public const string Refused =
        "Đường dẫn tải tệp này không đúng hoặc đã bị thay đổi. Mỗi đường dẫn chỉ dành cho người đã nhận nó; đồng chí vui lòng mở đúng đường dẫn bot đã gửi cho mình.";

    /// <summary>"30 phút", "2 giờ", "1 giờ 30 phút".</summary>
    public static string Duration(TimeSpan span)
    {
        var minutes = Math.Max(1, (int)Math.Round(span.TotalMinutes));
        var (hours, rest) = (minutes / 60, minutes % 60);
        return hours == 0 ? $"{rest} phút" : rest == 0 ? $"{hours} giờ" : $"{hours} giờ {rest} phút";
    }
}
