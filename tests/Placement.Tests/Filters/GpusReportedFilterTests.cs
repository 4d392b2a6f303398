using ControlPlane.Simulation;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Placement;
using ControlPlane.Wire.Topology;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests.Filters;

public sealed class GpusReportedFilterTests
{
    [Fact]
    public void Node_with_GPUs_passes()
    {
        Assert.Null(new GpusReportedFilter().Reject(Shape(Node("h20-01", NodeTemplates.H20)), Request(Spec())));
    }

    [Fact]
    public void GPU_less_node_is_refused_for_that_reason_alone_not_for_an_empty_compute_capability()
    {
        var plan = Plan(Spec(), Index(Node("h20-01", NodeTemplates.H20), GpuLess("ci-host")));

        var rejection = Assert.Single(plan.Rejections, r => r.Node == "ci-host");
        Assert.Equal(["GpusReportedFilter: no GPUs reported"], rejection.Reasons);
        Assert.Equal("h20-01", plan.Pairs[0].Prefill.Node);
    }

    [Fact]
    public void GPU_judging_filters_leave_a_GPU_less_node_to_it()
    {
        var shape = Shape(GpuLess("ci-host"));
        var request = Request(Spec(cc: ["9.0"]));

        Assert.Null(new GpuComputeCapabilityFilter().Reject(shape, request));
        Assert.Null(new CudaDriverFilter().Reject(shape, request));
        Assert.Null(new GpuMemoryFilter().Reject(shape, request));
    }

    /// <summary>What a node whose agent found no driver reports: no GPUs, no matrix, no versions.</summary>
    private static PlacementNode GpuLess(string name)
    {
        var report = new SimulatedNode(name, NodeTemplates.H20, NodeTemplates.H20.Versions, "rack-1").NextReport(DateTimeOffset.UtcNow, new Random(7));
        report = report with { Gpus = [], Nics = [], Topology = LinkMatrix.Empty, Versions = report.Versions with { Driver = "", Cuda = "", Nccl = null } };
        return PlacementNodeFactory.From(report, new Dictionary<string, HealthStatus>(), new Dictionary<int, string>(), HealthStatus.Healthy, Readiness.Ready, cordoned: false, version: 1);
    }
}
