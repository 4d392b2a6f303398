using ControlPlane.Simulation;
using k8s.Models;

namespace ControlPlane.Kubernetes.Tests;

public class ExactVisibleDevicesRenderingTests
{
    private static readonly RenderOptions Options = new() { Namespace = "inference" };

    [Fact]
    public void Pair_on_one_NV18_H20_node_gets_hostIPC_IPC_LOCK_and_visible_peer_devices_in_both_pods()
    {
        var plan = Plans.SameNodeH20(out var node);

        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, plan, Options);

        Assert.Equal(BindingStrategy.ExactVisibleDevices, manifests.Binding);
        foreach (var name in new[] { "qwen-prefill-0", "qwen-decode-0" })
        {
            var pod = manifests.Pod(name);
            Assert.True(pod.Spec.HostIPC);
            Assert.Contains("IPC_LOCK", pod.Added());
            Assert.Equal(node.Node, pod.Spec.NodeName);
            Assert.Equal("nvidia", pod.Spec.RuntimeClassName);
            // Every device node visible (the peer's included); CUDA_VISIBLE_DEVICES only picks the pod's own.
            Assert.Equal("all", pod.Env("NVIDIA_VISIBLE_DEVICES"));
            Assert.Equal("PCI_BUS_ID", pod.Env("CUDA_DEVICE_ORDER"));
            Assert.DoesNotContain(pod.ResourceNamesRequested(), r => r.StartsWith("nvidia.com/", StringComparison.Ordinal));
            Assert.Null(pod.Spec.Privileged());
        }

