namespace ControlPlane.Agent.Reporting;

/// <summary>
/// Report sequence numbers: unix milliseconds at start, then +1 per report, so a restarted agent starts above
/// everything it sent before; a 409 from the server moves it past the last accepted one.
/// </summary>
internal sealed class SequenceClock(long start)
{
    private long _next = start;

    public static SequenceClock StartingNow(TimeProvider time) => new(time.GetUtcNow().ToUnixTimeMilliseconds());

    public long Next() => _next++;

    public void JumpPast(long lastAccepted) => _next = Math.Max(_next, lastAccepted + 1);
}
