using ControlPlane.Contracts.Fleet;
using ControlPlane.Wire.Fleet;
using ControlPlane.Wire.Placement;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Grains.Nodes;

/// <summary>
/// What a node tells its pool's fleet index (its summary and its placement view), and when: on change, and refreshed
/// periodically; it also keeps the pool registered in the pool directory.
/// </summary>
internal sealed class SummaryPublisher(IGrainFactory grains, string node, NodeOptions options, ILogger logger)
{
    private NodeSummary? _lastSummarySent;
    private DateTimeOffset _lastSummarySentAt;
    private string? _registeredPool;

    /// <summary>The pool the index was last told about; null before the first summary.</summary>
    public string? Pool => _lastSummarySent?.Pool;

    /// <summary>
    /// Best effort (one-way): the fleet index is derived data. The summary goes on change, the
    /// placement view on a capacity change; both are refreshed periodically, so an index that lost
    /// them (a restarted fleet grain) is whole again within <see cref="NodeOptions.FleetRefreshEvery"/>.
    /// </summary>
    public void Publish(NodeRecord record, Func<PlacementNode?> placement, DateTimeOffset now, bool capacityChanged)
    {
        if (record.Report is not { } report)
        {
            return;
        }

        // Every fact the summary holds is also a capacity fact: a steady report changes neither.
        var refresh = now - _lastSummarySentAt >= options.FleetRefreshEvery;
        if (!capacityChanged && !refresh && _lastSummarySent is not null && _registeredPool == report.Pool)
        {
            return;
        }

        var summary = NodeSummaryFactory.From(node, record, report);

        if (_registeredPool != summary.Pool)
        {
            RegisterPoolAsync(summary.Pool).Ignore();
        }

        var fleet = grains.Grain<IFleetGrain>(summary.Pool);
        if (!summary.SameFactsAs(_lastSummarySent) || refresh)
        {
            fleet.UpsertAsync(summary).Ignore();
        }

        if (capacityChanged || refresh || _lastSummarySent is null)
        {
            fleet.UpsertCapacityAsync(placement()!).Ignore();
        }

        _lastSummarySent = summary;
        _lastSummarySentAt = now;
    }

    /// <summary>Until the directory confirms the pool, every report tries again: a pool never silently drops out of listings and placement.</summary>
    private async Task RegisterPoolAsync(string pool)
    {
        try
        {
            await grains.Grain<IPoolDirectoryGrain>(IPoolDirectoryGrain.Key).RegisterAsync(pool);
            _registeredPool = pool;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.LogWarning(e, "Node {Node} could not register pool {Pool}; its next report tries again", node, pool);
        }
    }
}
