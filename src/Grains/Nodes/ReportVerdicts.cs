using ControlPlane.Health;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Grains.Nodes;

/// <summary>
/// The verdicts of a report: each GPU, each NIC port, the node. A device whose health inputs did not change
/// keeps its previous verdict object (and a node whose devices all did keeps its verdict arrays), so a steady
/// report classifies nothing and allocates no verdicts, and comparing them is a reference check.
/// </summary>
internal static class ReportVerdicts
{
    public static (GpuVerdict[] Gpus, NicVerdict[] Nics, DeviceHealth Health) Classify(ProbeReport report, NodeRecord current, DateTimeOffset now, HealthOptions options, TimeSpan nicSettle)
    {
        var gpus = ClassifyGpus(report, current, now, options);
        var nics = ClassifyNics(report, current, now, nicSettle);
        var hasNotes = report.Notes.Length > 0;
        if (ReferenceEquals(gpus, current.Gpus) && ReferenceEquals(nics, current.Nics) && current.Readiness == Readiness.Ready
            && current.Report is { } previous && (previous.Notes.Length > 0) == hasNotes)
        {
            return (gpus, nics, current.Health);
        }

        var gpuHealth = new (int, DeviceHealth)[gpus.Length];
        for (var i = 0; i < gpus.Length; i++)
        {
            gpuHealth[i] = (gpus[i].Index, gpus[i].Health);
        }

        var nicHealth = new (string, DeviceHealth)[nics.Length];
        for (var i = 0; i < nics.Length; i++)
        {
            nicHealth[i] = (nics[i].Port, nics[i].Health);
        }

        return (gpus, nics, NodeHealthClassifier.Classify(gpuHealth, nicHealth, Readiness.Ready, hasNotes));
    }

