using ControlPlane.Wire.Probes;

namespace ControlPlane.Health;

/// <summary>
/// XIDs arrive once (in the report after they happened) but their consequence lasts: a GPU that
/// fell off the bus stays Unhealthy until its window passes. This keeps each GPU's recent XIDs.
/// </summary>
public static class XidMemory
{
    public const int MaxPerGpu = 32;

    public static XidEvent[] Remember(IReadOnlyList<XidEvent> remembered, IReadOnlyList<XidEvent> incoming, DateTimeOffset now, HealthOptions options)
    {
        if (remembered.Count == 0 && incoming.Count == 0)
        {
            return [];
        }

        return remembered.Concat(incoming)
            .Where(x => now - x.At < WindowOf(x.Code, options))
            .DistinctBy(x => (x.Code, x.At))
            .OrderByDescending(x => x.At)
            .Take(MaxPerGpu)
            .ToArray();
    }

    private static TimeSpan WindowOf(int code, HealthOptions options) =>
        XidCatalog.Lookup(code).Severity == ControlPlane.Wire.Health.HealthStatus.Unhealthy ? options.XidUnhealthyWindow : options.XidDegradedWindow;
}
