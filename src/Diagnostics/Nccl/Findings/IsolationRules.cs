using ControlPlane.Diagnostics.Nccl.Parsing;

namespace ControlPlane.Diagnostics.Nccl.Findings;

/// <summary>
/// Same-node pairs that cannot reach each other's GPU. NCCL's nvmlDev is the GPU's index in what NVML
/// can see: two different busIds both at nvmlDev 0 means each container sees only its own GPU. cudaDev
/// alone is not enough (CUDA_VISIBLE_DEVICES makes every rank cudaDev 0 legitimately), so it is used
/// only when nvmlDev is missing.
/// </summary>
internal static class IsolationRules
{
    public static IEnumerable<Finding> Evaluate(JobView job)
    {
        var isolated = new List<(ProcessState A, ProcessState B)>();
        var ipc = new List<(ProcessState A, ProcessState B)>();
        foreach (var (a, b) in job.PairsOnOneNode())
        {
            switch (ViewOf(a, b))
            {
                case GpuView.Same when a.BusId is not null && b.BusId is not null && a.BusId != b.BusId:
                    isolated.Add((a, b));
                    break;
                case GpuView.Distinct when SplitIntoNodes(a) || SplitIntoNodes(b):
                    ipc.Add((a, b));
                    break;
            }
        }

        if (isolated.Count > 0)
        {
            yield return IsolationFinding(job, isolated);
        }

        if (ipc.Count > 0)
        {
            yield return IpcFinding(job, ipc);
        }
    }

    /// <summary>True when the pair each sees only its own GPU (same NVML index on different buses).</summary>
    public static bool IsIsolated(JobView job) =>
        job.PairsOnOneNode().Any(p => ViewOf(p.A, p.B) == GpuView.Same && p.A.BusId != p.B.BusId);

    private static Finding IsolationFinding(JobView job, List<(ProcessState A, ProcessState B)> pairs)
    {
        var ranks = FindingBuilder.RanksOf(pairs.SelectMany(p => new[] { p.A, p.B }));
        var (a, b) = pairs[0];
        var index = a.NvmlDev is not null ? $"nvmlDev {a.NvmlDev}" : $"cudaDev {a.CudaDev}";
        var nodes = ranks.Select(r => job.Ranks.First(p => p.Rank == r).NNodes).Max();
        var message = $"{FindingBuilder.List(ranks)} run on one node but each sees only its own GPU "
            + $"(both {index}, busIds {a.BusId} and {b.BusId}"
            + (nodes > 1 ? $", NCCL counts {nodes} nodes" : "")
            + "): CUDA IPC between them is impossible, so NCCL cannot use P2P.";
        if (job.NvLinkLoss() is { } loss)
        {
            message += " " + loss;
        }

        return new Finding(
            FindingCodes.GpuIsolation,
            FindingSeverity.Warning,
            ranks,
            FindingBuilder.Ordered(pairs.SelectMany(p => new[] { p.A.InitEvidence, p.B.InitEvidence, p.A.TopologyEvidence, p.B.TopologyEvidence })),
            "Make all of the pair's GPUs visible to both containers (every GPU device node) and select each rank's "
            + "GPU with CUDA_VISIBLE_DEVICES, or bind the exact GPUs with DRA ResourceClaims; also share IPC "
            + "(hostIPC: true or one pod).",
            message);
    }

    private static Finding IpcFinding(JobView job, List<(ProcessState A, ProcessState B)> pairs)
    {
        var ranks = FindingBuilder.RanksOf(pairs.SelectMany(p => new[] { p.A, p.B }));
        var first = pairs[0].A;
        var message = $"{FindingBuilder.List(ranks)} run on one node and see distinct GPUs, yet NCCL counts "
            + $"{first.NNodes} nodes with {first.LocalRanks} local rank(s): their containers do not share the IPC "
            + "namespace (/dev/shm), so neither P2P nor SHM can connect them.";
        if (job.NvLinkLoss() is { } loss)
        {
            message += " " + loss;
        }

        return new Finding(
            FindingCodes.IpcNotShared,
            FindingSeverity.Warning,
            ranks,
            FindingBuilder.Ordered(pairs.SelectMany(p => new[] { p.A.TopologyEvidence, p.B.TopologyEvidence, p.A.InitEvidence, p.B.InitEvidence })),
            "Share the IPC namespace: hostIPC: true on both pods, or run both ranks in one pod.",
            message);
    }

    private static bool SplitIntoNodes(ProcessState p) =>
        (p.NRanks > 1 && p.NNodes == p.NRanks) || (p.NRanks > 1 && p.LocalRanks == 1);

    private static GpuView ViewOf(ProcessState a, ProcessState b)
    {
        if (a.NvmlDev is { } na && b.NvmlDev is { } nb)
        {
            return na == nb ? GpuView.Same : GpuView.Distinct;
        }

        if (a.CudaDev is { } ca && b.CudaDev is { } cb)
        {
            return ca == cb ? GpuView.Same : GpuView.Distinct;
        }

        return GpuView.Unknown;
    }

    private enum GpuView
    {
        Unknown,
        Same,
        Distinct,
    }
}
