using ControlPlane.Simulation;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests.Filters;

public sealed class GpuMemoryFilterTests
{
    [Fact]
    public void Qwen_72b_at_TP2_fits_in_96_GiB_H20_GPUs()
    {
        Assert.Null(new GpuMemoryFilter().Reject(Shape(Node("h20-01", NodeTemplates.H20)), Request(Spec())));
    }

    [Fact]
    public void Qwen_72b_at_TP2_does_not_fit_in_80_GiB_H100_GPUs()
    {
        var reason = new GpuMemoryFilter().Reject(Shape(Node("h100-01", NodeTemplates.H100)), Request(Spec()));

        Assert.NotNull(reason);
        Assert.StartsWith("GpuMemoryFilter: qwen2.5-72b needs ", reason, StringComparison.Ordinal);
        Assert.EndsWith("GiB of weights per GPU at TP2, more than 90 % of 80 GiB", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_larger_TP_of_the_pair_decides()
    {
        var shape = Shape(Node("h100-01", NodeTemplates.H100));

        Assert.Null(new GpuMemoryFilter().Reject(shape, Request(Spec(prefillTp: 2, decodeTp: 4))));
    }
}
