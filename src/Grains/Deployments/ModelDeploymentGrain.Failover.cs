using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Incidents;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Contracts.Placement;
using ControlPlane.Diagnostics;
using ControlPlane.Grains.Deployments.Reserving;
using ControlPlane.Grains.Incidents;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Grains.Deployments;

/// <summary>
/// Failover: a usable warm spare is swapped in (ModelDeploymentGrain.Spares.cs); else one pair is re-placed through the same pipeline (plan, reserve on the node grains, record, apply) with a new
/// revision, so its reservations never share an owner with the old pair's, which keeps its GPUs until its pods are gone.
/// The pods are the pair's witnesses: their logs are read when it first runs (is the wire as fast as placed?) and when
/// it turns Degraded or Failed (who stalled?).
/// </summary>
public sealed partial class ModelDeploymentGrain
{
    private const long LogTailBytes = 4 * 1024 * 1024;

    public async Task<FailoverOutcome> FailoverPairAsync(FailoverRequest request)
    {
        var s = state.State;
        if (s.Spec is not { } spec || s.Status == DeploymentStatus.Deleting)
        {
            return new FailoverOutcome { Result = FailoverResult.NotFound, Detail = $"deployment '{Name}' is {(s.Spec is null ? "gone" : "being deleted")}" };
        }

        // A spare's reservations keep its unit when it is swapped in: a fault under them is then the serving pair's.
        var swappedIn = request.Pair == ReservationOwner.SparePair ? s.Pairs.FirstOrDefault(p => PairUnit.Of(p).Name == request.Unit) : null;
        if (request.Pair == ReservationOwner.SparePair && swappedIn is null)
        {
            return await RetireSparesAsync(request);
        }

        if ((swappedIn ?? s.Pairs.FirstOrDefault(p => p.Index == request.Pair)) is not { } pair)
        {
            return new FailoverOutcome { Result = FailoverResult.NotFound, Detail = $"'{Name}' has no pair {request.Pair}" };
        }

        // The revision a fault names is the one its reservation owner carries: a swapped-in spare's is the spare's own.
        if (request.Revision is { } blamed && (swappedIn is null ? pair.Revision : PairUnit.OwnerRevisionOf(pair)) != blamed)
        {
            return new FailoverOutcome { Result = FailoverResult.AlreadyReplaced, Detail = $"pair {pair.Index} is at revision {pair.Revision} already", Replacement = pair.Placement, Revision = pair.Revision };
        }

        if (request.Blamed is { } component && !PairBlame.Touches(pair.Placement, component))
        {
            return new FailoverOutcome { Result = FailoverResult.NotAffected, Detail = $"pair {pair.Index} does not use {component}", Revision = pair.Revision };
        }

        if (request.Blamed is { } quarantined)
        {
            // The quarantine or cordon is in force on the node grain already; let this silo's planner see it now.
            if (await GrainFactory.Grain<INodeGrain>(quarantined.Node).GetPlacementAsync() is { } fresh)
            {
                planner.Observe(fresh);
            }
        }

        if (await UsableSpareAsync(request.Blamed) is { } spare)
        {
            return await SwapAsync(pair, spare, request);
        }

        var unit = PairUnit.Of(pair);
        var revision = pair.Revision + 1;
        var old = pair with { Incident = request.Incident, Reason = $"replaced by revision {revision} (incident {request.Incident})" };
        PairView? replacement = null;
        var outcome = await Reservations().ReserveAsync(s, new ReservationRequest
        {
            Spec = spec with { Pairs = 1 },
            Beside = [.. s.Pairs.Concat(s.Spares).Where(p => p != pair).Select(p => p.Placement)],
            Generation = s.Generation,
            IntentsOf = plan => [.. IntentsOf(unit, revision, plan.Pairs[0])],
            Reserving = intents => s with { Pending = intents },
            Recorded = (plan, _) =>
            {
                var now = clock.GetUtcNow();
                replacement = new PairView
                {
                    Id = pair.Id, Index = pair.Index, Unit = unit.Name, State = PairState.Planned, Placement = plan.Pairs[0], Since = now, Revision = revision, Incident = request.Incident,
                    Reason = $"replaces revision {pair.Revision} (incident {request.Incident}): {request.Reason}",
                };
                return s with
                {
                    Pairs = [.. s.Pairs.Select(p => p.Index == pair.Index ? replacement : p)],
                    Removing = InCluster ? [.. s.Removing, old] : s.Removing,
                    Pending = [],
                    SharedStale = InCluster,
                    Status = InCluster ? DeploymentStatus.Applying : s.Status,
                    UpdatedAt = now,
                    Message = $"pair {pair.Index} re-placed by incident {request.Incident} onto {plan.Pairs[0].Prefill.Node}/{plan.Pairs[0].Decode.Node} ({plan.Pairs[0].Tier})",
                };
            },
        });

        switch (outcome.Status)
        {
            case ReservationStatus.Reserved:
                await RecordPairsAsync([replacement!]);
                await RetireReplacedAsync(old);
                return new FailoverOutcome
                {
                    Result = FailoverResult.Replaced, Replacement = replacement!.Placement, Revision = revision, AwaitsPods = InCluster,
                    Detail = $"pair {pair.Index} revision {revision} on {Describe(replacement.Placement)}",
                };
            case ReservationStatus.Unavailable:
                return new FailoverOutcome { Result = FailoverResult.Unavailable, Detail = $"the replacement of pair {pair.Index}: {outcome.Detail}" };
        }

        if (state.State.Pending.Length > 0)
        {
            await WriteAsync(s);
        }

        var why = outcome.Status == ReservationStatus.FitsNowhere
            ? string.Join("; ", outcome.Rejections.Take(5).Select(r => $"{r.Node}: {string.Join(", ", r.Reasons)}"))
            : outcome.Why;
        return new FailoverOutcome { Result = FailoverResult.Unplaceable, Detail = $"no replacement for pair {pair.Index} fits anywhere right now ({why}); it stays where it is", Revision = pair.Revision };
    }

