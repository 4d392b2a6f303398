using ControlPlane.Wire.Deployments;

namespace ControlPlane.Kubernetes;

/// <summary>
/// What would make rendering fail, checked before anything is reserved: the deployment's name as an
/// object-name prefix, the engine × KV transfer backend, the deployment's own labels (bindings are checked by the spec validator
/// and, per pool, at start-up). Errors are keyed by the JSON field, as <c>DeploymentSpecValidator</c>'s
/// are, so the API answers 400 naming it instead of failing after placement.
/// </summary>
public static class RenderPreflight
{
    /// <summary>Null when <paramref name="deployment"/> can prefix every object name, else why not.</summary>
    public static string? NameProblem(string deployment) => ResourceNames.DeploymentNameProblem(deployment);

    public static Dictionary<string, string[]> SpecProblems(DeploymentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (EngineCommands.Unsupported(spec.Engine, spec.TransferBackend) is { } combination)
        {
            errors["transferBackend"] = [combination];
        }

        if (spec.Labels is { Count: > LabelRules.MaxLabels } labels)
        {
            errors["labels"] = [$"at most {LabelRules.MaxLabels} labels, was {labels.Count}"];
        }

        foreach (var (key, problem) in LabelRules.Problems(spec.Labels))
        {
            errors[$"labels.{key}"] = [problem];
        }

        return errors;
    }
}
