using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Health;

/// <summary>Thresholds behind every health verdict (<c>ControlPlane:Health</c>).</summary>
public sealed class HealthOptions
{
    public const string Section = "ControlPlane:Health";

    /// <summary>How often agents report; liveness is counted in these intervals.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Missed heartbeats after which a node is Unknown.</summary>
    [Range(1, 1000)]
    public int UnknownAfterMissed { get; set; } = 3;

    /// <summary>Missed heartbeats after which a node is NotReady (no new placements, pairs fail over).</summary>
    [Range(1, 10000)]
    public int NotReadyAfterMissed { get; set; } = 12;

    [Range(0, 200)]
    public int TemperatureDegradedC { get; set; } = 85;

    [Range(0, 200)]
    public int TemperatureUnhealthyC { get; set; } = 95;

    /// <summary>Volatile correctable ECC errors at which a GPU is Degraded (a page is about to be retired).</summary>
    [Range(1, long.MaxValue)]
    public long CorrectableEccDegraded { get; set; } = 1000;

    /// <summary>Retired pages at which a GPU is Degraded (NVIDIA's RMA threshold is 60 on pre-Ampere parts).</summary>
    [Range(1, 10000)]
    public int RetiredPagesDegraded { get; set; } = 60;

    /// <summary>How long an XID whose action is at most a workload restart keeps counting.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan XidDegradedWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long an XID that needs a reset, reboot or replacement keeps the GPU Unhealthy.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan XidUnhealthyWindow { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan UnknownAfter => HeartbeatInterval * UnknownAfterMissed;

    public TimeSpan NotReadyAfter => HeartbeatInterval * NotReadyAfterMissed;
}
