using ControlPlane.Wire.Probes;

namespace ControlPlane.Simulation.Tests;

/// <summary>The <c>gb200</c> pool: GB200 NVL72 racks of 18 trays × 4 GPUs, one NVLink domain each, added only when asked.</summary>
public sealed class Gb200RackTests
{
    [Fact]
    public void Two_racks_are_36_trays_in_two_NVLink_domains_with_an_RDMA_NIC_per_GPU()
    {
        var fleet = new SimulatedFleet(0, gb200Racks: 2);
        var reports = fleet.Nodes.Select(n => n.NextReport(DateTimeOffset.UtcNow, new Random(1))).ToList();

        Assert.Equal(36, reports.Count);
        Assert.All(reports, r =>
        {
            Assert.Equal(("gb200", 4, 4), (r.Pool, r.Gpus.Length, r.Nics.Length));
            Assert.All(r.Nics, n => Assert.Equal((LinkLayer.InfiniBand, 400.0), (n.LinkLayer, n.RateGbps)));
        });
        var domains = reports.GroupBy(r => r.Gpus.Select(g => g.Fabric!.DomainKey).Distinct().Single()).ToList();
        Assert.Equal(2, domains.Count);
        Assert.All(domains, d => Assert.Equal(18, d.Count()));
        Assert.All(domains, d => Assert.Single(d.Select(r => r.Rack).Distinct()));
    }

    [Fact]
    public void The_default_fleet_has_no_gb200_trays()
    {
        Assert.Equal(24, new SimulatedFleet(24).Nodes.Count);
        Assert.DoesNotContain(new SimulatedFleet(24).Nodes, n => n.Template == NodeTemplates.Gb200);
    }

    [Fact]
    public void A_tray_that_leaves_its_domain_reports_its_registration_in_progress_and_no_domain_until_cleared()
    {
        var tray = new SimulatedFleet(0, gb200Racks: 1).Find("gb200-r1-t07")!;
        var domain = tray.NextReport(DateTimeOffset.UtcNow, new Random(1)).Gpus[0].Fabric!.DomainKey;

        tray.Inject(new SimulatedFault(SimulatedFaultKind.LeaveNvlinkDomain));
        var left = tray.NextReport(DateTimeOffset.UtcNow, new Random(1)).Gpus;

        Assert.All(left, g => Assert.Equal(("In Progress", true, null), (g.Fabric!.State, g.Fabric.Unregistered, g.Fabric.DomainKey)));
        tray.ClearFaults();
        Assert.Equal(domain, tray.NextReport(DateTimeOffset.UtcNow, new Random(1)).Gpus[0].Fabric!.DomainKey);
    }
}
