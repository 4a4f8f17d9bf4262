using System.Diagnostics;

namespace UnionReview.Benchmarks;

/// <summary>Shared figures: percentiles of recorded latencies and the process's peak working set.</summary>
public static class Measure
{
    public static double Percentile(List<double> sortedMilliseconds, double p) =>
        sortedMilliseconds.Count == 0 ? 0 : sortedMilliseconds[Math.Clamp((int)Math.Ceiling(p / 100 * sortedMilliseconds.Count) - 1, 0, sortedMilliseconds.Count - 1)];

    public static double PeakMegabytes()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64 / 1024.0 / 1024.0;
    }
}