        Assert.Equal("0,1", manifests.Pod("qwen-prefill-0").Env("CUDA_VISIBLE_DEVICES"));
        Assert.Equal("2,3", manifests.Pod("qwen-decode-0").Env("CUDA_VISIBLE_DEVICES"));
        Assert.Equal("qwen-decode-0", manifests.Pod("qwen-prefill-0").Metadata.Annotations[ControlPlaneLabels.Peer]);
        Assert.Empty(manifests.Warnings);
    }

    [Fact]
    public void Cuda_visible_devices_come_from_device_minors_in_placement_order_not_from_indices()
    {
        var plan = Plans.SameNodeH20(out _);
        var pair = plan.Pairs[0];
        // A node whose minors do not follow nvidia-smi's indices (e.g. after a GPU was re-probed).
        var odd = Plans.One(pair with
        {
            Prefill = pair.Prefill with { GpuIndices = [1, 0], GpuMinors = [5, 4], GpuUuids = [pair.Prefill.GpuUuids[1], pair.Prefill.GpuUuids[0]] },
            Decode = pair.Decode with { GpuMinors = [7, 6] },
        });

        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, odd, Options);

        Assert.Equal("5,4", manifests.Pod("qwen-prefill-0").Env("CUDA_VISIBLE_DEVICES"));
        Assert.Equal("7,6", manifests.Pod("qwen-decode-0").Env("CUDA_VISIBLE_DEVICES"));
    }

    [Fact]
    public void Uuid_selector_lists_the_placed_GPU_UUIDs_instead_of_minors()
    {
        var plan = Plans.SameNodeH20(out _);

        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, plan, Options with { CudaVisibleDevicesBy = CudaDeviceSelector.Uuid });

        Assert.Equal(string.Join(',', plan.Pairs[0].Decode.GpuUuids), manifests.Pod("qwen-decode-0").Env("CUDA_VISIBLE_DEVICES"));
    }

    [Fact]
    public void Same_node_pods_do_not_mount_a_private_dev_shm_that_would_hide_the_hosts()
    {
        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, Plans.SameNodeH20(out _), Options);

        foreach (var pod in manifests.OfKind<V1Pod>())
        {
            Assert.DoesNotContain(pod.Engine().VolumeMounts ?? [], m => m.MountPath == "/dev/shm");
        }
    }

    [Fact]
    public void Cross_node_pair_requests_the_nodes_rdma_resource_and_pins_the_placed_NIC()
    {
        var plan = Plans.CrossNodeA100(out var prefillNode, out var decodeNode);

        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, plan, Options);

        foreach (var (pod, node) in new[] { (manifests.Pod("qwen-prefill-0"), prefillNode), (manifests.Pod("qwen-decode-0"), decodeNode) })
        {
            Assert.Equal(node.Node, pod.Spec.NodeName);
            Assert.Equal(new ResourceQuantity("1"), pod.Engine().Resources.Limits["rdma/rdma_a100"]);
            Assert.Equal("mlx5_1", pod.Env("NCCL_IB_HCA"));
            Assert.Equal("mlx5_1:1", pod.Env("UCX_NET_DEVICES"));
            Assert.Equal("mlx5_1", pod.Arg("--disaggregation-ib-device"));
            Assert.Contains("IPC_LOCK", pod.Added());
            Assert.NotEqual(true, pod.Spec.HostIPC);
            Assert.Contains(pod.Engine().VolumeMounts, m => m.MountPath == "/dev/shm");
        }

        Assert.Equal("2,3", manifests.Pod("qwen-prefill-0").Env("CUDA_VISIBLE_DEVICES"));
    }

    [Fact]
    public void Tcp_pair_is_annotated_and_reported_never_silent()
    {
        var manifests = ManifestRenderer.Render("small", Plans.Spec(tp: 1), Plans.Qwen72B, Plans.CrossNodeTcp(), Options);

        var warning = Assert.Single(manifests.Warnings);
        Assert.Contains("TCP", warning, StringComparison.Ordinal);
        foreach (var pod in manifests.OfKind<V1Pod>())
        {
            Assert.Contains("TCP", pod.Metadata.Annotations[ControlPlaneLabels.KvTransferWarning], StringComparison.Ordinal);
            Assert.Equal("tcp", pod.Metadata.Annotations[ControlPlaneLabels.Tier]);
        }

        Assert.Contains(ControlPlaneLabels.KvTransferWarning, manifests.OfKind<V1Service>().Single(s => s.Metadata.Name == "small-pair-0").Metadata.Annotations.Keys);
    }

    [Fact]
    public void Every_object_is_labelled_with_deployment_pair_and_role_and_each_pair_gets_a_headless_service()
    {
        var plan = Plans.SameNodeH20(out var node);
        var second = plan.Pairs[0] with { Prefill = Plans.Replica(node, [4, 5]), Decode = Plans.Replica(node, [6, 7]) };
        var two = plan with { Pairs = [plan.Pairs[0], second] };

        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, two, Options);

        Assert.Equal(["qwen-prefill-0", "qwen-decode-0", "qwen-prefill-1", "qwen-decode-1"], manifests.OfKind<V1Pod>().Select(p => p.Metadata.Name));
        var decode1 = manifests.Pod("qwen-decode-1");
        Assert.Equal("qwen", decode1.Metadata.Labels[ControlPlaneLabels.Deployment]);
        Assert.Equal("1", decode1.Metadata.Labels[ControlPlaneLabels.Pair]);
        Assert.Equal("decode", decode1.Metadata.Labels[ControlPlaneLabels.Role]);
        Assert.Equal("qwen-pair-1", decode1.Spec.Subdomain);
        Assert.Equal("decode", decode1.Spec.Hostname);

        var services = manifests.OfKind<V1Service>().Where(s => s.Metadata.Labels.ContainsKey(ControlPlaneLabels.Pair)).ToList();
        Assert.Equal(["qwen-pair-0", "qwen-pair-1"], services.Select(s => s.Metadata.Name));
        Assert.Equal(["qwen-router"], manifests.OfKind<V1Service>().Except(services).Select(s => s.Metadata.Name));
        Assert.All(services, s => Assert.Equal("None", s.Spec.ClusterIP));
        Assert.Equal("1", services[1].Spec.Selector[ControlPlaneLabels.Pair]);
        Assert.Contains(services[0].Spec.Ports, p => p.Name == "bootstrap" && p.Port == SglangCommand.DefaultBootstrapPort);
        Assert.Equal("http://decode.qwen-pair-1.inference.svc:30000", manifests.Pairs[1].DecodeUrl);
        Assert.Empty(manifests.OfKind<V1PodDisruptionBudget>());
    }

    [Fact]
    public void Disruption_budget_covers_every_pod_of_the_deployment_when_asked_for()
    {
        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, Plans.SameNodeH20(out _), Options with { DisruptionBudget = true });

        var budget = Assert.Single(manifests.OfKind<V1PodDisruptionBudget>());
        Assert.Equal("2", k8s.KubernetesJson.Serialize(budget.Spec.MinAvailable));
        Assert.Equal("qwen", budget.Spec.Selector.MatchLabels[ControlPlaneLabels.Deployment]);
    }

    [Fact]
    public void Placement_whose_GPU_count_differs_from_the_TP_size_is_refused()
    {
        var plan = Plans.SameNodeH20(out _);

        var error = Assert.Throws<ArgumentException>(() => ManifestRenderer.Render("qwen", Plans.Spec(tp: 4), Plans.Qwen72B, plan, Options));

        Assert.Contains("pairs[0].prefill", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pool_binding_wins_over_the_spec_and_an_unknown_binding_names_its_field()
    {
        var plan = Plans.SameNodeH20(out _);

        Assert.Equal(BindingStrategy.Dra, ManifestRenderer.Render("qwen", Plans.Spec(binding: "exact-visible-devices"), Plans.Qwen72B, plan, Options with { Binding = "dra" }).Binding);
        Assert.Equal(BindingStrategy.Dra, ManifestRenderer.Render("qwen", Plans.Spec(binding: "dra"), Plans.Qwen72B, plan, Options).Binding);
        var error = Assert.Throws<ArgumentException>(() => ManifestRenderer.Render("qwen", Plans.Spec(binding: "dra-please"), Plans.Qwen72B, plan, Options));
        Assert.Equal("binding", error.ParamName);
    }

    [Fact]
    public void Kubernetes_options_give_each_pool_its_configured_binding()
    {
        var options = new KubernetesOptions { Render = new() { Namespace = "llm" }, PoolBindings = { ["b200"] = "dra" } };

        Assert.Equal("dra", options.RenderOptionsFor("b200").Binding);
        Assert.Null(options.RenderOptionsFor(NodeTemplates.H20.Pool).Binding);
        Assert.Equal("llm", options.RenderOptionsFor(null).Namespace);
        Assert.True(options.PlanOnly);
        Assert.Empty(options.Problems());
        Assert.NotEmpty(new KubernetesOptions { PoolBindings = { ["x"] = "any" } }.Problems());
    }
}

internal static class PodSpecExtensions
{
    /// <summary>Whether any container asks for privileged mode (the binding must not need it).</summary>
    public static bool? Privileged(this V1PodSpec spec) => spec.Containers.Select(c => c.SecurityContext?.Privileged).FirstOrDefault(p => p is not null);
}
