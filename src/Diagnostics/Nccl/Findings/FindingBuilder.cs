using System.Text;
using ControlPlane.Diagnostics.Nccl.Parsing;

namespace ControlPlane.Diagnostics.Nccl.Findings;

/// <summary>Small helpers shared by the rules: rank lists, ordered de-duplicated evidence.</summary>
internal static class FindingBuilder
{
    /// <summary>A finding quotes at most this many lines from the start of its evidence and as many from the end.</summary>
    public const int EvidenceHeadAndTail = 16;

    /// <summary>
    /// Evidence in file and line order without duplicates; of a finding backed by every rank of a large job,
    /// the first and last <see cref="EvidenceHeadAndTail"/> lines (its <c>ranks</c> still lists every rank).
    /// </summary>
    public static IReadOnlyList<Evidence> Ordered(IEnumerable<Evidence?> evidence)
    {
        var ordered = evidence.OfType<Evidence>()
            .DistinctBy(e => (e.File, e.Line))
            .OrderBy(e => e.File, StringComparer.Ordinal)
            .ThenBy(e => e.Line)
            .ToList();
        return ordered.Count <= 2 * EvidenceHeadAndTail
            ? ordered
            : [.. ordered[..EvidenceHeadAndTail], .. ordered[^EvidenceHeadAndTail..]];
    }

    public static IReadOnlyList<int> RanksOf(IEnumerable<ProcessState?> processes) =>
        processes.Select(p => p?.Rank).OfType<int>().Distinct().Order().ToList();

    /// <summary>"rank 3", "ranks 0, 1", "ranks 0-511, 600" (runs of three or more collapse).</summary>
    public static string List(IEnumerable<int> ranks)
    {
        var list = ranks.Distinct().Order().ToList();
        if (list.Count == 1)
        {
            return $"rank {list[0]}";
        }

        var text = new StringBuilder("ranks ");
        for (var i = 0; i < list.Count;)
        {
            var end = i;
            while (end + 1 < list.Count && list[end + 1] == list[end] + 1)
            {
                end++;
            }

            text.Append(i == 0 ? "" : ", ");
            if (end - i >= 2)
            {
                text.Append(list[i]).Append('-').Append(list[end]);
                i = end + 1;
            }
            else
            {
                text.Append(list[i]);
                i++;
            }
        }

        return text.ToString();
    }
}
