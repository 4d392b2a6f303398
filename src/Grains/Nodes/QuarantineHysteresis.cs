using ControlPlane.Wire.Nodes;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Grains.Nodes;

/// <summary>Quarantines that lift themselves: a component healthy long enough without a relapse comes back to placement.</summary>
internal static class QuarantineHysteresis
{
    /// <summary>
    /// A component quarantined for a hardware fault comes back by itself only once it has been healthy for
    /// <see cref="NodeOptions.ReadmitStableFor"/> without a relapse: a flapping NIC stays out. Part of the
    /// report's own commit, so a report is stored with its quarantine changes or not at all.
    /// </summary>
    public static NodeRecord Apply(NodeRecord s, DateTimeOffset now, TimeSpan readmitStableFor, List<Quarantine> lifted)
    {
        if (!s.Quarantined.Any(q => q.LiftWhenStable))
        {
            return s;
        }

        var kept = new List<Quarantine>();
        foreach (var q in s.Quarantined)
        {
            if (!q.LiftWhenStable)
            {
                kept.Add(q);
                continue;
            }

            var healthy = QuarantineHealth.IsHealthy(q.Component, s);
            var since = healthy ? q.HealthySince ?? now : (DateTimeOffset?)null;
            if (since is { } from && now - from >= readmitStableFor)
            {
                lifted.Add(q);
            }
            else
            {
                kept.Add(q with { HealthySince = since });
            }
        }

        return lifted.Count > 0 || !kept.SequenceEqual(s.Quarantined)
            ? s with { Quarantined = [.. kept], CapacityVersion = s.CapacityVersion + (lifted.Count > 0 ? 1 : 0) }
            : s;
    }

    public static void LogLifted(ILogger logger, string node, IEnumerable<Quarantine> lifted, TimeSpan stable)
    {
        foreach (var q in lifted)
        {
            logger.LogInformation("Node {Node}: {Component} healthy for {Stable}; quarantine by incident {Incident} lifted", node, q.Component, stable, q.Incident);
        }
    }
}
