using ControlPlane.Wire.Deployments;

namespace ControlPlane.Kubernetes;

/// <summary>
/// What would make rendering fail, checked before anything is reserved: the deployment's name as an
/// object-name prefix, and the engine × KV transfer backend (bindings are checked by the spec validator
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

        return errors;
    }
}
