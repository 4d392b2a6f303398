using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;
using k8s;
using k8s.Models;

namespace ControlPlane.Kubernetes;

/// <summary>
/// DRA (<c>resource.k8s.io/v1</c>): ResourceClaims whose requests each select one placed GPU by the NVIDIA DRA driver's
/// <c>uuid</c> attribute (<c>device.attributes["gpu.nvidia.com"].uuid == "GPU-…"</c>), so the allocator can only give
/// those devices. Cross-node replicas get one claim each. A same-node pair gets ONE claim holding both replicas' GPUs,
/// referenced by both pods: a claim per replica would show each pod only its own GPUs, which together with hostIPC is
/// the half-fix the measured table records as crashing (<c>Cuda failure 101 'invalid device ordinal'</c>). Inside a
/// pod the claim's devices are renumbered from 0, so <c>CUDA_VISIBLE_DEVICES</c> names the pod's own GPUs by UUID.
/// Pinned by required node affinity, not nodeName: the scheduler has to run to allocate the claim.
/// </summary>
internal sealed class DraBinding : IGpuBinding
{
    public const string PodClaimName = "gpus";

    public BindingStrategy Strategy => BindingStrategy.Dra;

    public IEnumerable<IKubernetesObject> PairObjects(string deployment, PairUnit unit, PairPlacement pair, RenderOptions options, IReadOnlyDictionary<string, string>? labels)
    {
        var annotations = ObjectLabels.PairAnnotations(pair, Strategy);
        if (SameNode(pair))
        {
            yield return Claim(ResourceNames.PairClaim(deployment, unit), [.. pair.Prefill.GpuUuids, .. pair.Decode.GpuUuids], options,
                ObjectLabels.For(deployment, labels, unit), annotations);
            yield break;
        }

        foreach (var role in new[] { ReplicaRole.Prefill, ReplicaRole.Decode })
        {
            var replica = role == ReplicaRole.Prefill ? pair.Prefill : pair.Decode;
            yield return Claim(ResourceNames.ReplicaClaim(deployment, role, unit), replica.GpuUuids, options,
                ObjectLabels.For(deployment, labels, unit, role), annotations);
        }
    }

    public void Bind(V1Pod pod, V1Container engine, ReplicaContext replica)
    {
        var claim = replica.SameNode
            ? ResourceNames.PairClaim(replica.Deployment, replica.Unit)
            : ResourceNames.ReplicaClaim(replica.Deployment, replica.Role, replica.Unit);
        pod.Spec.ResourceClaims = [new V1PodResourceClaim { Name = PodClaimName, ResourceClaimName = claim }];
        engine.Resources ??= new V1ResourceRequirements();
        engine.Resources.Claims = [new Corev1ResourceClaim { Name = PodClaimName }];
        pod.Spec.Affinity = NodeAffinity.RequiredHostname(replica.Self.Node);
        pod.Spec.Tolerations = [GpuNodeTaint.Toleration()];
        engine.Env.Add(new V1EnvVar { Name = "CUDA_DEVICE_ORDER", Value = "PCI_BUS_ID" });
        engine.Env.Add(new V1EnvVar { Name = "CUDA_VISIBLE_DEVICES", Value = string.Join(',', replica.Self.GpuUuids) });
    }

    public static string UuidSelector(string uuid) => $"device.attributes[\"gpu.nvidia.com\"].uuid == \"{uuid}\"";

    private static Resourcev1ResourceClaim Claim(string name, IReadOnlyList<string> uuids, RenderOptions options, Dictionary<string, string> labels, Dictionary<string, string> annotations) => new()
    {
        ApiVersion = "resource.k8s.io/v1",
        Kind = "ResourceClaim",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = options.Namespace, Labels = labels, Annotations = annotations },
        Spec = new V1ResourceClaimSpec
        {
            Devices = new V1DeviceClaim
            {
                Requests =
                [
                    .. uuids.Select((uuid, i) => new V1DeviceRequest
                    {
                        Name = $"gpu-{i}",
                        Exactly = new V1ExactDeviceRequest
                        {
                            DeviceClassName = options.DeviceClassName,
                            AllocationMode = "ExactCount",
                            Count = 1,
                            Selectors = [new V1DeviceSelector { Cel = new V1CELDeviceSelector { Expression = UuidSelector(uuid) } }],
                        },
                    }),
                ],
            },
        },
    };

    private static bool SameNode(PairPlacement pair) => string.Equals(pair.Prefill.Node, pair.Decode.Node, StringComparison.Ordinal);
}
