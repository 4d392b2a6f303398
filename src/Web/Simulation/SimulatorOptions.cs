using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Web.Simulation;

/// <summary><c>ControlPlane:Simulator</c>: on by default in embedded mode so the portal has a fleet to show.</summary>
internal sealed class SimulatorOptions
{
    public const string Section = "ControlPlane:Simulator";

    public bool? Enabled { get; set; }

    [Range(0, 100_000)]
    public int Nodes { get; set; } = 24;

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Each report is due at the interval ± this fraction, so nodes do not report in lockstep.</summary>
    [Range(0.0, 0.9)]
    public double Jitter { get; set; } = 0.2;
}
