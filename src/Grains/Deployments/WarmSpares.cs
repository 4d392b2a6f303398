using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Contracts.Placement;
using ControlPlane.Grains.Incidents;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Incidents;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Grains.Deployments;

/// <summary>
/// Warm spares (DeploymentSpec.Spares): pairs placed, reserved, applied and observed like the serving ones, named by
/// their own unit (spare-{n}) and left out of the router and the endpoints. A failover swaps a usable spare in: it
/// becomes the failed pair's index (its pods keep running), the old pair drains, and a new spare is placed in the
/// background.
/// </summary>
internal sealed partial class WarmSpares(DeploymentScope d)
{
    /// <summary>Places the spares the spec asks for and the deployment lacks; one that fits nowhere is said in the message, never an error.</summary>
    internal async Task FillSparesAsync()
    {
        var s = d.Record;
        if (s.Spec is not { } spec || s.Pairs.Length == 0 || s.Status is DeploymentStatus.Deleting or DeploymentStatus.Pending or DeploymentStatus.Unplaceable)
        {
            return;
        }

        var missing = spec.Spares - s.Spares.Length;
        if (missing <= 0)
        {
            return;
        }

        var outcome = await d.Holdings.PlaceAsync(spec, NextSpareUnits(s, missing), s.Generation);
        if (outcome.Refused is not null)
        {
            await d.WriteAsync(d.Record with
            {
                Message = DeploymentScope.Join(s.Message, $"{d.Record.Spares.Length} of {spec.Spares} spares placed: {outcome.Detail} (PUT the spec again to retry)"),
                UpdatedAt = d.Clock.GetUtcNow(),
            });
        }
    }

    /// <summary>The next free spare numbers from <see cref="DeploymentRecord.NextSpare"/> on: no unit still holding objects or GPUs shares one.</summary>
    internal static PairUnit[] NextSpareUnits(DeploymentRecord s, int count)
    {
        var inUse = s.Pairs.Concat(s.Spares).Concat(s.Removing).Select(PairUnit.Of).Where(u => u.IsSpare).Select(u => u.Number).ToHashSet();
        var units = new List<PairUnit>();
        for (var k = 0; k <= PairUnit.MaxSpareNumber && units.Count < count; k++)
        {
            var n = (s.NextSpare + k) % (PairUnit.MaxSpareNumber + 1);
            if (!inUse.Contains(n))
            {
                units.Add(PairUnit.Spare(n));
            }
        }

        return [.. units];
    }

    /// <summary>Fewer spares: the newest go, and keep their GPUs until their pods are gone (at once in plan-only mode).</summary>
    internal async Task TrimSparesAsync(int keep)
    {
        var s = d.Record;
        var removed = s.Spares[keep..];
        await d.WriteAsync(s with
        {
            Spares = s.Spares[..keep],
            Removing = [.. s.Removing, .. removed],
            UpdatedAt = d.Clock.GetUtcNow(),
            Message = $"spares down to {keep}; {string.Join(", ", removed.Select(PairUnit.Of))} deleted, {d.Spec.RemovedGpus}",
            SharedStale = d.InCluster,
        });
        await d.Objects.RemoveAsync(removed);
        await d.Objects.ApplyAsync();
    }

    /// <summary>
    /// A spare that can take over now: Running (Planned in plan-only mode: nothing runs anywhere), not on the blamed
    /// component, and on GPUs the node grains still call healthy (not quarantined) on nodes not lost.
    /// </summary>
    internal async Task<PairView?> UsableSpareAsync(BlamedComponent? blamed)
    {
        var ready = d.InCluster ? PairState.Running : PairState.Planned;
        foreach (var spare in d.Record.Spares.Where(p => p.State == ready))
        {
            if ((blamed is { } component && PairBlame.Touches(spare.Placement, component)) || PairLogCheck.FoundMismatch(spare.WireCheck))
            {
                continue;
            }

            if (await HealthyAsync(spare.Placement.Prefill) && await HealthyAsync(spare.Placement.Decode))
            {
                return spare;
            }
        }

        return null;
    }

    internal async Task<bool> HealthyAsync(Wire.Placement.ReplicaPlacement replica)
    {
        if (await d.Grains.Grain<INodeGrain>(replica.Node).GetPlacementAsync() is not { } node)
        {
            return false;
        }

        d.Planner.Observe(node);

        // A quarantined, settling or down NIC is inactive in the placement view: a cross-node spare behind one would
        // move its KV transfer off the wire it was placed on.
        return node.Readiness != Readiness.NotReady && replica.GpuIndices.All(i => node.Gpus.FirstOrDefault(g => g.Index == i) is { Healthy: true })
            && (replica.Nic is not { } nic || node.Nics.FirstOrDefault(n => n.Device == nic) is { Active: true });
    }

    /// <summary>A spare's wire check is recorded, not signalled: no incident is about a pair that serves nothing.</summary>
    internal async Task<PairView> CheckSpareWireAsync(PairView spare)
    {
        var (checkedSpare, mismatch) = await d.Logs.CheckWireAsync(spare);
        if (mismatch is not null)
        {
            d.Logger.LogWarning("Deployment {Name}: {Reason}; it will not be swapped in", d.Name, mismatch.Reason);
        }

        return checkedSpare;
    }