    /// <summary>Whether a placement-relevant verdict differs; verdicts kept from the previous report compare by reference.</summary>
    public static bool Changed(NodeRecord before, NodeRecord after)
    {
        if (ReferenceEquals(before.Gpus, after.Gpus) && ReferenceEquals(before.Nics, after.Nics) && ReferenceEquals(before.Health, after.Health))
        {
            return false;
        }

        if (!before.Health.SameVerdictAs(after.Health) || before.Gpus.Length != after.Gpus.Length || before.Nics.Length != after.Nics.Length)
        {
            return true;
        }

        for (var i = 0; i < before.Gpus.Length; i++)
        {
            var (a, b) = (before.Gpus[i], after.Gpus[i]);
            if (!ReferenceEquals(a, b) && (a.Uuid != b.Uuid || a.Xids.Length != b.Xids.Length || !a.Health.SameVerdictAs(b.Health)))
            {
                return true;
            }
        }

        for (var i = 0; i < before.Nics.Length; i++)
        {
            var (a, b) = (before.Nics[i], after.Nics[i]);
            if (!ReferenceEquals(a, b) && (a.Port != b.Port || !a.Health.SameVerdictAs(b.Health)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The previous verdict of the GPU with this UUID: usually at the same position, so that is looked at first.</summary>
    public static GpuVerdict? Previous(GpuVerdict[] verdicts, string uuid, int position)
    {
        if (position < verdicts.Length && verdicts[position].Uuid == uuid)
        {
            return verdicts[position];
        }

        foreach (var verdict in verdicts)
        {
            if (verdict.Uuid == uuid)
            {
                return verdict;
            }
        }

        return null;
    }

    private static GpuVerdict[] ClassifyGpus(ProbeReport report, NodeRecord current, DateTimeOffset now, HealthOptions options)
    {
        var previousGpus = current.Report?.Gpus ?? [];
        var sameTopology = current.Report is { } before && ReferenceEquals(before.Topology, report.Topology);
        GpuVerdict[]? verdicts = null;
        for (var i = 0; i < report.Gpus.Length; i++)
        {
            var gpu = report.Gpus[i];
            var previous = Previous(current.Gpus, gpu.Uuid, i);
            var kept = previous is not null && sameTopology && i < previousGpus.Length && previousGpus[i].Uuid == gpu.Uuid
                && SameHealthInputs(previousGpus[i], gpu, previous, options);
            if (kept && verdicts is null && i < current.Gpus.Length && ReferenceEquals(current.Gpus[i], previous))
            {
                continue;
            }

            verdicts ??= CopyOfFirst(current.Gpus, i, report.Gpus.Length);
            verdicts[i] = kept ? previous! : Classify(gpu, previous, report, now, options);
        }

        return verdicts is null && current.Gpus.Length == report.Gpus.Length ? current.Gpus : verdicts ?? CopyOfFirst(current.Gpus, report.Gpus.Length, report.Gpus.Length);
    }

    private static GpuVerdict[] CopyOfFirst(GpuVerdict[] previous, int count, int length)
    {
        var verdicts = new GpuVerdict[length];
        Array.Copy(previous, verdicts, Math.Min(count, previous.Length));
        return verdicts;
    }

    private static GpuVerdict Classify(GpuReport gpu, GpuVerdict? previous, ProbeReport report, DateTimeOffset now, HealthOptions options)
    {
        var xids = XidMemory.Remember(previous?.Xids ?? [], gpu.RecentXids, now, options);
        return new GpuVerdict { Uuid = gpu.Uuid, Index = gpu.Index, Xids = xids, Health = GpuHealthClassifier.Classify(gpu, xids, report.Topology, options) };
    }

    /// <summary>
    /// Nothing the GPU classifier reads changed: counters, NVLinks, the NVLink fabric registration, no XIDs remembered or new, and the temperature
    /// the same or below the Degraded threshold both times (a reason quotes the temperature, so a hot GPU is classified again).
    /// </summary>
    private static bool SameHealthInputs(GpuReport before, GpuReport now, GpuVerdict verdict, HealthOptions options) =>
        before.Index == now.Index && verdict.Xids.Length == 0 && now.RecentXids.Length == 0
        && before.Ecc == now.Ecc && before.RetiredPages == now.RetiredPages && before.RemappedRows == now.RemappedRows
        && before.NvLinkCount == now.NvLinkCount && before.Fabric == now.Fabric
        && (ReferenceEquals(before.NvLinks, now.NvLinks) || before.NvLinks.AsSpan().SequenceEqual(now.NvLinks))
        && (ReferenceEquals(before.NvLinksDown, now.NvLinksDown) || before.NvLinksDown.AsSpan().SequenceEqual(now.NvLinksDown))
        && (before.TemperatureC == now.TemperatureC || (Cool(before.TemperatureC, options) && Cool(now.TemperatureC, options)));

    private static bool Cool(int? temperature, HealthOptions options) => temperature is not { } t || t < options.TemperatureDegradedC;

    /// <summary>
    /// A port that comes back Active after being down is <c>nic-port-settling</c> (degraded, kept out of placement) for
    /// <paramref name="settle"/>; going down again meanwhile starts over when it returns, so a flapping port stays out
    /// until it has held for that long.
    /// </summary>
    private static NicVerdict[] ClassifyNics(ProbeReport report, NodeRecord current, DateTimeOffset now, TimeSpan settle)
    {
        if (current.Report is { } previous && ReferenceEquals(previous.Nics, report.Nics) && current.Nics.Length == report.Nics.Length && !SettledSince(current.Nics, now))
        {
            return current.Nics;
        }

        var verdicts = new NicVerdict[report.Nics.Length];
        for (var i = 0; i < verdicts.Length; i++)
        {
            var nic = report.Nics[i];
            var port = NicVerdict.KeyOf(nic.Device, nic.Port);
            var before = Array.Find(current.Nics, v => v.Port == port);
            var health = NicHealthClassifier.Classify(nic);
            var settlingUntil = health.Status != HealthStatus.Healthy || before is null ? null
                : before.Health.Status == HealthStatus.Unhealthy ? now + settle
                : before.SettlingUntil > now ? before.SettlingUntil
                : null;
            if (settlingUntil is { } until && settle > TimeSpan.Zero)
            {
                health = NicHealthClassifier.Settling(nic, until);
            }

            verdicts[i] = before is not null && before.SettlingUntil == settlingUntil && before.Health.SameVerdictAs(health)
                ? before
                : new NicVerdict { Port = port, Health = health, SettlingUntil = settle > TimeSpan.Zero ? settlingUntil : null };
        }

        return verdicts;
    }

    private static bool SettledSince(NicVerdict[] verdicts, DateTimeOffset now)
    {
        foreach (var v in verdicts)
        {
            if (v.SettlingUntil <= now)
            {
                return true;
            }
        }

        return false;
    }
}
