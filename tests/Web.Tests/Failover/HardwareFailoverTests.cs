using System.Net.Http.Json;
using System.Text.Json;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Web.Tests.Apis;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Incidents;
using Xunit.Abstractions;

namespace ControlPlane.Web.Tests.Failover;

/// <summary>
/// Proactive failover end to end, over HTTP, against the real control plane whose cluster is the fake API server (the
/// only fake: no Kubernetes runs here); the kubelet helper plays the nodes' pods. Runs twice: <see cref="Resync"/> with
/// the pod watch off and a 100 ms resync, <see cref="Watch"/> with the watch on as in production and the resync ten
/// minutes apart.
/// </summary>
public abstract class HardwareFailoverTests(DeploymentClusterFixture fixture, ITestOutputHelper output)
{
    public sealed class Resync(DeploymentClusterFixture fixture, ITestOutputHelper output) : HardwareFailoverTests(fixture, output), IClassFixture<DeploymentClusterFixture>;

    public sealed class Watch(WatchedClusterFixture fixture, ITestOutputHelper output) : HardwareFailoverTests(fixture, output), IClassFixture<WatchedClusterFixture>;

    private const string Ns = DeploymentClusterFixture.Ns;

    private RunningControlPlane Plane => fixture.Plane;

    [Fact(Timeout = 90_000)]
    public async Task A_fatal_xid_on_a_running_pairs_gpu_replaces_the_pair_on_healthy_gpus_and_the_timeline_is_complete()
    {
        var nodes = await Plane.ReportNodesAsync("fo-xid", NodeTemplates.H20, 2);
        await Plane.PlaceAsync("xid", DeploymentCalls.Spec("fo-xid", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1));
        await Eventually.Until(() => Plane.DeploymentAsync("xid"), v => v.Pairs[0].Pods.Length == 2);
        fixture.Cluster.Kubelet.Run(Ns, "xid-prefill-0");
        fixture.Cluster.Kubelet.Run(Ns, "xid-decode-0");
        var running = await Eventually.Until(() => Plane.DeploymentAsync("xid"), v => v.Status == DeploymentStatus.Running);
        var before = running.Pairs[0].Placement;
        var endpointsBefore = await EndpointAsync("xid");
        var oldUids = Uids(XidPods());
        var podPatches = PodPatches();

        // The prefill GPU reports a double-bit ECC error (XID 48: unhealthy, reset the GPU).
        var node = before.Prefill.Node;
        var gpu = before.Prefill.GpuIndices[0];
        using (var report = await Plane.PutProbeAsync(node, Reports.WithXid(Reports.Steady(node, 2, NodeTemplates.H20) with { Pool = "fo-xid" }, gpu, 48), RunningControlPlane.AdminKey))
        {
            report.EnsureSuccessStatusCode();
        }

        var incident = (await Eventually.Until(() => Plane.IncidentsAsync("?deployment=xid"), list => list.Length == 1))[0];
        Assert.Equal(IncidentKind.Hardware, incident.Kind);
        Assert.Equal((ComponentKind.Gpu, node, gpu), (incident.Blamed.Kind, incident.Blamed.Node, incident.Blamed.Gpu));

        // Replaced at once (revision 1) off the bad GPU; the old pods are deleted and drain first.
        var replaced = await Eventually.Until(() => Plane.DeploymentAsync("xid"), v => v.Pairs[0].Revision == 1);
        var after = replaced.Pairs[0].Placement;
        Assert.False(after.Prefill.Node == node && after.Prefill.GpuIndices.Contains(gpu));
        Assert.False(after.Decode.Node == node && after.Decode.GpuIndices.Contains(gpu));
        Assert.Equal(incident.Id, replaced.Pairs[0].Incident);
        Assert.Equal(PairState.Planned, replaced.Pairs[0].State);
        Assert.Single(replaced.Removing);

        var quarantined = (await Plane.GetNodeAsync(node))!.Gpus.Single(g => g.Report.Index == gpu).Quarantine;
        Assert.Equal((QuarantineComponent(gpu), incident.Id), (quarantined?.Component, quarantined?.Incident));

        // Both old pods are deleted; while they drain nothing of revision 1 is applied (its pods have the same names).
        var draining = await Eventually.Until(() => Task.FromResult(XidPods()), pods => pods.Count(p => p["metadata"]!["deletionTimestamp"] is not null) == 2);
        Assert.Equal(oldUids, Uids(draining));
        Assert.Equal(podPatches, PodPatches());
        Assert.Equal(PairState.Planned, (await Plane.DeploymentAsync("xid")).Pairs[0].State);
        fixture.Cluster.Kubelet.Terminate(Ns, "xid-prefill-0");
        fixture.Cluster.Kubelet.Terminate(Ns, "xid-decode-0");

        // The replacement is applied once the old pods are gone: new pods, on the new placement; then it runs.
        await Eventually.Until(() => Plane.DeploymentAsync("xid"), v => v.Removing.Length == 0 && v.Pairs[0].State == PairState.Bound && v.Pairs[0].Pods.Length == 2);
        var applied = XidPods();
        Assert.Equal(2, applied.Count);
        Assert.Empty(Uids(applied).Intersect(oldUids));
        Assert.Equal(
            [after.Prefill.Node, after.Decode.Node],
            applied.OrderBy(p => p["metadata"]!["name"]!.GetValue<string>().Contains("decode", StringComparison.Ordinal)).Select(p => p["spec"]!["nodeName"]!.GetValue<string>()));
        fixture.Cluster.Kubelet.Run(Ns, "xid-prefill-0");
        fixture.Cluster.Kubelet.Run(Ns, "xid-decode-0");
        await Eventually.Until(() => Plane.DeploymentAsync("xid"), v => v.Status == DeploymentStatus.Running);

        var recovered = await Eventually.Until(() => Plane.IncidentAsync(incident.Id), i => i.State == IncidentState.Recovered);
        foreach (var step in recovered.Timeline)
        {
            output.WriteLine($"{step.At:HH:mm:ss.fff} {step.Step,-12} {step.Actor,-22} {step.Detail}");
        }

        var steps = recovered.Timeline.Select(s => s.Step).ToList();
        string[] expected = ["signal", "blame", "quarantine", "re-place", "drained", "applied", "recovered"];
        Assert.Equal(expected, steps.Where(expected.Contains).Distinct());
        Assert.Contains(recovered.Timeline.Single(s => s.Step == "signal").Evidence, e => e.StartsWith("xid-48", StringComparison.Ordinal));

        // The endpoints name the pair's new home; the service URLs the router dials stay the same.
        var endpointsAfter = await EndpointAsync("xid");
        Assert.Equal(1, endpointsAfter.GetProperty("revision").GetInt32());
        Assert.NotEqual(Where(endpointsBefore), Where(endpointsAfter));
        Assert.Equal(endpointsBefore.GetProperty("prefillUrl").GetString(), endpointsAfter.GetProperty("prefillUrl").GetString());

        // The old GPUs are free again; the new ones are held by revision 1's owners.
        var held = (await Plane.GpusAsync(nodes)).Where(g => g.AllocatedTo is not null).Select(g => g.AllocatedTo!).Order().ToArray();
        Assert.Equal(["xid/pair-0/decode#1", "xid/pair-0/prefill#1"], held);
    }

