using ControlPlane.Contracts.Incidents;
using ControlPlane.Contracts.Placement;
using ControlPlane.Grains.Incidents;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Incidents;

namespace ControlPlane.Grains.Reservations;

/// <summary>
/// GPUs two deployments list at once (a reservation released and taken behind its deployment's back). The rule: the
/// newer pair loses (it was placed on GPUs another pair already listed) and is re-placed through a failover, whose
/// incident says why; the older pair keeps the GPUs and is reserved again by the reconciler's next pass.
/// </summary>
internal static class DoubleClaims
{
    /// <summary>One failure signal per losing pair, naming the GPUs and who else lists them.</summary>
    public static FailureSignal[] Resolve(IEnumerable<DeploymentView> views)
    {
        var claimants = new Dictionary<(string Node, int Gpu), List<(DeploymentView View, PairView Pair, string Owner)>>();
        foreach (var view in views)
        {
            // Serving pairs and spares: a pair being removed is on its way out and loses nothing by waiting.
            foreach (var pair in view.Pairs.Concat(view.Spares))
            {
                foreach (var (role, replica) in new[] { ("prefill", pair.Placement.Prefill), ("decode", pair.Placement.Decode) })
                {
                    foreach (var gpu in replica.GpuIndices)
                    {
                        var key = (replica.Node, gpu);
                        if (!claimants.TryGetValue(key, out var list))
                        {
                            claimants[key] = list = [];
                        }

                        list.Add((view, pair, ReservationOwner.For(view.Name, pair, role).ToString()));
                    }
                }
            }
        }

        var losers = new Dictionary<string, (DeploymentView View, PairView Pair, List<string> Gpus, HashSet<string> Keepers)>(StringComparer.Ordinal);
        foreach (var ((node, gpu), list) in claimants.Where(c => c.Value.Select(x => x.Pair.Id).Distinct().Count() > 1))
        {
            var ordered = list.OrderBy(c => c.Pair.Since).ThenBy(c => c.Pair.Id, StringComparer.Ordinal).ToArray();
            var keeper = ordered[0];
            foreach (var loser in ordered.Skip(1).Where(c => c.Pair.Id != keeper.Pair.Id))
            {
                if (!losers.TryGetValue(loser.Pair.Id, out var entry))
                {
                    losers[loser.Pair.Id] = entry = (loser.View, loser.Pair, [], new HashSet<string>(StringComparer.Ordinal));
                }

                entry.Gpus.Add($"{node}:{gpu}");
                entry.Keepers.Add(keeper.Pair.Id);
            }
        }

        return [.. losers.Values.Select(l => new FailureSignal
        {
            Kind = IncidentKind.ReservationConflict,
            Reason = $"GPUs {string.Join(", ", l.Gpus)} are listed by {l.Pair.Id} and by {string.Join(", ", l.Keepers)}; " +
                $"{l.Pair.Id} was placed later ({l.Pair.Since:u}) and moves, the older keeps them",
            Blame = [PairBlame.Pair(l.Pair)],
            Pairs = [new PairRef { Deployment = l.View.Name, Pair = l.Pair.Index, Revision = l.Pair.Revision, Unit = l.Pair.Index < 0 ? l.Pair.Unit : null }],
            Evidence = [.. l.Keepers.Select(k => $"also listed by {k}")],
            Actor = "reservation-reconciler",
            Pool = l.View.Spec.Pool,
            Quarantine = false,
        })];
    }
}
