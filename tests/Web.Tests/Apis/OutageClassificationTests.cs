using ControlPlane.Contracts.Errors;
using ControlPlane.Web.Apis.Problems;
using Orleans.Reminders.Redis;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>
/// Which failures are an outage (503: nothing changed, retry) and which leave a change's outcome unknown (504: read the
/// resource first). Grains rethrow what they met, so the cause may sit anywhere in the exception's chain.
/// </summary>
public sealed class OutageClassificationTests
{
    [Fact]
    public void Redis_reminders_failing_while_Redis_recovers_is_an_outage_not_a_500()
    {
        var failure = new InvalidOperationException("deleting", new RedisRemindersException("Redis reminder table: connection refused"));

        Assert.True(ClusterUnavailable.Is(failure));
        Assert.StartsWith("The cluster's storage (Redis) cannot be reached", ClusterUnavailable.Describe(failure), StringComparison.Ordinal);
    }

    [Fact]
    public void A_grain_call_past_its_response_timeout_leaves_the_outcome_unknown()
    {
        var timeout = new TimeoutException("Response did not arrive on time in 00:00:05 for IModelDeploymentGrain.PutAsync");

        Assert.True(ClusterUnavailable.Is(timeout));
        Assert.True(ClusterUnavailable.OutcomeUnknown(timeout));
        Assert.True(ClusterUnavailable.OutcomeUnknown(new AggregateException(new SiloUnavailableException("silo S127.0.0.1:11111 is dead"))));
    }

    [Fact]
    public void A_write_the_grain_says_it_did_not_store_changed_nothing_even_when_storage_timed_out()
    {
        var notStored = new StateNotStoredException("qwen: the deployment was not stored (timeout); nothing changed", new TimeoutException("Redis"));

        Assert.True(ClusterUnavailable.Is(notStored));
        Assert.False(ClusterUnavailable.OutcomeUnknown(notStored));
    }
}
