using ControlPlane.Diagnostics.Nccl.Parsing;

namespace ControlPlane.Diagnostics.Nccl.Findings;

/// <summary>Small helpers shared by the rules: rank lists, ordered de-duplicated evidence.</summary>
internal static class FindingBuilder
{
    public static IReadOnlyList<Evidence> Ordered(IEnumerable<Evidence?> evidence) =>
        evidence.OfType<Evidence>()
            .DistinctBy(e => (e.File, e.Line))
            .OrderBy(e => e.File, StringComparer.Ordinal)
            .ThenBy(e => e.Line)
            .ToList();

    public static IReadOnlyList<int> RanksOf(IEnumerable<ProcessState?> processes) =>
        processes.Select(p => p?.Rank).OfType<int>().Distinct().Order().ToList();

    public static string List(IEnumerable<int> ranks)
    {
        var list = ranks.ToList();
        return list.Count == 1 ? $"rank {list[0]}" : $"ranks {string.Join(", ", list)}";
    }
}
