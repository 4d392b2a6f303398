using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Web.Simulation;

/// <summary><c>ControlPlane:Simulator</c>: on by default in embedded mode so the portal has a fleet to show.</summary>
internal sealed class SimulatorOptions
{
    public const string Section = "ControlPlane:Simulator";

    public bool? Enabled { get; set; }

    [Range(0, 100_000)]
    public int Nodes { get; set; } = 24;

    /// <summary>
    /// GB200 NVL72 racks added as pool <c>gb200</c> (18 trays of 4 GPUs each, one NVLink domain per rack). Off (0) by
    /// default: the default fleet stays the 24 nodes; 2 gives the two-domain pool of docs/operations.md.
    /// </summary>
    [Range(0, 100)]
    public int Gb200Racks { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Each report is due at the interval ± this fraction, so nodes do not report in lockstep.</summary>
    [Range(0.0, 0.9)]
    public double Jitter { get; set; } = 0.2;
}
