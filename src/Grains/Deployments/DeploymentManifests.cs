using System.Globalization;
using ControlPlane.Kubernetes;
using ControlPlane.Placement;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;
using k8s;
using k8s.Models;

namespace ControlPlane.Grains.Deployments;

/// <summary>The Kubernetes objects of a placed deployment, rendered from its recorded pairs.</summary>
public static class DeploymentManifests
{
    /// <summary>The label every object of a pair carries (Kubernetes' ControlPlaneLabels.Pair, internal there).</summary>
    private const string PairLabel = "controlplane.io/pair";

    public static RenderedManifests Render(string name, DeploymentSpec spec, IReadOnlyList<PairView> pairs, KubernetesOptions options)
    {
        var model = ModelCatalog.Resolve(spec) ?? throw new ArgumentException($"unknown model '{spec.Model}'", nameof(spec));
        var plan = new PlacementPlan { Pairs = [.. pairs.OrderBy(p => p.Index).Select(p => p.Placement)], Complete = true };
        return ManifestRenderer.Render(name, spec, model, plan, options.RenderOptionsFor(spec.Pool));
    }

    /// <summary>Only the objects of these pairs, and those of the whole deployment (a disruption budget): pairs that stay are not touched.</summary>
    public static RenderedManifests OnlyPairs(RenderedManifests manifests, IReadOnlySet<int> pairs) => manifests with
    {
        Objects = [.. manifests.Objects.Where(o => PairOf(o) is not { } p || pairs.Contains(p))],
    };

    private static int? PairOf(IKubernetesObject o) =>
        o is IMetadata<V1ObjectMeta> { Metadata.Labels: { } labels } && labels.TryGetValue(PairLabel, out var pair)
            && int.TryParse(pair, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;
}
