using System.Collections.Concurrent;
using ControlPlane.Web.Ingestion;
using ControlPlane.Wire.Probes;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Portal.Telemetry;

/// <summary>
/// Recent readings of each GPU, for the node page's charts. The node grain keeps only the latest
/// report, so this process keeps a bounded ring per GPU, fed by the reports it ingests itself: the
/// history is per process (another front end, or a restart, starts empty). At most
/// <see cref="PortalOptions.HistoryNodes"/> nodes are kept; a node someone opens is admitted anyway,
/// replacing a node nobody has looked at.
/// </summary>
public sealed class GpuTelemetryHistory(IOptions<PortalOptions> options) : IAcceptedReportObserver
{
    void IAcceptedReportObserver.Accepted(string node, ProbeReport report) => Record(node, report);

    private readonly ConcurrentDictionary<string, NodeHistory> _nodes = new(StringComparer.Ordinal);

    /// <summary>Entries in <see cref="_nodes"/>: <c>ConcurrentDictionary.Count</c> takes every lock, too dear for every report of an unrecorded node.</summary>
    private int _count;

    public void Record(string node, ProbeReport report)
    {
        if (!_nodes.TryGetValue(node, out var history))
        {
            // A full ring (most reports of a big fleet) is told by a read; a place is taken before adding, so reports
            // racing at the cap cannot pass it.
            if (Volatile.Read(ref _count) >= options.Value.HistoryNodes)
            {
                return;
            }

            if (Interlocked.Increment(ref _count) > options.Value.HistoryNodes)
            {
                Interlocked.Decrement(ref _count);
                return;
            }

            history = Insert(node);
        }

        history.Add(report);
    }

    /// <summary>Someone is looking at the node: keep its history from now on, even when the ring of nodes is full.</summary>
    public void Watch(string node)
    {
        if (_nodes.TryGetValue(node, out var history))
        {
            history.Watched = true;
            return;
        }

        if (Volatile.Read(ref _count) >= options.Value.HistoryNodes && _nodes.FirstOrDefault(n => !n.Value.Watched).Key is { } unwatched
            && _nodes.TryRemove(unwatched, out _))
        {
            Interlocked.Decrement(ref _count);
        }

        Interlocked.Increment(ref _count);
        Insert(node).Watched = true;
    }

    /// <summary>Adds the node's history, the caller having counted it in <see cref="_count"/>; gives the place back when another thread added it first.</summary>
    private NodeHistory Insert(string node)
    {
        var fresh = new NodeHistory(options.Value.HistorySamples);
        var history = _nodes.GetOrAdd(node, fresh);
        if (!ReferenceEquals(history, fresh))
        {
            Interlocked.Decrement(ref _count);
        }

        return history;
    }

    /// <summary>The GPU's samples, oldest first; empty when this process has none.</summary>
    public IReadOnlyList<GpuSample> Of(string node, int gpuIndex) =>
        _nodes.TryGetValue(node, out var history) ? history.Of(gpuIndex) : [];

    private sealed class NodeHistory(int capacity)
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<int, Queue<GpuSample>> _gpus = [];

        public bool Watched { get; set; }

        public void Add(ProbeReport report)
        {
            lock (_gate)
            {
                foreach (var gpu in report.Gpus)
                {
                    if (!_gpus.TryGetValue(gpu.Index, out var ring))
                    {
                        _gpus[gpu.Index] = ring = new Queue<GpuSample>(capacity);
                    }

                    if (ring.Count == capacity)
                    {
                        ring.Dequeue();
                    }

                    var memory = gpu.MemoryTotalMiB > 0 ? 100.0 * gpu.MemoryUsedMiB / gpu.MemoryTotalMiB : 0;
                    ring.Enqueue(new GpuSample(report.Timestamp, gpu.UtilizationPercent, memory, gpu.TemperatureC, gpu.Ecc.AggregateCorrected, gpu.Ecc.AggregateUncorrected));
                }
            }
        }

        public IReadOnlyList<GpuSample> Of(int gpuIndex)
        {
            lock (_gate)
            {
                return _gpus.TryGetValue(gpuIndex, out var ring) ? [.. ring] : [];
            }
        }
    }
}
