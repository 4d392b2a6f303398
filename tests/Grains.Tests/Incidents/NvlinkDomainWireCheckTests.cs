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
