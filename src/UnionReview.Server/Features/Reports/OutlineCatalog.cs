using Microsoft.Extensions.Options;
using UnionReview.Dialogs.Loading;
using UnionReview.Dialogs.Model;

namespace UnionReview.Server.Features.Reports;

/// <summary>Dialog file settings (section "Dialogs").</summary>
public sealed class DialogOptions
{
    public const string Section = "Dialogs";

    /// <summary>Folder with the outline files; empty means the nearest "dialogs" folder above the working directory or the application.</summary>
    public string? Path { get; set; }
}

/// <summary>The outlines loaded from <c>dialogs/</c> at start-up; a broken file stops the service with a message naming file, line and problem.</summary>
public sealed class OutlineCatalog
{
    private readonly Dictionary<string, OutlineDefinition> _outlines;

    public OutlineCatalog(IOptions<DialogOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory = ResolveDirectory(options.Value.Path);
        _outlines = OutlineLoader.LoadDirectory(Directory).ToDictionary(o => o.Id, StringComparer.Ordinal);
    }

    /// <summary>The folder the outlines came from.</summary>
    public string Directory { get; }

    /// <summary>All outlines.</summary>
    public IReadOnlyCollection<OutlineDefinition> All => _outlines.Values;

    /// <summary>An outline by id, or an error naming what is missing.</summary>
    public OutlineDefinition Get(string id) =>
        _outlines.TryGetValue(id, out var o) ? o : throw new InvalidOperationException($"Không có đề cương “{id}” trong {Directory}.");

    /// <summary>An outline by id, or null.</summary>
    public OutlineDefinition? Find(string id) => _outlines.GetValueOrDefault(id);

    public static string ResolveDirectory(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return System.IO.Directory.Exists(configured)
                ? System.IO.Path.GetFullPath(configured)
                : throw new DirectoryNotFoundException($"Không tìm thấy thư mục đề cương “{configured}” (Dialogs:Path).");
        }

        foreach (var start in new[] { System.IO.Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "dialogs");
                if (System.IO.Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException("Không tìm thấy thư mục “dialogs”; đặt Dialogs:Path trong cấu hình.");
    }
}
