namespace ControlPlane.Grains.Deployments.Reserving;

/// <summary>
/// The wait before planning again after a concurrent placement took a reserved node first. Front ends plan against
/// their own views of a pool, so planners that chose the same best node would otherwise retry in lock-step and meet
/// again; a random wait under a bound that doubles per attempt ("full jitter") spreads them apart.
/// </summary>
internal static class PlacementRetryBackoff
{
    /// <summary>The longest wait after any one attempt.</summary>
    public static readonly TimeSpan Cap = TimeSpan.FromMilliseconds(128);

    /// <summary>A wait in [1 ms, min(2^(attempt+1) ms, <see cref="Cap"/>)] after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public static TimeSpan After(int attempt, Random random)
    {
        var bound = Math.Min(2 << Math.Clamp(attempt, 1, 16), (int)Cap.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(random.Next(1, bound + 1));
    }

    public static Task WaitAsync(int attempt) => Task.Delay(After(attempt, Random.Shared));
}
