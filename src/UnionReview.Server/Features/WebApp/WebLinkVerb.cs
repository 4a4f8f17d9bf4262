using System.Globalization;
using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Cli;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.WebApp;

/// <summary><c>weblink [--person &lt;id&gt;]</c>: prints a sign-in link, by default for the first administrator.</summary>
internal sealed class WebLinkVerb : ICliVerb
{
    public string Name => "weblink";

    public string Usage => "weblink [--person <mã người>]   in đường dẫn đăng nhập trang web (mặc định cho quản trị viên đầu tiên)";

    public Task<int> RunAsync(IServiceProvider services, string[] args, Dictionary<string, string> options, TextWriter output, CancellationToken cancellationToken) =>
        RunAsync(services, args, options, output, output, cancellationToken);

    public async Task<int> RunAsync(IServiceProvider services, string[] args, Dictionary<string, string> options, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        await using var db = await services.GetRequiredService<IDbContextFactory<UnionReviewDb>>().CreateDbContextAsync(cancellationToken);
        int? personId = options.TryGetValue("person", out var p) && int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null;
        personId ??= await db.Memberships.Where(m => m.Role == Role.Admin).OrderBy(m => m.PersonId).Select(m => (int?)m.PersonId).FirstOrDefaultAsync(cancellationToken);
        if (personId is null || !await db.People.AnyAsync(x => x.Id == personId, cancellationToken))
        {
            await errors.WriteLineAsync(WebAppTexts.NoSuchPerson);
            return 2;
        }

        var url = services.GetRequiredService<SignInLinks>().Issue(db, personId.Value, "cli");
        await db.SaveChangesAsync(cancellationToken);
        await output.WriteLineAsync(url);
        return 0;
    }
}
