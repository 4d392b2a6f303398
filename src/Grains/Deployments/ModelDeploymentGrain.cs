using System.Text.Json;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Errors;
using ControlPlane.Contracts.Placement;
using ControlPlane.Grains.Deployments.Reserving;
using ControlPlane.Kubernetes;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Grains.Deployments;

/// <summary>
/// A deployment's desired state and its reconciliation: plan against the fleet index, reserve every replica on its
/// node grain (the authority), apply the objects, then follow the pods (a resync timer) until the pairs run. A refused
/// reservation releases what this attempt took and plans again; a refused apply keeps the GPUs and retries with back-off;
/// a pair taken out (shrunk, moved, deleted) keeps its GPUs until its pods are observed gone.
/// </summary>
public sealed partial class ModelDeploymentGrain(
    [PersistentState("deployment", StorageNames.Default)] IPersistentState<DeploymentRecord> state,
    IDeploymentPlanner planner,
    IManifestApplier applier,
    IOptions<KubernetesOptions> kubernetes,
    IOptions<DeploymentOptions> options,
    TimeProvider clock,
    ILogger<ModelDeploymentGrain> logger) : Grain, IModelDeploymentGrain
{
    private string Name => this.GetPrimaryKeyString();

    private bool InCluster => applier.Mode == ApplyMode.Kubernetes;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Pending.Length > 0)
        {
            logger.LogWarning("Deployment {Name} was interrupted while reserving; releasing {Count} reservations", Name, state.State.Pending.Length);
            await ReleaseAsync(state.State.Pending);
            await WriteAsync(state.State with
            {
                Pending = [],
                Status = state.State.Status == DeploymentStatus.Pending && state.State.Pairs.Length == 0 && state.State.Removing.Length == 0 ? DeploymentStatus.Unplaceable : state.State.Status,
                Message = state.State.Status == DeploymentStatus.Pending ? "interrupted while reserving; nothing is reserved; PUT the spec again" : state.State.Message,
            });
        }

        EnsureResync();
        if (!InCluster && state.State.Status == DeploymentStatus.Deleting)
        {
            // A plan-only delete that could not release everything before: finish it.
            Later(TimeSpan.Zero, () => ForgetAsync("deleted earlier; finishing the release"));
        }
        else if (!InCluster && state.State.Removing.Length > 0)
        {
            Later(TimeSpan.Zero, () => ReleaseRemovedAsync(state.State.Removing));
        }

        if (state.State.Spec is { Spares: > 0 } spec && state.State.Spares.Length < spec.Spares)
        {
            // A refill planned by a lost activation (after a swap, or a spare that fitted nowhere then) is tried again.
            RefillLater();
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<PutOutcome> PutAsync(DeploymentSpec spec)
    {
        // Other services call this directly: a spec REST would refuse is refused here too, before anything is stored.
        InvalidInputException.ThrowIfAny(DeploymentSpecChecks.Title, DeploymentSpecChecks.Problems(Name, spec, await planner.LargestNodeGpusAsync()));
        var current = state.State;
        if (current.Status == DeploymentStatus.Deleting)
        {
            return Refuse("Being deleted", $"'{Name}' is being deleted ({current.Message}); PUT it again once it is gone.");
        }

        if (current.Spec is { } before && SameSpec(before, spec) && current.Status is not (DeploymentStatus.Unplaceable or DeploymentStatus.Pending))
        {
            // The same spec again: a spare that could not be placed before is tried again.
            await FillSparesAsync();
            return new PutOutcome { View = View() };
        }

        if (current.Pairs.Length == 0 && current.Removing.Length == 0)
        {
            return await PlaceNewAsync(spec, current.Generation + 1);
        }

        if (current.Spec is { } old && SameSpec(old with { Pairs = spec.Pairs, Spares = spec.Spares, Labels = spec.Labels }, spec))
        {
            return await ResizeAsync(spec, relabel: !SameSpec(old with { Labels = spec.Labels }, old));
        }

        return await ReplaceAsync(spec);
    }

    public Task<DeploymentView?> GetAsync() => Task.FromResult(View());

    public async Task<DeleteOutcome> DeleteAsync()
    {
        var s = state.State;
        if (s.Spec is null)
        {
            return DeleteOutcome.NotFound;
        }

        if (!InCluster || (s.Pairs.Concat(s.Spares).All(p => p.State == PairState.Planned) && s.Removing.Length == 0 && s.Status != DeploymentStatus.ApplyFailed))
        {
            // Nothing was sent to a cluster: nothing can be running on the GPUs.
            var reason = applier.Mode == ApplyMode.PlanOnly ? PlanOnlyApplier.Reason : "nothing was applied";
            try
            {
                await ForgetAsync(reason);
                return DeleteOutcome.Deleted;
            }
            catch (Exception e) when (Outages.Is(e) && state.State.Status == DeploymentStatus.Deleting)
            {
                // The intent (Deleting) is stored and some GPUs may be released already: say it is under way, and finish later.
                logger.LogWarning(e, "Deployment {Name}: releasing its GPUs failed part-way; trying again shortly", Name);
                Later(RetryDelay, () => ForgetAsync(reason));
                return DeleteOutcome.Deleting;
            }
        }

        if (s.Status != DeploymentStatus.Deleting)
        {
            await WriteAsync(s with { Status = DeploymentStatus.Deleting, DeleteSent = false, Message = "deleting the objects", UpdatedAt = clock.GetUtcNow() });
        }

        if (!state.State.DeleteSent)
        {
            await SendDeleteAsync();
        }

        EnsureResync();
        return DeleteOutcome.Deleting;
    }

    /// <summary>
    /// A deployment with nothing placed: pairs and spares in one plan when they fit together, so the spec's spread keeps
    /// the spares off the pairs' failure domains (a spare on a serving pair's node is no fallback when that node fails);
    /// otherwise its pairs, then its spares (a spare that fits nowhere does not fail the PUT).
    /// </summary>
    private async Task<PutOutcome> PlaceNewAsync(DeploymentSpec spec, long generation)
    {
        PairUnit[] pairs = [.. Enumerable.Range(0, spec.Pairs).Select(PairUnit.Pair)];
        if (spec.Spares > 0 && (await planner.PlanAsync(spec with { Pairs = spec.Pairs + spec.Spares })).Complete)
        {
            // The plan lists its pairs best first: the serving pairs take the first, the spares the rest.
            var together = await PlaceAsync(spec, [.. pairs, .. NextSpareUnits(state.State, spec.Spares)], generation);
            if (together.Refused is null || together.Unavailable)
            {
                return together;
            }
        }

        var outcome = await PlaceAsync(spec, pairs, generation);
        if (outcome.Refused is null)
        {
            await FillSparesAsync();
            outcome = outcome with { View = View() };
        }

        return outcome;
    }

    /// <summary>Reserves one new pair per unit (<c>pair-{i}</c> serving at i, or a spare), records and applies them.</summary>
    private async Task<PutOutcome> PlaceAsync(DeploymentSpec spec, IReadOnlyList<PairUnit> units, long generation)
    {
        var previous = state.State;
        var spares = units.Where(u => u.IsSpare).ToArray();
        PairView[] added = [];

        // Listed before anything is held: a listing never misses a deployment that holds GPUs (it skips names with no record).
        await GrainFactory.Grain<IDeploymentDirectoryGrain>(IDeploymentDirectoryGrain.Key).AddAsync(Name);
        var outcome = await Reservations().ReserveAsync(previous, new ReservationRequest
        {
            Spec = spec with { Pairs = units.Count },

            // Growing, or placing spares later: the new pairs spread from the ones the deployment has, as from each other.
            Beside = [.. previous.Pairs.Concat(previous.Spares).Select(p => p.Placement)],
            Generation = generation,
            IntentsOf = plan => [.. plan.Pairs.SelectMany((p, i) => IntentsOf(units[i], 0, p))],
            Reserving = intents => previous with
            {
                Spec = previous.Spec ?? spec,
                Status = previous.Spec is null ? DeploymentStatus.Pending : previous.Status,
                Generation = previous.Spec is null ? generation : previous.Generation,
                Pending = intents,
            },
            Recorded = (plan, attempt) =>
            {
                var now = clock.GetUtcNow();
                added = [.. plan.Pairs.Select((p, i) => Placed(units[i], p, now))];
                return previous with
                {
                    Spec = spec,
                    Status = DeploymentStatus.Placed,
                    Pairs = [.. previous.Pairs, .. added.Where(p => p.Index >= 0)],
                    Spares = [.. previous.Spares, .. added.Where(p => p.Index < 0)],
                    NextSpare = spares.Length > 0 ? (spares[^1].Number + 1) % (PairUnit.MaxSpareNumber + 1) : previous.NextSpare,
                    Rejections = plan.Rejections,
                    Generation = generation,
                    UpdatedAt = now,
                    Pending = [],
                    Message = attempt > 1 ? $"placed on attempt {attempt} (concurrent placements took the first choices)" : null,
                };
            },
        });

        switch (outcome.Status)
        {
            case ReservationStatus.Reserved:
                await RecordPairsAsync(added);
                await ApplyAsync();
                return new PutOutcome { View = View() };
            case ReservationStatus.Unavailable:
                return new PutOutcome { View = View(), Refused = "Not reserved", Detail = outcome.Detail, Unavailable = true };
        }

        if (previous.Pairs.Length > 0)
        {
            // Growing a running deployment that does not fit: the pairs it has stay as they are.
            await WriteAsync(previous);
            return Refuse("Fits nowhere", $"{units.Count} more {(units.All(u => u.IsSpare) ? "spares" : "pairs")} fit nowhere right now ({outcome.Why}); the {previous.Pairs.Length} pairs placed are unchanged", outcome.Rejections);
        }

        await WriteAsync(new DeploymentRecord
        {
            Spec = spec,
            Status = DeploymentStatus.Unplaceable,
            Rejections = outcome.Rejections,
            Generation = generation,
            UpdatedAt = clock.GetUtcNow(),
            Message = $"the spec was not placed: {outcome.Why}; nothing is reserved",
        });
        var view = View()!;
        return new PutOutcome { View = view, Refused = "Fits nowhere", Detail = view.Message, Rejections = view.Rejections };
    }

    /// <summary>
    /// Tells each new pair's grain (its history) where it went. The deployment's record is the truth and was written
    /// already: a pair grain that cannot be told now is logged, not rolled back.
    /// </summary>
    private async Task RecordPairsAsync(IEnumerable<PairView> pairs)
    {
        try
        {
            await Task.WhenAll(pairs.Select(p => GrainFactory.Grain<IPdPairGrain>(p.Id).RecordAsync(p)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Deployment {Name}: a pair's history could not be recorded; the deployment's record holds the placement", Name);
        }
    }

    private ReservationTransaction Reservations() =>
        new(Name, planner, GrainFactory, WriteAsync, () => this.DeactivateOnIdle(), logger);

    /// <summary>
    /// Only the pair or spare count or the labels changed: pairs grow or shrink first, then the spares follow; new labels
    /// are applied to every object in place.
    /// </summary>
    private async Task<PutOutcome> ResizeAsync(DeploymentSpec spec, bool relabel)
    {
        var s = state.State;
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
            await WriteAsync(s with { Spec = spec, Generation = s.Generation + 1, UpdatedAt = clock.GetUtcNow() });
        }

        if (spec.Spares < state.State.Spares.Length)
        {
            await TrimSparesAsync(spec.Spares);
        }
        else
        {
            await FillSparesAsync();
        }

        if (relabel && InCluster)
        {
            await WriteAsync(state.State with { Relabel = true });
            await ApplyAsync();
        }

        return new PutOutcome { View = View() };
    }

    private async Task<PutOutcome> GrowAsync(DeploymentSpec spec)
    {
        var from = state.State.Pairs.Length;
        PairUnit[] units = [.. Enumerable.Range(from, spec.Pairs - from).Select(PairUnit.Pair)];
        if (state.State.Removing.Where(r => units.Contains(PairUnit.Of(r))).ToArray() is { Length: > 0 } terminating)
        {
            return Refuse("Still terminating", $"{string.Join(", ", terminating.Select(r => PairUnit.Of(r)))} of the previous spec are still terminating; PUT again once they are gone");
        }

        return await PlaceAsync(spec, units, state.State.Generation + 1);
    }

    private async Task<PutOutcome> ShrinkAsync(DeploymentSpec spec)
    {
        var s = state.State;
        var removed = s.Pairs.Where(p => p.Index >= spec.Pairs).ToArray();
        await WriteAsync(s with
        {
            Spec = spec,
            Pairs = [.. s.Pairs.Where(p => p.Index < spec.Pairs)],
            Removing = [.. s.Removing, .. removed],
            Generation = s.Generation + 1,
            UpdatedAt = clock.GetUtcNow(),
            Message = $"shrunk to {spec.Pairs} pairs; pairs {string.Join(", ", removed.Select(p => p.Index))} deleted, {RemovedGpus}",
            SharedStale = InCluster,
        });
        await RemoveAsync(removed);
        await ApplyAsync();
        return new PutOutcome { View = View() };
    }

    /// <summary>
    /// Anything but the pair count changed: every pair moves. The old pods go first, then the new spec is placed; a spec that
    /// would fit nowhere even on the GPUs the old pairs free is refused first, and the running pairs stay.
    /// </summary>
    private async Task<PutOutcome> ReplaceAsync(DeploymentSpec spec)
    {
        var s = state.State;
        if (s.Removing.Length > 0)
        {
            return Refuse("Still terminating", $"{string.Join(", ", s.Removing.Select(r => PairUnit.Of(r)))} of a previous spec are still terminating; PUT again once they are gone");
        }

        PairView[] removed = [.. s.Pairs, .. s.Spares];
        var plan = await planner.PlanInPlaceOfAsync(spec, Name, [.. removed.Select(p => p.Placement)]);
        if (!plan.Complete)
        {
            return Refuse("Fits nowhere", $"the new spec fits nowhere, even on the GPUs this deployment would free; the {s.Pairs.Length} pairs running and the spec are unchanged", plan.Rejections);
        }

        await WriteAsync(s with
        {
            Spec = spec,
            Status = DeploymentStatus.Pending,
            Pairs = [],
            Spares = [],
            Removing = removed,
            Generation = s.Generation + 1,
            UpdatedAt = clock.GetUtcNow(),
            Message = "re-placing: the previous pairs (and spares) are deleted; the new spec is placed once their pods are gone",
        });
        await RemoveAsync(removed);
        if (state.State.Removing.Length == 0)
        {
            return await PlaceNewAsync(spec, state.State.Generation);
        }

        return new PutOutcome { View = View() };
    }

    /// <summary>What becomes of a removed pair's GPUs: kept until its pods are observed gone, or free at once without a cluster.</summary>
    private string RemovedGpus => InCluster ? "their GPUs kept until their pods are gone" : "their GPUs free at once (plan-only: nothing ran)";

    private PutOutcome Refuse(string title, string detail, NodeRejection[]? rejections = null) =>
        new() { View = View(), Refused = title, Detail = detail, Rejections = rejections ?? [] };

    /// <summary>How long a step that met an outage after its change was committed waits before it is tried again.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs <paramref name="step"/> once after <paramref name="delay"/> on this activation (a grain timer; it dies with the
    /// activation, whose successor finds the same work in the record). A step that fails again is logged and retried later.
    /// </summary>
    private void Later(TimeSpan delay, Func<Task> step)
    {
        IGrainTimer? once = null;
        once = this.RegisterGrainTimer(
            async () =>
            {
                once?.Dispose();
                try
                {
                    await step();
                }
                catch (Exception e) when (Outages.Is(e))
                {
                    logger.LogWarning(e, "Deployment {Name}: a retried step failed again; trying again in {Delay}", Name, RetryDelay);
                    Later(RetryDelay, step);
                }
            },
            new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));
    }

    /// <summary>
    /// Releases every GPU and forgets the deployment. The intent is written first (Deleting): a release that fails part-way
    /// leaves a record that says so, not one that still claims GPUs already given back; a DELETE again finishes it.
    /// </summary>
    private async Task ForgetAsync(string reason)
    {
        if (state.State.Status != DeploymentStatus.Deleting)
        {
            await WriteAsync(state.State with { Status = DeploymentStatus.Deleting, Message = $"releasing the GPUs ({reason})", UpdatedAt = clock.GetUtcNow() });
        }

        await ReleasePairsAsync([.. state.State.Pairs, .. state.State.Spares, .. state.State.Removing], $"released: deployment deleted ({reason})");
        await state.ClearAsync(new DeploymentRecord(), GrainContext, "the deletion");
        await GrainFactory.Grain<IDeploymentDirectoryGrain>(IDeploymentDirectoryGrain.Key).RemoveAsync(Name);
        StopResync();
        await KeepWakeUpAsync(false);
    }

    private async Task ReleasePairsAsync(IReadOnlyList<PairView> pairs, string reason)
    {
        await ReleaseAsync([.. pairs.SelectMany(IntentsOf)]);

        // A pair re-placed by a failover: its grain already records the replacement.
        var superseded = pairs.Where(p => state.State.Pairs.Any(q => q.Index == p.Index && q.Revision != p.Revision)).ToArray();
        foreach (var pair in superseded)
        {
            Progress(pair, "drained", $"{reason}; revision {pair.Revision}'s GPUs are free");
        }

        await Task.WhenAll(pairs.Except(superseded).Select(p => GrainFactory.Grain<IPdPairGrain>(p.Id).TransitionAsync(PairState.Replaced, reason)));
    }

    private Task ReleaseAsync(IEnumerable<ReservationIntent> intents) => ReservationTransaction.ReleaseAsync(GrainFactory, intents);

    /// <summary>The reservations a recorded pair or spare holds.</summary>
    private IEnumerable<ReservationIntent> IntentsOf(PairView pair) => IntentsOf(PairUnit.Of(pair), PairUnit.OwnerRevisionOf(pair), pair.Placement);

    private IEnumerable<ReservationIntent> IntentsOf(PairUnit unit, int revision, PairPlacement pair)
    {
        yield return new ReservationIntent { Node = pair.Prefill.Node, Owner = new ReservationOwner(Name, unit.Name, "prefill", revision).ToString(), GpuIndices = pair.Prefill.GpuIndices };
        yield return new ReservationIntent { Node = pair.Decode.Node, Owner = new ReservationOwner(Name, unit.Name, "decode", revision).ToString(), GpuIndices = pair.Decode.GpuIndices };
    }

    /// <summary>A new pair (serving at its unit's number) or spare (serving nowhere: index -1), GPUs reserved, nothing applied.</summary>
    private PairView Placed(PairUnit unit, PairPlacement placement, DateTimeOffset now) => new()
    {
        Id = $"{Name}/{unit.Name}", Index = unit.IsSpare ? -1 : unit.Number, Unit = unit.Name, State = PairState.Planned, Placement = placement, Since = now,
        Reason = unit.IsSpare ? "GPUs reserved (warm spare)" : "GPUs reserved",
    };

    /// <summary>Computes-then-commits: a failed write leaves the current state as it was (<see cref="StateCommit"/>).</summary>
    private Task WriteAsync(DeploymentRecord next) => state.CommitAsync(next, GrainContext, "the deployment");

    private DeploymentView? View()
    {
        var s = state.State;
        return s.Spec is null ? null : new DeploymentView
        {
            Name = Name,
            Spec = s.Spec,
            Status = s.Status,
            Pairs = s.Pairs,
            Removing = s.Removing,
            Spares = s.Spares,
            Rejections = s.Rejections,
            Message = s.Message,
            Generation = s.Generation,
            UpdatedAt = s.UpdatedAt,
        };
    }

    // Specs hold arrays and dictionaries, which records compare by reference.
    private static bool SameSpec(DeploymentSpec a, DeploymentSpec b) =>
        JsonSerializer.Serialize(a) == JsonSerializer.Serialize(b);
}
