using System.Text.Json;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Errors;
using ControlPlane.Kubernetes;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Grains.Deployments;

/// <summary>
/// The spec side of a deployment: a PUT becomes a first placement, a resize (pairs, spares, labels) or a re-placement
/// of every pair; a DELETE forgets it once nothing can run on its GPUs.
/// </summary>
internal sealed partial class SpecChanges(DeploymentScope d)
{
    internal async Task<PutOutcome> PutAsync(DeploymentSpec spec)
    {
        // Other services call this directly: a spec REST would refuse is refused here too, before anything is stored.
        InvalidInputException.ThrowIfAny(DeploymentSpecChecks.Title, DeploymentSpecChecks.Problems(d.Name, spec, await d.Planner.LargestNodeGpusAsync()));
        var current = d.Record;
        if (current.Status == DeploymentStatus.Deleting)
        {
            return Refuse("Being deleted", $"'{d.Name}' is being deleted ({current.Message}); PUT it again once it is gone.");
        }

        if (current.Spec is { } before && SameSpec(before, spec) && current.Status is not (DeploymentStatus.Unplaceable or DeploymentStatus.Pending))
        {
            // The same spec again: a spare that could not be placed before is tried again.
            await d.Spares.FillSparesAsync();
            return new PutOutcome { View = d.View() };
        }

        if (current.Pairs.Length == 0 && current.Removing.Length == 0)
        {
            return await d.Holdings.PlaceNewAsync(spec, current.Generation + 1);
        }

        if (current.Spec is { } old && SameSpec(old with { Pairs = spec.Pairs, Spares = spec.Spares, Labels = spec.Labels }, spec))
        {
            return await ResizeAsync(spec, relabel: !SameSpec(old with { Labels = spec.Labels }, old));
        }

        return await ReplaceAsync(spec);
    }

    internal async Task<DeleteOutcome> DeleteAsync()
    {
        var s = d.Record;
        if (s.Spec is null)
        {
            return DeleteOutcome.NotFound;
        }

        if (!d.InCluster || (s.Pairs.Concat(s.Spares).All(p => p.State == PairState.Planned) && s.Removing.Length == 0 && s.Status != DeploymentStatus.ApplyFailed))
        {
            // Nothing was sent to a cluster: nothing can be running on the GPUs.
            var reason = d.Applier.Mode == ApplyMode.PlanOnly ? PlanOnlyApplier.Reason : "nothing was applied";
            try
            {
                await ForgetAsync(reason);
                return DeleteOutcome.Deleted;
            }
            catch (Exception e) when (Outages.Is(e) && d.Record.Status == DeploymentStatus.Deleting)
            {
                // The intent (Deleting) is stored and some GPUs may be released already: say it is under way, and finish later.
                d.Logger.LogWarning(e, "Deployment {Name}: releasing its GPUs failed part-way; trying again shortly", d.Name);
                d.Later(DeploymentScope.RetryDelay, () => ForgetAsync(reason));
                return DeleteOutcome.Deleting;
            }
        }

        if (s.Status != DeploymentStatus.Deleting)
        {
            await d.WriteAsync(s with { Status = DeploymentStatus.Deleting, DeleteSent = false, Message = "deleting the objects", UpdatedAt = d.Clock.GetUtcNow() });
        }

        if (!d.Record.DeleteSent)
        {
            await d.Objects.SendDeleteAsync();
        }

        d.Watch.EnsureResync();
        return DeleteOutcome.Deleting;
    }

    /// <summary>
    /// Only the pair or spare count or the labels changed: pairs grow or shrink first, then the spares follow; new labels
    /// are applied to every object in place.
    /// </summary>
    internal async Task<PutOutcome> ResizeAsync(DeploymentSpec spec, bool relabel)
    {
        var s = d.Record;
        if (spec.Pairs > s.Pairs.Length)
        {
            var grown = await GrowAsync(spec);
            if (grown.Refused is not null)
            {
                return grown;
            }
        }
        else if (spec.Pairs < s.Pairs.Length)
        {
            await ShrinkAsync(spec);
        }
        else
        {
            await d.WriteAsync(s with { Spec = spec, Generation = s.Generation + 1, UpdatedAt = d.Clock.GetUtcNow() });
        }

        if (spec.Spares < d.Record.Spares.Length)
        {
            await d.Spares.TrimSparesAsync(spec.Spares);
        }
        else
        {
            await d.Spares.FillSparesAsync();
        }

        if (relabel && d.InCluster)
        {
            await d.WriteAsync(d.Record with { Relabel = true });
            await d.Objects.ApplyAsync();
        }

        return new PutOutcome { View = d.View() };
    }

