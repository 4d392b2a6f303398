using System.Diagnostics;

namespace ControlPlane.Kubernetes;

/// <summary>
/// A span per object the applier sends to the API server (<c>kubernetes.apply {Kind}</c>), child of whatever span is
/// current (the deployment's apply). The hosts subscribe to <see cref="SourceName"/>.
/// </summary>
public static class ApplySpans
{
    public const string SourceName = "ControlPlane.Kubernetes";

    private static readonly ActivitySource Source = new(SourceName);

    internal static Activity? Start(ObjectRef reference, string ns, string deployment)
    {
        var span = Source.StartActivity($"kubernetes.apply {reference.Kind}", ActivityKind.Client);
        span?.SetTag("k8s.object.kind", reference.Kind);
        span?.SetTag("k8s.object.name", reference.Name);
        span?.SetTag("k8s.namespace.name", ns);
        span?.SetTag("controlplane.deployment", deployment);
        return span;
    }
}
