using System.Diagnostics.Metrics;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Grains.Telemetry;

/// <summary>
/// <c>controlplane_placement_decisions_total</c> (outcome placed or refused) and
/// <c>controlplane_placement_rejections_total</c> (the rejections a plan lists, by the filter that made them).
/// </summary>
internal static class PlacementMetrics
{
    private static readonly Counter<long> Decisions = GrainMeter.Meter.CreateCounter<long>(
        "controlplane.placement.decisions", unit: "{decision}", description: "Placement plans made to reserve GPUs: placed (every pair fits) or refused.");

    private static readonly Counter<long> Rejections = GrainMeter.Meter.CreateCounter<long>(
        "controlplane.placement.rejections", unit: "{node}", description: "Nodes a placement plan lists as rejected, by the filter that rejected them.");

    public static void Decided(PlacementPlan plan)
    {
        Decisions.Add(1, new KeyValuePair<string, object?>("outcome", plan.Complete ? "placed" : "refused"));
        foreach (var filter in plan.Rejections.SelectMany(r => r.Reasons.Select(FilterOf).Distinct(StringComparer.Ordinal)))
        {
            Rejections.Add(1, new KeyValuePair<string, object?>("filter", filter));
        }
    }

    /// <summary>A reason starts with the filter's name (<c>FreeGpuFilter: …</c>); anything else is "other", so the label stays bounded.</summary>
    internal static string FilterOf(string reason)
    {
        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        var name = colon > 0 ? reason[..colon] : "";
        return name.EndsWith("Filter", StringComparison.Ordinal) && name.Length <= 64 && name.All(char.IsAsciiLetter) ? name : "other";
    }
}
