using System.Net.Http.Json;
using System.Text.Json;
using ControlPlane.Simulation;
using ControlPlane.Tests.Shared;
using ControlPlane.Testing;
using ControlPlane.Web.Tests.Apis;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Incidents;
using Xunit.Abstractions;

namespace ControlPlane.Web.Tests.Failover;

/// <summary>
/// Warm spares end to end, over HTTP, against the real control plane whose cluster is the fake API server; the kubelet
/// helper plays the pods. A fatal XID under a serving pair swaps the Running spare in without touching its pods.
/// </summary>
public sealed class WarmSpareClusterTests(DeploymentClusterFixture fixture, ITestOutputHelper output) : IClassFixture<DeploymentClusterFixture>
{
    private const string Ns = DeploymentClusterFixture.Ns;
    private const string PodsPath = "/api/v1/namespaces/inference/pods";

    private RunningControlPlane Plane => fixture.Plane;

    [Fact(Timeout = 90_000)]
    public async Task A_fatal_xid_under_a_serving_pair_swaps_the_running_spare_in_without_recreating_its_pods_and_a_new_spare_is_placed()
    {
        var nodes = await Plane.ReportNodesAsync("sp-xid", NodeTemplates.H20, 3);
        await Plane.PlaceAsync("spx", DeploymentCalls.Spec("sp-xid", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, spares: 1));
        var placed = await Eventually.Until(() => Plane.DeploymentAsync("spx"), v => v.Spares.Length == 1 && v.Spares[0].Pods.Length == 2 && v.Pairs[0].Pods.Length == 2);
        Assert.Equal(("spare-0", -1), (placed.Spares[0].Unit, placed.Spares[0].Index));
        Assert.Equal(["spx-prefill-spare-0", "spx-decode-spare-0"], placed.Spares[0].Pods.Select(p => p.Name));
        foreach (var pod in new[] { "spx-prefill-0", "spx-decode-0", "spx-prefill-spare-0", "spx-decode-spare-0" })
        {
            fixture.Cluster.Kubelet.Run(Ns, pod);
        }

        var running = await Eventually.Until(() => Plane.DeploymentAsync("spx"), v => v.Status == DeploymentStatus.Running && v.Spares[0].State == PairState.Running);
        var spare = running.Spares[0];
        Assert.NotNull(spare.WireCheck); // checked when it first ran; nothing found against it
        Assert.DoesNotContain("NCCL runs it over", spare.WireCheck, StringComparison.Ordinal);
        var before = running.Pairs[0].Placement;
        var spareUids = SpareUids("spare-0");
        Assert.DoesNotContain("spx-spare-0", RouterCommand(), StringComparison.Ordinal); // a spare serves nothing
        var mark = fixture.Cluster.Requests.Count;

        // The pair's prefill GPU reports a double-bit ECC error (XID 48).
        var node = before.Prefill.Node;
        var gpu = before.Prefill.GpuIndices[0];
        using (var report = await Plane.PutProbeAsync(node, Reports.WithXid(Reports.Steady(node, 2, NodeTemplates.H20) with { Pool = "sp-xid" }, gpu, 48), RunningControlPlane.AdminKey))
        {
            report.EnsureSuccessStatusCode();
        }

        // The spare is pair 0 now, still Running on the same GPUs; the old pair drains.
        var swapped = await Eventually.Until(() => Plane.DeploymentAsync("spx"), v => v.Pairs[0].Unit == "spare-0");
        var pair = swapped.Pairs[0];
        Assert.Equal((0, 1, PairState.Running), (pair.Index, pair.Revision, pair.State));
        Assert.Equal(Where(spare.Placement), Where(pair.Placement));
        Assert.Equal("pair-0", Assert.Single(swapped.Removing).Unit);
        var incident = (await Eventually.Until(() => Plane.IncidentsAsync("?deployment=spx"), list => list.Length == 1))[0];
        Assert.Equal(incident.Id, pair.Incident);

        // Endpoints and the router name the spare's pods, nodes and GPUs.
        var endpoint = await EndpointAsync("spx");
        Assert.Equal(("spare-0", "spx-prefill-spare-0", "spx-decode-spare-0"), (endpoint.GetProperty("unit").GetString(), endpoint.GetProperty("prefillPod").GetString(), endpoint.GetProperty("decodePod").GetString()));
        Assert.Equal(Where(spare.Placement), $"{endpoint.GetProperty("prefillNode").GetString()}[{endpoint.GetProperty("prefillGpus")[0].GetInt32()}]->{endpoint.GetProperty("decodeNode").GetString()}[{endpoint.GetProperty("decodeGpus")[0].GetInt32()}]");
        Assert.Equal("http://prefill.spx-spare-0.inference.svc:30000", endpoint.GetProperty("prefillUrl").GetString());
        var router = await Eventually.Until(() => Task.FromResult(RouterCommand()), command => command.Contains("spx-spare-0", StringComparison.Ordinal));
        Assert.DoesNotContain("spx-pair-0", router, StringComparison.Ordinal); // the drained pair gets no more requests

        // The old pair's pods are deleted (both, still there and Terminating); once gone its GPUs are free.
        var deleting = await Eventually.Until(() => Task.FromResult(fixture.Cluster.Stored(PodsPath)),
            pods => pods.Count(p => Name(p) is "spx-prefill-0" or "spx-decode-0" && p["metadata"]!["deletionTimestamp"] is not null) == 2);
        Assert.All(deleting.Where(p => Name(p).Contains("-spare-", StringComparison.Ordinal)), p => Assert.Null(p["metadata"]!["deletionTimestamp"]));
        fixture.Cluster.Kubelet.Terminate(Ns, "spx-prefill-0");
        fixture.Cluster.Kubelet.Terminate(Ns, "spx-decode-0");

        // A new spare is placed behind it and applied.
        var refilled = await Eventually.Until(() => Plane.DeploymentAsync("spx"), v => v.Removing.Length == 0 && v.Spares.Length == 1 && v.Spares[0].Pods.Length == 2);
        Assert.Equal("spare-1", refilled.Spares[0].Unit);
        var recovered = await Eventually.Until(() => Plane.IncidentAsync(incident.Id), i => i.Timeline.Any(s => s.Step == "drained"));
        foreach (var step in recovered.Timeline)
        {
            output.WriteLine($"{step.At:HH:mm:ss.fff} {step.Step,-12} {step.Actor,-22} {step.Detail}");
        }

        Assert.Equal(IncidentState.Recovered, recovered.State);
        Assert.Contains(recovered.Timeline, s => s.Step == "re-place" && s.Detail.StartsWith("spare-0 swapped in as pair 0 revision 1", StringComparison.Ordinal));

        // Nothing of the swapped spare was applied or deleted again: the same pods, never patched.
        var after = fixture.Cluster.Requests.Skip(mark).ToArray();
        Assert.DoesNotContain(after, r => r.Path.Contains("-spare-0", StringComparison.Ordinal) && r.Method is "PATCH" or "POST" or "DELETE");
        Assert.Contains(after, r => r.Method == "PATCH" && r.Path == $"{PodsPath}/spx-prefill-spare-1");
        Assert.Equal(spareUids, SpareUids("spare-0"));

        // GPUs: the swapped spare keeps the owners it was placed with, the new spare holds its own, the old pair's are free.
        var held = (await Plane.GpusAsync(nodes)).Where(g => g.AllocatedTo is not null).Select(g => g.AllocatedTo!).Order().ToArray();
        Assert.Equal(["spx/spare-0/decode", "spx/spare-0/prefill", "spx/spare-1/decode", "spx/spare-1/prefill"], held);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_spare_that_is_not_running_yet_is_not_swapped_in_the_pair_is_re_placed_as_before()
    {
        var nodes = await Plane.ReportNodesAsync("sp-cold", NodeTemplates.H20, 3);
        await Plane.PlaceAsync("spc", DeploymentCalls.Spec("sp-cold", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, spares: 1));
        await Eventually.Until(() => Plane.DeploymentAsync("spc"), v => v.Pairs[0].Pods.Length == 2 && v.Spares.Length == 1);
        fixture.Cluster.Kubelet.Run(Ns, "spc-prefill-0");
        fixture.Cluster.Kubelet.Run(Ns, "spc-decode-0");
        var running = await Eventually.Until(() => Plane.DeploymentAsync("spc"), v => v.Status == DeploymentStatus.Running);
        Assert.Equal(PairState.Bound, running.Spares[0].State); // its pods never became Ready

        using var accepted = await Plane.PostJsonAsync("/api/v1/deployments/spc/pairs/0:failover", new { reason = "spare not warm yet" }, ApiFixture.OperatorKey);
        accepted.EnsureSuccessStatusCode();

        var replaced = await Eventually.Until(() => Plane.DeploymentAsync("spc"), v => v.Pairs[0].Revision == 1);
        Assert.Equal(("pair-0", PairState.Planned), (replaced.Pairs[0].Unit, replaced.Pairs[0].State));
        Assert.Equal("spare-0", Assert.Single(replaced.Spares).Unit);
        Assert.Equal("pair-0", Assert.Single(replaced.Removing).Unit);
        var held = (await Plane.GpusAsync(nodes)).Where(g => g.AllocatedTo is not null).Select(g => g.AllocatedTo!).Order().ToArray();
        Assert.Equal(["spc/pair-0/decode", "spc/pair-0/decode#1", "spc/pair-0/prefill", "spc/pair-0/prefill#1", "spc/spare-0/decode", "spc/spare-0/prefill"], held);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_spare_whose_nccl_log_says_its_wire_is_slower_than_placed_is_never_swapped_in()
    {
        var nodes = await Plane.ReportNodesAsync("sp-wire", NodeTemplates.H20, 3);
        await Plane.PlaceAsync("spw", DeploymentCalls.Spec("sp-wire", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, spares: 1));
        var placed = await Eventually.Until(() => Plane.DeploymentAsync("spw"), v => v.Spares.Length == 1 && v.Spares[0].Pods.Length == 2 && v.Pairs[0].Pods.Length == 2);
        Assert.Equal("nvlink", placed.Spares[0].Placement.Tier);

        // The spare's NCCL runs over SHM (P2P disabled by a setting) although it was placed on NVLink.
        var slow = FixtureFiles.Read("nccl/h200x2-allreduce-p2p-disabled.log");
        fixture.Cluster.SetPodLog(Ns, "spw-prefill-spare-0", slow);
        fixture.Cluster.SetPodLog(Ns, "spw-decode-spare-0", slow);
        foreach (var pod in new[] { "spw-prefill-0", "spw-decode-0", "spw-prefill-spare-0", "spw-decode-spare-0" })
        {
            fixture.Cluster.Kubelet.Run(Ns, pod);
        }

        var running = await Eventually.Until(() => Plane.DeploymentAsync("spw"), v => v.Status == DeploymentStatus.Running && v.Spares[0].WireCheck is not null);
        Assert.Contains("spare-0 was placed on nvlink", running.Spares[0].WireCheck, StringComparison.Ordinal);
        Assert.Contains("NCCL runs it over SHM", running.Spares[0].WireCheck, StringComparison.Ordinal);
        Assert.Empty(await Plane.IncidentsAsync("?deployment=spw")); // recorded on the spare, not an incident: it serves nothing

        using var accepted = await Plane.PostJsonAsync("/api/v1/deployments/spw/pairs/0:failover", new { reason = "spare on a slow wire" }, ApiFixture.OperatorKey);
        accepted.EnsureSuccessStatusCode();

        // The pair is re-placed as if there were no spare; the spare stays a spare.
        var replaced = await Eventually.Until(() => Plane.DeploymentAsync("spw"), v => v.Pairs[0].Revision == 1);
        Assert.Equal("pair-0", replaced.Pairs[0].Unit);
        Assert.Equal("spare-0", Assert.Single(replaced.Spares).Unit);
        Assert.Contains((await Plane.GpusAsync(nodes)).Select(g => g.AllocatedTo), owner => owner == "spw/pair-0/prefill#1");
    }

    private static string Name(System.Text.Json.Nodes.JsonObject o) => o["metadata"]!["name"]!.GetValue<string>();

    private static string Where(Wire.Placement.PairPlacement p) =>
        $"{p.Prefill.Node}[{p.Prefill.GpuIndices[0]}]->{p.Decode.Node}[{p.Decode.GpuIndices[0]}]";

    private string[] SpareUids(string unit) =>
        [.. fixture.Cluster.Stored(PodsPath).Where(p => Name(p).EndsWith($"-{unit}", StringComparison.Ordinal)).Select(p => p["metadata"]!["uid"]!.GetValue<string>()).Order()];

    private string RouterCommand() =>
        fixture.Cluster.Stored("/apis/apps/v1/namespaces/inference/deployments").SingleOrDefault(d => Name(d) == "spx-router")?["spec"]?["template"]?["spec"]?["containers"]?[0]?["command"]?.ToJsonString() ?? "";

    private async Task<JsonElement> EndpointAsync(string deployment)
    {
        using var client = Plane.Client(ApiFixture.OperatorKey);
        var endpoints = await client.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/deployments/{deployment}/endpoints", UriKind.Relative));
        return Assert.Single(endpoints.GetProperty("pairs").EnumerateArray());
    }
}
