using ControlPlane.Wire.Deployments;
using k8s;
using k8s.Models;

namespace ControlPlane.Kubernetes.Tests;

public class PdRouterRenderingTests
{
    private static readonly RenderOptions Options = new() { Namespace = "serving", PdRouter = true, DisruptionBudget = true };

    [Fact]
    public void Sglang_router_is_launch_router_in_pd_mode_naming_every_prefill_with_its_bootstrap_port_and_every_decode()
    {
        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, Plans.TwoPairsH20(), Options);

        var router = Router(manifests);
        Assert.Equal(
        [
            "python3", "-m", "sglang_router.launch_router", "--pd-disaggregation",
            "--prefill", "http://prefill.qwen-pair-0.serving.svc:30000", "8998",
            "--prefill", "http://prefill.qwen-pair-1.serving.svc:30000", "8998",
            "--decode", "http://decode.qwen-pair-0.serving.svc:30000",
            "--decode", "http://decode.qwen-pair-1.serving.svc:30000",
            "--host", "0.0.0.0", "--port", "8000",
        ], router.Command);
        // The URLs are the pairs' own: what GET …/endpoints hands an external router.
        Assert.All(manifests.Pairs, p => Assert.Contains(p.PrefillUrl, router.Command));
        Assert.All(manifests.Pairs, p => Assert.Contains(p.DecodeUrl, router.Command));
        Assert.Equal("lmsysorg/sglang:v0.5.4-cu124", router.Image);
        Assert.Equal("http://qwen-router.serving.svc:8000", manifests.RouterUrl);
    }

    [Theory]
    [InlineData("nixl")]
    [InlineData("mooncake")]
    public void Vllm_router_is_vllm_router_in_pd_mode_naming_its_kv_connector_and_every_prefill_and_decode_url(string backend)
    {
        var manifests = ManifestRenderer.Render("llama", Plans.Spec(engine: "vllm", backend: backend), Plans.Qwen72B, Plans.TwoPairsH20(), Options);

        var router = Router(manifests);
        Assert.Equal(
        [
            "vllm-router", "--vllm-pd-disaggregation", "--kv-connector", backend,
            "--prefill", "http://prefill.llama-pair-0.serving.svc:8000",
            "--prefill", "http://prefill.llama-pair-1.serving.svc:8000",
            "--decode", "http://decode.llama-pair-0.serving.svc:8000",
            "--decode", "http://decode.llama-pair-1.serving.svc:8000",
            "--host", "0.0.0.0", "--port", "8000",
        ], router.Command);
        Assert.Equal(RenderOptions.DefaultVllmRouterImage, router.Image);
    }

    [Theory]
    [InlineData("sglang")]
    [InlineData("vllm")]
    public void The_router_starts_only_after_every_engine_it_names_answers_health_and_a_new_one_waits_while_the_old_serves(string engine)
    {
        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(engine: engine), Plans.Qwen72B, Plans.TwoPairsH20(), Options with { RouterStartGateImage = "registry.local/busybox:1.37" });

        var deployment = Assert.Single(manifests.OfKind<V1Deployment>());
        var gate = Assert.Single(deployment.Spec.Template.Spec.InitContainers);
        Assert.Equal(("wait-for-engines", "registry.local/busybox:1.37"), (gate.Name, gate.Image));
        var urls = gate.Command.SkipWhile(a => a != "wait-for-engines").Skip(1).ToArray();
        Assert.Equal(manifests.Pairs.SelectMany(p => new[] { p.PrefillUrl + "/health", p.DecodeUrl + "/health" }), urls);
        Assert.Contains("until wget", gate.Command[2], StringComparison.Ordinal);
        Assert.Equal(("0", "1"), (deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value, deployment.Spec.Strategy.RollingUpdate.MaxSurge.Value));
    }

    [Fact]
    public void Router_image_is_configuration()
    {
        var sglang = ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, Plans.TwoPairsH20(), Options with { SglangRouterImage = "registry.local/sglang-router:v0.5.4" });
        var vllm = ManifestRenderer.Render("llama", Plans.Spec(engine: "vllm"), Plans.Qwen72B, Plans.TwoPairsH20(), Options with { VllmRouterImage = "registry.local/vllm-router@sha256:1f" });

        Assert.Equal("registry.local/sglang-router:v0.5.4", Router(sglang).Image);
        Assert.Equal("registry.local/vllm-router@sha256:1f", Router(vllm).Image);
    }

    [Fact]
    public void Router_deployment_and_service_carry_the_deployment_labels_and_namespace_and_come_after_the_pairs()
    {
        var spec = Plans.Spec() with { Labels = new() { ["team"] = "search" } };
        var manifests = ManifestRenderer.Render("qwen", spec, Plans.Qwen72B, Plans.TwoPairsH20(), Options);

        var deployment = Assert.Single(manifests.OfKind<V1Deployment>());
        var service = manifests.OfKind<V1Service>().Single(s => s.Metadata.Name == "qwen-router");
        foreach (var meta in new[] { deployment.Metadata, service.Metadata })
        {
            Assert.Equal("qwen-router", meta.Name);
            Assert.Equal("serving", meta.NamespaceProperty);
            Assert.Equal("qwen", meta.Labels[ControlPlaneLabels.Deployment]);
            Assert.Equal("controlplane", meta.Labels[ControlPlaneLabels.ManagedBy]);
            Assert.Equal("router", meta.Labels[ControlPlaneLabels.Role]);
            Assert.Equal("search", meta.Labels["team"]);
        }

        Assert.Equal(("apps/v1", "Deployment", 1), (deployment.ApiVersion, deployment.Kind, deployment.Spec.Replicas));
        Assert.Null(service.Spec.ClusterIP);
        Assert.Equal(("http", 8000), (service.Spec.Ports.Single().Name, service.Spec.Ports.Single().Port));
        Assert.Equal("/health", deployment.Spec.Template.Spec.Containers.Single().ReadinessProbe.HttpGet.Path);

        // Service selects the template; the selector is the template's.
        var template = deployment.Spec.Template.Metadata.Labels;
        Assert.All(service.Spec.Selector, kv => Assert.Equal(kv.Value, template[kv.Key]));
        Assert.All(deployment.Spec.Selector.MatchLabels, kv => Assert.Equal(kv.Value, template[kv.Key]));

        // Apply order: the pairs' objects first, the router next, the budget last.
        var kinds = manifests.Objects.Select(o => o.Kind).ToList();
        Assert.True(kinds.LastIndexOf("Pod") < kinds.IndexOf("Deployment"));
        Assert.Equal("PodDisruptionBudget", kinds[^1]);
    }

    [Fact]
    public void Router_pods_are_no_replica_so_pair_services_and_the_budget_do_not_select_them()
    {
        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, Plans.TwoPairsH20(), Options);

        var template = Assert.Single(manifests.OfKind<V1Deployment>()).Spec.Template.Metadata.Labels;
        Assert.False(template.ContainsKey(ControlPlaneLabels.Deployment));
        Assert.Equal("qwen", template[ControlPlaneLabels.Router]);
        var budget = Assert.Single(manifests.OfKind<V1PodDisruptionBudget>());
        Assert.False(Selects(budget.Spec.Selector.MatchLabels, template));
        Assert.Equal("4", KubernetesJson.Serialize(budget.Spec.MinAvailable));
        Assert.All(manifests.OfKind<V1Service>().Where(s => s.Metadata.Name != "qwen-router"), s => Assert.False(Selects(s.Spec.Selector, template)));
    }

    [Fact]
    public void Router_yaml_round_trips_through_ManifestYaml()
    {
        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, Plans.TwoPairsH20(), Options);

        var loaded = ManifestYaml.Load(manifests.Yaml);

        Assert.Equal(manifests.Objects.Select(o => o.GetType()), loaded.Select(o => o.GetType()));
        Assert.Equal(manifests.Objects.Select(o => KubernetesJson.Serialize(o)), loaded.Select(o => KubernetesJson.Serialize(o)));
        Assert.Contains("kind: Deployment", manifests.Yaml, StringComparison.Ordinal);
        Assert.Contains("- sglang_router.launch_router\n", manifests.Yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void No_router_is_rendered_unless_PdRouter_is_on()
    {
        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, Plans.TwoPairsH20(), Options with { PdRouter = false });

        Assert.Empty(manifests.OfKind<V1Deployment>());
        Assert.DoesNotContain(manifests.OfKind<V1Service>(), s => s.Metadata.Name == "qwen-router");
        Assert.Null(manifests.RouterUrl);
    }

    [Fact]
    public void Endpoints_of_the_placed_pairs_are_the_rendered_pairs_and_router()
    {
        var plan = Plans.TwoPairsH20();
        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, plan, Options);
        // Recorded out of order: endpoints follow the pair index, as rendering does.
        PairView[] views = [.. plan.Pairs.Select((p, i) => new PairView { Id = $"qwen/pair-{i}", Index = i, State = PairState.Bound, Placement = p }).Reverse()];

        var endpoints = DeploymentEndpoints.For("qwen", Plans.Spec(), views, Options);

        Assert.Equal(manifests.Pairs.Select(Urls), endpoints.Pairs.Select(Urls));
        Assert.Equal(plan.Pairs.Select(p => (p.Prefill.Node, string.Join(",", p.Prefill.GpuIndices))), endpoints.Pairs.Select(p => (p.PrefillNode!, string.Join(",", p.PrefillGpus))));
        Assert.Equal(manifests.RouterUrl, endpoints.RouterUrl);
        Assert.Equal(("sglang", "serving"), (endpoints.Engine, endpoints.Namespace));
        Assert.Equal([8998, 8998], endpoints.Pairs.Select(p => p.BootstrapPort));
        Assert.Null(DeploymentEndpoints.For("qwen", Plans.Spec(), views, Options with { PdRouter = false }).RouterUrl);
        Assert.All(DeploymentEndpoints.For("llama", Plans.Spec(engine: "vllm"), views, Options).Pairs, p => Assert.Null(p.BootstrapPort));
    }

    private static (int, string, string, string, string, string, int?) Urls(RenderedPair p) =>
        (p.Index, p.Tier, p.PrefillPod, p.DecodePod, p.PrefillUrl, p.DecodeUrl, p.BootstrapPort);

    private static V1Container Router(RenderedManifests manifests) =>
        Assert.Single(manifests.OfKind<V1Deployment>()).Spec.Template.Spec.Containers.Single(c => c.Name == ResourceNames.RouterContainer);

    private static bool Selects(IDictionary<string, string> selector, IDictionary<string, string> labels) =>
        selector.All(kv => labels.TryGetValue(kv.Key, out var value) && value == kv.Value);
}
