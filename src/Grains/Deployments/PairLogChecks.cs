using ControlPlane.Contracts.Incidents;
using ControlPlane.Diagnostics;
using ControlPlane.Grains.Incidents;
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
    private const long LogTailBytes = 4 * 1024 * 1024;

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
            Progress(after, "applied", "the replacement's objects were applied");
        }

        if (after.State == PairState.Running && before.State != PairState.Running)
        {
            Progress(after, "recovered", $"both pods Ready ({string.Join(", ", after.Pods.Select(p => p.Name))})");
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
        return (pair with { WireCheck = diagnosis is null ? "no NCCL log" : mismatch?.Reason ?? $"as placed ({diagnosis.Transport})" }, mismatch);
    }

    internal void Signal(FailureSignal signal) =>
        d.Grains.GetGrain<IFailoverGrain>(IFailoverGrain.Key).SignalAsync(signal).Ignore();

    /// <summary>The NCCL diagnosis of both pods' log tails; null when neither has a log (or no cluster).</summary>
    internal async Task<NcclDiagnosis?> DiagnoseAsync(PairView pair)
    {
        var readers = new List<(string Name, TextReader Reader)>();
        try
        {
            foreach (var pod in pair.Pods)
            {
                if (await d.Applier.ReadPodLogAsync(pod.Name, LogTailBytes) is { } log)
                {
                    readers.Add((pod.Name, new StreamReader(log)));
                }
            }

            return readers.Count == 0 ? null : NcclLogDiagnoser.Diagnose(readers);
        }
        catch (Exception e) when (ObjectSync.IsClusterFailure(e))
        {
            d.Logger.LogWarning(e, "Deployment {d.Name}: reading the logs of pair {Pair} failed", d.Name, pair.Index);
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
