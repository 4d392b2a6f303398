using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Kubernetes;

/// <summary>
/// <c>GET /api/v1/deployments/{name}/endpoints</c>: where a router finds each current pair (in-cluster URLs through the
/// pair's headless Service, the prefill's bootstrap port for SGLang) and the router the control plane renders, if it
/// renders one. The same names <see cref="ManifestRenderer"/> gives the objects, so the list changes exactly when they do.
/// </summary>
public sealed record DeploymentEndpoints
{
    public required string Deployment { get; init; }
    public required string Engine { get; init; }
    public required string Namespace { get; init; }

    /// <summary>The rendered router's Service URL; null when <see cref="RenderOptions.PdRouter"/> is off or no pair is placed.</summary>
    public string? RouterUrl { get; init; }

    public required IReadOnlyList<RenderedPair> Pairs { get; init; }

    /// <summary>Pure: the deployment's serving pairs (ordered by index, as they are rendered; spares are not listed) and the cluster's render options.</summary>
    public static DeploymentEndpoints For(string deployment, DeploymentSpec spec, IReadOnlyList<PairView> pairs, RenderOptions options)
    {
        ResourceNames.CheckDeployment(deployment);
        var engine = EngineCommands.For(spec.Engine);
        RenderedPair[] rendered =
        [
            .. pairs.OrderBy(p => p.Index).Select(p => Pair(deployment, p.Index, PairUnit.Of(p), p.Placement, engine, options) with { Revision = p.Revision }),
        ];
        return new DeploymentEndpoints
        {
            Deployment = deployment,
            Engine = engine.Engine,
            Namespace = options.Namespace,
            RouterUrl = options.PdRouter && rendered.Length > 0 ? PdRouterRenderer.Url(deployment, options) : null,
            Pairs = rendered,
        };
    }

    /// <summary>
    /// One serving pair's URLs: <c>http://{role}.{unit's service}.{namespace}.svc:{engine port}</c>. A spare swapped in
    /// keeps its own Service, so the URLs change with it (the router is applied again).
    /// </summary>
    internal static RenderedPair Pair(string deployment, int index, PairUnit unit, PairPlacement pair, IEngineCommand engine, RenderOptions options)
    {
        var service = $"{ResourceNames.PairService(deployment, unit)}.{options.Namespace}.svc";
        return new RenderedPair(
            index,
            pair.Tier,
            ResourceNames.Pod(deployment, ReplicaRole.Prefill, unit),
            ResourceNames.Pod(deployment, ReplicaRole.Decode, unit),
            $"http://prefill.{service}:{engine.HttpPort}",
            $"http://decode.{service}:{engine.HttpPort}",
            engine is SglangCommand ? SglangCommand.DefaultBootstrapPort : null)
        {
            PrefillNode = pair.Prefill.Node, DecodeNode = pair.Decode.Node, PrefillGpus = pair.Prefill.GpuIndices, DecodeGpus = pair.Decode.GpuIndices, Unit = unit.Name,
        };
    }
}
