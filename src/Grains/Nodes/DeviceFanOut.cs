using ControlPlane.Contracts.Gpus;
using ControlPlane.Contracts.Nics;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Identity;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Grains.Nodes;

/// <summary>A report's fan-out to the node's GPU and NIC grains: only what changed travels (a steady report calls none).</summary>
internal static class DeviceFanOut
{
    /// <summary>
    /// GPU and NIC grains hear about a device only when its verdict or place changes. Awaited before
    /// the report is stored: if one fails, the agent's retry sends the change again.
    /// </summary>
    public static Task TellAsync(IGrainFactory grains, string node, NodeRecord before, NodeRecord after, DateTimeOffset now)
    {
        var report = after.Report!;
        var previousGpus = before.Report?.Gpus ?? [];
        List<Task>? calls = null;
        for (var i = 0; i < report.Gpus.Length; i++)
        {
            var gpu = report.Gpus[i];
            var verdict = after.Gpus[i];
            var previousReport = i < previousGpus.Length && previousGpus[i].Uuid == gpu.Uuid ? previousGpus[i] : ReportFacts.GpuByUuid(previousGpus, gpu.Uuid);
            if (previousReport is null)
            {
                // New to the node: observed by its claim (GpuClaims).
                continue;
            }

            var previousVerdict = ReportVerdicts.Previous(before.Gpus, gpu.Uuid, i);
            if (previousVerdict is not null && previousReport.Index == gpu.Index && previousReport.PciBusId == gpu.PciBusId
                && (ReferenceEquals(previousVerdict, verdict) || previousVerdict.Health.SameVerdictAs(verdict.Health)))
            {
                continue;
            }

            (calls ??= []).Add(grains.Grain<IGpuGrain>(gpu.Uuid).ObserveAsync(new GpuObservation
            {
                Node = node, Index = gpu.Index, Model = gpu.Model, PciBusId = gpu.PciBusId, Health = verdict.Health, At = now,
            }));
        }

        if (!(before.Report is { } previous && ReferenceEquals(previous.Nics, report.Nics) && ReferenceEquals(before.Nics, after.Nics)))
        {
            for (var i = 0; i < report.Nics.Length; i++)
            {
                var nic = report.Nics[i];
                var verdict = after.Nics[i];
                var previousVerdict = FindNicVerdict(before.Nics, verdict.Port);
                var previousReport = before.Report is null ? null : FindNic(before.Report.Nics, nic.Device, nic.Port);
                var unchanged = previousVerdict is not null && previousReport == nic && previousVerdict.Health.SameVerdictAs(verdict.Health);
                var firstSeenHealthy = previousVerdict is null && verdict.Health.Status == HealthStatus.Healthy;
                if (unchanged || firstSeenHealthy)
                {
                    continue;
                }

                (calls ??= []).Add(grains.Grain<INicGrain>(NicKey.Of(node, nic.Device, nic.Port)).ObserveAsync(new NicObservation
                {
                    Report = nic, Health = verdict.Health, At = now, Before = previousVerdict?.Health,
                }));
            }
        }

        return calls is null ? Task.CompletedTask : Task.WhenAll(calls);
    }

    // Loops rather than Array.Find: a lambda capturing the loop variable allocates on every report, changed or not.
    private static NicVerdict? FindNicVerdict(NicVerdict[] verdicts, string port)
    {
        foreach (var v in verdicts)
        {
            if (v.Port == port)
            {
                return v;
            }
        }

        return null;
    }

    private static NicReport? FindNic(NicReport[] nics, string device, int port)
    {
        foreach (var n in nics)
        {
            if (n.Device == device && n.Port == port)
            {
                return n;
            }
        }

        return null;
    }
}
