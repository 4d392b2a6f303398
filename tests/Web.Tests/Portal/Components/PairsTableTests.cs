using Bunit;
using ControlPlane.Web.Portal.Shared;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Web.Tests.Portal.Components;

public sealed class PairsTableTests
{
    [Fact]
    public async Task A_spare_shows_its_unit_and_no_index_and_a_swapped_in_spare_shows_both()
    {
        await using var context = new PortalComponentContext("operator");
        PairView[] pairs = [Pair(0, "spare-2")];
        PairView[] spares = [Pair(-1, "spare-3")];

        var current = context.Render<PairsTable>(p => p.Add(t => t.Pairs, pairs).Add(t => t.OnFailover, _ => Task.CompletedTask));
        var spare = context.Render<PairsTable>(p => p.Add(t => t.Pairs, spares).Add(t => t.Id, "spare-pairs"));

        Assert.Equal("0 (spare-2)", current.Find("tr[data-pair-unit='spare-2'] td").TextContent.Trim());
        Assert.Equal("spare-3", spare.Find("#spare-pairs tr[data-pair-unit='spare-3'] td").TextContent.Trim());
        Assert.Empty(spare.FindAll("[id^=failover-pair-]"));
    }

    private static PairView Pair(int index, string unit) => new()
    {
        Id = $"qwen/{unit}",
        Index = index,
        Unit = unit,
        State = PairState.Running,
        Placement = new PairPlacement
        {
            Prefill = new ReplicaPlacement { Node = "h20-02", GpuIndices = [4], GpuUuids = ["GPU-a"], GpuMinors = [4] },
            Decode = new ReplicaPlacement { Node = "h20-02", GpuIndices = [5], GpuUuids = ["GPU-b"], GpuMinors = [5] },
            Tier = "same-node-nvlink",
            Wire = "NV18",
            EstimatedKvTransferMs = 3.4,
        },
    };
}
