using System.Collections.Concurrent;
using ControlPlane.Web.Ingestion;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Web.Portal.Fleet;

/// <summary>
/// When this process last had a report of each node accepted. The fleet index's <c>LastSeen</c> is only
/// refreshed on change or every <c>FleetRefreshEvery</c> (steady reports tell the fleet grain nothing, by design),
/// so the fleet page takes the later of the two. Per process: a report ingested by another front end is not
/// seen here, and the page then shows the index's (older) time.
/// </summary>
public sealed class LastSeenBoard(TimeProvider clock) : IAcceptedReportObserver
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private long _version;

    /// <summary>Bumped by every accepted report: the snapshot service re-stamps only when it moved.</summary>
    public long Version => Interlocked.Read(ref _version);

    void IAcceptedReportObserver.Accepted(string node, ProbeReport report)
    {
        _seen[node] = clock.GetUtcNow();
        Interlocked.Increment(ref _version);
    }

    public DateTimeOffset Freshest(string node, DateTimeOffset fromIndex) =>
        _seen.TryGetValue(node, out var here) && here > fromIndex ? here : fromIndex;
}
