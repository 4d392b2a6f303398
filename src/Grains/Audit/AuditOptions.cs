using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Grains.Audit;

/// <summary><c>ControlPlane:Audit</c>: how much of the audit log is kept.</summary>
public sealed class AuditOptions
{
    public const string Section = "ControlPlane:Audit";

    /// <summary>The newest entries kept; older ones are dropped as new ones arrive.</summary>
    [Range(1, 100_000)]
    public int Capacity { get; set; } = 10_000;
}
