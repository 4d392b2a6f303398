using System.Net;
using System.Net.Http.Json;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Web.Apis;
using ControlPlane.Wire.Deployments;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>Edge-triggered: with the resync ten minutes apart, pod changes still move the deployment within seconds.</summary>
public sealed class DeploymentWatchTests(WatchedClusterFixture fixture) : IClassFixture<WatchedClusterFixture>
{
    private const string Ns = DeploymentClusterFixture.Ns;

    [Fact]
    public async Task The_pod_watch_moves_a_deployment_to_Running_and_finishes_its_delete_without_waiting_for_the_resync()
    {
        var plane = fixture.Plane;
        var nodes = await plane.ReportNodesAsync("watch-pool", NodeTemplates.H20, 1);
        using (var put = await plane.PutDeploymentAsync("watched", DeploymentCalls.Spec("watch-pool", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1)))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        fixture.Cluster.Kubelet.Run(Ns, "watched-prefill-0");
        fixture.Cluster.Kubelet.Run(Ns, "watched-decode-0");
        var running = await Eventually.Until(() => ViewAsync(plane, "watched"), v => v?.Status == DeploymentStatus.Running);
        Assert.Equal(DeploymentStatus.Running, running?.Status);

        using var client = plane.Client(ApiFixture.OperatorKey);
        using (var delete = await client.DeleteAsync(new Uri("/api/v1/deployments/watched", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        }

        await Eventually.Until(() => ViewAsync(plane, "watched"), v => v!.Pairs[0].Pods.Count(p => p.Terminating) == 2);
        Assert.Equal(2, fixture.Cluster.Kubelet.TerminateAll(Ns, "watched-"));
        Assert.Null(await Eventually.Until(() => ViewAsync(plane, "watched"), v => v is null));
        Assert.All(await plane.GpusAsync(nodes), g => Assert.Null(g.AllocatedTo));
    }

    private static async Task<DeploymentView?> ViewAsync(RunningControlPlane plane, string name)
    {
        using var client = plane.Client();
        using var response = await client.GetAsync(new Uri($"/api/v1/deployments/{name}", UriKind.Relative));
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.Content.ReadFromJsonAsync<DeploymentView>(ApiJson.Options);
    }
}
