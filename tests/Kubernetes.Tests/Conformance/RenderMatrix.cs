using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Kubernetes.Tests.Conformance;

/// <summary>
/// A representative set of renders: both engines (each on an image whose version has vendored flags), both KV
/// backends, the tiers (same node, cross node over RDMA, TCP, two trays of one NVLink domain with a ComputeDomain or the clique affinity), both GPU bindings, two pairs behind one router,
/// and the optional objects (budget, model mount, service account) switched on.
/// </summary>
public static class RenderMatrix
{
    public const string SglangImage = "lmsysorg/sglang:v0.5.4-cu124";
    public const string VllmImage = "vllm/vllm-openai:v0.16.0";

    private static readonly RenderOptions Options = new()
    {
        Namespace = "inference",
        DisruptionBudget = true,
        ModelHostPath = "/mnt/models",
        ServiceAccountName = "inference-engine",
    };

    public static IEnumerable<(string Name, RenderedManifests Manifests)> All()
    {
        foreach (var engine in new[] { "sglang", "vllm" })
        {
            foreach (var backend in new[] { "nixl", "mooncake" })
            {
                foreach (var binding in new[] { BindingStrategies.ExactVisibleDevicesName, BindingStrategies.DraName })
                {
                    foreach (var (tier, plan, tp, mode) in Plans())
                    {
                        var name = $"{engine}/{backend}/{binding}/{tier}";
                        yield return (name, ManifestRenderer.Render("qwen", Spec(engine, backend, tp), Tests.Plans.Qwen72B, plan, Options with { Binding = binding, MultiNodeNvlink = mode }));
                    }
                }
            }
        }
    }

    public static DeploymentSpec Spec(string engine, string backend, int tp) => Tests.Plans.Spec(engine, backend, tp) with
    {
        Image = new ImageSpec { Name = engine == "vllm" ? VllmImage : SglangImage, ComputeCapabilities = ["9.0"], Cuda = "12.4" },
    };

    private static IEnumerable<(string Tier, PlacementPlan Plan, int Tp, MultiNodeNvlinkMode Mode)> Plans()
    {
        yield return ("same-node", Tests.Plans.SameNodeH20(out _), 2, MultiNodeNvlinkMode.ComputeDomain);
        yield return ("two-pairs", Tests.Plans.TwoPairsH20(), 2, MultiNodeNvlinkMode.ComputeDomain);
        yield return ("cross-node-rdma", Tests.Plans.CrossNodeA100(out _, out _), 2, MultiNodeNvlinkMode.ComputeDomain);
        yield return ("tcp", Tests.Plans.CrossNodeTcp(), 1, MultiNodeNvlinkMode.ComputeDomain);
        yield return ("cross-tray-compute-domain", Tests.Plans.CrossTrayGb200(out _, out _), 4, MultiNodeNvlinkMode.ComputeDomain);
        yield return ("cross-tray-clique", Tests.Plans.CrossTrayGb200(out _, out _), 4, MultiNodeNvlinkMode.CliqueAffinity);
    }
}
