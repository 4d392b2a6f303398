using System.Net;
using ControlPlane.Simulation;
using ControlPlane.Web.Tests.Failover;
using ControlPlane.Wire.Deployments;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>
/// <c>GET /api/v1/deployments/{name}/pods/{pod}/log</c> and <c>…/events</c> against the fake API server: the tail the
/// kubelet answers, the container before a restart, the kubelet's events, and every refusal with what it says.
/// </summary>
public sealed class PodLogsApiTests(DeploymentClusterFixture fixture) : IClassFixture<DeploymentClusterFixture>
{
    private const string Ns = DeploymentClusterFixture.Ns;

    [Fact(Timeout = 60_000)]
    public async Task A_pods_log_tail_previous_container_and_events_are_read_through_the_api()
    {
        var plane = fixture.Plane;
        await plane.PlaceOnePairWithPodsAsync("pl-logs", "plogs");
        fixture.Cluster.SetPodLog(Ns, "plogs-decode-0", "line 1\nline 2\nline 3\n");
        fixture.Cluster.Kubelet.Run(Ns, "plogs-decode-0");

        using var client = plane.Client();
        Assert.Equal("line 2\nline 3\n", await client.GetStringAsync(new Uri("/api/v1/deployments/plogs/pods/plogs-decode-0/log?tailLines=2", UriKind.Relative)));

        using (var none = await client.GetAsync(new Uri("/api/v1/deployments/plogs/pods/plogs-decode-0/log?previous=true", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
            Assert.Contains("never restarted", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        fixture.Cluster.SetPreviousPodLog(Ns, "plogs-decode-0", "before the restart\n");
        fixture.Cluster.Kubelet.Restart(Ns, "plogs-decode-0");
        Assert.Equal("before the restart\n", await client.GetStringAsync(new Uri("/api/v1/deployments/plogs/pods/plogs-decode-0/log?previous=true", UriKind.Relative)));

        var events = await plane.GetJsonAsync<PodEvent[]>("/api/v1/deployments/plogs/pods/plogs-decode-0/events");
        Assert.Equal(["Started", "BackOff"], events.Select(e => e.Reason));
        Assert.Equal(("Warning", "kubelet"), (events[1].Type, events[1].Source));
        Assert.Empty(await plane.GetJsonAsync<PodEvent[]>("/api/v1/deployments/plogs/pods/plogs-prefill-0/events"));
    }

    [Theory(Timeout = 60_000)]
    [InlineData("/api/v1/deployments/nosuch/pods/nosuch-decode-0/log", HttpStatusCode.NotFound, "nosuch")]
    [InlineData("/api/v1/deployments/prefuse/pods/other-decode-0/log", HttpStatusCode.NotFound, "is not one of deployment prefuse's pods (prefuse-prefill-0, prefuse-decode-0)")]
    [InlineData("/api/v1/deployments/prefuse/pods/other-decode-0/events", HttpStatusCode.NotFound, "is not one of deployment prefuse's pods")]
    [InlineData("/api/v1/deployments/prefuse/pods/prefuse-decode-0/log?tailLines=0", HttpStatusCode.BadRequest, "must be 1 to 20000, was 0")]
    [InlineData("/api/v1/deployments/prefuse/pods/prefuse-decode-0/log?tailLines=20001", HttpStatusCode.BadRequest, "must be 1 to 20000")]
    [InlineData("/api/v1/deployments/prefuse/pods/prefuse-decode-0/log", HttpStatusCode.NotFound, "has no log")]
    [InlineData("/api/v1/deployments/Bad_Name/pods/x/log", HttpStatusCode.BadRequest, "name")]
    public async Task A_request_for_no_pod_of_the_deployment_or_a_bad_tail_is_refused_and_says_why(string path, HttpStatusCode status, string says)
    {
        var plane = fixture.Plane;
        if ((await plane.Client().GetAsync(new Uri("/api/v1/deployments/prefuse", UriKind.Relative))).StatusCode == HttpStatusCode.NotFound)
        {
            await plane.PlaceOnePairWithPodsAsync("pl-refuse", "prefuse");
        }

        using var client = plane.Client();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(status, response.StatusCode);
        Assert.Contains(says, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_api_server_that_does_not_answer_the_read_is_503_saying_so_and_the_next_read_works()
    {
        var plane = fixture.Plane;
        await plane.PlaceOnePairWithPodsAsync("pl-down", "pdown");
        fixture.Cluster.SetPodLog(Ns, "pdown-decode-0", "still here\n");
        fixture.Cluster.Kubelet.Run(Ns, "pdown-decode-0");
        using var client = plane.Client();

        fixture.Cluster.RefusePodReads = (503, "ServiceUnavailable", "etcdserver: leader changed");
        try
        {
            foreach (var path in new[] { "log", "events" })
            {
                using var refused = await client.GetAsync(new Uri($"/api/v1/deployments/pdown/pods/pdown-decode-0/{path}", UriKind.Relative));
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
                Assert.Contains("The Kubernetes API did not", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
        finally
        {
            fixture.Cluster.RefusePodReads = null;
        }

        Assert.Equal("still here\n", await client.GetStringAsync(new Uri("/api/v1/deployments/pdown/pods/pdown-decode-0/log", UriKind.Relative)));
    }

    [Fact(Timeout = 60_000)]
    public async Task Reading_a_pods_log_needs_a_key()
    {
        using var anonymous = fixture.Plane.Client(bearer: null);
        using var response = await anonymous.GetAsync(new Uri("/api/v1/deployments/any/pods/any-decode-0/log", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

/// <summary>Without a cluster nothing is applied: the pod endpoints say so rather than "not found".</summary>
public sealed class PodLogsPlanOnlyTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task In_plan_only_mode_a_pods_log_is_a_conflict_that_says_nothing_is_applied()
    {
        await fixture.Plane.ReportNodesAsync("pl-plan", NodeTemplates.H20, 1);
        using (var put = await fixture.Plane.PutDeploymentAsync("pplan", DeploymentCalls.Spec("pl-plan", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1)))
        {
            put.EnsureSuccessStatusCode();
        }

        using var client = fixture.Plane.Client();
        using var response = await client.GetAsync(new Uri("/api/v1/deployments/pplan/pods/pplan-decode-0/log", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("plan-only", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
