using ControlPlane.Wire.Deployments;
using k8s;
using k8s.Models;

namespace ControlPlane.Kubernetes;

/// <summary>
/// The engine's prefill/decode router: a one-replica Deployment (the router holds no GPU, so a controller may reschedule
/// it anywhere) and a ClusterIP Service in front of it, both named <c>{deployment}-router</c>. Its command line names every
/// pair's prefill and decode URL, so a changed pair set changes the pod template and rolls the router.
/// </summary>
internal static class PdRouterRenderer
{
    public const int Port = 8000;

    public static IReadOnlyList<IKubernetesObject> Render(string deployment, DeploymentSpec spec, IReadOnlyList<RenderedPair> pairs, IEngineCommand engine, RenderOptions options)
    {
        var name = ResourceNames.Router(deployment);
        var labels = ObjectLabels.For(deployment, spec.Labels);
        labels[ControlPlaneLabels.Role] = ControlPlaneLabels.RouterRole;
        var selector = new Dictionary<string, string>(StringComparer.Ordinal) { [ControlPlaneLabels.Router] = deployment };

        var service = new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = options.Namespace, Labels = labels },
            Spec = new V1ServiceSpec
            {
                Selector = selector,
                Ports = [new V1ServicePort { Name = "http", Port = Port, TargetPort = "http", Protocol = "TCP" }],
            },
        };

        var router = new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = options.Namespace, Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal) },
            Spec = new V1DeploymentSpec
            {
                Replicas = 1,
                Strategy = RouterStartGate.Strategy(),
                Selector = new V1LabelSelector { MatchLabels = selector },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = ObjectLabels.RouterPod(deployment, spec.Labels) },
                    Spec = new V1PodSpec
                    {
                        ServiceAccountName = options.ServiceAccountName,
                        EnableServiceLinks = false,
                        InitContainers = [RouterStartGate.Container(pairs, options)],
                        Containers =
                        [
                            new V1Container
                            {
                                Name = ResourceNames.RouterContainer,
                                Image = engine.RouterImage(spec, options),
                                ImagePullPolicy = options.ImagePullPolicy,
                                Command = engine.RouterCommand(pairs, spec.TransferBackend, Port),
                                Ports = [new V1ContainerPort { Name = "http", ContainerPort = Port, Protocol = "TCP" }],
                                ReadinessProbe = new V1Probe
                                {
                                    HttpGet = new V1HTTPGetAction { Path = "/health", Port = "http" },
                                    PeriodSeconds = 10,
                                    FailureThreshold = 3,
                                },
                            },
                        ],
                    },
                },
            },
        };

        return [service, router];
    }

    public static string Url(string deployment, RenderOptions options) =>
        $"http://{ResourceNames.Router(deployment)}.{options.Namespace}.svc:{Port}";
}
