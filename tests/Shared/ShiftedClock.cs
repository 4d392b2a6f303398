namespace ControlPlane.Testing;

/// <summary>
/// The system clock, moved forward on demand: a test that waits out a grace period advances this clock instead of
/// sleeping. Only the wall-clock reading moves; timers and timestamps stay the system's, so Orleans' own timers and
/// the grains' loops keep running as in production.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}
