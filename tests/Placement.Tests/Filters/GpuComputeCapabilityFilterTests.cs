using ControlPlane.Simulation;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests.Filters;

public sealed class GpuComputeCapabilityFilterTests
{
    [Fact]
    public void GPU_built_for_by_the_image_passes()
    {
        Assert.Null(new GpuComputeCapabilityFilter().Reject(Shape(Node("h20-01", NodeTemplates.H20)), Request(Spec(cc: ["8.0", "9.0"]))));
    }

    [Fact]
    public void RTX_5090_node_is_refused_for_an_sm_90_image_with_the_reason_in_the_plan()
    {
        var plan = Plan(Spec(model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, cc: ["8.0", "9.0"]),
            Index(Node("h20-01", NodeTemplates.H20), Node("rtx5090-01", NodeTemplates.Rtx5090)));

        Assert.Equal("h20-01", plan.Pairs[0].Prefill.Node);
        var rejection = Assert.Single(plan.Rejections, r => r.Node == "rtx5090-01");
        Assert.Contains("GpuComputeCapabilityFilter: sm_120 not in image's {sm_80, sm_90}", rejection.Reasons);
    }
}
