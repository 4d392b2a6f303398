using ControlPlane.Contracts.Errors;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Contracts.Placement;
using ControlPlane.Grains.Nodes;
using ControlPlane.Grains.Tests.Incidents;
using ControlPlane.Testing;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Nodes;

namespace ControlPlane.Grains.Tests.Nodes;

/// <summary>
/// Issue 12: a request whose write fails answers an error and changes nothing; the same request succeeds
/// once storage is back. Storage fails on demand (<see cref="FailingStorage"/>), as Redis did when stopped.
/// </summary>
public sealed class FailedWriteTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private INodeGrain Node(string name) => fixture.Grains.GetGrain<INodeGrain>(name);

    private static CordonChange Cordon(bool on) => new() { Cordon = on, Reason = "fan failure", By = "ops" };

    [Fact]
    public async Task A_cordon_whose_write_fails_answers_an_error_and_is_not_in_force()
    {
        await Node("fw-cordon").ReportAsync(Reports.Steady("fw-cordon", 1));

        StateNotStoredException failed;
        using (FailingStorage.FailWritesOf("fw-cordon"))
        {
            failed = await Assert.ThrowsAsync<StateNotStoredException>(() => Node("fw-cordon").SetCordonAsync(Cordon(on: true)));
        }

        var after = await Node("fw-cordon").GetAsync();
        Assert.Contains("nothing changed", failed.Message, StringComparison.Ordinal);
        Assert.False(after!.Cordon.Cordoned);
        Assert.Empty(after.CordonHistory);
        Assert.False((await Node("fw-cordon").GetPlacementAsync())!.Cordoned);
    }

    [Fact]
    public async Task An_uncordon_whose_write_fails_leaves_the_node_cordoned()
    {
        await Node("fw-uncordon").ReportAsync(Reports.Steady("fw-uncordon", 1));
        await Node("fw-uncordon").SetCordonAsync(Cordon(on: true));

        using (FailingStorage.FailWritesOf("fw-uncordon"))
        {
            await Assert.ThrowsAsync<StateNotStoredException>(() => Node("fw-uncordon").SetCordonAsync(Cordon(on: false)));
        }

        var after = await Node("fw-uncordon").GetAsync();
        Assert.True(after!.Cordon.Cordoned);
        Assert.Single(after.CordonHistory);
    }

    [Fact]
    public async Task A_reservation_whose_write_fails_answers_an_error_and_holds_nothing()
    {
        await Node("fw-reserve").ReportAsync(Reports.Steady("fw-reserve", 1));
        var reservation = new GpuReservation { Owner = "dep/pair-0/prefill", GpuIndices = [0, 1] };

        using (FailingStorage.FailWritesOf("fw-reserve"))
        {
            await Assert.ThrowsAsync<StateNotStoredException>(() => Node("fw-reserve").ReserveAsync(reservation));
        }

        var afterFailure = await Node("fw-reserve").GetPlacementAsync();
        var retried = await Node("fw-reserve").ReserveAsync(reservation);
        Assert.All(afterFailure!.Gpus, g => Assert.Null(g.AllocatedTo));
        Assert.True(retried.Reserved);
        Assert.Equal(["dep/pair-0/prefill", "dep/pair-0/prefill"], retried.Node!.Gpus.Take(2).Select(g => g.AllocatedTo));
    }

    [Fact]
    public async Task A_release_whose_write_fails_answers_an_error_and_the_gpus_stay_held()
    {
        await Node("fw-release").ReportAsync(Reports.Steady("fw-release", 1));
        Assert.True((await Node("fw-release").ReserveAsync(new GpuReservation { Owner = "dep/pair-0/decode", GpuIndices = [2, 3] })).Reserved);

        using (FailingStorage.FailWritesOf("fw-release"))
        {
            await Assert.ThrowsAsync<StateNotStoredException>(() => Node("fw-release").ReleaseAsync("dep/pair-0/decode"));
        }

        var held = (await Node("fw-release").GetPlacementAsync())!.Gpus.Where(g => g.AllocatedTo == "dep/pair-0/decode").Select(g => g.Index);
        Assert.Equal([2, 3], held);
    }

    [Fact]
    public async Task A_report_whose_write_fails_answers_an_error_and_is_not_accepted()
    {
        await Node("fw-report").ReportAsync(Reports.Steady("fw-report", 1));
        var withXid = Reports.WithXid(Reports.Steady("fw-report", 2), gpu: 3, xid: 79);

        using (FailingStorage.FailWritesOf("fw-report"))
        {
            await Assert.ThrowsAsync<StateNotStoredException>(() => Node("fw-report").ReportAsync(withXid));
        }

        var afterFailure = await Node("fw-report").GetAsync();
        var retried = await Node("fw-report").ReportAsync(withXid);
        Assert.Equal(1, afterFailure!.Sequence);
        Assert.Equal(HealthStatus.Healthy, afterFailure.Gpus[3].Health.Status);
        Assert.Equal(ProbeOutcome.Accepted, retried.Outcome);
        Assert.NotEqual(HealthStatus.Healthy, (await Node("fw-report").GetAsync())!.Gpus[3].Health.Status);
    }

    [Fact]
    public async Task A_telemetry_report_under_the_ceiling_needs_no_write_and_one_beyond_it_is_refused_when_the_write_fails()
    {
        var first = Reports.Steady("fw-mark", 1);
        await Node("fw-mark").ReportAsync(first);
        var ceiling = 1 + new NodeOptions().SequenceHeadroom;
        var warmer = first with { Sequence = 2, Gpus = [.. first.Gpus.Select(g => g with { TemperatureC = 45 })] };
        var beyond = warmer with { Sequence = ceiling + 1 };

        ProbeAck underCeiling;
        using (FailingStorage.FailWritesOf("fw-mark"))
        {
            underCeiling = await Node("fw-mark").ReportAsync(warmer);
            await Assert.ThrowsAsync<StateNotStoredException>(() => Node("fw-mark").ReportAsync(beyond));
        }

        var afterFailure = await Node("fw-mark").GetAsync();
        var retried = await Node("fw-mark").ReportAsync(beyond);
        Assert.Equal(ProbeOutcome.Accepted, underCeiling.Outcome);
        Assert.Equal(2, afterFailure!.Sequence);
        Assert.Equal(ProbeOutcome.Accepted, retried.Outcome);
        Assert.Equal(ceiling + 1, (await Node("fw-mark").GetAsync())!.Sequence);
    }

    [Fact]
    public async Task A_token_whose_write_fails_answers_an_error_and_the_old_token_stays_valid()
    {
        await Node("fw-token").SetAgentTokenAsync("old-hash");

        using (FailingStorage.FailWritesOf("fw-token"))
        {
            await Assert.ThrowsAsync<StateNotStoredException>(() => Node("fw-token").SetAgentTokenAsync("new-hash"));
        }

        Assert.True(await Node("fw-token").VerifyAgentTokenAsync("old-hash"));
        Assert.False(await Node("fw-token").VerifyAgentTokenAsync("new-hash"));
    }

    [Fact]
    public async Task A_sequence_reset_whose_write_fails_leaves_the_sequence_in_force()
    {
        await Node("fw-reset").ReportAsync(Reports.Steady("fw-reset", 500));

        using (FailingStorage.FailWritesOf("fw-reset"))
        {
            await Assert.ThrowsAsync<StateNotStoredException>(() => Node("fw-reset").ResetSequenceAsync("admin", "stuck agent"));
        }

        var stale = await Node("fw-reset").ReportAsync(Reports.Steady("fw-reset", 3));
        Assert.Equal(ProbeOutcome.Stale, stale.Outcome);
        Assert.Empty((await Node("fw-reset").GetAsync())!.SequenceResets);
    }

    [Fact]
    public async Task A_pair_transition_whose_write_fails_leaves_the_pair_where_it_was()
    {
        var pair = fixture.Grains.GetGrain<IPdPairGrain>("fw-pair/pair-0");
        await pair.RecordAsync(IncidentSamples.SameNode("fw-pair", "fw-pair-node", 0, 1));

        using (FailingStorage.FailWritesOf("fw-pair/pair-0"))
        {
            await Assert.ThrowsAsync<StateNotStoredException>(() => pair.TransitionAsync(PairState.Failed, "pod lost"));
        }

        // Running → Degraded is allowed only if the failed transition to Failed did not take effect.
        var degraded = await pair.TransitionAsync(PairState.Degraded, "slow wire");
        Assert.Equal(PairState.Degraded, degraded!.State);
    }
}
