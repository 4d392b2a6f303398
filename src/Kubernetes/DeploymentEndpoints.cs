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

    /// <summary>Pure: the deployment's placed pairs (ordered by index, as they are rendered) and the cluster's render options.</summary>
    public static DeploymentEndpoints For(string deployment, DeploymentSpec spec, IReadOnlyList<PairView> pairs, RenderOptions options)
    {
        ResourceNames.CheckDeployment(deployment);
        var engine = EngineCommands.For(spec.Engine);
        RenderedPair[] rendered =
        [
            .. pairs.OrderBy(p => p.Index).Select((p, index) => Pair(deployment, index, p.Placement, engine, options) with
            {
                PrefillNode = p.Placement.Prefill.Node, DecodeNode = p.Placement.Decode.Node,
                PrefillGpus = p.Placement.Prefill.GpuIndices, DecodeGpus = p.Placement.Decode.GpuIndices, Revision = p.Revision,
            }),
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

    /// <summary>One pair's URLs: <c>http://{role}.{pair service}.{namespace}.svc:{engine port}</c>.</summary>
    internal static RenderedPair Pair(string deployment, int index, PairPlacement pair, IEngineCommand engine, RenderOptions options)
    {
        var service = $"{ResourceNames.PairService(deployment, index)}.{options.Namespace}.svc";
        return new RenderedPair(
            index,
            pair.Tier,
            ResourceNames.Pod(deployment, ReplicaRole.Prefill, index),
            ResourceNames.Pod(deployment, ReplicaRole.Decode, index),
            $"http://prefill.{service}:{engine.HttpPort}",
            $"http://decode.{service}:{engine.HttpPort}",
            engine is SglangCommand ? engine.KvPort : null);
    }
}
