using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Wire.Nodes;

namespace ControlPlane.Grains.Tests.Deployments;

/// <summary>Which warm spare a failover may swap in, decided on the deployment grain (plan-only: spares are Planned).</summary>
public sealed class SpareUsabilityTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public async Task A_cross_node_spare_behind_a_quarantined_nic_is_not_swapped_in_the_pair_is_re_placed()
    {
        const string pool = "spare-nic";
        var nodes = Enumerable.Range(1, 6).Select(i => $"spare-nic-{i}").ToArray();
        await SparePools.RegisterAsync(fixture.Grains, pool, nodes);
        var deployment = fixture.Grains.GetGrain<IModelDeploymentGrain>("spare-nic-dep");
        var put = await deployment.PutAsync(SparePools.Qwen(pool, tp: 8, spares: 1, transferPolicy: "allow-rdma"));
        Assert.Null(put.Refused);
        var spare = Assert.Single(put.View!.Spares).Placement;
        Assert.Equal("rdma", spare.Tier);

        // An earlier incident quarantined the NIC the spare's prefill would send its KV cache through.
        var nic = spare.Prefill.Nic!;
        var port = Reports.Steady(spare.Prefill.Node, 1, NodeTemplates.H20).Nics.First(n => n.Device == nic).Port;
        await fixture.Grains.GetGrain<INodeGrain>(spare.Prefill.Node).QuarantineAsync(
            new Quarantine { Component = QuarantineKeys.Nic(nic, port), Reason = "flapping in an earlier incident", By = "test" });

        var outcome = await deployment.FailoverPairAsync(new FailoverRequest { Pair = 0, Incident = "inc-20261130-000000-000001", Reason = "manual" });

        Assert.Equal(FailoverResult.Replaced, outcome.Result);
        Assert.Null(outcome.SwappedIn);
        var view = (await deployment.GetAsync())!;
        Assert.Equal(("pair-0", 1), (view.Pairs[0].Unit, view.Pairs[0].Revision));
        Assert.Equal("spare-0", Assert.Single(view.Spares).Unit);
    }
}
