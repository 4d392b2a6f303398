namespace ControlPlane.Diagnostics.Nccl.Findings;

/// <summary>
/// <c>NET/IB : No device found.</c> Harmless for a single-node job; a warning when the job needs RDMA
/// or the node has Active IB ports (then the container, not the NIC, is at fault).
/// </summary>
internal static class NoRdmaDeviceRule
{
    public static IEnumerable<Finding> Evaluate(JobView job)
    {
        var hits = job.Ranks.Where(r => r.NoRdmaDeviceEvidence is not null).ToList();
        var unattributed = job.Facts.Processes.Where(p => p.Rank is null && p.NoRdmaDeviceEvidence is not null).ToList();
        if (hits.Count == 0 && unattributed.Count == 0)
        {
            yield break;
        }

        var ranks = FindingBuilder.RanksOf(hits);
        var evidence = FindingBuilder.Ordered(hits.Concat(unattributed).Select(r => r.NoRdmaDeviceEvidence));
        var who = ranks.Count > 0 ? FindingBuilder.List(ranks) : "NCCL";
        if (job.Context?.HasActiveIbPorts == true)
        {
            var resource = job.Context.RdmaResource is { } r ? $" ({r})" : "";
            yield return new Finding(FindingCodes.NoRdmaDevice, FindingSeverity.Warning, ranks, evidence,
                $"Request the node's RDMA resource{resource} in the pod spec so /dev/infiniband is mounted, and add IPC_LOCK.",
                $"{who}: NCCL found no RDMA device, yet the node has Active InfiniBand ports: the container is missing "
                + $"the RDMA resource{resource} or the /dev/infiniband device mount; the NIC itself is up.");
        }
        else if (job.MultiNode && job.Ranks.Count > 0 && job.Ranks.All(r => r.Mnnvl == 1))
        {
            yield return new Finding(FindingCodes.NoRdmaDevice, FindingSeverity.Info, ranks, evidence,
                "Nothing to do while the job stays in one NVLink domain; expose the node's RDMA NIC for traffic beyond it.",
                $"{who}: NCCL found no InfiniBand/RoCE device; the ranks span several nodes of one multi-node NVLink domain (MNNVL 1), so their traffic rides NVLink, not the NIC.");
        }
        else if (job.MultiNode)
        {
            yield return new Finding(FindingCodes.NoRdmaDevice, FindingSeverity.Warning, ranks, evidence,
                "Run on nodes with RDMA NICs and expose them to the pods (RDMA resource, /dev/infiniband, IPC_LOCK).",
                $"{who}: NCCL found no RDMA device while the ranks span several nodes: inter-node traffic falls back to TCP sockets.");
        }
        else
        {
            yield return new Finding(FindingCodes.NoRdmaDevice, FindingSeverity.Info, ranks, evidence,
                "Nothing to do for a single-node job; for cross-node jobs expose the node's RDMA NIC to the pods.",
                $"{who}: NCCL found no InfiniBand/RoCE device; harmless while all ranks share a node (intra-node traffic does not use the NIC).");
        }
    }
}
