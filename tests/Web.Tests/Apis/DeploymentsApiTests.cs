using System.Net;
using System.Net.Http.Json;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Web.Apis;
using ControlPlane.Wire.Deployments;
using k8s.Models;

namespace ControlPlane.Web.Tests.Apis;

public sealed class DeploymentsApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private RunningControlPlane Plane => fixture.Plane;

    [Fact]
    public async Task Pair_on_one_NV18_node_gets_hostIPC_and_visible_peer_devices()
    {
        var nodes = await Plane.ReportNodesAsync("dep-h20", NodeTemplates.H20, 1);

        using var put = await Plane.PutDeploymentAsync("qwen-nv", DeploymentCalls.Spec("dep-h20"));
        var view = await put.Content.ReadFromJsonAsync<DeploymentView>(ApiJson.Options);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(DeploymentStatus.Placed, view!.Status); // plan-only: nothing applied, and the message says so
        Assert.Equal(PairState.Planned, view.Pairs[0].State);
        Assert.Contains("plan-only", view.Message, StringComparison.Ordinal);
        var pair = Assert.Single(view.Pairs).Placement;
        Assert.Equal(("nvlink", "NV18"), (pair.Tier, pair.Wire));
        Assert.Equal(nodes[0], pair.Prefill.Node);
        Assert.Equal(nodes[0], pair.Decode.Node);
        Assert.InRange(pair.EstimatedKvTransferMs, 3.0, 4.0);

        using var client = Plane.Client(ApiFixture.ViewerKey);
        var yaml = await client.GetStringAsync(new Uri("/api/v1/deployments/qwen-nv/manifests", UriKind.Relative));
        var pods = ControlPlane.Kubernetes.ManifestYaml.Load(yaml).OfType<V1Pod>().ToArray();
        Assert.Equal(2, pods.Length);
        Assert.All(pods, p => Assert.True(p.Spec.HostIPC));
        Assert.All(pods, p => Assert.Equal(nodes[0], p.Spec.NodeName));
        Assert.All(pods, p => Assert.DoesNotContain("nvidia.com/gpu", p.Spec.Containers[0].Resources?.Limits?.Keys ?? []));
        Assert.All(pods, p => Assert.Contains("IPC_LOCK", p.Spec.Containers[0].SecurityContext.Capabilities.Add));
        var visible = pods.ToDictionary(p => p.Metadata.Labels["controlplane.io/role"], p => p.Spec.Containers[0].Env.Single(e => e.Name == "CUDA_VISIBLE_DEVICES").Value);
        Assert.Equal(string.Join(',', pair.Prefill.GpuMinors!), visible["prefill"]);
        Assert.Equal(string.Join(',', pair.Decode.GpuMinors!), visible["decode"]);
        Assert.All(pods, p => Assert.Equal("all", p.Spec.Containers[0].Env.Single(e => e.Name == "NVIDIA_VISIBLE_DEVICES").Value));
    }

    [Fact]
    public async Task The_rtx_5090_node_is_refused_for_an_sm_90_image_with_the_reason()
    {
        var nodes = await Plane.ReportNodesAsync("dep-5090", NodeTemplates.Rtx5090, 1);
        var spec = DeploymentCalls.Spec("dep-5090", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1,
            capabilities: ["5.0", "6.0", "7.0", "7.5", "8.0", "8.6", "9.0"], nodes: nodes);

        var (response, _) = await Plane.PlanAsync(spec);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var rejection = (await response.ProblemAsync()).GetProperty("rejections").EnumerateArray().Single(r => r.GetProperty("node").GetString() == nodes[0]);
        Assert.Contains(rejection.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("sm_120", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cross_node_pair_uses_an_active_nic_near_its_gpus_never_the_down_port()
    {
        await Plane.ReportNodesAsync("dep-a100", NodeTemplates.A100, 2);
        var spec = DeploymentCalls.Spec("dep-a100", model: "llama-3.1-70b", prefillTp: 8, decodeTp: 8, cuda: "12.2");

        var (response, plan) = await Plane.PlanAsync(spec);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var pair = Assert.Single(plan!.Pairs);
        Assert.Equal("rdma", pair.Tier);
        Assert.NotEqual(pair.Prefill.Node, pair.Decode.Node);
        Assert.All(new[] { pair.Prefill, pair.Decode }, r => Assert.NotEqual("mlx5_0", r.Nic));
        Assert.All(new[] { pair.Prefill, pair.Decode }, r => Assert.Equal("rdma/rdma_a100", r.RdmaResource));
    }

    [Fact]
    public async Task A_tcp_only_pair_is_refused_unless_the_policy_allows_tcp()
    {
        await Plane.ReportNodesAsync("dep-tcp", NodeTemplates.H200, 2);

        var (refused, _) = await Plane.PlanAsync(DeploymentCalls.Spec("dep-tcp", cuda: "12.4"));
        var (allowed, plan) = await Plane.PlanAsync(DeploymentCalls.Spec("dep-tcp", policy: "allow-tcp", cuda: "12.4"));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("tcp", Assert.Single(plan!.Pairs).Tier);
    }

    [Fact]
    public async Task Deleting_a_deployment_frees_every_gpu()
    {
        var nodes = await Plane.ReportNodesAsync("dep-free", NodeTemplates.H20, 2);
        using (var put = await Plane.PutDeploymentAsync("free-me", DeploymentCalls.Spec("dep-free", pairs: 3, prefillTp: 1, decodeTp: 1, model: "llama-3.1-8b")))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        Assert.Equal(6, (await Plane.GpusAsync(nodes)).Count(g => g.AllocatedTo is not null));
        using var client = Plane.Client(ApiFixture.OperatorKey);
        using var delete = await client.DeleteAsync(new Uri("/api/v1/deployments/free-me", UriKind.Relative));
        using var after = await client.GetAsync(new Uri("/api/v1/deployments/free-me", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode); // plan-only: nothing ran, so it is gone at once
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.All(await Plane.GpusAsync(nodes), g => Assert.Null(g.AllocatedTo));
    }

    [Fact]
    public async Task The_same_spec_again_changes_nothing()
    {
        await Plane.ReportNodesAsync("dep-idem", NodeTemplates.H20, 1);
        using var first = await Plane.PutDeploymentAsync("idem", DeploymentCalls.Spec("dep-idem"));
        using var second = await Plane.PutDeploymentAsync("idem", DeploymentCalls.Spec("dep-idem"));
        var a = await first.Content.ReadFromJsonAsync<DeploymentView>(ApiJson.Options);
        var b = await second.Content.ReadFromJsonAsync<DeploymentView>(ApiJson.Options);

        Assert.Equal(a!.Generation, b!.Generation);
        Assert.Equal(a.Pairs[0].Placement.Prefill.GpuUuids, b.Pairs[0].Placement.Prefill.GpuUuids);
    }

    [Fact]
    public async Task Invalid_specs_are_400_naming_the_field()
    {
        using var typo = await Plane.PutDeploymentAsync("bad", DeploymentCalls.Spec("any", policy: "prefer-nvlnk"));
        using var tp = await Plane.PutDeploymentAsync("bad", DeploymentCalls.Spec("any", prefillTp: 3));
        using var model = await Plane.PutDeploymentAsync("bad", DeploymentCalls.Spec("any", model: "gpt-7"));
        using var viewer = await Plane.PutDeploymentAsync("bad", DeploymentCalls.Spec("any"), ApiFixture.ViewerKey);

        Assert.True((await typo.ProblemAsync()).GetProperty("errors").TryGetProperty("transferPolicy", out _));
        Assert.True((await tp.ProblemAsync()).GetProperty("errors").TryGetProperty("prefill.tp", out _));
        Assert.True((await model.ProblemAsync()).GetProperty("errors").TryGetProperty("model", out _));
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
    }

    [Fact]
    public async Task A_thousand_concurrent_placements_never_allocate_a_gpu_twice()
    {
        var nodes = await Plane.ReportNodesAsync("dep-race", NodeTemplates.H20, 4);
        var spec = DeploymentCalls.Spec("dep-race", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1);

        var puts = Enumerable.Range(0, 1000).Select(async i =>
        {
            using var response = await Plane.PutDeploymentAsync($"race-{i}", spec);
            return response.StatusCode;
        });
        var codes = await Task.WhenAll(puts);

        var placed = codes.Count(c => c == HttpStatusCode.OK);
        Assert.True(1000 == placed + codes.Count(c => c == HttpStatusCode.Conflict), string.Join(", ", codes.GroupBy(c => c).Select(g => $"{g.Key}: {g.Count()}")));
        var gpus = await Plane.GpusAsync(nodes);
        var held = gpus.Where(g => g.AllocatedTo is not null).ToArray();
        Assert.Equal(placed * 2, held.Length);
        Assert.Equal(16, placed);
        Assert.Equal(held.Length, held.Select(g => g.AllocatedTo).Distinct().Count());

        var views = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => Plane.Grains.GetGrain<IModelDeploymentGrain>($"race-{i}").GetAsync()));
        var claimed = views.Where(v => v?.Status == DeploymentStatus.Placed)
            .SelectMany(v => v!.Pairs.SelectMany(p => p.Placement.Prefill.GpuUuids.Concat(p.Placement.Decode.GpuUuids))).ToArray();
        Assert.Equal(claimed.Length, claimed.Distinct().Count());
        Assert.Equal(held.Length, claimed.Length);
    }
}
