using System.Diagnostics;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Web.Portal.Telemetry;
using ControlPlane.Web.Telemetry;
using ControlPlane.Wire.Nodes;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Web.Ingestion;

/// <summary>
/// The one entry point for probe reports, used by the REST endpoint and the simulator alike:
/// validate, hand to the node grain, count. Invalid reports never reach a grain.
/// </summary>
internal sealed class ProbeIngestion(IGrainFactory grains, TimeProvider clock, GpuTelemetryHistory history)
{
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

        var ack = await grains.GetGrain<INodeGrain>(node).ReportAsync(report);
        activity?.SetTag("outcome", ack.Outcome.ToString());
        if (ack.Outcome == ProbeOutcome.Accepted)
        {
            history.Record(node, report);
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

    private static void Count(string outcome, long started)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        ControlPlaneMetrics.ReportsIngested.Add(1, tag);
        ControlPlaneMetrics.IngestionLatency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, tag);
    }
}
