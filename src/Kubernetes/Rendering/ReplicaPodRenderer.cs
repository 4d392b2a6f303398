using k8s.Models;

namespace ControlPlane.Kubernetes;

/// <summary>
/// One engine replica as a plain Pod: the engine's command, its ports and readiness, then the GPU binding, then the
/// wire (shared IPC on one node, the placed NIC across nodes). A plain Pod, not a Deployment: its GPUs, node and NIC
/// are exact, so a replacement is a new placement by the control plane, never a controller's reschedule.
/// </summary>
internal static class ReplicaPodRenderer
{
    public static (V1Pod Pod, IReadOnlyList<string> Warnings) Render(ReplicaContext replica, IEngineCommand engine, IGpuBinding binding)
    {
        var warnings = new List<string>();
        var container = new V1Container
        {
            Name = ResourceNames.EngineContainer,
            Image = replica.Spec.Image.Name,
            ImagePullPolicy = replica.Options.ImagePullPolicy,
            Command = engine.Command(replica),
            Env = [.. engine.Env(replica)],
            Ports =
            [
                new V1ContainerPort { Name = "http", ContainerPort = engine.HttpPort, Protocol = "TCP" },
                new V1ContainerPort { Name = engine.KvPort(replica.Spec.TransferBackend).Name, ContainerPort = engine.KvPort(replica.Spec.TransferBackend).Number, Protocol = "TCP" },
            ],
            ReadinessProbe = new V1Probe
            {
                HttpGet = new V1HTTPGetAction { Path = "/health", Port = "http" },
                PeriodSeconds = 10,
                FailureThreshold = 3,
            },
            VolumeMounts = [],
        };

        var annotations = ObjectLabels.PairAnnotations(replica.Pair, binding.Strategy);
        annotations[ControlPlaneLabels.GpuUuids] = string.Join(',', replica.Self.GpuUuids);
        annotations[ControlPlaneLabels.Peer] = ResourceNames.Pod(replica.Deployment, Other(replica.Role), replica.Unit);

        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = replica.PodName,
                NamespaceProperty = replica.Options.Namespace,
                Labels = ObjectLabels.For(replica.Deployment, replica.Spec.Labels, replica.Unit, replica.Role),
                Annotations = annotations,
            },
            Spec = new V1PodSpec
            {
                // DNS name <role>.<pair service>: what the other engine and the router dial.
                Hostname = replica.Role.Name(),
                Subdomain = replica.ServiceName,
                RestartPolicy = "Always",
                ServiceAccountName = replica.Options.ServiceAccountName,
                EnableServiceLinks = false,
                Containers = [container],
                Volumes = [],
            },
        };

        binding.Bind(pod, container, replica);
        if (replica.SameNode)
        {
            SameNodeIpc.Apply(pod, container);
        }
        else
        {
            if (replica.AcrossTrays)
            {
                MultiNodeNvlinkWiring.Apply(pod, container, replica);
            }
            else if (!replica.Tcp && RdmaWiring.Apply(container, replica) is { } warning)
            {
                warnings.Add(warning);
            }

            // Engines need a large /dev/shm; a same-node pod must NOT get a private one (it would hide the host's).
            pod.Spec.Volumes.Add(new V1Volume { Name = "dshm", EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory" } });
            container.VolumeMounts.Add(new V1VolumeMount { Name = "dshm", MountPath = "/dev/shm" });
        }

        if (replica.Options.ModelHostPath is { } hostPath)
        {
            pod.Spec.Volumes.Add(new V1Volume { Name = "models", HostPath = new V1HostPathVolumeSource { Path = hostPath, Type = "Directory" } });
            container.VolumeMounts.Add(new V1VolumeMount { Name = "models", MountPath = ResourceNames.ModelMountPath, ReadOnlyProperty = true });
        }

        // No empty lists in the YAML: an applied empty list would claim ownership of a field that says nothing.
        if (pod.Spec.Volumes.Count == 0)
        {
            pod.Spec.Volumes = null;
            container.VolumeMounts = null;
        }

        return (pod, warnings);
    }

    private static ReplicaRole Other(ReplicaRole role) => role == ReplicaRole.Prefill ? ReplicaRole.Decode : ReplicaRole.Prefill;
}
