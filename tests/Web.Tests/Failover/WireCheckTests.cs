using ControlPlane.Simulation;
using ControlPlane.Tests.Shared;
using ControlPlane.Testing;
using ControlPlane.Web.Tests.Apis;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Incidents;
using Xunit.Abstractions;

namespace ControlPlane.Web.Tests.Failover;

/// <summary>
/// The fast-path promise made checkable: once a pair runs, its pod logs (real NCCL logs served by the fake API server,
/// the one fake here) are diagnosed, and a wire slower than the tier it was placed on is an incident of its own.
/// </summary>
public sealed class WireCheckTests(DeploymentClusterFixture fixture, ITestOutputHelper output) : IClassFixture<DeploymentClusterFixture>
{
    private const string Ns = DeploymentClusterFixture.Ns;

    [Fact(Timeout = 60_000)]
    public async Task A_pair_placed_on_nvlink_whose_nccl_log_says_shm_because_p2p_is_disabled_is_a_wire_mismatch_naming_the_setting()
    {
        var plane = fixture.Plane;
        await plane.ReportNodesAsync("fo-wire", NodeTemplates.H20, 1);
        await plane.PlaceAsync("wire", DeploymentCalls.Spec("fo-wire", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1));
        Assert.Equal("nvlink", (await plane.DeploymentAsync("wire")).Pairs[0].Placement.Tier);
        await Eventually.Until(() => plane.DeploymentAsync("wire"), v => v.Pairs[0].Pods.Length == 2);

        var log = FixtureFiles.Read("nccl/h200x2-allreduce-p2p-disabled.log");
        fixture.Cluster.SetPodLog(Ns, "wire-prefill-0", log);
        fixture.Cluster.SetPodLog(Ns, "wire-decode-0", log);
        fixture.Cluster.Kubelet.Run(Ns, "wire-prefill-0");
        fixture.Cluster.Kubelet.Run(Ns, "wire-decode-0");

        var running = await Eventually.Until(() => plane.DeploymentAsync("wire"), v => v.Pairs[0].WireCheck is not null);
        output.WriteLine($"wire check: {running.Pairs[0].WireCheck}");
        var incident = (await Eventually.Until(() => plane.IncidentsAsync("?deployment=wire"), list => list.Length == 1))[0];
        var detail = await plane.IncidentAsync(incident.Id);
        foreach (var step in detail.Timeline)
        {
            output.WriteLine($"{step.Step,-8} {step.Detail}");
            foreach (var line in step.Evidence)
            {
                output.WriteLine($"         {line}");
            }
        }

        Assert.Equal((IncidentKind.WireMismatch, ComponentKind.Pair, "wire/pair-0"), (detail.Kind, detail.Blamed.Kind, detail.Blamed.Pair));
        Assert.Equal(IncidentState.NeedsAttention, detail.State);
        var evidence = detail.Timeline.First(s => s.Step == "signal").Evidence;
        Assert.Contains(evidence, e => e.Contains("NCCL transport: shm", StringComparison.OrdinalIgnoreCase) || e.Contains("SHM", StringComparison.Ordinal));
        Assert.Contains(evidence, e => e.Contains("NCCL_P2P_DISABLE set by environment to 1", StringComparison.Ordinal));

        // A setting explains it: nothing is quarantined or replaced, the pair keeps running and says what was found.
        var view = await plane.DeploymentAsync("wire");
        Assert.Equal((0, PairState.Running), (view.Pairs[0].Revision, view.Pairs[0].State));
        Assert.Contains("NCCL runs it over SHM", view.Pairs[0].WireCheck, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_pod_whose_container_restarted_is_diagnosed_from_the_previous_containers_log_too()
    {
        var plane = fixture.Plane;
        await plane.ReportNodesAsync("fo-prev", NodeTemplates.H20, 1);
        await plane.PlaceAsync("prev", DeploymentCalls.Spec("fo-prev", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1));
        await Eventually.Until(() => plane.DeploymentAsync("prev"), v => v.Pairs[0].Pods.Length == 2);

        // The container ran NCCL over SHM, then restarted: the fresh container has logged nothing of NCCL yet.
        var before = FixtureFiles.Read("nccl/h200x2-allreduce-p2p-disabled.log");
        foreach (var pod in new[] { "prev-prefill-0", "prev-decode-0" })
        {
            fixture.Cluster.SetPreviousPodLog(Ns, pod, before);
            fixture.Cluster.SetPodLog(Ns, pod, "engine starting again\n");
            fixture.Cluster.Kubelet.Run(Ns, pod);
        }

        var running = await Eventually.Until(() => plane.DeploymentAsync("prev"), v => v.Pairs[0].WireCheck is not null);
        output.WriteLine($"wire check: {running.Pairs[0].WireCheck}");

        Assert.Contains("NCCL runs it over SHM", running.Pairs[0].WireCheck, StringComparison.Ordinal);
        var incident = (await Eventually.Until(() => plane.IncidentsAsync("?deployment=prev"), list => list.Length == 1))[0];
        Assert.Equal(IncidentKind.WireMismatch, incident.Kind);
    }
}
