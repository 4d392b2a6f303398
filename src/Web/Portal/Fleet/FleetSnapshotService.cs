using System.Globalization;
using ControlPlane.Contracts.Fleet;
using ControlPlane.Wire.Fleet;
using ControlPlane.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Portal.Fleet;

/// <summary>
/// The portal's one reader of the fleet index, shared by every circuit of this process. Each
/// <see cref="PortalOptions.RefreshEvery"/> it asks every pool's fleet grain for the placement views
/// changed since it last asked (a version stamp: nothing travels when nothing changed); only when
/// something changed, or every <see cref="PortalOptions.FullRefreshEvery"/>, does it read the node
/// summaries and versions again. Pages subscribe to <see cref="Changed"/>, so a busy fleet costs the
/// browser at most one update per refresh, however many nodes changed. Between reads, reports this
/// process accepted move each node's last-seen time forward (<see cref="LastSeenBoard"/>), with no grain call.
/// </summary>
internal sealed class FleetSnapshotService(IGrainFactory grains, LastSeenBoard lastSeen, IOptions<PortalOptions> options, TimeProvider clock, ILogger<FleetSnapshotService> logger)
    : ResilientLoop(clock, logger)
{
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GpuUse> _use = new(StringComparer.Ordinal);
    private DateTimeOffset _lastFull = DateTimeOffset.MinValue;
    private bool _settle;
    private long _lastSeenVersion;
    private volatile FleetSnapshot _current = FleetSnapshot.Empty;

    public FleetSnapshot Current => _current;

    /// <summary>Raised (off any circuit's thread) after <see cref="Current"/> was replaced.</summary>
    public event Action<FleetSnapshot>? Changed;

    protected override TimeSpan Every => options.Value.RefreshEvery;

    /// <summary>A silo that is gone or hung fails the step: the portal keeps the last snapshot and the loop backs off.</summary>
    protected override Task StepAsync(CancellationToken stoppingToken) => RefreshAsync();

    /// <summary>One look at the fleet; true when the snapshot was replaced.</summary>
    internal async Task<bool> RefreshAsync()
    {
        var pools = await grains.GetGrain<IPoolDirectoryGrain>(IPoolDirectoryGrain.Key).ListAsync();
        var deltas = await Task.WhenAll(pools.Select(p => grains.GetGrain<IFleetGrain>(p).GetCapacityChangesAsync(_seen.GetValueOrDefault(p))));
        var changed = false;
        for (var i = 0; i < pools.Length; i++)
        {
            changed |= deltas[i].Changed.Length > 0;
            _seen[pools[i]] = deltas[i].Version;
            foreach (var node in deltas[i].Changed)
            {
                _use[node.Node] = GpuUse.Of(node);
            }
        }

        var now = Clock.GetUtcNow();
        var seenVersion = lastSeen.Version;
        if (!changed && !_settle && now - _lastFull < options.Value.FullRefreshEvery)
        {
            return seenVersion != _lastSeenVersion && Publish(now, seenVersion, _current.Nodes, _current.Versions);
        }

        // A node sends its summary and its placement view as two one-way calls: read once more on the
        // next tick, so a summary that landed just after its placement view is not missed for a full period.
        _settle = changed;
        _lastFull = now;
        var summaries = new List<NodeSummary>(_current.Nodes.Count);
        await foreach (var node in grains.AllNodesAsync())
        {
            summaries.Add(node);
        }

        var versions = await Task.WhenAll(pools.Select(p => grains.GetGrain<IFleetGrain>(p).GetVersionsAsync()));
        var report = new VersionReport { Groups = [.. versions.SelectMany(v => v.Groups)], Drift = [.. versions.SelectMany(v => v.Drift)] };
        var drift = report.Drift.GroupBy(d => d.Node, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Field} {d.Value} (pool: {d.Majority})"))), StringComparer.Ordinal);
        var nodes = summaries.Select(s => new FleetNode(s, _use.GetValueOrDefault(s.Node, new GpuUse(s.HealthyGpus, 0, s.GpuCount - s.HealthyGpus)), drift.GetValueOrDefault(s.Node)));
        return Publish(now, seenVersion, nodes, report);
    }

    private bool Publish(DateTimeOffset now, long seenVersion, IEnumerable<FleetNode> nodes, VersionReport versions)
    {
        _lastSeenVersion = seenVersion;
        var fresh = nodes.Select(n => n with { Summary = n.Summary with { LastSeen = lastSeen.Freshest(n.Node, n.Summary.LastSeen) } }).ToArray();
        var next = new FleetSnapshot(_current.Stamp + 1, now, fresh, versions);
        _current = next;
        Changed?.Invoke(next);
        return true;
    }
}