    /// <summary>
    /// The pair a replacement or a swapped-in spare took over from: in a cluster its objects are deleted (its GPUs kept until
    /// its pods are gone) and the router is applied again; plan-only, nothing ran on its GPUs, so they go back at once.
    /// </summary>
    private async Task RetireReplacedAsync(PairView old)
    {
        if (InCluster)
        {
            await RemoveAsync([old]);
            await ApplyAsync();
        }
        else
        {
            await ReleaseAsync(IntentsOf(old));
            Progress(old, "drained", "plan-only: nothing ran; the old pair's GPUs are released");
        }
    }

    private static string Describe(PairPlacement p) =>
        $"{p.Prefill.Node}[{string.Join(",", p.Prefill.GpuIndices)}] -> {p.Decode.Node}[{string.Join(",", p.Decode.GpuIndices)}] over {p.Tier} ({p.Wire})";

    /// <summary>Tells the incident that placed (or replaced) the pair how it moved on; best effort, one-way.</summary>
    private void Progress(PairView pair, string step, string detail)
    {
        if (pair.Incident is { } incident)
        {
            GrainFactory.GetGrain<IIncidentGrain>(incident)
                .PairProgressAsync(new PairProgress { Deployment = Name, Pair = pair.Index, Step = step, Detail = detail, At = clock.GetUtcNow() })
                .Ignore();
        }
    }

    /// <summary>After a pair moved (observed by the resync), read its logs when that tells something: its first Running, or a failure.</summary>
    private async Task<PairView> AfterTransitionAsync(PairView before, PairView after)
    {
        if (after.State == PairState.Bound)
        {
            Progress(after, "applied", "the replacement's objects were applied");
        }

        if (after.State == PairState.Running && before.State != PairState.Running)
        {
            Progress(after, "recovered", $"both pods Ready ({string.Join(", ", after.Pods.Select(p => p.Name))})");
            if (after.WireCheck is null)
            {
                (after, var mismatch) = await CheckWireAsync(after);
                if (mismatch is not null)
                {
                    Signal(mismatch);
                }
            }
        }

        if (after.State is PairState.Degraded or PairState.Failed && before.State != after.State)
        {
            var diagnosis = await DiagnoseAsync(after);
            var signals = diagnosis is null ? [] : PairLogCheck.Failures(Name, after, diagnosis).ToList();
            if (signals.Count == 0 && after.State == PairState.Failed)
            {
                signals.Add(new FailureSignal
                {
                    Kind = Wire.Incidents.IncidentKind.PodFailed, Reason = $"pair {after.Index} failed: {after.Reason}", Blame = [PairBlame.Pair(after)],
                    Pairs = [new PairRef { Deployment = Name, Pair = after.Index, Revision = after.Revision }], Evidence = [after.Reason ?? "pod failed"],
                    Actor = "pod-watch", Quarantine = false,
                });
            }

            foreach (var signal in signals)
            {
                Signal(signal);
            }
        }

        return after;
    }

    /// <summary>
    /// The wire check of a pair (or spare) that just started running: its logs against the tier it was placed on. The
    /// pair comes back with <see cref="PairView.WireCheck"/> set; the mismatch, when there is one, is the caller's to act on.
    /// </summary>
    private async Task<(PairView Checked, FailureSignal? Mismatch)> CheckWireAsync(PairView pair)
    {
        var diagnosis = await DiagnoseAsync(pair);
        var mismatch = diagnosis is null ? null : PairLogCheck.WireMismatch(Name, pair, diagnosis);
        return (pair with { WireCheck = diagnosis is null ? "no NCCL log" : mismatch?.Reason ?? $"as placed ({diagnosis.Transport})" }, mismatch);
    }

    private void Signal(FailureSignal signal) =>
        GrainFactory.GetGrain<IFailoverGrain>(IFailoverGrain.Key).SignalAsync(signal).Ignore();

    /// <summary>The NCCL diagnosis of both pods' log tails; null when neither has a log (or no cluster).</summary>
    private async Task<NcclDiagnosis?> DiagnoseAsync(PairView pair)
    {
        var readers = new List<(string Name, TextReader Reader)>();
        try
        {
            foreach (var pod in pair.Pods)
            {
                if (await applier.ReadPodLogAsync(pod.Name, LogTailBytes) is { } log)
                {
                    readers.Add((pod.Name, new StreamReader(log)));
                }
            }

            return readers.Count == 0 ? null : NcclLogDiagnoser.Diagnose(readers);
        }
        catch (Exception e) when (IsClusterFailure(e))
        {
            logger.LogWarning(e, "Deployment {Name}: reading the logs of pair {Pair} failed", Name, pair.Index);
            return null;
        }
        finally
        {
            foreach (var (_, reader) in readers)
            {
                reader.Dispose();
            }
        }
    }
}
