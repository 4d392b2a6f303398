using ControlPlane.Wire.Incidents;
using ControlPlane.Contracts.Incidents;
using ControlPlane.Diagnostics;
using ControlPlane.Grains.Incidents;
using ControlPlane.Grains.Telemetry;
using ControlPlane.Kubernetes;
using ControlPlane.Wire.Deployments;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Grains.Deployments;

/// <summary>
/// The pods are the pairs' witnesses: their NCCL logs are read when a pair first runs (is the wire as fast as placed?)
/// and when it turns Degraded or Failed (who stalled?); what they find is signalled to the failover grain, and an
/// incident is told how its pair moved on.
/// </summary>
internal sealed partial class PairLogChecks(DeploymentScope d)
{
    /// <summary>Tells the incident that placed (or replaced) the pair how it moved on; best effort, one-way.</summary>
    internal void Progress(PairView pair, string step, string detail)
    {
        if (pair.Incident is { } incident)
        {
            d.Grains.GetGrain<IIncidentGrain>(incident)
                .PairProgressAsync(new PairProgress { Deployment = d.Name, Pair = pair.Index, Step = step, Detail = detail, At = d.Clock.GetUtcNow() })
                .Ignore();
        }
    }

    /// <summary>After a pair moved (observed by the resync), read its logs when that tells something: its first Running, or a failure.</summary>
    internal async Task<PairView> AfterTransitionAsync(PairView before, PairView after)
    {
        if (after.State == PairState.Bound)
        {
            Progress(after, IncidentSteps.Applied, "the replacement's objects were applied");
        }

        if (after.State == PairState.Running && before.State != PairState.Running)
        {
            Progress(after, IncidentSteps.Recovered, $"both pods Ready ({string.Join(", ", after.Pods.Select(p => p.Name))})");
            if (after.WireCheck is null)
            {
                (after, var mismatch) = await CheckWireAsync(after);
                if (mismatch is not null)
                {
                    Signal(mismatch);
                }
            }
        }

        if (after.State is PairState.Degraded or PairState.Failed && before.State != after.State)
        {
            var diagnosis = await DiagnoseAsync(after);
            var signals = diagnosis is null ? [] : PairLogCheck.Failures(d.Name, after, diagnosis).ToList();
            if (signals.Count == 0 && after.State == PairState.Failed)
            {
                signals.Add(new FailureSignal
                {
                    Kind = Wire.Incidents.IncidentKind.PodFailed, Reason = $"pair {after.Index} failed: {after.Reason}", Blame = [PairBlame.Pair(after)],
                    Pairs = [new PairRef { Deployment = d.Name, Pair = after.Index, Revision = after.Revision }], Evidence = [after.Reason ?? "pod failed"],
                    Actor = "pod-watch", Quarantine = false,
                });
            }

            foreach (var signal in signals)
            {
                Signal(signal);
            }
        }

        return after;
    }

    /// <summary>
    /// The wire check of a pair (or spare) that just started running: its logs against the tier it was placed on. The
    /// pair comes back with <see cref="PairView.WireCheck"/> set; the mismatch, when there is one, is the caller's to act on.
    /// </summary>
    internal async Task<(PairView Checked, FailureSignal? Mismatch)> CheckWireAsync(PairView pair)
    {
        var diagnosis = await DiagnoseAsync(pair);
        var mismatch = diagnosis is null ? null : PairLogCheck.WireMismatch(d.Name, pair, diagnosis);
        if (diagnosis is { HasNcclLines: true })
        {
            OutcomeMetrics.WireChecked(pair.Placement.Tier, diagnosis.Transport, mismatch is not null);
        }

        return (pair with { WireCheck = diagnosis is null ? "no NCCL log" : mismatch?.Reason ?? $"as placed ({diagnosis.Transport})" }, mismatch);
    }

    internal void Signal(FailureSignal signal) =>
        d.Grains.GetGrain<IFailoverGrain>(IFailoverGrain.Key).SignalAsync(signal).Ignore();

    private static TextReader? Concat(Stream? previous, Stream? current) => (previous, current) switch
    {
        (null, null) => null,
        (null, { } only) => new StreamReader(only),
        ({ } only, null) => new StreamReader(only),
        ({ } before, { } now) => new StringReader(ReadAll(before) + "\n" + ReadAll(now)),
    };

    private static string ReadAll(Stream stream)
    {
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The NCCL diagnosis of both pods' log tails; null when neither has a log (or no cluster).</summary>
    internal async Task<NcclDiagnosis?> DiagnoseAsync(PairView pair)
    {
        var readers = new List<(string Name, TextReader Reader)>();
        try
        {
            foreach (var pod in pair.Pods)
            {
                // A container that restarted left its failure in the previous container's log: read it first, as it happened.
                var previous = await d.Applier.ReadPodLogAsync(pod.Name, PodLogTail.ForDiagnosis with { Previous = true });
                var current = await d.Applier.ReadPodLogAsync(pod.Name, PodLogTail.ForDiagnosis);
                if (Concat(previous, current) is { } log)
                {
                    readers.Add((pod.Name, log));
                }
            }

            return readers.Count == 0 ? null : NcclLogDiagnoser.Diagnose(readers);
        }
        catch (Exception e) when (ObjectSync.IsClusterFailure(e))
        {
            d.Logger.LogWarning(e, "Deployment {Name}: reading the logs of pair {Pair} failed", d.Name, pair.Index);
            return null;
        }
        finally
        {
            foreach (var (_, reader) in readers)
            {
                reader.Dispose();
            }
        }
    }
}
