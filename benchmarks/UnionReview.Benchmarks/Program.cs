using System.Reflection;
using UnionReview.Benchmarks;

// A channel benchmark's other side (fake API and officers) runs in a process of its own: see Peer.
if (args is ["peer", _, _])
{
    return await Peer.RunAsync(args);
}

// Each benchmark is a class implementing IBenchmark; run one by name, or all with no argument.
var benchmarks = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();
var selected = args.Length == 0 ? benchmarks : benchmarks.Where(b => args.Contains(b.Name, StringComparer.OrdinalIgnoreCase)).ToList();
if (selected.Count == 0)
{
    Console.WriteLine("Benchmarks: " + string.Join(", ", benchmarks.Select(b => b.Name)));
    return 2;
}

foreach (var benchmark in selected)
{
    Console.WriteLine($"== {benchmark.Name} ==");
    await benchmark.RunAsync(args);
}

return 0;
