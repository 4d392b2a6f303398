using System.Net;
using System.Net.Http.Json;
using ControlPlane.Testing;
using ControlPlane.Web.Apis;
using ControlPlane.Web.Telemetry;
using ControlPlane.Wire.Incidents;
using Xunit.Abstractions;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>
/// <c>GET /api/v1/deployments/{name}/imbalance</c> on the simulated fleet: a replica whose GPU the simulator keeps at
/// 95–98 % (the "GPU 0 syndrome") is imbalanced naming that GPU; its sibling replica is not.
/// </summary>
public sealed class ImbalanceApiTests(ImbalanceApiTests.Fleet fleet, ITestOutputHelper output) : IClassFixture<ImbalanceApiTests.Fleet>
{
    [Fact(Timeout = 60_000)]
    public async Task A_replica_with_one_gpu_kept_busy_is_imbalanced_naming_it_and_its_sibling_replica_is_not()
    {
        var plane = fleet.Plane;
        using (var put = await plane.PutDeploymentAsync("skewed", DeploymentCalls.Spec("h20", model: "llama-3.1-8b", prefillTp: 4, decodeTp: 4), RunningControlPlane.AdminKey))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var prefill = (await plane.GetJsonAsync<Wire.Deployments.DeploymentView>("/api/v1/deployments/skewed")).Pairs[0].Placement.Prefill;
        var hot = prefill.GpuIndices[0];
        using (var inject = await plane.PostJsonAsync($"/api/v1/simulator/nodes/{prefill.Node}/faults", new { kind = "hotspot", gpu = hot }, RunningControlPlane.AdminKey))
        {
            Assert.Equal(HttpStatusCode.Accepted, inject.StatusCode);
        }

        try
        {
            // The window averages every reading in it: those before the hotspot dilute it until enough hot ones come in.
            var replicas = await Eventually.Until(() => ImbalanceAsync(plane),
                r => r.Single(x => x.Role == "prefill").Reading?.Finding?.StartsWith($"GPU {hot} at ", StringComparison.Ordinal) == true, attempts: 200);
            foreach (var r in replicas)
            {
                output.WriteLine($"{r.Role} on {r.Node} GPUs {string.Join(',', r.Gpus)}: spread {r.Reading?.UtilizationSpread} σ {r.Reading?.UtilizationStdDev} {r.Reading?.Finding}");
            }

            var skewed = replicas.Single(r => r.Role == "prefill");
            Assert.StartsWith($"GPU {hot} at ", skewed.Reading!.Finding, StringComparison.Ordinal);
            Assert.False(replicas.Single(r => r.Role == "decode").Reading?.Imbalanced ?? false);

            // An advisory incident, once: nothing quarantined, the pair not moved.
            var incidents = await Eventually.Until(() => IncidentsAsync(plane), list => list.Any(i => i.Kind == IncidentKind.Imbalance), attempts: 100);
            var imbalance = Assert.Single(incidents, i => i.Kind == IncidentKind.Imbalance);
            output.WriteLine($"{imbalance.State}: {imbalance.Title}");
            Assert.Contains($"GPU {hot} ", imbalance.Title, StringComparison.Ordinal);
            var after = await plane.GetJsonAsync<Wire.Deployments.DeploymentView>("/api/v1/deployments/skewed");
            Assert.Equal((0, prefill.Node), (after.Pairs[0].Revision, after.Pairs[0].Placement.Prefill.Node));
            Assert.Equal(prefill.GpuIndices, after.Pairs[0].Placement.Prefill.GpuIndices);
            Assert.All((await plane.GetNodeAsync(prefill.Node))!.Gpus, g => Assert.Null(g.Quarantine));
        }
        finally
        {
            using var client = plane.Client();
            using var clear = await client.DeleteAsync(new Uri($"/api/v1/simulator/nodes/{prefill.Node}/faults", UriKind.Relative));
            using var delete = await client.DeleteAsync(new Uri("/api/v1/deployments/skewed", UriKind.Relative));
        }
    }

    [Fact]
    public async Task An_unknown_deployment_is_404_and_a_name_no_deployment_can_have_is_400()
    {
        using var client = fleet.Plane.Client();
        using var unknown = await client.GetAsync(new Uri("/api/v1/deployments/nobody/imbalance", UriKind.Relative));
        using var invalid = await client.GetAsync(new Uri("/api/v1/deployments/Not_A_Name/imbalance", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    /// <summary>
    /// The simulator's readings are random per report (memory too, unlike a real GPU's): a replica's averages say something
    /// only over many readings, so the window asks for 40 before it reads a replica.
    /// </summary>
    public sealed class Fleet : IAsyncLifetime
    {
        public RunningControlPlane Plane { get; private set; } = null!;

        public async Task InitializeAsync() => Plane = await RunningControlPlane.StartAsync(
            "--ControlPlane:Simulator:Enabled=true",
            "--ControlPlane:Simulator:Nodes=2",
            "--ControlPlane:Simulator:Interval=00:00:00.1",
            "--ControlPlane:Imbalance:MinSamples=40",
            "--ControlPlane:Imbalance:CheckEvery=00:00:00.500");

        public async Task DisposeAsync() => await Plane.DisposeAsync();
    }

    private static async Task<IncidentView[]> IncidentsAsync(RunningControlPlane plane) =>
        (await plane.GetJsonAsync<Failover.IncidentCalls.PageOf<IncidentView>>("/api/v1/incidents?deployment=skewed")).Items;

    private static async Task<ReplicaImbalanceView[]> ImbalanceAsync(RunningControlPlane plane)
    {
        using var client = plane.Client();
        return (await client.GetFromJsonAsync<ReplicaImbalanceView[]>(new Uri("/api/v1/deployments/skewed/imbalance", UriKind.Relative), ApiJson.Options))!;
    }
}
