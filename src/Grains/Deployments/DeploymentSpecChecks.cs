using ControlPlane.Kubernetes;
using ControlPlane.Placement;
using ControlPlane.Wire.Deployments;

namespace ControlPlane.Grains.Deployments;

/// <summary>
/// Every check a deployment spec passes before anything is reserved. The deployment grain runs it on every PUT (other
/// services call it directly); the REST API and the portal run it too, to answer what-if plans and to show each error
/// under its field before the grain is called.
/// </summary>
public static class DeploymentSpecChecks
{
    public const string Title = "Invalid deployment spec";

    /// <summary>Field errors keyed by JSON path (<c>prefill.tp</c>, <c>labels.{key}</c>); empty when the spec may be placed.</summary>
    /// <param name="largestNodeGpus">The most GPUs any known node has; 0 when no node has reported.</param>
    public static Dictionary<string, string[]> Problems(DeploymentSpec? spec, int largestNodeGpus)
    {
        if (spec is null)
        {
            return new Dictionary<string, string[]>(StringComparer.Ordinal) { ["spec"] = ["is required"] };
        }

        var errors = DeploymentSpecValidator.Validate(spec, largestNodeGpus == 0 ? null : largestNodeGpus);

        // Rendering's own limits (labels, engine and backend): said beside the spec's other errors, not after them.
        foreach (var (field, messages) in RenderPreflight.SpecProblems(spec))
        {
            errors[field] = errors.TryGetValue(field, out var earlier) ? [.. earlier, .. messages] : messages;
        }

        return errors;
    }

    /// <summary>The deployment's name and spec together, as the deployment grain checks them.</summary>
    public static Dictionary<string, string[]> Problems(string name, DeploymentSpec? spec, int largestNodeGpus)
    {
        var errors = Problems(spec, largestNodeGpus);
        if (RenderPreflight.NameProblem(name) is { } problem)
        {
            errors["name"] = [problem];
        }

        return errors;
    }
}
