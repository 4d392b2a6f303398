using ControlPlane.Wire.Fleet;
using ControlPlane.Wire.Health;

namespace ControlPlane.Web.Portal.Fleet;

/// <summary>
/// The whole fleet as the portal shows it, read at <see cref="TakenAt"/>. Immutable: every circuit reads
/// the same instance, and a change makes a new one with a higher <see cref="Stamp"/>.
/// </summary>
public sealed record FleetSnapshot(long Stamp, DateTimeOffset TakenAt, IReadOnlyList<FleetNode> Nodes, VersionReport Versions)
{
    public static readonly FleetSnapshot Empty = new(0, DateTimeOffset.MinValue, [], new VersionReport { Groups = [], Drift = [] });

    public int Count(HealthStatus health) => Nodes.Count(n => n.Summary.Health == health);

    /// <summary>Per pool, the nodes off its driver/CUDA/NCCL majority and how: the drift banner.</summary>
    public IEnumerable<(string Pool, VersionDrift[] Nodes)> DriftByPool() =>
        Versions.Drift.GroupBy(d => d.Pool, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.ToArray()));
}
