using System.Globalization;
using ControlPlane.Probes.Topology;
using ControlPlane.Tests.Shared;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Simulation.Tests;

/// <summary>The simulator's templates are the captured topologies, not someone's memory of them.</summary>
public sealed class NodeTemplateFixtureTests
{
    public static TheoryData<string, string> Captures => new()
    {
        { "h20-nv18", "seeds/topo-8xH20-nv18-5nic.txt" },
        { "h100-nv4", "seeds/topo-8xH100-nv4-whitespace-collapsed.txt" },
        { "rtx5090-pcie", "seeds/topo-2x5090-phb.txt" },
        { "h200x2", "gpu-hosts/h200x2-a/topo-m.txt" },
    };

    [Theory]
    [MemberData(nameof(Captures))]
    public void Template_link_matrix_equals_the_captured_topo_m(string template, string capture)
    {
        var parsed = TopologyParser.Parse(FixtureFiles.Read(capture), capture);
        var t = NodeTemplates.All.Single(x => x.Name == template);

        var rows = parsed.Devices.Select(d => string.Join(' ', d.Links.Select(l => l.Label))).ToArray();

        Assert.Equal(rows, t.TopologyRows);
        Assert.Equal(parsed.Gpus.Length, t.GpuCount);
        Assert.Equal(parsed.Nics.Length, t.Nics.Length);
        Assert.Equal(
            parsed.Devices.Where(d => d.Kind == DeviceKind.Gpu).Select(d => int.Parse(d.NumaAffinity!, CultureInfo.InvariantCulture)),
            t.GpuNuma);
        Assert.Equal(parsed.Devices.Where(d => d.Kind == DeviceKind.Gpu).Select(d => d.CpuAffinity), t.GpuCpuAffinity);
    }

    [Fact]
    public void A100_template_has_the_captured_ports_with_mlx5_0_down()
    {
        var capture = ControlPlane.Probes.Infiniband.IbDev2NetDevParser.Parse(FixtureFiles.Read("seeds/ibdev2netdev-a100-one-port-down.txt"));

        Assert.Equal(capture.Ports.Select(p => (p.Device, p.NetDevice, p.State.ToString() == "Up")),
            NodeTemplates.A100.Nics.Select(n => (n.Device, n.Netdev!, n.State == PortState.Active)));
    }

    [Fact]
    public void V100_template_has_the_captured_two_ports_up_at_100_gbps()
    {
        var capture = ControlPlane.Probes.Infiniband.IbDev2NetDevParser.Parse(FixtureFiles.Read("seeds/ibdev2netdev-v100-2x100g.txt"));

        Assert.Equal(capture.Ports.Select(p => p.Device), NodeTemplates.V100.Nics.Select(n => n.Device));
        Assert.All(NodeTemplates.V100.Nics, n => Assert.Equal((100.0, "rdma/rdma_v100"), (n.RateGbps, n.RdmaResource!)));
    }

    [Fact]
    public void Every_simulated_report_passes_validation()
    {
        var fleet = new SimulatedFleet(12);
        var now = DateTimeOffset.UtcNow;
        foreach (var node in fleet.Nodes)
        {
            var report = node.NextReport(now, new Random(1));
            Assert.Empty(ProbeReportValidator.Validate(report, node.Name, now));
        }

        Assert.Equal(["h20-01", "h100-01", "rtx5090-01", "v100-01", "a100-01", "h200-01"], fleet.Nodes.Take(6).Select(n => n.Name));
    }

    [Fact]
    public void Injected_faults_show_in_the_next_report_and_xids_only_once()
    {
        var node = new SimulatedFleet(6).Find("a100-01")!;
        node.Inject(new SimulatedFault(SimulatedFaultKind.Xid, Gpu: 2, Xid: 74));
        node.Inject(new SimulatedFault(SimulatedFaultKind.NicDown, Nic: "mlx5_1"));

        var first = node.NextReport(DateTimeOffset.UtcNow, new Random(1));
        var second = node.NextReport(DateTimeOffset.UtcNow, new Random(1));

        Assert.Equal(74, Assert.Single(first.Gpus[2].RecentXids).Code);
        Assert.Empty(second.Gpus[2].RecentXids);
        Assert.Equal(PortState.Down, second.Nics.Single(n => n.Device == "mlx5_1").State);
        Assert.True(second.Sequence > first.Sequence);
    }
}
