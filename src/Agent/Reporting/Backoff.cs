namespace ControlPlane.Agent.Reporting;

/// <summary>Exponential backoff with full jitter: a random delay up to min(max, initial·2ⁿ), so a fleet that lost the server does not return in step.</summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan max, Random random)
{
    private int _failures;

    public TimeSpan Next()
    {
        var ceiling = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, Math.Min(_failures, 30)));
        _failures++;
        return TimeSpan.FromMilliseconds(ceiling / 2 + random.NextDouble() * ceiling / 2);
    }

    public void Reset() => _failures = 0;
}
