using ControlPlane.Kubernetes;
using ControlPlane.Placement;
using ControlPlane.Wire.Deployments;

namespace ControlPlane.Web.Apis;

/// <summary>Every check a deployment spec passes before anything is reserved: the REST API and the portal call this one.</summary>
internal static class DeploymentSpecChecks
{
    /// <summary>Field errors keyed by JSON path (<c>prefill.tp</c>); empty when the spec may be placed.</summary>
    /// <param name="largestNodeGpus">The most GPUs any known node has; 0 when no node has reported.</param>
    public static Dictionary<string, string[]> Problems(DeploymentSpec spec, int largestNodeGpus)
    {
        var errors = DeploymentSpecValidator.Validate(spec, largestNodeGpus == 0 ? null : largestNodeGpus);

        // Rendering's own limits, before anything is reserved: a spec that cannot be rendered never holds GPUs.
        return errors.Count == 0 ? RenderPreflight.SpecProblems(spec) : errors;
    }
}
