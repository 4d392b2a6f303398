using System.Globalization;
using ControlPlane.Wire.Deployments;
using k8s;
using k8s.Models;

namespace ControlPlane.Kubernetes;

public sealed partial class KubernetesApplier
{
    /// <summary>
    /// <c>GET /api/v1/namespaces/{ns}/events?fieldSelector=involvedObject.kind=Pod,involvedObject.name={pod}</c>, as
    /// <c>kubectl describe pod</c> asks (core/v1 Event; its field selectors are documented under "Field Selectors").
    /// </summary>
    public async Task<IReadOnlyList<PodEvent>> ListPodEventsAsync(string pod, string? @namespace = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pod);
        var events = await client.CoreV1.ListNamespacedEventAsync(
            @namespace ?? options.Namespace, fieldSelector: string.Create(CultureInfo.InvariantCulture, $"involvedObject.kind=Pod,involvedObject.name={pod}"),
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. events.Items.Select(Of).OrderBy(e => e.LastSeen ?? DateTimeOffset.MinValue)];
    }

    private static PodEvent Of(Corev1Event e) => new()
    {
        Type = e.Type ?? "Normal",
        Reason = e.Reason ?? "",
        Message = e.Message ?? "",
        Count = e.Series?.Count ?? e.Count ?? 1,
        LastSeen = (e.Series?.LastObservedTime ?? e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp) is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null,
        Source = e.ReportingComponent is { Length: > 0 } component ? component : e.Source?.Component,
    };
}
