namespace UnionReview.Benchmarks;

/// <summary>A benchmark that prints its own figures (throughput, latency percentiles, peak memory).</summary>
public interface IBenchmark
{
    string Name { get; }

    Task RunAsync(string[] args);
}