    internal async Task<PutOutcome> GrowAsync(DeploymentSpec spec)
    {
        var from = d.Record.Pairs.Length;
        PairUnit[] units = [.. Enumerable.Range(from, spec.Pairs - from).Select(PairUnit.Pair)];
        if (d.Record.Removing.Where(r => units.Contains(PairUnit.Of(r))).ToArray() is { Length: > 0 } terminating)
        {
            return Refuse("Still terminating", $"{string.Join(", ", terminating.Select(r => PairUnit.Of(r)))} of the previous spec are still terminating; PUT again once they are gone");
        }

        return await d.Holdings.PlaceAsync(spec, units, d.Record.Generation + 1);
    }

    internal async Task<PutOutcome> ShrinkAsync(DeploymentSpec spec)
    {
        var s = d.Record;
        var removed = s.Pairs.Where(p => p.Index >= spec.Pairs).ToArray();
        await d.WriteAsync(s with
        {
            Spec = spec,
            Pairs = [.. s.Pairs.Where(p => p.Index < spec.Pairs)],
            Removing = [.. s.Removing, .. removed],
            Generation = s.Generation + 1,
            UpdatedAt = d.Clock.GetUtcNow(),
            Message = $"shrunk to {spec.Pairs} pairs; pairs {string.Join(", ", removed.Select(p => p.Index))} deleted, {RemovedGpus}",
            SharedStale = d.InCluster,
        });
        await d.Objects.RemoveAsync(removed);
        await d.Objects.ApplyAsync();
        return new PutOutcome { View = d.View() };
    }

    /// <summary>
    /// Anything but the pair count changed: every pair moves. The old pods go first, then the new spec is placed; a spec that
    /// would fit nowhere even on the GPUs the old pairs free is refused first, and the running pairs stay.
    /// </summary>
    internal async Task<PutOutcome> ReplaceAsync(DeploymentSpec spec)
    {
        var s = d.Record;
        if (s.Removing.Length > 0)
        {
            return Refuse("Still terminating", $"{string.Join(", ", s.Removing.Select(r => PairUnit.Of(r)))} of a previous spec are still terminating; PUT again once they are gone");
        }

        PairView[] removed = [.. s.Pairs, .. s.Spares];
        var plan = await d.Planner.PlanInPlaceOfAsync(spec, d.Name, [.. removed.Select(p => p.Placement)]);
        if (!plan.Complete)
        {
            return Refuse("Fits nowhere", $"the new spec fits nowhere, even on the GPUs this deployment would free; the {s.Pairs.Length} pairs running and the spec are unchanged", plan.Rejections);
        }

        await d.WriteAsync(s with
        {
            Spec = spec,
            Status = DeploymentStatus.Pending,
            Pairs = [],
            Spares = [],
            Removing = removed,
            Generation = s.Generation + 1,
            UpdatedAt = d.Clock.GetUtcNow(),
            Message = "re-placing: the previous pairs (and spares) are deleted; the new spec is placed once their pods are gone",
        });
        await d.Objects.RemoveAsync(removed);
        if (d.Record.Removing.Length == 0)
        {
            return await d.Holdings.PlaceNewAsync(spec, d.Record.Generation);
        }

        return new PutOutcome { View = d.View() };
    }

    /// <summary>What becomes of a removed pair's GPUs: kept until its pods are observed gone, or free at once without a cluster.</summary>
    internal string RemovedGpus => d.InCluster ? "their GPUs kept until their pods are gone" : "their GPUs free at once (plan-only: nothing ran)";

    internal PutOutcome Refuse(string title, string detail, NodeRejection[]? rejections = null) =>
        new() { View = d.View(), Refused = title, Detail = detail, Rejections = rejections ?? [] };

    /// <summary>
    /// Releases every GPU and forgets the deployment. The intent is written first (Deleting): a release that fails part-way
    /// leaves a record that says so, not one that still claims GPUs already given back; a DELETE again finishes it.
    /// </summary>
    internal async Task ForgetAsync(string reason)
    {
        if (d.Record.Status != DeploymentStatus.Deleting)
        {
            await d.WriteAsync(d.Record with { Status = DeploymentStatus.Deleting, Message = $"releasing the GPUs ({reason})", UpdatedAt = d.Clock.GetUtcNow() });
        }

        await d.Holdings.ReleasePairsAsync([.. d.Record.Pairs, .. d.Record.Spares, .. d.Record.Removing], $"released: deployment deleted ({reason})");
        await d.ClearAsync();
        await DeploymentDirectory.RemoveAsync(d.Grains, d.Name);
        d.Watch.StopResync();
        await d.Watch.KeepWakeUpAsync(false);
    }

    // Specs hold arrays and dictionaries, which records compare by reference.
    internal static bool SameSpec(DeploymentSpec a, DeploymentSpec b) =>
        JsonSerializer.Serialize(a) == JsonSerializer.Serialize(b);
}
