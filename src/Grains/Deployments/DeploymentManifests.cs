using ControlPlane.Kubernetes;
using ControlPlane.Placement;
using ControlPlane.Wire.Deployments;

namespace ControlPlane.Grains.Deployments;

/// <summary>The Kubernetes objects of a placed deployment, rendered from its recorded pairs (each named by its unit) and spares.</summary>
public static class DeploymentManifests
{
    public static RenderedManifests Render(string name, DeploymentSpec spec, IReadOnlyList<PairView> pairs, KubernetesOptions options, IReadOnlyList<PairView>? spares = null)
    {
        var model = ModelCatalog.Resolve(spec) ?? throw new ArgumentException($"unknown model '{spec.Model}'", nameof(spec));
        RenderUnit[] units = [.. pairs.Select(p => RenderUnit.Of(p)), .. (spares ?? []).Select(p => RenderUnit.Of(p, spare: true))];
        return ManifestRenderer.Render(name, spec, model, units, options.RenderOptionsFor(spec.Pool));
    }
}