    private static string QuarantineComponent(int gpu) => $"gpu:{gpu}";

    private List<System.Text.Json.Nodes.JsonObject> XidPods() =>
        [.. fixture.Cluster.Stored("/api/v1/namespaces/inference/pods").Where(p => p["metadata"]!["name"]!.GetValue<string>().StartsWith("xid-", StringComparison.Ordinal))];

    private int PodPatches() =>
        fixture.Cluster.Requests.Count(r => r.Method == "PATCH" && r.Path.StartsWith("/api/v1/namespaces/inference/pods/xid-", StringComparison.Ordinal));

    private static string[] Uids(IEnumerable<System.Text.Json.Nodes.JsonObject> pods) =>
        [.. pods.Select(p => p["metadata"]!["uid"]!.GetValue<string>()).Order(StringComparer.Ordinal)];

    private static string Where(JsonElement pair) =>
        $"{pair.GetProperty("prefillNode").GetString()}[{string.Join(",", pair.GetProperty("prefillGpus").EnumerateArray().Select(g => g.GetInt32()))}]" +
        $"->{pair.GetProperty("decodeNode").GetString()}[{string.Join(",", pair.GetProperty("decodeGpus").EnumerateArray().Select(g => g.GetInt32()))}]";

    private async Task<JsonElement> EndpointAsync(string deployment)
    {
        using var client = Plane.Client(ApiFixture.OperatorKey);
        var endpoints = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/deployments/{deployment}/endpoints", UriKind.Relative));
        return endpoints.GetProperty("pairs")[0];
    }
}
