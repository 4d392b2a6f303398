using System.Net;
using System.Net.Http.Json;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Errors;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Contracts.Placement;
using ControlPlane.Contracts.Reservations;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Web.Apis;
using ControlPlane.Web.Tests.Failover;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>The reservation reconciler over HTTP: nothing stays held by nobody, nothing placed stays unlisted.</summary>
public sealed class ReservationReconcilerTests(ReservationReconcilerTests.Plane fixture) : IClassFixture<ReservationReconcilerTests.Plane>
{
    [Fact(Timeout = 60_000)]
    public async Task An_allocation_no_live_pair_owns_waits_out_the_grace_period_then_is_released()
    {
        var nodes = await fixture.Control.ReportNodesAsync("rsv-ghost", NodeTemplates.H20, 1);
        var node = fixture.Control.Grains.GetGrain<INodeGrain>(nodes[0]);
        Assert.True((await node.ReserveAsync(new GpuReservation { Owner = "ghost/pair-0/prefill", GpuIndices = [0, 1] })).Reserved);
        await fixture.Control.IndexedAsync(nodes); // the reconciler reads the fleet index, which hears of it one-way

        var first = await ReconcileAsync();
        Assert.Contains(first.Waiting, w => w.Contains("ghost/pair-0/prefill", StringComparison.Ordinal));
        Assert.Equal(2, (await fixture.Control.GetNodeAsync(nodes[0]))!.Gpus.Count(g => g.HeldBy is not null));

        fixture.Control.Clock.Advance(fixture.Grace);
        var second = await ReconcileAsync();

        Assert.Contains(second.Released, r => r.Contains("GPUs 0,1 of ghost/pair-0/prefill released", StringComparison.Ordinal));
        Assert.All((await fixture.Control.GetNodeAsync(nodes[0]))!.Gpus, g => Assert.Null(g.HeldBy));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_pair_that_lost_its_gpus_gets_them_back_and_a_deployment_missing_from_the_listing_is_listed_again()
    {
        var nodes = await fixture.Control.ReportNodesAsync("rsv-keep", NodeTemplates.H20, 1);
        using (var put = await fixture.Control.PutDeploymentAsync("keep", DeploymentCalls.Spec("rsv-keep", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1), RunningControlPlane.AdminKey))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var prefill = (await fixture.Control.GetJsonAsync<Wire.Deployments.DeploymentView>("/api/v1/deployments/keep")).Pairs[0].Placement.Prefill;
        await fixture.Control.Grains.GetGrain<INodeGrain>(prefill.Node).ReleaseAsync("keep/pair-0/prefill");
        await DeploymentDirectory.RemoveAsync(fixture.Control.Grains, "keep");
        await fixture.Control.IndexedAsync(nodes);

        var report = await ReconcileAsync();

        Assert.Contains(report.ReReserved, r => r.Contains("reserved again for keep/pair-0/prefill", StringComparison.Ordinal));
        Assert.Contains(report.Relisted, r => r.StartsWith("keep ", StringComparison.Ordinal));
        var gpu = (await fixture.Control.GetNodeAsync(prefill.Node))!.Gpus.Single(g => g.Report.Index == prefill.GpuIndices[0]);
        Assert.Equal(("keep", 0, "prefill"), (gpu.HeldBy?.Deployment, gpu.HeldBy?.Pair, gpu.HeldBy?.Role));
        var listed = await fixture.Control.GetJsonAsync<IncidentCalls.PageOf<Wire.Deployments.DeploymentView>>("/api/v1/deployments");
        Assert.Contains(listed.Items, d => d.Name == "keep");
    }

    [Fact(Timeout = 60_000)]
    public async Task An_owner_that_is_no_deployments_replica_is_refused_by_the_node_grain_and_a_viewer_cannot_run_a_pass()
    {
        var nodes = await fixture.Control.ReportNodesAsync("rsv-hand", NodeTemplates.H20, 1);

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() =>
            fixture.Control.Grains.GetGrain<INodeGrain>(nodes[0]).ReserveAsync(new GpuReservation { Owner = "maintenance-burn-in", GpuIndices = [7] }));
        var report = await ReconcileAsync();

        Assert.Equal(["owner"], refused.Errors.Keys);
        Assert.Null((await fixture.Control.GetNodeAsync(nodes[0]))!.Gpus.Single(g => g.Report.Index == 7).HeldBy);
        Assert.DoesNotContain(report.UnknownOwners, u => u.Contains("'maintenance-burn-in'", StringComparison.Ordinal));
        using var viewer = await fixture.Control.PostJsonAsync("/api/v1/reservations:reconcile", new { }, ApiFixture.ViewerKey);
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        var last = await fixture.Control.GetJsonAsync<ReconcileReport>("/api/v1/reservations/reconcile");
        Assert.Equal(report.At, last.At);
    }

