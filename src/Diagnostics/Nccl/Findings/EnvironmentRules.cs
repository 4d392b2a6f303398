using ControlPlane.Diagnostics.Nccl.Parsing;

namespace ControlPlane.Diagnostics.Nccl.Findings;

/// <summary><c>NCCL_P2P_DISABLE</c>, <c>NCCL_SHM_DISABLE</c>, <c>NCCL_IB_DISABLE</c> set by environment to 1.</summary>
internal static class EnvironmentRules
{
    public static IEnumerable<Finding> Evaluate(JobView job)
    {
        if (Disabled(job, "NCCL_P2P_DISABLE") is { Count: > 0 } p2p)
        {
            var running = job.Transport == NcclTransport.Unknown ? "" : $" running {BandwidthTable.DisplayName(job.Transport)}";
            yield return Make(FindingCodes.P2pDisabledByEnv, FindingSeverity.Warning, p2p,
                $"NCCL_P2P_DISABLE=1: GPUs cannot copy to each other directly;{running} "
                + $"(measured: SHM {BandwidthTable.ShmGBps:0} GB/s vs P2P over NVLink {BandwidthTable.NvLinkGBps:0} GB/s).",
                "Remove NCCL_P2P_DISABLE from the environment; if P2P crashed, fix GPU visibility and IPC sharing instead.");
        }

        if (Disabled(job, "NCCL_SHM_DISABLE") is { Count: > 0 } shm)
        {
            yield return Make(FindingCodes.ShmDisabledByEnv, FindingSeverity.Warning, shm,
                "NCCL_SHM_DISABLE=1: ranks on one node cannot fall back to shared memory; without P2P they go over "
                + $"the network (NET/Socket measured {BandwidthTable.TcpLowGBps}-{BandwidthTable.TcpHighGBps} GB/s).",
                "Remove NCCL_SHM_DISABLE and share /dev/shm between the ranks (hostIPC: true or one pod).");
        }

        if (Disabled(job, "NCCL_IB_DISABLE") is { Count: > 0 } ib)
        {
            var matters = job.MultiNode || job.Context?.HasActiveIbPorts == true;
            yield return Make(FindingCodes.IbDisabledByEnv, matters ? FindingSeverity.Warning : FindingSeverity.Info, ib,
                matters
                    ? "NCCL_IB_DISABLE=1: traffic between nodes cannot use RDMA and goes over TCP sockets."
                    : "NCCL_IB_DISABLE=1: harmless while every rank shares one node, but cross-node traffic would use TCP.",
                "Remove NCCL_IB_DISABLE so cross-node traffic uses RDMA (and pin the NIC with NCCL_IB_HCA).");
        }
    }

    private static List<(ProcessState Rank, EnvSetting Setting)> Disabled(JobView job, string name) =>
        job.Ranks
            .Select(r => (Rank: r, Setting: r.Environment.GetValueOrDefault(name)))
            .Where(x => x.Setting is not null && x.Setting.Value != "0")
            .Select(x => (x.Rank, x.Setting!))
            .ToList();

    private static Finding Make(
        string code, FindingSeverity severity, List<(ProcessState Rank, EnvSetting Setting)> hits, string message, string fix)
    {
        var ranks = FindingBuilder.RanksOf(hits.Select(h => h.Rank));
        return new Finding(code, severity, ranks, FindingBuilder.Ordered(hits.Select(h => h.Setting.Evidence)), fix,
            $"{FindingBuilder.List(ranks)}: {message}");
    }
}
