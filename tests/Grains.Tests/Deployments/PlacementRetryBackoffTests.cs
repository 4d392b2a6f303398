using ControlPlane.Grains.Deployments.Reserving;

namespace ControlPlane.Grains.Tests.Deployments;

public sealed class PlacementRetryBackoffTests
{
    [Theory]
    [InlineData(1, 4)]
    [InlineData(2, 8)]
    [InlineData(3, 16)]
    [InlineData(5, 64)]
    [InlineData(6, 128)]
    [InlineData(8, 128)]
    public void The_wait_after_an_attempt_is_random_within_a_bound_that_doubles_up_to_the_cap(int attempt, int boundMs)
    {
        var random = new Random(7);
        var waits = Enumerable.Range(0, 2000).Select(_ => PlacementRetryBackoff.After(attempt, random).TotalMilliseconds).ToArray();

        Assert.All(waits, w => Assert.InRange(w, 1, boundMs));
        Assert.Equal(boundMs, waits.Max());
        Assert.True(waits.Distinct().Count() > boundMs / 2, "the waits should spread over the range, so planners that met do not meet again");
    }
}
