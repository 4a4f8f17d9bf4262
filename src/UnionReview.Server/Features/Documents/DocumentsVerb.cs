using System.Globalization;
using Microsoft.EntityFrameworkCore;
using UnionReview.Server.Cli;
using UnionReview.Server.Persistence;

namespace UnionReview.Server.Features.Documents;

/// <summary>
/// <c>documents --out &lt;folder&gt; [--unit &lt;id&gt;] [--campaign &lt;id&gt;]</c>: writes the consolidated report (.docx)
/// and the indicator workbook (.xlsx) for the units under a unit (every unit by default), for one campaign or, without
/// <c>--campaign</c>, for every active campaign.
/// </summary>
internal sealed class DocumentsVerb : ICliVerb
{
    public string Name => "documents";

    public string Usage => "documents --out <thư mục> [--unit <mã đơn vị>] [--campaign <mã đợt>]   ghi báo cáo tổng hợp (.docx) và biểu chỉ tiêu (.xlsx); không có --campaign: mọi đợt đang mở";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, Dictionary<string, string> options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        if (!options.TryGetValue("out", out var folder) || folder.Length == 0)
        {
            throw new ArgumentException(DocumentsTexts.MissingOut);
        }

        int? Number(string key) => options.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : null;
        Directory.CreateDirectory(folder);
        var documents = services.GetRequiredService<DocumentService>();
        await using var db = await services.GetRequiredService<IDbContextFactory<UnionReviewDb>>().CreateDbContextAsync(cancellationToken);
        // Without --campaign: every active campaign, each in its own files (the file names carry the campaign's id).
        List<int?> campaigns = Number("campaign") is { } chosen
            ? [chosen]
            : [.. await db.Campaigns.Where(c => c.IsActive).OrderBy(c => c.Id).Select(c => (int?)c.Id).ToListAsync(cancellationToken)];
        if (campaigns.Count == 0)
        {
            campaigns.Add(null);
        }

        foreach (var campaign in campaigns)
        {
            var data = await documents.LoadAsync(db, campaign, Number("unit") is { } unit ? [unit] : [], cancellationToken);
            foreach (var kind in new[] { DocumentKind.Report, DocumentKind.IndicatorTables })
            {
                var built = documents.Build(data, kind);
                var path = Path.Combine(folder, built.FileName);
                await File.WriteAllBytesAsync(path, built.Content, cancellationToken);
                await output.WriteLineAsync(DocumentsTexts.Written(path, built.Content.Length));
            }
        }

        return 0;
    }
}
