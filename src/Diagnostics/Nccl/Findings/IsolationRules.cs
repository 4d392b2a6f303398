using ControlPlane.Diagnostics.Nccl.Parsing;

namespace ControlPlane.Diagnostics.Nccl.Findings;

/// <summary>
/// Same-node ranks that cannot reach each other's GPU. NCCL's nvmlDev is the GPU's index in what NVML
/// can see: different busIds at the same nvmlDev means each container sees only its own GPU. cudaDev
/// alone proves nothing (CUDA_VISIBLE_DEVICES makes every rank cudaDev 0 legitimately), so it is the
/// view only when nvmlDev is missing. Grouping keeps this linear in the number of ranks.
/// </summary>
internal static class IsolationRules
{
    public static IEnumerable<Finding> Evaluate(JobView job)
    {
        var isolated = new List<List<ProcessState>>();
        var ipc = new List<ProcessState>();
        foreach (var node in job.NodeGroups())
        {
            var views = node.Where(r => ViewOf(r) is not null).GroupBy(r => ViewOf(r)!.Value).ToList();
            isolated.AddRange(views.Select(v => v.Where(r => r.BusId is not null).ToList())
                .Where(v => v.Select(r => r.BusId).Distinct(StringComparer.Ordinal).Count() > 1));
            if (views.Count > 1)
            {
                ipc.AddRange(node.Where(r => ViewOf(r) is not null && SplitIntoNodes(r)));
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

    /// <summary>True when ranks on one node each see only their own GPU.</summary>
    public static bool IsIsolated(JobView job) =>
        job.NodeGroups().Any(node => node
            .Where(r => ViewOf(r) is not null && r.BusId is not null)
            .GroupBy(r => ViewOf(r)!.Value)
            .Any(v => v.Select(r => r.BusId).Distinct(StringComparer.Ordinal).Count() > 1));

    private static Finding IsolationFinding(JobView job, List<List<ProcessState>> groups)
    {
        var all = groups.SelectMany(g => g).ToList();
        var ranks = FindingBuilder.RanksOf(all);
        var example = groups[0];
        var a = example[0];
        var b = example.First(r => r.BusId != a.BusId);
        var index = a.NvmlDev is not null ? $"nvmlDev {a.NvmlDev}" : $"cudaDev {a.CudaDev}";
        var nodes = all.Max(r => r.NNodes);
        var message = $"{FindingBuilder.List(ranks)} run on one node but each sees only its own GPU "
            + $"(all {index}, busIds {a.BusId} and {b.BusId}"
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
            FindingBuilder.Ordered(all.SelectMany(r => new[] { r.InitEvidence, r.TopologyEvidence })),
            "Make all of the pair's GPUs visible to both containers (every GPU device node) and select each rank's "
            + "GPU with CUDA_VISIBLE_DEVICES, or bind the exact GPUs with DRA ResourceClaims; also share IPC "
            + "(hostIPC: true or one pod).",
            message);
    }

    private static Finding IpcFinding(JobView job, List<ProcessState> split)
    {
        var ranks = FindingBuilder.RanksOf(split);
        var first = split[0];
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
            FindingBuilder.Ordered(split.SelectMany(r => new[] { r.TopologyEvidence, r.InitEvidence })),
            "Share the IPC namespace: hostIPC: true on both pods, or run both ranks in one pod.",
            message);
    }

    private static bool SplitIntoNodes(ProcessState p) =>
        p.NRanks > 1 && (p.NNodes == p.NRanks || p.LocalRanks == 1);

    /// <summary>The GPU index as this rank's container sees it: nvmlDev, else cudaDev.</summary>
    private static (bool Nvml, int Index)? ViewOf(ProcessState r) =>
        r.NvmlDev is { } nvml ? (true, nvml) : r.CudaDev is { } cuda ? (false, cuda) : null;
}
