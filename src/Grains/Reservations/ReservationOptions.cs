using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Grains.Reservations;

/// <summary><c>ControlPlane:Reservations</c>: how often allocations are reconciled with their owners, and the grace before a release.</summary>
public sealed class ReservationOptions
{
    public const string Section = "ControlPlane:Reservations";

    /// <summary>Orleans reminders tick at most once a minute.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan ReconcileEvery { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>An allocation no live pair owns is released only once it has been so for this long (a placement in flight reserves before it records).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan OrphanGrace { get; set; } = TimeSpan.FromMinutes(2);
}
