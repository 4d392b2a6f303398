using System.Text.RegularExpressions;
using ControlPlane.Wire.Deployments;

namespace ControlPlane.Kubernetes;

/// <summary>Names of the rendered objects; one place so render, apply, delete and the router agree.</summary>
internal static partial class ResourceNames
{
    public const string ModelMountPath = "/models";
    public const string EngineContainer = "engine";

    /// <summary><c>{deployment}-{role}-{i}</c> for <c>pair-{i}</c>, <c>{deployment}-{role}-spare-{n}</c> for a spare.</summary>
    public static string Pod(string deployment, ReplicaRole role, PairUnit unit) => $"{deployment}-{role.Name()}-{unit.Label}";

    public static string Pod(string deployment, ReplicaRole role, int pair) => Pod(deployment, role, PairUnit.Pair(pair));

    /// <summary>Headless Service of one unit (<c>{deployment}-pair-{i}</c>, <c>{deployment}-spare-{n}</c>); its pods are <c>prefill.{service}</c> and <c>decode.{service}</c> in DNS.</summary>
    public static string PairService(string deployment, PairUnit unit) => $"{deployment}-{unit.Name}";

    /// <summary>The one claim both pods of a same-node pair share (each sees its peer's GPUs).</summary>
    public static string PairClaim(string deployment, PairUnit unit) => $"{deployment}-{unit.Name}-gpus";

    public static string ReplicaClaim(string deployment, ReplicaRole role, PairUnit unit) => $"{Pod(deployment, role, unit)}-gpus";

    /// <summary>The ComputeDomain of a pair across trays of one NVLink domain (its own kind: the pair Service's name is free there).</summary>
    public static string ComputeDomain(string deployment, PairUnit unit) => $"{deployment}-{unit.Name}";

    /// <summary>The ResourceClaimTemplate the ComputeDomain controller creates for the channel, which both pods claim.</summary>
    public static string ImexChannelTemplate(string deployment, PairUnit unit) => $"{deployment}-{unit.Name}-imex-channel";

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
    /// labels (a letter first, at most 63 characters), and the longest suffix (<c>-prefill-spare-999-gpus</c>, 23
    /// characters: spare numbers stay below 1000, see <see cref="PairUnit.MaxSpareNumber"/>) leaves 40.
    /// </summary>
    public static string? DeploymentNameProblem(string deployment) =>
        DnsLabelPrefix().IsMatch(deployment)
            ? null
            : $"'{deployment}' must be lower-case letters, digits and '-', start with a letter and end with a letter or digit, at most 40 characters (it prefixes the Kubernetes object names).";

    [GeneratedRegex("^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$")]
    private static partial Regex DnsLabelPrefix();
}
