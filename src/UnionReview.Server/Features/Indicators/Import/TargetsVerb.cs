using System.Globalization;
using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Cli;
using UnionReview.Server.Features.Reports;
using UnionReview.Server.Persistence;
using T = UnionReview.Server.Features.Indicators.Import.TargetImportTexts;

namespace UnionReview.Server.Features.Indicators.Import;

/// <summary>
/// <c>targets import | list | template</c>: assigned targets (KH giao) from CSV or Excel. Exit code 0 when done,
/// 2 when the file or a row is bad (problems on stderr; nothing written).
/// </summary>
internal sealed class TargetsVerb(TargetImporter importer, TargetTemplate template, OutlineCatalog outlines, IDbContextFactory<UnionReviewDb> factory) : ICliVerb
{
    private const int MaxErrorsShown = 200;
    private const int MaxChangesShown = 200;

    public string Name => "targets";

    public string Usage => T.Usage;

    public Task<int> RunAsync(IServiceProvider services, string[] args, Dictionary<string, string> options, TextWriter output, CancellationToken cancellationToken) =>
        RunAsync(services, args, options, output, output, cancellationToken);

    public async Task<int> RunAsync(IServiceProvider services, string[] args, Dictionary<string, string> options, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        try
        {
            return args.FirstOrDefault() switch
            {
                "import" => await ImportAsync(options, output, errors, cancellationToken),
                "list" => await ListAsync(options, output, cancellationToken),
                "template" => await TemplateAsync(options, output, cancellationToken),
                _ => Fail(errors, T.UnknownAction + "\n  " + T.Usage),
            };
        }
        catch (TargetFileException e)
        {
            return Fail(errors, "Lỗi: " + e.Message);
        }
    }

    private async Task<int> ImportAsync(Dictionary<string, string> options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var campaignId = Id(options, "campaign");
        var path = Path.GetFullPath(Required(options, "file"));
        var (table, encoding) = await ReadAsync(path, options.GetValueOrDefault("sheet"), cancellationToken);
        var result = await importer.ImportAsync(campaignId, table, options.ContainsKey("dry-run"), cancellationToken);
        if (encoding is not null)
        {
            await output.WriteLineAsync($"Đọc tệp theo bảng mã {encoding}.");
        }

        if (!result.Succeeded)
        {
            await error.WriteLineAsync(T.Errors(result.Errors.Count, path));
            foreach (var line in result.Errors.Take(MaxErrorsShown))
            {
                await error.WriteLineAsync("  " + line);
            }

            if (result.Errors.Count > MaxErrorsShown)
            {
                await error.WriteLineAsync("  " + T.MoreErrors(result.Errors.Count - MaxErrorsShown));
            }

            return 2;
        }

        await output.WriteLineAsync(T.Summary(result.DryRun, result.Campaign, result.Added, result.Changed, result.Unchanged, result.Blank));
        foreach (var change in result.Changes.Take(MaxChangesShown))
        {
            await output.WriteLineAsync(T.ChangeLine(change.Unit.Name, change.Indicator, change.Before, change.After));
        }

        if (result.Changes.Count > MaxChangesShown)
        {
            await output.WriteLineAsync("  " + T.MoreErrors(result.Changes.Count - MaxChangesShown).Replace("lỗi", "thay đổi", StringComparison.Ordinal));
        }

        return 0;
    }

    private async Task<int> ListAsync(Dictionary<string, string> options, TextWriter output, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (!options.ContainsKey("campaign"))
        {
            return await ListCampaignsAsync(db, output, cancellationToken);
        }

        var campaignId = Id(options, "campaign");
        var context = await CampaignTargetContext.LoadAsync(db, outlines, campaignId, cancellationToken);
        int? unitId = options.ContainsKey("unit") ? Id(options, "unit") : null;
        if (unitId is { } u && !context.UnitsById.ContainsKey(u))
        {
            throw new TargetFileException(T.NoUnit(u));
        }

        var targets = await db.IndicatorTargets.AsNoTracking().Where(t => t.CampaignId == campaignId && (unitId == null || t.UnitId == unitId)).ToListAsync(cancellationToken);
        await output.WriteLineAsync(T.ListHeader(context.Campaign.Name));
        if (targets.Count == 0)
        {
            await output.WriteLineAsync(T.ListEmpty);
            return 0;
        }

        var order = context.ParticipantsInTreeOrder().Select((unit, i) => (unit.Id, i)).ToDictionary(x => x.Id, x => x.i);
        var indicatorOrder = context.Outline.Indicators.Select((ind, i) => (ind.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        foreach (var t in targets.OrderBy(t => order.GetValueOrDefault(t.UnitId, int.MaxValue)).ThenBy(t => t.UnitId).ThenBy(t => indicatorOrder.GetValueOrDefault(t.IndicatorId, int.MaxValue)))
        {
            var unit = context.UnitsById[t.UnitId];
            await output.WriteLineAsync(T.ListLine(unit.Name, unit.Id, context.Outline.Indicators.FirstOrDefault(i => i.Id == t.IndicatorId), t.IndicatorId, t.Target));
        }

        return 0;
    }

    private static async Task<int> ListCampaignsAsync(UnionReviewDb db, TextWriter output, CancellationToken cancellationToken)
    {
        var campaigns = await db.Campaigns.AsNoTracking().OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var units = await db.CampaignUnits.GroupBy(c => c.CampaignId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var targets = await db.IndicatorTargets.GroupBy(t => t.CampaignId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        await output.WriteLineAsync(T.CampaignsHeader);
        foreach (var c in campaigns)
        {
            await output.WriteLineAsync(T.CampaignLine(c.Id, c.Name, c.OutlineId, c.IsActive, units.GetValueOrDefault(c.Id), targets.GetValueOrDefault(c.Id)));
        }

        return 0;
    }

    private async Task<int> TemplateAsync(Dictionary<string, string> options, TextWriter output, CancellationToken cancellationToken)
    {
        var campaignId = Id(options, "campaign");
        var path = Path.GetFullPath(Required(options, "file"));
        var (units, indicators) = await template.WriteAsync(campaignId, path, cancellationToken);
        await output.WriteLineAsync(T.TemplateWritten(path, units, indicators));
        return 0;
    }

    /// <summary>Reads a .csv or .xlsx file; the encoding is named for CSV (Excel files carry their own).</summary>
    private static async Task<(TargetTable Table, string? Encoding)> ReadAsync(string path, string? sheet, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new TargetFileException(T.FileNotFound(path));
        }

        switch (Path.GetExtension(path).ToUpperInvariant())
        {
            case ".CSV" or ".TXT":
                var (table, encoding) = CsvTableReader.Read(await File.ReadAllBytesAsync(path, cancellationToken), path);
                return (table, encoding);
            case ".XLSX":
                await using (var stream = File.OpenRead(path))
                {
                    return (XlsxTableReader.Read(stream, string.IsNullOrWhiteSpace(sheet) ? null : sheet, path), null);
                }

            default:
                throw new TargetFileException(T.UnsupportedImportExtension(path));
        }
    }

    private static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new TargetFileException(T.MissingOption(name));

    private static int Id(Dictionary<string, string> options, string name)
    {
        var value = Required(options, name);
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw new TargetFileException(T.NotANumberOption(name, value));
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine(message);
        return 2;
    }
}
