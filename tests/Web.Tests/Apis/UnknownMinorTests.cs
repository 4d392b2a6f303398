using System.Net;
using System.Net.Http.Json;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Web.Apis;
using ControlPlane.Wire.Deployments;
using k8s.Models;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>A GPU whose device minor the agent could not tell is reported, placed, and selected by UUID.</summary>
public sealed class UnknownMinorTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private RunningControlPlane Plane => fixture.Plane;

    [Fact]
    public async Task Node_reported_without_device_minors_is_placed_and_its_pods_select_their_GPUs_by_UUID()
    {
        const string pool = "no-minor";
        const string node = "no-minor-1";
        var report = Reports.Steady(node, 1, NodeTemplates.H20) with { Pool = pool };
        report = report with { Gpus = [.. report.Gpus.Select(g => g with { Minor = null })] };

        using var probe = await Plane.PutProbeAsync(node, report, RunningControlPlane.AdminKey);
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        await Plane.IndexedAsync(node);

        using var put = await Plane.PutDeploymentAsync("qwen-no-minor", DeploymentCalls.Spec(pool));
        var view = await put.Content.ReadFromJsonAsync<DeploymentView>(ApiJson.Options);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var pair = Assert.Single(view!.Pairs).Placement;
        Assert.Null(pair.Prefill.GpuMinors);
        Assert.Null(pair.Decode.GpuMinors);
        using var client = Plane.Client(ApiFixture.ViewerKey);
        var yaml = await client.GetStringAsync(new Uri("/api/v1/deployments/qwen-no-minor/manifests", UriKind.Relative));
        var visible = ControlPlane.Kubernetes.ManifestYaml.Load(yaml).OfType<V1Pod>()
            .ToDictionary(p => p.Metadata.Labels["controlplane.io/role"], p => p.Spec.Containers[0].Env.Single(e => e.Name == "CUDA_VISIBLE_DEVICES").Value);
        Assert.Equal(string.Join(',', pair.Prefill.GpuUuids), visible["prefill"]);
        Assert.Equal(string.Join(',', pair.Decode.GpuUuids), visible["decode"]);
        Assert.All(visible.Values, v => Assert.StartsWith("GPU-", v, StringComparison.Ordinal));
    }
}
