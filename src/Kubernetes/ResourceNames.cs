using System.Text.RegularExpressions;

namespace ControlPlane.Kubernetes;

/// <summary>Names of the rendered objects; one place so render, apply, delete and the router agree.</summary>
internal static partial class ResourceNames
{
    public const string ModelMountPath = "/models";
    public const string EngineContainer = "engine";

    public static string Pod(string deployment, ReplicaRole role, int pair) => $"{deployment}-{role.Name()}-{pair}";

    /// <summary>Headless Service of one pair; its pods are <c>prefill.{service}</c> and <c>decode.{service}</c> in DNS.</summary>
    public static string PairService(string deployment, int pair) => $"{deployment}-pair-{pair}";

    /// <summary>The one claim both pods of a same-node pair share (each sees its peer's GPUs).</summary>
    public static string PairClaim(string deployment, int pair) => $"{deployment}-pair-{pair}-gpus";

    public static string ReplicaClaim(string deployment, ReplicaRole role, int pair) => $"{Pod(deployment, role, pair)}-gpus";

    public static string DisruptionBudget(string deployment) => deployment;

    public const string RouterContainer = "router";

    /// <summary>The prefill/decode router's Deployment and its ClusterIP Service.</summary>
    public static string Router(string deployment) => $"{deployment}-router";

    /// <summary>Throws when the deployment name cannot prefix the objects' names (see <see cref="DeploymentNameProblem"/>).</summary>
    public static void CheckDeployment(string deployment)
    {
        if (DeploymentNameProblem(deployment) is { } problem)
        {
            throw new ArgumentException(problem, nameof(deployment));
        }
    }

    /// <summary>
    /// Null when <paramref name="deployment"/> can prefix every object name: Services must be RFC 1035
    /// labels (a letter first, at most 63 characters), and the longest suffix (<c>-prefill-999-gpus</c>) leaves 40.
    /// </summary>
    public static string? DeploymentNameProblem(string deployment) =>
        DnsLabelPrefix().IsMatch(deployment)
            ? null
            : $"'{deployment}' must be lower-case letters, digits and '-', start with a letter and end with a letter or digit, at most 40 characters (it prefixes the Kubernetes object names).";

    [GeneratedRegex("^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$")]
    private static partial Regex DnsLabelPrefix();
}
