using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;
using k8s.Models;

namespace ControlPlane.Kubernetes;

/// <summary>
/// A headless Service per pair selecting both of its pods, so each is <c>prefill.{service}</c> / <c>decode.{service}</c>
/// in DNS with the HTTP and KV (bootstrap / NIXL side-channel) ports. Not-ready addresses are published because the
/// engines find each other while still loading weights.
/// </summary>
internal static class PairServiceRenderer
{
    public static V1Service Render(string deployment, PairUnit unit, PairPlacement pair, IEngineCommand engine, string transferBackend, RenderOptions options, BindingStrategy binding, IReadOnlyDictionary<string, string>? labels) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta
        {
            Name = ResourceNames.PairService(deployment, unit),
            NamespaceProperty = options.Namespace,
            Labels = ObjectLabels.For(deployment, labels, unit),
            Annotations = ObjectLabels.PairAnnotations(pair, binding),
        },
        Spec = new V1ServiceSpec
        {
            ClusterIP = "None",
            PublishNotReadyAddresses = true,
            Selector = new Dictionary<string, string>
            {
                [ControlPlaneLabels.Deployment] = deployment,
                [ControlPlaneLabels.Pair] = unit.Label,
            },
            Ports =
            [
                new V1ServicePort { Name = "http", Port = engine.HttpPort, TargetPort = "http", Protocol = "TCP" },
                new V1ServicePort { Name = engine.KvPort(transferBackend).Name, Port = engine.KvPort(transferBackend).Number, TargetPort = engine.KvPort(transferBackend).Name, Protocol = "TCP" },
            ],
        },
    };
}
