using ControlPlane.Wire.Deployments;
using k8s;

namespace ControlPlane.Kubernetes;

/// <summary>
/// What <see cref="ManifestRenderer"/> produced: the KubernetesClient objects (apply order: ComputeDomains and claims, pair services, pods,
/// then the router's Service and Deployment when <see cref="RenderOptions.PdRouter"/> is on, then the budget)
/// and the same objects as one YAML stream (<c>---</c> between documents) for <c>GET …/manifests</c>.
/// </summary>
public sealed record RenderedManifests
{
    public required string Deployment { get; init; }
    public required string Namespace { get; init; }
    public required BindingStrategy Binding { get; init; }
    public required IReadOnlyList<IKubernetesObject> Objects
    {
        get;
        init
        {
            field = value;
            _yaml = null;
        }
    }

    /// <summary>
    /// <see cref="Objects"/> as YAML, serialized on first read: applying needs only the objects, and serializing them
    /// cost most of a render (measured by <c>place-e2e</c>'s breakdown).
    /// </summary>
    public string Yaml => _yaml ??= ManifestYaml.Serialize(Objects);

    public required IReadOnlyList<RenderedPair> Pairs { get; init; }

    /// <summary>The rendered router's in-cluster URL, or null when no router is rendered.</summary>
    public string? RouterUrl { get; init; }

    /// <summary>Things an operator must know (a pair on TCP, a NIC without an RDMA resource); also set as annotations.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    private string? _yaml;

    /// <summary>Only the objects of these units and the deployment-wide ones (router, budget): units that stay are not touched.</summary>
    public RenderedManifests OnlyUnits(IReadOnlySet<PairUnit> units) => this with
    {
        Objects = [.. Objects.Where(o => KubernetesObjects.UnitOf(o) is not { } unit || units.Contains(unit))],
    };
}

/// <summary>Where a router finds one pair: in-cluster URLs through the pair's headless Service.</summary>
public sealed record RenderedPair(int Index, string Tier, string PrefillPod, string DecodePod, string PrefillUrl, string DecodeUrl, int? BootstrapPort)
{
    /// <summary>Where the pair runs now (the URLs are stable service names; a failover moves what is behind them).</summary>
    public string? PrefillNode { get; init; }
    public string? DecodeNode { get; init; }
    public int[] PrefillGpus { get; init; } = [];
    public int[] DecodeGpus { get; init; } = [];

    /// <summary>How many times a failover re-placed the pair.</summary>
    public int Revision { get; init; }

    /// <summary>What its objects are named by: <c>pair-{index}</c>, or <c>spare-{n}</c> once a spare was swapped in.</summary>
    public string? Unit { get; init; }
}
