using ControlPlane.Grains.Deployments;
using ControlPlane.Kubernetes;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Grains.Tests.Deployments;

/// <summary>Each edge a pair takes from what its pods say (the grain records the transition; this decides it).</summary>
public class PairObservationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan DegradedAfter = TimeSpan.FromSeconds(60);

    private static readonly ReplicaPlacement Replica = new() { Node = "n1", GpuIndices = [0], GpuUuids = ["GPU-0"], GpuMinors = [0] };

    private static PairView Pair(PairState state, params PodView[] pods) => new()
    {
        Id = "d/pair-0",
        Index = 0,
        State = state,
        Placement = new PairPlacement { Prefill = Replica, Decode = Replica, Tier = "nvlink", Wire = "NV18", EstimatedKvTransferMs = 3 },
        Pods = pods,
    };

    private static ReplicaPodStatus Pod(string role, string phase = "Running", bool ready = true, int restarts = 0, bool terminating = false, int pair = 0) =>
        new() { Name = $"d-{role}-{pair}", Pair = pair, Role = role, Phase = phase, Ready = ready, Restarts = restarts, Terminating = terminating, Reason = phase == "Failed" ? "OOMKilled" : null };

    private static PodView Seen(string role, bool ready = true, int restarts = 0, DateTimeOffset? since = null) =>
        new() { Name = $"d-{role}-0", Role = role, Phase = "Running", Ready = ready, Restarts = restarts, Since = since ?? T0 };

    [Fact]
    public void Bound_stays_Bound_while_a_pod_is_not_Ready()
    {
        var o = PairObservation.Observe(Pair(PairState.Bound), [Pod("prefill"), Pod("decode", "Pending", ready: false)], T0, DegradedAfter);

        Assert.Equal(PairState.Bound, o.State);
        Assert.Equal(["d-prefill-0", "d-decode-0"], o.Pods.Select(p => p.Name));
    }

    [Fact]
    public void Bound_becomes_Running_when_both_pods_are_Ready()
    {
        var o = PairObservation.Observe(Pair(PairState.Bound), [Pod("decode"), Pod("prefill"), Pod("prefill", pair: 1)], T0, DegradedAfter);

        Assert.Equal(PairState.Running, o.State);
        Assert.Equal(2, o.Pods.Length);
    }

    [Fact]
    public void Running_becomes_Degraded_when_a_pod_restarts_and_Running_again_when_Ready_without_a_new_restart()
    {
        var running = Pair(PairState.Running, Seen("prefill"), Seen("decode"));

        var degraded = PairObservation.Observe(running, [Pod("prefill"), Pod("decode", ready: false, restarts: 1)], T0.AddSeconds(5), DegradedAfter);
        Assert.Equal(PairState.Degraded, degraded.State);
        Assert.Contains("d-decode-0 restarted", degraded.Reason, StringComparison.Ordinal);

        var again = PairObservation.Observe(running with { State = PairState.Degraded, Pods = degraded.Pods }, [Pod("prefill"), Pod("decode", restarts: 1)], T0.AddSeconds(10), DegradedAfter);
        Assert.Equal(PairState.Running, again.State);
    }

    [Fact]
    public void Running_becomes_Degraded_only_after_a_pod_is_not_Ready_for_the_configured_time()
    {
        var running = Pair(PairState.Running, Seen("prefill"), Seen("decode"));
        var first = PairObservation.Observe(running, [Pod("prefill"), Pod("decode", ready: false)], T0.AddSeconds(1), DegradedAfter);
        Assert.Equal(PairState.Running, first.State);
        Assert.Equal(T0.AddSeconds(1), first.Pods[1].Since);

        var later = PairObservation.Observe(running with { Pods = first.Pods }, [Pod("prefill"), Pod("decode", ready: false)], T0.AddSeconds(61), DegradedAfter);
        Assert.Equal(PairState.Degraded, later.State);
        Assert.Contains("not Ready for 60s", later.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_pod_fails_the_pair()
    {
        var o = PairObservation.Observe(Pair(PairState.Running, Seen("prefill"), Seen("decode")), [Pod("prefill", "Failed", ready: false), Pod("decode")], T0, DegradedAfter);

        Assert.Equal(PairState.Failed, o.State);
        Assert.Equal("pod d-prefill-0 failed: OOMKilled", o.Reason);
    }

    [Fact]
    public void A_pod_that_disappears_fails_the_pair()
    {
        var o = PairObservation.Observe(Pair(PairState.Degraded, Seen("prefill"), Seen("decode")), [Pod("prefill")], T0, DegradedAfter);

        Assert.Equal(PairState.Failed, o.State);
        Assert.Equal("pod d-decode-0 disappeared", o.Reason);
    }

    [Fact]
    public void A_pod_deleted_behind_the_control_planes_back_fails_the_pair()
    {
        var o = PairObservation.Observe(Pair(PairState.Running, Seen("prefill"), Seen("decode")), [Pod("prefill", terminating: true), Pod("decode")], T0, DegradedAfter);

        Assert.Equal(PairState.Failed, o.State);
    }

    [Theory]
    [InlineData(PairState.Planned)]
    [InlineData(PairState.Failed)]
    [InlineData(PairState.Replaced)]
    public void Pairs_not_applied_or_already_done_keep_their_state_but_show_their_pods(PairState state)
    {
        var o = PairObservation.Observe(Pair(state), [Pod("prefill"), Pod("decode")], T0, DegradedAfter);

        Assert.Equal(state, o.State);
        Assert.Equal(2, o.Pods.Length);
    }

    [Fact]
    public void Every_state_the_observation_picks_is_an_allowed_edge()
    {
        foreach (var (from, to) in new[] { (PairState.Bound, PairState.Running), (PairState.Running, PairState.Degraded), (PairState.Degraded, PairState.Running), (PairState.Bound, PairState.Failed), (PairState.Running, PairState.Failed), (PairState.Degraded, PairState.Failed) })
        {
            Assert.True(PairTransitions.IsAllowed(from, to), $"{from} -> {to}");
        }
    }
}