    [Fact(Timeout = 60_000)]
    public async Task Spare_gpus_and_a_swapped_in_spares_gpus_are_owned_and_never_released()
    {
        var nodes = await fixture.Control.ReportNodesAsync("rsv-spare", NodeTemplates.H20, 2);
        using (var put = await fixture.Control.PutDeploymentAsync("rspare", DeploymentCalls.Spec("rsv-spare", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, spares: 2), RunningControlPlane.AdminKey))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        // spare-0 becomes pair 0 at revision 1 but keeps its reservations (owned without the #1).
        using (var failover = await fixture.Control.PostJsonAsync("/api/v1/deployments/rspare/pairs/0:failover", new { reason = "swap test" }, RunningControlPlane.AdminKey))
        {
            Assert.Equal(HttpStatusCode.Accepted, failover.StatusCode);
        }

        await Eventually.Until(() => fixture.Control.GetJsonAsync<Wire.Deployments.DeploymentView>("/api/v1/deployments/rspare"), v => v.Pairs[0].Unit == "spare-0" && v.Spares.Length == 2);
        await fixture.Control.IndexedAsync(nodes);
        var first = await ReconcileAsync();
        fixture.Control.Clock.Advance(fixture.Grace);
        var second = await ReconcileAsync();

        foreach (var line in first.Waiting.Concat(second.Released).Concat(second.Waiting).Concat(second.ReReserved))
        {
            Assert.DoesNotContain("rspare/", line, StringComparison.Ordinal);
        }

        var held = (await fixture.Control.GpusAsync(nodes)).Where(g => g.AllocatedTo is not null).Select(g => g.AllocatedTo!).Order().ToArray();
        Assert.Equal(["rspare/spare-0/decode", "rspare/spare-0/prefill", "rspare/spare-1/decode", "rspare/spare-1/prefill", "rspare/spare-2/decode", "rspare/spare-2/prefill"], held);
    }

    private async Task<ReconcileReport> ReconcileAsync()
    {
        using var response = await fixture.Control.PostJsonAsync("/api/v1/reservations:reconcile", new { }, RunningControlPlane.AdminKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ReconcileReport>(ApiJson.Options))!;
    }

    /// <summary>A control plane of its own with a one-second grace period.</summary>
    public sealed class Plane : IAsyncLifetime
    {
        public TimeSpan Grace { get; } = TimeSpan.FromSeconds(30);

        public RunningControlPlane Control { get; private set; } = null!;

        public async Task InitializeAsync() => Control = await RunningControlPlane.StartAsync(
            "--ControlPlane:Reservations:OrphanGrace=00:00:30",
            "--ControlPlane:Auth:ApiKeys:0:Name=ci-viewer",
            "--ControlPlane:Auth:ApiKeys:0:Role=viewer",
            $"--ControlPlane:Auth:ApiKeys:0:Key={ApiFixture.ViewerKey}");

        public async Task DisposeAsync() => await Control.DisposeAsync();
    }
}
