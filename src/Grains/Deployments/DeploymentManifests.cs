using ControlPlane.Kubernetes;
using ControlPlane.Placement;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Grains.Deployments;

/// <summary>The Kubernetes objects of a placed deployment, rendered from its recorded pairs.</summary>
public static class DeploymentManifests
{
    public static RenderedManifests Render(string name, DeploymentSpec spec, IReadOnlyList<PairView> pairs, KubernetesOptions options)
    {
        var model = ModelCatalog.Resolve(spec) ?? throw new ArgumentException($"unknown model '{spec.Model}'", nameof(spec));
        var plan = new PlacementPlan { Pairs = [.. pairs.OrderBy(p => p.Index).Select(p => p.Placement)], Complete = true };
        return ManifestRenderer.Render(name, spec, model, plan, options.RenderOptionsFor(spec.Pool));
    }
}
