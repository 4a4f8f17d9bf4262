using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using UnionReview.Server.Persistence;

namespace UnionReview.Benchmarks;

/// <summary>Samples the size of the database's WAL file every 50 ms: the largest size seen and the size at the end.</summary>
public sealed class WalSampler : IDisposable
{
    private readonly string _path;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _max;

    private WalSampler(string path)
    {
        _path = path;
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                _max = Math.Max(_max, Bytes());
                try
                {
                    await Task.Delay(50, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });
    }

    public static WalSampler Start(IServiceProvider services) =>
        new(Path.GetFullPath(services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Path) + "-wal");

    /// <summary>Stops sampling; returns "max X MB, end Y MB".</summary>
    public async Task<string> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        var end = Bytes();
        return $"max {Math.Max(_max, end) / 1048576.0:F1} MB, end {end / 1048576.0:F1} MB";
    }

    private long Bytes()
    {
        var file = new FileInfo(_path);
        return file.Exists ? file.Length : 0;
    }

    public void Dispose() => _stop.Dispose();
}
