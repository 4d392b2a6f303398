using ControlPlane.Wire.Incidents;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Contracts.Placement;
using ControlPlane.Grains.Deployments.Reserving;
using ControlPlane.Grains.Incidents;
using ControlPlane.Grains.Telemetry;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Grains.Deployments;

/// <summary>
/// Failover of one pair: a usable warm spare is swapped in (WarmSpares); else the pair is re-placed through the
/// reservation transaction with a new revision, so its reservations never share an owner with the old pair's, which
/// keeps its GPUs until its pods are gone.
/// </summary>
internal sealed partial class PairFailover(DeploymentScope d)
{
    internal async Task<FailoverOutcome> FailoverPairAsync(FailoverRequest request)
    {
        using var span = GrainSpans.Start("deployment.failover", ("controlplane.deployment", d.Name), ("controlplane.pair", request.Pair), ("controlplane.incident", request.Incident));
        var trace = GrainSpans.CurrentParent;
        var s = d.Record;
        if (s.Spec is not { } spec || s.Status == DeploymentStatus.Deleting)
        {
            return new FailoverOutcome { Result = FailoverResult.NotFound, Detail = $"deployment '{d.Name}' is {(s.Spec is null ? "gone" : "being deleted")}" };
        }

        // A spare's reservations keep its unit when it is swapped in: a fault under them is then the serving pair's.
        var swappedIn = request.Pair == ReservationOwner.SparePair ? s.Pairs.FirstOrDefault(p => PairUnit.Of(p).Name == request.Unit) : null;
        if (request.Pair == ReservationOwner.SparePair && swappedIn is null)
        {
            return await d.Spares.RetireSparesAsync(request);
        }

        if ((swappedIn ?? s.Pairs.FirstOrDefault(p => p.Index == request.Pair)) is not { } pair)
        {
            return new FailoverOutcome { Result = FailoverResult.NotFound, Detail = $"'{d.Name}' has no pair {request.Pair}" };
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
            // The quarantine or cordon is in force on the node grain already; let this silo's d.Planner see it now.
            if (await d.Grains.Grain<INodeGrain>(quarantined.Node).GetPlacementAsync() is { } fresh)
            {
                d.Planner.Observe(fresh);
            }
        }

        if (await d.Spares.UsableSpareAsync(request.Blamed) is { } spare)
        {
            return await d.Spares.SwapAsync(pair, spare, request);
        }

        var unit = PairUnit.Of(pair);
        var revision = pair.Revision + 1;
        var old = pair with { Incident = request.Incident, Reason = $"replaced by revision {revision} (incident {request.Incident})" };
        PairView? replacement = null;
        var outcome = await d.Holdings.Reservations().ReserveAsync(s, new ReservationRequest
        {
            Spec = spec with { Pairs = 1 },
            Beside = [.. s.Pairs.Concat(s.Spares).Where(p => p != pair).Select(p => p.Placement)],
            Generation = s.Generation,
            IntentsOf = plan => [.. d.Holdings.IntentsOf(unit, revision, plan.Pairs[0])],
            Reserving = intents => s with { Pending = intents },
            Recorded = (plan, _) =>
            {
                var now = d.Clock.GetUtcNow();
                replacement = new PairView
                {
                    Id = pair.Id, Index = pair.Index, Unit = unit.Name, State = PairState.Planned, Placement = plan.Pairs[0], Since = now, Revision = revision, Incident = request.Incident,
                    Reason = $"replaces revision {pair.Revision} (incident {request.Incident}): {request.Reason}",
                };
                return s with
                {
                    Pairs = [.. s.Pairs.Select(p => p.Index == pair.Index ? replacement : p)],
                    Removing = d.InCluster ? [.. s.Removing, old] : s.Removing,
                    Pending = [],
                    SharedStale = d.InCluster,
                    ApplyTrace = d.InCluster ? trace ?? s.ApplyTrace : s.ApplyTrace,
                    Status = d.InCluster ? DeploymentStatus.Applying : s.Status,
                    UpdatedAt = now,
                    Message = $"pair {pair.Index} re-placed by incident {request.Incident} onto {plan.Pairs[0].Prefill.Node}/{plan.Pairs[0].Decode.Node} ({plan.Pairs[0].Tier})",
                };
            },
        });

        switch (outcome.Status)
        {
            case ReservationStatus.Reserved:
                await d.Holdings.RecordPairsAsync([replacement!]);
                await RetireReplacedAsync(old);
                return new FailoverOutcome
                {
                    Result = FailoverResult.Replaced, Replacement = replacement!.Placement, Previous = pair.Placement, Revision = revision, AwaitsPods = d.InCluster,
                    Detail = $"pair {pair.Index} revision {revision} on {DescribePlacement(replacement.Placement)}",
                };
            case ReservationStatus.Unavailable:
                return new FailoverOutcome { Result = FailoverResult.Unavailable, Detail = $"the replacement of pair {pair.Index}: {outcome.Detail}" };
        }

        if (d.Record.Pending.Length > 0)
        {
            await d.WriteAsync(s);
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
    internal async Task RetireReplacedAsync(PairView old)
    {
        if (d.InCluster)
        {
            await d.Objects.RemoveAsync([old]);
            await d.Objects.ApplyAsync();
        }
        else
        {
            await d.Holdings.ReleaseAsync(d.Holdings.IntentsOf(old));
            d.Logs.Progress(old, IncidentSteps.Drained, "plan-only: nothing ran; the old pair's GPUs are released");
        }
    }

    internal static string DescribePlacement(PairPlacement p) =>
        $"{p.Prefill.Node}[{string.Join(",", p.Prefill.GpuIndices)}] -> {p.Decode.Node}[{string.Join(",", p.Decode.GpuIndices)}] over {p.Tier} ({p.Wire})";
}
