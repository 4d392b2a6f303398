using System.Collections.Concurrent;
using System.Diagnostics;
using ControlPlane.Contracts.Errors;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Grains;
using ControlPlane.Web.Telemetry;
using ControlPlane.Wire.Nodes;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Web.Ingestion;

/// <summary>
/// The one entry point for probe reports, used by the REST endpoint and the simulator alike:
/// validate, hand to the node grain, count. Invalid reports never reach a grain. It remembers each
/// node's last accepted report, which the next body is read against (<see cref="ProbeBodyReader"/>).
/// </summary>
internal sealed class ProbeIngestion(IGrainFactory grains, TimeProvider clock, IEnumerable<IAcceptedReportObserver> observers)
{
    private readonly IAcceptedReportObserver[] _observers = [.. observers];

    /// <summary>
    /// Nodes whose last report is remembered. Co-hosted with the silo (the default) the node grain holds the
    /// same objects, so this costs a dictionary entry per node; a front end without a silo holds its own copy.
    /// </summary>
    public const int RememberedNodes = 20_000;

    private readonly ConcurrentDictionary<string, ProbeReport> _accepted = new(StringComparer.Ordinal);

    /// <summary>
    /// Entries in <see cref="_accepted"/>, kept apart because <c>ConcurrentDictionary.Count</c> takes every one of its
    /// locks: asked on every report it serialized ingestion (44 % of thread time in lock waits on 16 cores, issue 24).
    /// Adds racing at the cap can pass it by the reports in flight, which is harmless.
    /// </summary>
    private int _remembered;

    /// <summary>The node's last report this process accepted, to read the next one against; null when none.</summary>
    public ProbeReport? Previous(string node) => _accepted.GetValueOrDefault(node);

    public async Task<IngestResult> IngestAsync(string node, ProbeReport report)
    {
        var started = Stopwatch.GetTimestamp();
        using var activity = ControlPlaneMetrics.Activities.StartActivity("probe.ingest");
        activity?.SetTag("node", node);

        var errors = ProbeReportValidator.Validate(report, node, clock.GetUtcNow());
        if (errors.Count > 0)
        {
            Count("invalid", started);
            activity?.SetStatus(ActivityStatusCode.Error, "invalid report");
            return IngestResult.Invalid(errors);
        }

        ProbeAck ack;
        try
        {
            ack = await grains.Grain<INodeGrain>(node).ReportAsync(report);
        }
        catch (StateNotStoredException e)
        {
            Count("not-stored", started);
            activity?.SetStatus(ActivityStatusCode.Error, "not stored");
            return IngestResult.Unstored(e.Message);
        }

        activity?.SetTag("outcome", ack.Outcome.ToString());
        if (ack.Outcome == ProbeOutcome.Accepted)
        {
            foreach (var observer in _observers)
            {
                observer.Accepted(node, report);
            }

            Remember(node, report);
        }

        Count(ack.Outcome switch
        {
            ProbeOutcome.Accepted => "accepted",
            ProbeOutcome.Duplicate => "duplicate",
            ProbeOutcome.GpuConflict => "gpu-conflict",
            _ => "stale",
        }, started);
        return IngestResult.Acked(ack);
    }

    private void Remember(string node, ProbeReport report)
    {
        if (_accepted.ContainsKey(node))
        {
            _accepted[node] = report;
        }
        else if (Volatile.Read(ref _remembered) < RememberedNodes && _accepted.TryAdd(node, report))
        {
            Interlocked.Increment(ref _remembered);
        }
    }

    private static void Count(string outcome, long started)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        ControlPlaneMetrics.ReportsIngested.Add(1, tag);
        ControlPlaneMetrics.IngestionLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, tag);
    }
}
