using ControlPlane.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace ControlPlane.Grains.Tests.Nodes;

/// <summary>Reports cross silos and clients serialized: what the agent sends must arrive whole.</summary>
public sealed class WireRoundTripTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public void Compact_nvlinks_down_survive_orleans_serialization()
    {
        var serializer = fixture.Cluster.Client.ServiceProvider.GetRequiredService<Serializer>();
        var report = Reports.Steady("wire-rt", 1);
        report = report with { Gpus = [report.Gpus[0] with { NvLinksDown = [0, 3] }] };

        var copy = serializer.Deserialize<ControlPlane.Wire.Probes.ProbeReport>(serializer.SerializeToArray(report));

        Assert.Equal([0, 3], copy!.Gpus[0].NvLinksDown);
    }
}