    /// <summary>
    /// The spare takes the pair's index and next revision; it keeps its unit, pods and reservations (its owners keep the
    /// revision it was placed with). The old pair goes to Removing as on a re-placement; the router is applied again.
    /// </summary>
    internal async Task<FailoverOutcome> SwapAsync(PairView pair, PairView spare, FailoverRequest request)
    {
        var s = d.Record;
        var now = d.Clock.GetUtcNow();
        var unit = PairUnit.Of(spare);
        var revision = pair.Revision + 1;
        var swapped = spare with
        {
            Id = pair.Id, Index = pair.Index, Revision = revision, OwnerRevision = PairUnit.OwnerRevisionOf(spare), Incident = request.Incident, Unit = unit.Name,
            Reason = $"{unit} swapped in for revision {pair.Revision} (incident {request.Incident}): {request.Reason}",
        };
        var old = pair with { Incident = request.Incident, Reason = $"replaced by {unit} as revision {revision} (incident {request.Incident})" };
        PairView[] pairs = [.. s.Pairs.Select(p => p.Index == pair.Index ? swapped : p)];
        var detail = $"{unit} swapped in as pair {pair.Index} revision {revision} on {PairFailover.DescribePlacement(spare.Placement)}";
        var notRecorded = await d.Holdings.Reservations().RecordAsync(s, s with
        {
            Pairs = pairs,
            Spares = [.. s.Spares.Where(p => p != spare)],
            Removing = d.InCluster ? [.. s.Removing, old] : s.Removing,
            SharedStale = d.InCluster,
            Status = d.InCluster ? PodWatch.StatusOf(pairs) : s.Status,
            UpdatedAt = now,
            Message = $"pair {pair.Index}: {detail} by incident {request.Incident}; its pods keep running, only the router and endpoints changed",
        }, taken: []);
        if (notRecorded is not null)
        {
            return new FailoverOutcome { Result = FailoverResult.Unavailable, Detail = $"swapping {unit} in: {notRecorded}" };
        }

        await d.Holdings.RecordPairsAsync([swapped]);
        d.Grains.Grain<IPdPairGrain>(spare.Id).TransitionAsync(PairState.Replaced, $"swapped in as pair {pair.Index} (recorded as {pair.Id} from now on)").Ignore();
        await d.Failover.RetireReplacedAsync(old);

        RefillLater();
        return new FailoverOutcome
        {
            Result = FailoverResult.Replaced, Replacement = spare.Placement, Previous = pair.Placement, Revision = revision, AwaitsPods = false, SwappedIn = unit.Name,
            Detail = detail + (d.InCluster ? "; nothing restarts, the router points at it now and the old pair drains" : "; plan-only: the old pair's GPUs are released"),
        };
    }

    /// <summary>
    /// A fault under a spare (its reservation owner names no pair: <see cref="ReservationOwner.SparePair"/>): every spare on
    /// the blamed component is dropped and replaced; the serving pairs are not touched.
    /// </summary>
    internal async Task<FailoverOutcome> RetireSparesAsync(FailoverRequest request)
    {
        var hit = request.Blamed is { } blamed ? d.Record.Spares.Where(p => PairBlame.Touches(p.Placement, blamed)).ToArray() : [];
        if (hit.Length == 0)
        {
            return new FailoverOutcome { Result = FailoverResult.NotAffected, Detail = $"no spare of '{d.Name}' uses {request.Blamed?.ToString() ?? "the blamed component"}" };
        }

        var units = string.Join(", ", hit.Select(PairUnit.Of));
        await ReplaceSparesAsync(hit, $"{units} dropped (incident {request.Incident}: {request.Reason})");
        return new FailoverOutcome
        {
            Result = FailoverResult.Replaced, Revision = request.Revision ?? 0,
            Detail = $"{units} dropped: a spare on the blamed component serves as nobody's fallback; {d.Record.Spares.Length} of {d.Record.Spec?.Spares} spares placed now",
        };
    }

    /// <summary>Spares that can no longer take over (failed pods, a fault under them) are deleted (GPUs kept until their pods are gone) and new ones placed.</summary>
    internal async Task ReplaceSparesAsync(PairView[] gone, string why)
    {
        var s = d.Record;
        await d.WriteAsync(s with
        {
            Spares = [.. s.Spares.Where(p => !gone.Contains(p))],
            Removing = [.. s.Removing, .. gone],
            SharedStale = d.InCluster,
            UpdatedAt = d.Clock.GetUtcNow(),
            Message = $"{why}: deleted, a new spare is placed",
        });
        await d.Objects.RemoveAsync(gone);
        await FillSparesAsync();
    }

    /// <summary>
    /// A new spare is placed after this turn, so the failover answers without waiting for it. The timer dies with the
    /// activation; the next activation sees the spares missing and asks again.
    /// </summary>
    internal void RefillLater() => d.Later(TimeSpan.Zero, FillSparesAsync);
}
