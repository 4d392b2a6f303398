using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Grains.Nodes;

/// <summary>How node grains trade durability of telemetry against write load (<c>ControlPlane:Nodes</c>).</summary>
public sealed class NodeOptions
{
    public const string Section = "ControlPlane:Nodes";

    /// <summary>
    /// A report that changes no fact (only temperature, utilisation, power, memory used) is written
    /// to storage at most this often; any change of health, topology, devices, versions or cordon is
    /// written before the report is acknowledged.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan PersistTelemetryEvery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a steady node refreshes its line in the fleet index (its last-seen time).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FleetRefreshEvery { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A GPU or NIC quarantined for a hardware fault is re-admitted only after it has been healthy this long without a
    /// relapse; a NIC port that went down and came back is kept out of placement this long too (<c>nic-port-settling</c>),
    /// incident or not, so a flapping port is not placed on between flaps.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan ReadmitStableFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How far above an accepted sequence the written record puts its sequence ceiling: a crash may lose the
    /// telemetry-only reports after the last write, never the promise that nothing at or below the ceiling is accepted
    /// again. A report beyond the ceiling is written before it is acknowledged; after a crash the agent is answered
    /// 409 with the ceiling and jumps past it (a clean deactivation writes the exact sequence instead).
    /// </summary>
    [Range(1, 1_000_000)]
    public long SequenceHeadroom { get; set; } = 1000;

    [Range(1, 1000)]
    public int CordonHistoryLimit { get; set; } = 50;
}
