using k8s.Models;

namespace ControlPlane.Kubernetes.Tests;

public class DraRenderingTests
{
    private static readonly RenderOptions Options = new() { Namespace = "inference", Binding = "dra" };

    [Fact]
    public void Dra_claims_of_a_cross_node_pair_select_exactly_each_replicas_GPU_UUIDs()
    {
        var plan = Plans.CrossNodeA100(out _, out _);

        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, plan, Options);

        var claims = manifests.OfKind<Resourcev1ResourceClaim>();
        Assert.Equal(["qwen-prefill-0-gpus", "qwen-decode-0-gpus"], claims.Select(c => c.Metadata.Name));
        Assert.Equal(plan.Pairs[0].Prefill.GpuUuids.Select(DraBinding.UuidSelector), Selectors(claims[0]));
        Assert.Equal(plan.Pairs[0].Decode.GpuUuids.Select(DraBinding.UuidSelector), Selectors(claims[1]));
        Assert.All(claims[0].Spec.Devices.Requests, r =>
        {
            Assert.Equal("gpu.nvidia.com", r.Exactly.DeviceClassName);
            Assert.Equal(1, r.Exactly.Count);
        });
        Assert.StartsWith("device.attributes[\"gpu.nvidia.com\"].uuid == \"GPU-", Selectors(claims[0])[0], StringComparison.Ordinal);

        var prefill = manifests.Pod("qwen-prefill-0");
        Assert.Equal("qwen-prefill-0-gpus", Assert.Single(prefill.Spec.ResourceClaims).ResourceClaimName);
        Assert.Equal(DraBinding.PodClaimName, Assert.Single(prefill.Engine().Resources.Claims).Name);
        Assert.Null(prefill.Spec.NodeName);
        Assert.Equal("a100-node-a", prefill.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms[0].MatchExpressions[0].Values[0]);
        Assert.Equal("rdma/rdma_a100", Assert.Single(prefill.Engine().Resources.Limits.Keys));
        Assert.Null(prefill.Env("NVIDIA_VISIBLE_DEVICES"));
    }

    [Fact]
    public void Dra_same_node_pair_shares_one_claim_so_each_pod_sees_its_peer_and_keeps_hostIPC()
    {
        var plan = Plans.SameNodeH20(out _);
        var pair = plan.Pairs[0];

        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, plan, Options);

        var claim = Assert.Single(manifests.OfKind<Resourcev1ResourceClaim>());
        Assert.Equal("qwen-pair-0-gpus", claim.Metadata.Name);
        Assert.Equal([.. pair.Prefill.GpuUuids, .. pair.Decode.GpuUuids], Selectors(claim).Select(s => s.Split('"')[3]));
        foreach (var (name, own) in new[] { ("qwen-prefill-0", pair.Prefill), ("qwen-decode-0", pair.Decode) })
        {
            var pod = manifests.Pod(name);
            Assert.Equal("qwen-pair-0-gpus", pod.Spec.ResourceClaims.Single().ResourceClaimName);
            Assert.True(pod.Spec.HostIPC);
            Assert.Contains("IPC_LOCK", pod.Added());
            Assert.Equal(string.Join(',', own.GpuUuids), pod.Env("CUDA_VISIBLE_DEVICES"));
        }
    }

    [Theory]
    [InlineData("dra")]
    [InlineData("exact-visible-devices")]
    public void Engine_pods_tolerate_the_gpu_node_taint_whatever_binds_their_gpus(string binding)
    {
        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, Plans.SameNodeH20(out _), new RenderOptions { Namespace = "inference", Binding = binding });

        foreach (var pod in manifests.Objects.OfType<V1Pod>())
        {
            var toleration = Assert.Single(pod.Spec.Tolerations);
            Assert.Equal(("nvidia.com/gpu", "Exists", "NoSchedule"), (toleration.Key, toleration.OperatorProperty, toleration.Effect));
        }
    }

    private static List<string> Selectors(Resourcev1ResourceClaim claim) =>
        [.. claim.Spec.Devices.Requests.Select(r => r.Exactly.Selectors.Single().Cel.Expression)];
}
