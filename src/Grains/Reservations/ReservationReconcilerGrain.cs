using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Fleet;
using ControlPlane.Contracts.Incidents;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Contracts.Placement;
using ControlPlane.Contracts.Reservations;
using ControlPlane.Wire.Deployments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Grains.Reservations;

/// <summary>
/// The reconciler that returns what nobody owns. Allocations are read from each pool's fleet index, then confirmed on the
/// node grain (the authority) before anything is released; an orphan must be seen twice, the grace period apart.
/// Deployments are read through their own grains, so a pass costs one call per deployment and per suspect node.
/// </summary>
public sealed partial class ReservationReconcilerGrain(
    [PersistentState("reservation-suspects", StorageNames.Default)] IPersistentState<ReservationSuspects> stored,
    IOptions<ReservationOptions> options,
    TimeProvider clock,
    ILogger<ReservationReconcilerGrain> logger) : Grain, IReservationReconcilerGrain, IRemindable
{
    private const string Reminder = "reconcile";

    // Stored, so an orphan's first sighting survives this activation moving to another silo (its grace does not restart).
    private Dictionary<(string Node, string Owner), DateTimeOffset> _suspects = [];
    private ReconcileReport? _last;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _suspects = stored.State.Suspects.ToDictionary(s => (s.Node, s.Owner), s => s.Since);
        return base.OnActivateAsync(cancellationToken);
    }

    public async Task EnsureScheduledAsync() =>
        await this.RegisterOrUpdateReminder(Reminder, options.Value.ReconcileEvery, options.Value.ReconcileEvery);

    public async Task ReceiveReminder(string reminderName, TickStatus status) => await ReconcileNowAsync();

    public Task<ReconcileReport?> LastReportAsync() => Task.FromResult(_last);

    public async Task<ReconcileReport> ReconcileNowAsync()
    {
        var now = clock.GetUtcNow();
        var listed = (await DeploymentDirectory.ListAsync(GrainFactory)).ToHashSet(StringComparer.Ordinal);
        var allocations = await AllocationsAsync();

        var names = listed.Union(allocations.Select(a => a.Owner?.Deployment).OfType<string>()).ToArray();
        var views = new Dictionary<string, DeploymentView?>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            views[name] = await GrainFactory.GetGrain<IModelDeploymentGrain>(name).GetAsync();
        }

        var claims = Claims(views.Values.OfType<DeploymentView>());
        var (released, waiting, unknown) = (new List<string>(), new List<string>(), new List<string>());
        var seen = new HashSet<(string, string)>();
        foreach (var group in allocations.GroupBy(a => (a.Node, a.OwnerKey)))
        {
            var (node, ownerKey) = group.Key;
            if (group.First().Owner is null)
            {
                unknown.Add($"{node}: GPUs {Gpus(group)} held by '{ownerKey}'");
                continue;
            }

            if (group.All(a => claims.TryGetValue((node, a.Gpu), out var owner) && owner == ownerKey))
            {
                continue;
            }

            seen.Add((node, ownerKey));
            var since = _suspects.TryGetValue((node, ownerKey), out var first) ? first : _suspects[(node, ownerKey)] = now;
            if (now - since < options.Value.OrphanGrace)
            {
                waiting.Add($"{node}: GPUs {Gpus(group)} of {ownerKey} (no live pair owns them since {since:u})");
                continue;
            }

            // Confirm on the authority, then release: a placement recorded meanwhile would show in the deployment.
            var current = views.GetValueOrDefault(group.First().Owner!.Value.Deployment);
            var fresh = current is null ? null : await GrainFactory.GetGrain<IModelDeploymentGrain>(current.Name).GetAsync();
            if (fresh is not null && Claims([fresh]).Any(c => c.Key.Node == node && c.Value == ownerKey))
            {
                continue;
            }

            await GrainFactory.GetGrain<INodeGrain>(node).ReleaseAsync(ownerKey);
            _suspects.Remove((node, ownerKey));
            released.Add($"{node}: GPUs {Gpus(group)} of {ownerKey} released (no live pair owned them since {since:u})");
            LogReleased(node, ownerKey, since);
        }

        foreach (var stale in _suspects.Keys.Where(k => !seen.Contains(k)).ToArray())
        {
            _suspects.Remove(stale);
        }

        await StoreSuspectsAsync();
        var (reReserved, conflicts) = await RepairHoldersAsync(claims, allocations);
        foreach (var signal in DoubleClaims.Resolve(views.Values.OfType<DeploymentView>()))
        {
            conflicts.Add($"{signal.Reason} (failover signalled)");
            LogDoubleClaim(signal.Reason);
            await GrainFactory.GetGrain<IFailoverGrain>(IFailoverGrain.Key).SignalAsync(signal);
        }

        var relisted = new List<string>();
        foreach (var view in views.Values.OfType<DeploymentView>().Where(v => !listed.Contains(v.Name)))
        {
            await DeploymentDirectory.AddAsync(GrainFactory, view.Name);
            relisted.Add($"{view.Name} ({view.Status}, {view.Pairs.Length} pairs) was missing from the listing");
            LogRelisted(view.Name);
        }

        _last = new ReconcileReport
        {
            At = now, NodesChecked = allocations.Select(a => a.Node).Distinct().Count(), DeploymentsChecked = views.Count,
            Released = [.. released], Waiting = [.. waiting], ReReserved = [.. reReserved], Relisted = [.. relisted],
            UnknownOwners = [.. unknown], Conflicts = [.. conflicts],
        };
        return _last;
    }

    /// <summary>Writes the suspects when they changed; a failed write only means a later release, so it is logged, not thrown.</summary>
    private async Task StoreSuspectsAsync()
    {
        var next = new ReservationSuspects
        {
            Suspects = [.. _suspects.OrderBy(s => s.Key.Node, StringComparer.Ordinal).ThenBy(s => s.Key.Owner, StringComparer.Ordinal)
                .Select(s => new ReservationSuspect { Node = s.Key.Node, Owner = s.Key.Owner, Since = s.Value })],
        };
        if (next.Suspects.SequenceEqual(stored.State.Suspects))
        {
            return;
        }

        try
        {
            await stored.CommitAsync(next, GrainContext, "the reconciler's suspects");
        }
        catch (Exception e) when (Outages.Is(e))
        {
            logger.LogWarning(e, "Reservations: the suspects could not be stored; a moved activation would see them anew");
        }
    }

    /// <summary>A live pair's GPU its owner does not hold: reserve it again (idempotent); taken by another, report it.</summary>
    private async Task<(List<string> ReReserved, List<string> Conflicts)> RepairHoldersAsync(
        Dictionary<(string Node, int Gpu), string> claims, List<Allocation> allocations)
    {
        var held = allocations.ToDictionary(a => (a.Node, a.Gpu), a => a.OwnerKey);
        var (reReserved, conflicts) = (new List<string>(), new List<string>());
        foreach (var lost in claims.Where(c => held.GetValueOrDefault(c.Key) != c.Value).GroupBy(c => (c.Key.Node, c.Value)))
        {
            var (node, owner) = lost.Key;
            var gpus = lost.Select(c => c.Key.Gpu).Order().ToArray();
            var all = claims.Where(c => c.Key.Node == node && c.Value == owner).Select(c => c.Key.Gpu).Order().ToArray();
            var result = await GrainFactory.GetGrain<INodeGrain>(node).ReserveAsync(new GpuReservation { Owner = owner, GpuIndices = all });
            if (result.Reserved)
            {
                reReserved.Add($"{node}: GPUs {string.Join(",", gpus)} reserved again for {owner}");
            }
            else
            {
                conflicts.Add($"{node}: GPUs {string.Join(",", gpus)} of {owner}: {result.Conflict}");
            }
        }

        return (reReserved, conflicts);
    }

    private async Task<List<Allocation>> AllocationsAsync()
    {
        var pools = await GrainFactory.GetGrain<IPoolDirectoryGrain>(IPoolDirectoryGrain.Key).ListAsync();
        var found = new List<Allocation>();
        foreach (var pool in pools)
        {
            var capacity = await GrainFactory.GetGrain<IFleetGrain>(pool).GetCapacityChangesAsync(0);
            foreach (var node in capacity.Changed)
            {
                foreach (var gpu in node.Gpus.Where(g => g.AllocatedTo is not null))
                {
                    found.Add(new Allocation(node.Node, gpu.Index, gpu.AllocatedTo!, ReservationOwner.TryParse(gpu.AllocatedTo!)));
                }
            }
        }

        return found;
    }

    private static Dictionary<(string Node, int Gpu), string> Claims(IEnumerable<DeploymentView> views)
    {
        var claims = new Dictionary<(string, int), string>();
        foreach (var view in views)
        {
            // Warm spares hold their GPUs as pairs do; a spare swapped in keeps the owners it was placed with.
            foreach (var pair in view.Pairs.Concat(view.Spares).Concat(view.Removing))
            {
                foreach (var (role, replica) in new[] { ("prefill", pair.Placement.Prefill), ("decode", pair.Placement.Decode) })
                {
                    var owner = ReservationOwner.For(view.Name, pair, role).ToString();
                    foreach (var gpu in replica.GpuIndices)
                    {
                        claims.TryAdd((replica.Node, gpu), owner);
                    }
                }
            }
        }

        return claims;
    }

    private static string Gpus(IEnumerable<Allocation> group) => string.Join(",", group.Select(a => a.Gpu).Order());

    private sealed record Allocation(string Node, int Gpu, string OwnerKey, ReservationOwner? Owner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reservations: GPUs of {Owner} on {Node} released: no live pair owned them since {Since}")]
    private partial void LogReleased(string node, string owner, DateTimeOffset since);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reservations: {Reason}")]
    private partial void LogDoubleClaim(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reservations: deployment {Name} was placed but missing from the listing; re-added")]
    private partial void LogRelisted(string name);
}
