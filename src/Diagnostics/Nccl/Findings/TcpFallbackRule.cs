using ControlPlane.Diagnostics.Nccl.Findings.EnvSettings;

namespace ControlPlane.Diagnostics.Nccl.Findings;

/// <summary>
/// Channels over <c>NET/Socket</c> between ranks that should be on NVLink/P2P/SHM or RDMA, naming every NCCL
/// setting in force that can explain it (with its line).
/// </summary>
internal static class TcpFallbackRule
{
    public static IEnumerable<Finding> Evaluate(JobView job)
    {
        var socket = job.Channels.Where(c => c.Transport == NcclTransport.Tcp).ToList();
        if (socket.Count == 0)
        {
            yield break;
        }

        var ranks = socket.SelectMany(c => c.Use.Ranks.Ascending()).Distinct().Order().ToList();
        var onOneNode = job.Context?.RanksShareNode == true
            || (!job.MultiNode && job.Ranks.Count > 1)
            || job.Ranks.Any(r => r.NNodes == 1 && r.NRanks > 1);
        var nvLinked = job.Context?.GpusNvLinked == true;
        var ib = job.Context?.HasActiveIbPorts == true;
        var tcp = $"NET/Socket (TCP, measured {BandwidthTable.TcpLowGBps}-{BandwidthTable.TcpHighGBps} GB/s)";

        string message;
        string fix;
        if (onOneNode || nvLinked)
        {
            message = $"{FindingBuilder.List(ranks)} share a node but exchange over {tcp} instead of P2P "
                + $"({BandwidthTable.NvLinkGBps:0} GB/s over NVLink) or SHM ({BandwidthTable.ShmGBps:0} GB/s).";
            if (job.NvLinkLoss() is { } loss)
            {
                message += " " + loss;
            }

            fix = "Let the ranks see each other's GPUs (all device nodes + CUDA_VISIBLE_DEVICES, or DRA) and share IPC "
                + "(hostIPC: true or one pod); do not set NCCL_P2P_DISABLE / NCCL_SHM_DISABLE.";
        }
        else if (ib)
        {
            message = $"{FindingBuilder.List(ranks)} exchange over {tcp} although the node has Active InfiniBand ports.";
            fix = "Give the pods the node's RDMA resource (and /dev/infiniband), leave NCCL_IB_DISABLE unset, pin the NIC with NCCL_IB_HCA.";
        }
        else
        {
            message = $"{FindingBuilder.List(ranks)} exchange over {tcp}; cross-node traffic without RDMA is ~10× slower than a 100 Gb/s RDMA NIC.";
            fix = "Place the ranks on one NVLink node, or on nodes with RDMA NICs exposed to the pods.";
        }

        var causes = EnvironmentRule.CausesOf(job, WireLoss.Local | WireLoss.Rdma);
        if (causes.Count > 0)
        {
            message += " Set by environment: " + string.Join(", ", causes.Select(c => $"{c.Name}={c.Value}")) + ".";
        }

        yield return new Finding(
            FindingCodes.TcpFallback,
            onOneNode || nvLinked || ib ? FindingSeverity.Error : FindingSeverity.Warning,
            ranks,
            FindingBuilder.Ordered(socket.Select(c => c.Use.First).Concat(causes.Select(c => c.Evidence))),
            fix,
            message);
    }
}
