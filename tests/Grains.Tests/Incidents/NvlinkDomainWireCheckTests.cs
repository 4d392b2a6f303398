using ControlPlane.Diagnostics;
using ControlPlane.Grains.Incidents;
using ControlPlane.Tests.Shared;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Incidents;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Grains.Tests.Incidents;

/// <summary>A pair placed across two trays of one NVLink domain whose NCCL did not ride NVLink is a wire mismatch.</summary>
public sealed class NvlinkDomainWireCheckTests
{
    [Fact]
    public void A_domain_pair_whose_nccl_fell_back_off_nvlink_is_a_wire_mismatch_naming_the_tier()
    {
        var diagnosis = NcclLogDiagnoser.Diagnose(new LogSource("prefill", FixtureFiles.Read("nccl/h200x2-allreduce-p2p-disabled.log")));

        var signal = PairLogCheck.WireMismatch("nvl", Pair("nvlink-domain"), diagnosis);

        Assert.NotNull(signal);
        Assert.Equal(IncidentKind.WireMismatch, signal.Kind);
        Assert.Contains("placed on nvlink-domain (NVLink domain) but NCCL runs it over", signal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_domain_pair_whose_nccl_rides_nvlink_is_as_placed()
    {
        var diagnosis = NcclLogDiagnoser.Diagnose(new LogSource("prefill", FixtureFiles.Read("nccl/h200x2-allreduce-default.log")));

        Assert.Equal(NcclTransport.NvLink, diagnosis.Transport);
        Assert.Null(PairLogCheck.WireMismatch("nvl", Pair("nvlink-domain"), diagnosis));
    }

    /// <summary>
    /// The real capture as two GB200 trays of one NVLink domain print it (NCCL formats: src/init.cc:775 fabric line,
    /// src/init.cc:1422 comm line, src/transport/p2p.cc:423 channel line): MNNVL on or off, channels as given.
    /// </summary>
    private static NcclDiagnosis TwoTrays(bool mnnvl, string via) => NcclLogDiagnoser.Diagnose(new LogSource("prefill", FixtureFiles.Read("nccl/h200x2-allreduce-default.log")
        .Replace("fabric UUID 0.0 cliqueId 0x0", "fabric UUID 8c7d3771821b6761.261b2ae625150165 cliqueId 0x7ffe", StringComparison.Ordinal)
        .Replace("nNodes 1 localRanks 2", "nNodes 2 localRanks 1", StringComparison.Ordinal)
        .Replace("localRank 1 MNNVL", "localRank 0 MNNVL", StringComparison.Ordinal)
        .Replace("vm:741:741", "tray-02:741:741", StringComparison.Ordinal)
        .Replace("MNNVL 0\n", mnnvl ? "MNNVL 1\n" : "MNNVL 0\n", StringComparison.Ordinal)
        .Replace("via P2P/CUMEM", via, StringComparison.Ordinal)));

    [Fact]
    public void A_domain_pair_whose_nccl_runs_mnnvl_is_as_placed()
    {
        var diagnosis = TwoTrays(mnnvl: true, "via P2P/MNNVL");

        Assert.True(diagnosis.MultiNodeNvlink!.Active);
        Assert.Null(PairLogCheck.WireMismatch("nvl", Pair("nvlink-domain"), diagnosis));
    }

    [Fact]
    public void A_domain_pair_whose_nccl_fell_back_to_net_ib_is_a_mismatch_saying_mnnvl_was_off_in_the_domain()
    {
        var diagnosis = TwoTrays(mnnvl: false, "[send] via NET/IB/0");

        var signal = PairLogCheck.WireMismatch("nvl", Pair("nvlink-domain"), diagnosis);

        Assert.NotNull(signal);
        Assert.Contains("placed on nvlink-domain (NVLink domain) but NCCL runs it over NET/IB (RDMA)", signal.Reason, StringComparison.Ordinal);
        Assert.Contains("MNNVL 0 although the GPUs are in an NVLink domain", signal.Evidence[0], StringComparison.Ordinal);
        Assert.Contains(signal.Evidence, e => e.StartsWith("[mnnvl-not-used]", StringComparison.Ordinal));
        Assert.Contains(PairLogCheck.Failures("nvl", Pair("nvlink-domain"), diagnosis), f => f.Kind == IncidentKind.WireMismatch && f.Reason.Contains("MNNVL 0", StringComparison.Ordinal));

        // The same log from a pair placed on RDMA is as placed.
        Assert.Null(PairLogCheck.WireMismatch("nvl", Pair("rdma"), diagnosis));
    }

    private static PairView Pair(string tier) => new()
    {
        Id = "nvl/pair-0",
        Index = 0,
        State = PairState.Running,
        Placement = new PairPlacement
        {
            Prefill = new ReplicaPlacement { Node = "tray-1", GpuIndices = [0, 1, 2, 3], GpuUuids = ["a", "b", "c", "d"], GpuMinors = [0, 1, 2, 3] },
            Decode = new ReplicaPlacement { Node = "tray-2", GpuIndices = [0, 1, 2, 3], GpuUuids = ["e", "f", "g", "h"], GpuMinors = [0, 1, 2, 3] },
            Tier = tier,
            Wire = "NVLink domain",
            EstimatedKvTransferMs = 1.49,
        },
    };
}
