using UnionReview.Dialogs.Engine;

namespace UnionReview.Server.Features.Conversations;

/// <summary>A button payload prefix (ending with ':') and who owns it: a feature's name, or another part of the turn.</summary>
public sealed record ButtonPrefix(string Prefix, string Owner);

/// <summary>Two owners whose button payloads could be mistaken for each other: the service does not start.</summary>
public sealed class ButtonPrefixCollisionException(string message) : InvalidOperationException(message);

/// <summary>
/// The one registry of button payloads: the report dialog's codes (<see cref="DialogCommand.PayloadCodes"/>, a
/// payload being the code alone or the code, ':' and more), every feature's <see cref="IConversationFeature.ButtonPrefixes"/>
/// and the <see cref="ButtonPrefix"/> registrations. Built once, at start: a prefix that is not of the form "abc:", or
/// that overlaps another owner's (one begins the other), stops the service with a message naming both owners.
/// The router asks it who owns a pressed button instead of asking every feature.
/// </summary>
public sealed class ButtonPayloads
{
    /// <summary>The owner of the engine's codes.</summary>
    public const string ReportDialog = "report-dialog";

    private readonly List<ButtonPrefix> _prefixes;

    public ButtonPayloads(IEnumerable<IConversationFeature> features, IEnumerable<ButtonPrefix> declared)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(declared);
        var all = DialogCommand.PayloadCodes.Select(code => new ButtonPrefix(code + ":", ReportDialog))
            .Concat(features.SelectMany(f => f.ButtonPrefixes.Select(p => new ButtonPrefix(p, f.Name))))
            .Concat(declared)
            .Distinct()
            .ToList();
        foreach (var entry in all)
        {
            if (!IsWellFormed(entry.Prefix))
            {
                throw new ButtonPrefixCollisionException(
                    $"Tiền tố nút “{entry.Prefix}” của “{entry.Owner}” không hợp lệ: cần chữ thường hoặc chữ số ASCII rồi dấu hai chấm, ví dụ “kn:”.");
            }
        }

        for (var i = 0; i < all.Count; i++)
        {
            for (var j = i + 1; j < all.Count; j++)
            {
                var (a, b) = (all[i], all[j]);
                if (a.Owner != b.Owner && (a.Prefix.StartsWith(b.Prefix, StringComparison.Ordinal) || b.Prefix.StartsWith(a.Prefix, StringComparison.Ordinal)))
                {
                    throw new ButtonPrefixCollisionException(
                        $"Tiền tố nút “{a.Prefix}” của “{a.Owner}” trùng với “{b.Prefix}” của “{b.Owner}”: không phân biệt được nút nào thuộc chức năng nào. Hãy đổi một trong hai tiền tố.");
                }
            }
        }

        // Longest first, so the most specific owner answers (prefixes of one owner may nest).
        _prefixes = [.. all.OrderByDescending(p => p.Prefix.Length)];
    }

    /// <summary>Every registered prefix with its owner.</summary>
    public IReadOnlyList<ButtonPrefix> Prefixes => _prefixes;

    /// <summary>Who owns <paramref name="payload"/>: a feature's name, <see cref="ReportDialog"/>, another owner, or null when nobody does.</summary>
    public string? OwnerOf(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        var head = colon < 0 ? payload + ":" : payload[..(colon + 1)];
        foreach (var entry in _prefixes)
        {
            if (head.StartsWith(entry.Prefix, StringComparison.Ordinal) || payload.StartsWith(entry.Prefix, StringComparison.Ordinal))
            {
                return entry.Owner;
            }
        }

        return null;
    }

    private static bool IsWellFormed(string prefix) =>
        prefix.Length >= 2 && prefix[^1] == ':' && prefix[..^1].All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9'));
}

/// <summary>Checks the button registry when the service starts, so a collision stops it at once.</summary>
internal sealed class ButtonPayloadsCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<ButtonPayloads>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
