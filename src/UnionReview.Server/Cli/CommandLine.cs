using System.Globalization;
using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Features.Invites;
using UnionReview.Server.Features.Organisation;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Cli;

/// <summary>Command-line verbs: chat, migrate, units, people, invite. Extra verbs register an <see cref="ICliVerb"/>.</summary>
public static class CommandLine
{
    private static readonly string[] CoreVerbs = ["chat", "migrate", "units", "people", "invite", "help"];

    /// <summary>Whether the arguments name a verb (otherwise the service runs).</summary>
    public static bool IsVerb(string[] args, IEnumerable<string> extraVerbs) =>
        args.Length > 0 && (IsHelp(args[0]) || (!args[0].StartsWith('-') && (CoreVerbs.Contains(args[0]) || extraVerbs.Contains(args[0]))));

    /// <summary>The ways people ask for help on a command line: --help, -h, /?, help.</summary>
    private static bool IsHelp(string arg) => arg is "--help" or "-h" or "-?" or "/?" or "help";

    public static Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output, CancellationToken cancellationToken) =>
        RunAsync(services, args, input, output, output, cancellationToken);

    /// <summary>Runs a verb; problems go to <paramref name="error"/> (stderr) so scripts can keep them apart from results.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args.Any(IsHelp))
        {
            // "--help" alone or after a verb ("documents --help") prints the usage; it is not an error.
            await output.WriteLineAsync(Usage(services));
            return 0;
        }

        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
        var options = ParseOptions(args.Skip(1));
        var factory = services.GetRequiredService<IDbContextFactory<UnionReviewDb>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        try
        {
            switch (args[0], args.Length > 1 ? args[1] : null)
            {
                case ("chat", _):
                    return await services.GetRequiredService<ConsoleChat>().RunAsync(input, output, options.TryGetValue("person", out var p) ? int.Parse(p, CultureInfo.InvariantCulture) : null, cancellationToken);
                case ("migrate", _):
                    var versions = await SchemaMigrator.AppliedVersionsAsync(db, cancellationToken);
                    await output.WriteLineAsync($"Cơ sở dữ liệu đã ở phiên bản {(versions.Count > 0 ? versions[^1] : 0)}.");
                    return 0;
                case ("units", "list"):
                    var levels = await db.UnitLevels.ToDictionaryAsync(l => l.Id, l => l.Name, cancellationToken);
                    foreach (var u in await db.Units.OrderBy(u => u.Path).ToListAsync(cancellationToken))
                    {
                        var depth = u.Path.Count(c => c == '/') - 2;
                        await output.WriteLineAsync($"{u.Id,5}  {new string(' ', depth * 2)}{u.Name}  [{levels[u.LevelId]}]");
                    }

                    return 0;
                case ("units", "levels"):
                    foreach (var l in await db.UnitLevels.OrderBy(l => l.Rank).ToListAsync(cancellationToken))
                    {
                        await output.WriteLineAsync($"{l.Id,5}  {l.Name} (cấp {l.Rank})");
                    }

                    return 0;
                case ("units", "add"):
                    var unit = await Scope.AddUnitAsync(db, Required(options, "name"), options.GetValueOrDefault("short"), int.Parse(Required(options, "level"), CultureInfo.InvariantCulture),
                        options.TryGetValue("parent", out var parent) ? int.Parse(parent, CultureInfo.InvariantCulture) : null, 0, cancellationToken);
                    if (options.TryGetValue("campaign", out var campaignId))
                    {
                        db.CampaignUnits.Add(new CampaignUnit { CampaignId = int.Parse(campaignId, CultureInfo.InvariantCulture), UnitId = unit.Id });
                        await db.SaveChangesAsync(cancellationToken);
                    }

                    await output.WriteLineAsync($"Đã thêm đơn vị {unit.Id}: {unit.Name}.");
                    return 0;
                case ("people", "list"):
                    var rows = await (from m in db.Memberships join pp in db.People on m.PersonId equals pp.Id join u in db.Units on m.UnitId equals u.Id
                                      orderby pp.Id select new { pp.Id, pp.FullName, m.Role, u.Name }).ToListAsync(cancellationToken);
                    foreach (var r in rows)
                    {
                        await output.WriteLineAsync($"{r.Id,5}  {r.FullName}  {r.Role}  {r.Name}");
                    }

                    return 0;
                case ("people", "add"):
                    var role = Enum.Parse<Role>(Required(options, "role"), ignoreCase: true);
                    var unitId = int.Parse(Required(options, "unit"), CultureInfo.InvariantCulture);
                    if (!await db.Units.AnyAsync(u => u.Id == unitId, cancellationToken))
                    {
                        throw new ArgumentException($"Không có đơn vị {unitId}.");
                    }

                    var person = new Person { FullName = Required(options, "name"), Phone = options.GetValueOrDefault("phone"), CreatedAt = services.GetRequiredService<TimeProvider>().GetUtcNow() };
                    db.People.Add(person);
                    await db.SaveChangesAsync(cancellationToken);
                    db.Memberships.Add(new Membership { PersonId = person.Id, UnitId = unitId, Role = role });
                    await db.SaveChangesAsync(cancellationToken);
                    await output.WriteLineAsync($"Đã thêm {person.FullName} (mã {person.Id}).");
                    return 0;
                case ("invite", "create"):
                    var days = options.TryGetValue("days", out var d) ? int.Parse(d, CultureInfo.InvariantCulture) : 7;
                    var invite = await services.GetRequiredService<InviteService>().CreateAsync(db, int.Parse(Required(options, "person"), CultureInfo.InvariantCulture), TimeSpan.FromDays(days), cancellationToken);
                    await output.WriteLineAsync($"Mã mời: {invite.Code} (dùng một lần, hết hạn sau {days} ngày).");
                    foreach (var links in services.GetServices<IInviteLinks>())
                    {
                        await output.WriteLineAsync(await links.LinkForAsync(invite.Code, cancellationToken) is { } url
                            ? $"{links.Name}: {url}"
                            : $"{links.Name}: chưa có đường dẫn (chưa cấu hình hoặc không kết nối được); gửi cho bot tin nhắn /start {invite.Code}");
                    }

                    return 0;
                default:
                    foreach (var verb in services.GetServices<ICliVerb>())
                    {
                        if (verb.Name == args[0])
                        {
                            return await verb.RunAsync(services, args[1..], options, output, error, cancellationToken);
                        }
                    }

                    await output.WriteLineAsync(Usage(services));
                    return args[0] == "help" ? 0 : 2;
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            await error.WriteLineAsync("Lỗi: " + e.Message);
            return 2;
        }
    }

    private static string Required(Dictionary<string, string> options, string key) =>
        options.TryGetValue(key, out var v) && v.Length > 0 ? v : throw new ArgumentException($"Thiếu tham số --{key}.");

    /// <summary>Reads "--key value" pairs.</summary>
    public static Dictionary<string, string> ParseOptions(IEnumerable<string> args)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? key = null;
        foreach (var a in args)
        {
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                key = a[2..];
                result[key] = "";
            }
            else if (key is not null)
            {
                result[key] = a;
                key = null;
            }
        }

        return result;
    }

    private static string Usage(IServiceProvider services) =>
        "Cách dùng: dotnet run --project src/UnionReview.Server -- <lệnh>\n" +
        "  chat [--person <mã>]                        trò chuyện trong cửa sổ dòng lệnh\n" +
        "  migrate                                     tạo/nâng cấp cơ sở dữ liệu\n" +
        "  units list | units levels                   xem đơn vị, cấp đơn vị\n" +
        "  units add --name <tên> --level <mã cấp> [--parent <mã>] [--short <tên ngắn>] [--campaign <mã đợt>]\n" +
        "  people list\n" +
        "  people add --name <họ tên> --unit <mã đơn vị> --role officer|committee|admin [--phone <số>]\n" +
        "  invite create --person <mã> [--days 7]      tạo mã mời liên kết tài khoản chat\n" +
        string.Concat(services.GetServices<ICliVerb>().Select(v => $"  {v.Usage}\n"));
}

/// <summary>A command-line verb added by a feature (for example target import).</summary>
public interface ICliVerb
{
    string Name { get; }
    string Usage { get; }
    Task<int> RunAsync(IServiceProvider services, string[] args, Dictionary<string, string> options, TextWriter output, CancellationToken cancellationToken);

    /// <summary>Runs with a separate writer for problems (stderr); verbs that report problems implement this one.</summary>
    Task<int> RunAsync(IServiceProvider services, string[] args, Dictionary<string, string> options, TextWriter output, TextWriter errors, CancellationToken cancellationToken) =>
        RunAsync(services, args, options, output, cancellationToken);
}
