using ControlPlane.Diagnostics.Nccl.Parsing;

namespace ControlPlane.Diagnostics.Nccl.Findings;

/// <summary>
/// Multi-node NVLink (lines in <see cref="MnnvlLineParser"/>): IMEX refusing fabric memory, an NVLS bind failure, and
/// ranks on several nodes of one NVLink domain whose communicator still runs with MNNVL off (then NCCL goes over the NIC).
/// </summary>
internal static class MnnvlRule
{
    public static MultiNodeNvlink? Summary(JobView job)
    {
        var seen = job.Ranks.Where(r => r.Mnnvl is not null || r.InFabricDomain is not null || r.ImexEvidence is not null).ToList();
        if (seen.Count == 0)
        {
            return null;
        }

        var active = seen.Where(r => r.Mnnvl == 1).ToList();
        return new MultiNodeNvlink(
            active.Count > 0,
            seen.Any(r => r.InFabricDomain == true),
            FindingBuilder.RanksOf(active),
            seen.Max(r => r.CliqueSize),
            seen.Any(r => r.ImexEvidence is not null));
    }

    public static IEnumerable<Finding> Evaluate(JobView job)
    {
        var imex = job.Ranks.Where(r => r.ImexEvidence is not null).ToList();
        if (imex.Count > 0)
        {
            var channel = imex.Any(r => r.ImexChannelMissing == true);
            var ranks = FindingBuilder.RanksOf(imex);
            yield return new Finding(FindingCodes.MnnvlImexUnavailable, FindingSeverity.Error, ranks, FindingBuilder.Ordered(imex.Select(r => r.ImexEvidence)),
                channel
                    ? "Give both pods an IMEX channel: render the pair with a ComputeDomain (ControlPlane:Kubernetes:MultiNodeNvlink = ComputeDomain, NVIDIA's DRA driver) so each pod claims its channel, or expose /dev/nvidia-caps-imex-channels on the nodes."
                    : "Check the IMEX daemons of both trays (nvidia-imex-ctl -N; with NVIDIA's DRA driver, the ComputeDomain's daemon pods and its status) and the NVLink switch trays.",
                $"{FindingBuilder.List(ranks)}: multi-node NVLink is available (clique of {imex.Max(r => r.CliqueSize)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} GPUs) but "
                + (channel ? "the pod has no IMEX channel" : "IMEX could not share fabric memory")
                + ": NCCL aborts the communicator (ncclSystemError) unless NCCL_MNNVL_ENABLE=0, which sends the traffic over the NIC instead.");
        }

        var nvls = job.Ranks.Where(r => r.NvlsBindEvidence is not null).ToList();
        if (nvls.Count > 0)
        {
            var ranks = FindingBuilder.RanksOf(nvls);
            yield return new Finding(FindingCodes.NvlsBindFailed, FindingSeverity.Error, ranks, FindingBuilder.Ordered(nvls.Select(r => r.NvlsBindEvidence)),
                "Check nvidia-fabricmanager and the NVSwitches (or NVLink switch trays); NCCL_NVLS_ENABLE=0 avoids NVLS until they are fixed.",
                $"{FindingBuilder.List(ranks)}: NCCL could not bind NVLink SHARP (NVLS) multicast memory, usually a Fabric Manager or NVSwitch fault.");
        }

        // Several nodes, every GPU in a registered NVLink domain, MNNVL printed off and no IMEX failure to explain it.
        var off = job.Ranks.Where(r => r.Mnnvl == 0 && r.InFabricDomain == true).ToList();
        if (imex.Count == 0 && job.MultiNode && off.Count > 0 && job.Ranks.All(r => r.InFabricDomain != false))
        {
            var ranks = FindingBuilder.RanksOf(off);
            yield return new Finding(FindingCodes.MnnvlNotUsed, FindingSeverity.Warning, ranks,
                FindingBuilder.Ordered(off.SelectMany(r => new[] { r.FabricEvidence, r.TopologyEvidence })),
                "Set NCCL_MNNVL_ENABLE=1 and NCCL_CUMEM_ENABLE=1 (MNNVL needs cuMem) and remove NCCL_P2P_LEVEL/NCCL_P2P_DISABLE; NCCL then fails loudly if IMEX is missing.",
                $"{FindingBuilder.List(ranks)}: the GPUs are in one multi-node NVLink domain but the communicator runs with MNNVL 0: traffic between nodes goes over {BandwidthTable.DisplayName(job.Transport)} instead of NVLink.");
        }
    }
}
