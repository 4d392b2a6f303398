using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Grains.Fleet;

/// <summary><c>ControlPlane:Fleet</c>: how the per-pool index persists and sweeps for silent nodes.</summary>
public sealed class FleetOptions
{
    public const string Section = "ControlPlane:Fleet";

    /// <summary>The index is derived data: it is written at most this often, not on every change.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan FlushEvery { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the index asks silent nodes to re-check their liveness (e.g. after their silo died).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SweepEvery { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1, 10000)]
    public int MaxPageSize { get; set; } = 1000;
}
