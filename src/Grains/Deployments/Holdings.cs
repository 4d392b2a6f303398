using ControlPlane.Wire.Incidents;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Placement;
using ControlPlane.Grains.Deployments.Reserving;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Grains.Deployments;

/// <summary>
/// What the deployment's pairs hold: new pairs placed through the one reservation transaction (plan, intent, reserve,
/// record, roll back), and the GPUs of pairs that are done given back.
/// </summary>
internal sealed partial class Holdings(DeploymentScope d)
{
    /// <summary>
    /// A deployment with nothing placed: pairs and spares in one plan when they fit together, so the spec's spread keeps
    /// the spares off the pairs' failure domains (a spare on a serving pair's node is no fallback when that node fails);
    /// otherwise its pairs, then its spares (a spare that fits nowhere does not fail the PUT).
    /// </summary>
    internal async Task<PutOutcome> PlaceNewAsync(DeploymentSpec spec, long generation)
    {
        PairUnit[] pairs = [.. Enumerable.Range(0, spec.Pairs).Select(PairUnit.Pair)];
        if (spec.Spares > 0 && (await d.Planner.PlanAsync(spec with { Pairs = spec.Pairs + spec.Spares })).Complete)
        {
            // The plan lists its pairs best first: the serving pairs take the first, the spares the rest.
            var together = await PlaceAsync(spec, [.. pairs, .. WarmSpares.NextSpareUnits(d.Record, spec.Spares)], generation);
            if (together.Refused is null || together.Unavailable)
            {
                return together;
            }
        }

        var outcome = await PlaceAsync(spec, pairs, generation);
        if (outcome.Refused is null)
        {
            await d.Spares.FillSparesAsync();
            outcome = outcome with { View = d.View() };
        }

        return outcome;
    }

    /// <summary>Reserves one new pair per unit (<c>pair-{i}</c> serving at i, or a spare), records and applies them.</summary>
    internal async Task<PutOutcome> PlaceAsync(DeploymentSpec spec, IReadOnlyList<PairUnit> units, long generation)
    {
        var previous = d.Record;
        var spares = units.Where(u => u.IsSpare).ToArray();
        PairView[] added = [];

        // Listed before anything is held: a listing never misses a deployment that holds GPUs (it skips names with no record).
        await DeploymentDirectory.AddAsync(d.Grains, d.Name);
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
                var now = d.Clock.GetUtcNow();
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
                await d.Objects.ApplyAsync();
                return new PutOutcome { View = d.View() };
            case ReservationStatus.Unavailable:
                return new PutOutcome { View = d.View(), Refused = "Not reserved", Detail = outcome.Detail, Unavailable = true };
        }

        if (previous.Pairs.Length > 0)
        {
            // Growing a running deployment that does not fit: the pairs it has stay as they are.
            await d.WriteAsync(previous);
            return d.Spec.Refuse("Fits nowhere", $"{units.Count} more {(units.All(u => u.IsSpare) ? "spares" : "pairs")} fit nowhere right now ({outcome.Why}); the {previous.Pairs.Length} pairs placed are unchanged", outcome.Rejections);
        }

        await d.WriteAsync(new DeploymentRecord
        {
            Spec = spec,
            Status = DeploymentStatus.Unplaceable,
            Rejections = outcome.Rejections,
            Generation = generation,
            UpdatedAt = d.Clock.GetUtcNow(),
            Message = $"the spec was not placed: {outcome.Why}; nothing is reserved",
        });
        var view = d.View()!;
        return new PutOutcome { View = view, Refused = "Fits nowhere", Detail = view.Message, Rejections = view.Rejections };
    }

    /// <summary>
    /// Tells each new pair's grain (its history) where it went. The deployment's record is the truth and was written
    /// already: a pair grain that cannot be told now is logged, not rolled back.
    /// </summary>
    internal async Task RecordPairsAsync(IEnumerable<PairView> pairs)
    {
        try
        {
            await Task.WhenAll(pairs.Select(p => d.Grains.Grain<IPdPairGrain>(p.Id).RecordAsync(p)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            d.Logger.LogWarning(e, "Deployment {Name}: a pair's history could not be recorded; the deployment's record holds the placement", d.Name);
        }
    }

    internal ReservationTransaction Reservations() =>
        new(d.Name, d.Planner, d.Grains, d.WriteAsync, () => d.Grain.DeactivateOnIdle(), d.Logger);

    internal async Task ReleasePairsAsync(IReadOnlyList<PairView> pairs, string reason)
    {
        await ReleaseAsync([.. pairs.SelectMany(IntentsOf)]);

        // A pair re-placed by a failover: its grain already records the replacement.
        var superseded = pairs.Where(p => d.Record.Pairs.Any(q => q.Index == p.Index && q.Revision != p.Revision)).ToArray();
        foreach (var pair in superseded)
        {
            d.Logs.Progress(pair, IncidentSteps.Drained, $"{reason}; revision {pair.Revision}'s GPUs are free");
        }

        await Task.WhenAll(pairs.Except(superseded).Select(p => d.Grains.Grain<IPdPairGrain>(p.Id).TransitionAsync(PairState.Replaced, reason)));
    }

    internal Task ReleaseAsync(IEnumerable<ReservationIntent> intents) => ReservationTransaction.ReleaseAsync(d.Grains, intents);

    /// <summary>The reservations a recorded pair or spare holds.</summary>
    internal IEnumerable<ReservationIntent> IntentsOf(PairView pair) => IntentsOf(PairUnit.Of(pair), PairUnit.OwnerRevisionOf(pair), pair.Placement);

    internal IEnumerable<ReservationIntent> IntentsOf(PairUnit unit, int revision, PairPlacement pair)
    {
        yield return new ReservationIntent { Node = pair.Prefill.Node, Owner = new ReservationOwner(d.Name, unit.Name, "prefill", revision).ToString(), GpuIndices = pair.Prefill.GpuIndices };
        yield return new ReservationIntent { Node = pair.Decode.Node, Owner = new ReservationOwner(d.Name, unit.Name, "decode", revision).ToString(), GpuIndices = pair.Decode.GpuIndices };
    }

    /// <summary>A new pair (serving at its unit's number) or spare (serving nowhere: index -1), GPUs reserved, nothing applied.</summary>
    internal PairView Placed(PairUnit unit, PairPlacement placement, DateTimeOffset now) => new()
    {
        Id = $"{d.Name}/{unit.Name}", Index = unit.IsSpare ? -1 : unit.Number, Unit = unit.Name, State = PairState.Planned, Placement = placement, Since = now,
        Reason = unit.IsSpare ? "GPUs reserved (warm spare)" : "GPUs reserved",
    };
}
