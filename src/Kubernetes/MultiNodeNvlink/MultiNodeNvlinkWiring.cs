using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;
using k8s;
using k8s.Models;

namespace ControlPlane.Kubernetes;

/// <summary>
/// Pairs across two trays of one multi-node NVLink domain (tier <c>nvlink-domain</c>): the KV cache crosses the NVLink
/// switch trays, not a NIC, which takes three things. The pods must share an IMEX domain: a <c>ComputeDomain</c> per pair
/// whose channel both claim, or the clique affinity (<see cref="MultiNodeNvlinkMode"/>). NCCL must use fabric handles:
/// <c>NCCL_MNNVL_ENABLE=1</c> (src/init.cc:862 of NVIDIA/nccl, default 2 = auto; 1 checks MNNVL even where it would skip it
/// and fails loudly instead of falling back to the NIC) and <c>NCCL_CUMEM_ENABLE=1</c> (MNNVL requires cuMem,
/// src/mnnvl.cc:16). The transfer library must take NVLink: NIXL's UCX through <c>UCX_CUDA_IPC_ENABLE_MNNVL=y</c>
/// (openucx/ucx src/uct/cuda/cuda_ipc/cuda_ipc_md.c:56, default "try"), Mooncake through its <c>nvlink</c> protocol
/// (<see cref="MooncakeTransport"/>).
/// </summary>
internal static class MultiNodeNvlinkWiring
{
    public const string Tier = "nvlink-domain";

    /// <summary>The pod's claim of its IMEX channel (pod <c>spec.resourceClaims[].name</c> and the container's <c>resources.claims[].name</c>).</summary>
    public const string ChannelClaim = "imex-channel";

    /// <summary>The GPU Operator's (GPU Feature Discovery's) label: <c>{cluster UUID}.{clique id}</c> (k8s-dra-driver-gpu docs/install.md).</summary>
    public const string CliqueLabel = "nvidia.com/gpu.clique";

    public static bool AcrossTrays(PairPlacement pair) =>
        string.Equals(pair.Tier, Tier, StringComparison.OrdinalIgnoreCase)
        && !string.Equals(pair.Prefill.Node, pair.Decode.Node, StringComparison.Ordinal);

    /// <summary>The pair's ComputeDomain, when the pair crosses trays and ComputeDomains are in use.</summary>
    public static IEnumerable<IKubernetesObject> PairObjects(string deployment, PairUnit unit, PairPlacement pair, RenderOptions options, IReadOnlyDictionary<string, string>? labels, BindingStrategy binding)
    {
        if (!AcrossTrays(pair) || options.MultiNodeNvlink != MultiNodeNvlinkMode.ComputeDomain)
        {
            yield break;
        }

        yield return new ComputeDomain
        {
            Metadata = new V1ObjectMeta
            {
                Name = ResourceNames.ComputeDomain(deployment, unit),
                NamespaceProperty = options.Namespace,
                Labels = ObjectLabels.For(deployment, labels, unit),
                Annotations = ObjectLabels.PairAnnotations(pair, binding),
            },
            Spec = new ComputeDomainSpec
            {
                NumNodes = 2,
                Channel = new ComputeDomainChannel { ResourceClaimTemplate = new ComputeDomainClaimTemplate { Name = ResourceNames.ImexChannelTemplate(deployment, unit) } },
            },
        };
    }

    /// <summary>What one replica's pod gets: the channel claim or the clique affinity, and the engines' environment.</summary>
    public static void Apply(V1Pod pod, V1Container engine, ReplicaContext replica)
    {
        if (replica.Options.MultiNodeNvlink == MultiNodeNvlinkMode.ComputeDomain)
        {
            pod.Spec.ResourceClaims ??= [];
            pod.Spec.ResourceClaims.Add(new V1PodResourceClaim { Name = ChannelClaim, ResourceClaimTemplateName = ResourceNames.ImexChannelTemplate(replica.Deployment, replica.Unit) });
            engine.Resources ??= new V1ResourceRequirements();
            engine.Resources.Claims ??= [];
            engine.Resources.Claims.Add(new Corev1ResourceClaim { Name = ChannelClaim });

            // A pod given its node by nodeName bypasses the scheduler, so its claim would never be allocated and the kubelet
            // would not start it (kubernetes.io/docs/concepts/scheduling-eviction/dynamic-resource-allocation, "Pre-scheduled
            // Pods"): the same node by required affinity instead.
            if (pod.Spec.NodeName is { } node)
            {
                pod.Spec.NodeName = null;
                pod.Spec.Affinity = NodeAffinity.RequiredHostname(node);
            }
        }
        else
        {
            var clique = CliqueValue(replica.Self.NvlinkDomain)
                ?? throw new ArgumentException($"{replica.PodName}: placed on tier '{Tier}' but the placement names no NVLink domain for {replica.Self.Node}; place the pair again.", nameof(replica));
            pod.Spec.Affinity = NodeAffinity.WithRequirement(pod.Spec.Affinity, CliqueLabel, clique);
        }

        engine.Env.Add(new V1EnvVar { Name = "NCCL_MNNVL_ENABLE", Value = "1" });
        engine.Env.Add(new V1EnvVar { Name = "NCCL_CUMEM_ENABLE", Value = "1" });
        if (replica.Spec.TransferBackend == "nixl")
        {
            engine.Env.Add(new V1EnvVar { Name = "UCX_CUDA_IPC_ENABLE_MNNVL", Value = "y" });
        }
    }

    /// <summary><c>{cluster UUID}/{clique}</c> (the placement's domain key) as the label writes it: <c>{cluster UUID}.{clique}</c>.</summary>
    public static string? CliqueValue(string? domain) =>
        domain?.LastIndexOf('/') is { } slash and > 0 ? $"{domain[..slash]}.{domain[(slash + 1)..]}" : null;
}
