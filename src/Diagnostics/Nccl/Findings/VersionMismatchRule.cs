using ControlPlane.Diagnostics.Nccl.Parsing;

namespace ControlPlane.Diagnostics.Nccl.Findings;

/// <summary>Ranks that run different NCCL or CUDA versions cannot be trusted to complete the handshake.</summary>
internal static class VersionMismatchRule
{
    public static IEnumerable<Finding> Evaluate(JobView job)
    {
        var parts = new List<string>();
        Describe(job.Ranks, r => r.NcclVersion, "NCCL", parts);
        Describe(job.Ranks, r => r.CudaVersion, "CUDA", parts);
        if (parts.Count == 0)
        {
            yield break;
        }

        var ranks = job.Ranks.Where(r => r.NcclVersion is not null || r.CudaVersion is not null).ToList();
        yield return new Finding(
            FindingCodes.VersionMismatch,
            FindingSeverity.Error,
            FindingBuilder.RanksOf(ranks),
            FindingBuilder.Ordered(ranks.Select(r => r.VersionEvidence)),
            "Run every rank from the same image so NCCL and CUDA versions match.",
            "Ranks run different versions: " + string.Join("; ", parts) + ".");
    }

    private static void Describe(IReadOnlyList<ProcessState> ranks, Func<ProcessState, string?> version, string what, List<string> parts)
    {
        var groups = ranks.Where(r => version(r) is not null).GroupBy(r => version(r)!, StringComparer.Ordinal).ToList();
        if (groups.Count > 1)
        {
            parts.Add($"{what} " + string.Join(", ", groups.Select(g => $"{g.Key} on {FindingBuilder.List(FindingBuilder.RanksOf(g))}")));
        }
    }
}
