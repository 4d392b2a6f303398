using System.Diagnostics;

namespace ControlPlane.Grains.Telemetry;

/// <summary>
/// The spans of a deployment's and an incident's path through the grains (<c>deployment.put</c>, <c>failover.signal</c>,
/// <c>incident.blame</c>, <c>incident.quarantine</c>, <c>incident.replace</c>, <c>deployment.failover</c>,
/// <c>placement.plan</c>, <c>deployment.apply</c>). Orleans carries the current span across grain calls; work a grain
/// defers to a later turn (an apply that waits for old pods to go) is parented by the trace it stored.
/// </summary>
public static class GrainSpans
{
    public const string SourceName = "ControlPlane.Grains";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The current span's W3C id (<c>00-{trace}-{span}-{flags}</c>), to store with deferred work; null when nothing listens.</summary>
    public static string? CurrentParent => Activity.Current is { IdFormat: ActivityIdFormat.W3C } a ? a.Id : null;

    /// <summary>The current trace's id as 32 hex digits; null when nothing listens.</summary>
    public static string? CurrentTraceId => Activity.Current is { IdFormat: ActivityIdFormat.W3C } a ? a.TraceId.ToHexString() : null;

    internal static Activity? Start(string name, params (string Key, object? Value)[] tags) => Start(name, storedParent: null, tags);

    /// <summary>A span under <paramref name="storedParent"/> when one was stored (deferred work), else under the current span.</summary>
    internal static Activity? Start(string name, string? storedParent, params (string Key, object? Value)[] tags)
    {
        var span = storedParent is not null && ActivityContext.TryParse(storedParent, null, out var parent)
            ? Source.StartActivity(name, ActivityKind.Internal, parent)
            : Source.StartActivity(name);
        foreach (var (key, value) in tags)
        {
            span?.SetTag(key, value);
        }

        return span;
    }
}
