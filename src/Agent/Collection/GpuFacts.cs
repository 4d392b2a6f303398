using ControlPlane.Agent.Pci;
using ControlPlane.Probes.Proc;
using ControlPlane.Probes.Smi;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Agent.Collection;

/// <summary>Everything the captures say about one GPU, found by its UUID.</summary>
internal sealed class GpuFacts(string uuid)
{
    public string Uuid { get; } = uuid;
    public int? Index { get; set; }
    public QueriedGpu? Csv { get; set; }
    public GpuDetails? Xml { get; set; }
    public ListedGpu? Listed { get; set; }
    public ProcGpuInformation? Proc { get; set; }
    public NvLinkGpu? NvLinks { get; set; }

    public static IReadOnlyList<GpuFacts> Join(CaptureSet captures)
    {
        var byUuid = new Dictionary<string, GpuFacts>(StringComparer.OrdinalIgnoreCase);
        GpuFacts Of(string uuid) => byUuid.TryGetValue(uuid, out var f) ? f : byUuid[uuid] = new GpuFacts(uuid);

        foreach (var csv in captures.QueryCsv?.Gpus ?? [])
        {
            if (csv.Uuid is { } uuid)
            {
                var f = Of(uuid);
                f.Csv = csv;
                f.Index ??= csv.Index;
            }
        }

        foreach (var listed in captures.GpuList?.Gpus ?? [])
        {
            var f = Of(listed.Uuid);
            f.Listed = listed;
            f.Index ??= listed.Index;
        }

        foreach (var linked in captures.NvLinks?.Gpus ?? [])
        {
            var f = Of(linked.Uuid);
            f.NvLinks = linked;
            f.Index ??= linked.Index;
        }

        // -q -x and /proc list GPUs in PCI order, which is also nvidia-smi's default index order.
        var xmlGpus = captures.SmiXml?.Gpus ?? [];
        for (var i = 0; i < xmlGpus.Length; i++)
        {
            var f = Of(xmlGpus[i].Uuid);
            f.Xml = xmlGpus[i];
        }

        foreach (var proc in captures.ProcGpus?.Gpus ?? [])
        {
            Of(proc.GpuUuid).Proc = proc;
        }

        AssignPciOrderIndices(byUuid.Values);
        return [.. byUuid.Values];
    }

    public GpuReport? ToReport(CaptureSet captures, List<string> notes)
    {
        var busId = Csv?.PciBusId ?? Xml?.PciBusId ?? Proc?.BusLocation;
        var minor = Xml?.MinorNumber ?? Proc?.DeviceMinor;
        if (Index is null || busId is null)
        {
            notes.Add($"{Uuid}: no capture gives its {(Index is null ? "index" : "PCI bus id")}; left out");
            return null;
        }

        if (minor is null)
        {
            notes.Add($"{Uuid}: device minor unknown (needs -q -x or /proc/driver/nvidia/gpus); kept, and selected by UUID when placed");
        }

        var cc = Csv?.ComputeCapability ?? Xml?.ComputeCapability;
        if (cc is null)
        {
            notes.Add($"{Uuid}: compute capability unknown (needs --query-gpu with compute_cap)");
        }

        var row = captures.Topology?.Devices.FirstOrDefault(d => d.Name == "GPU" + CaptureInventory.Invariant(Index.Value));
        return new GpuReport
        {
            Uuid = Uuid,
            Index = Index.Value,
            Minor = minor,
            PciBusId = PciAddress.ToNvml(busId),
            Model = Csv?.Name ?? Xml?.ProductName ?? Listed?.Name ?? Proc?.Model ?? "",
            ComputeCapability = cc ?? "",
            MemoryTotalMiB = (long)(Csv?.MemoryTotalMiB ?? Xml?.Memory.TotalMiB ?? 0),
            MemoryUsedMiB = (long)(Csv?.MemoryUsedMiB ?? Xml?.Memory.UsedMiB ?? 0),
            UtilizationPercent = (int?)(Csv?.UtilizationGpuPercent ?? Xml?.UtilizationGpuPercent),
            TemperatureC = (int?)(Csv?.TemperatureGpuC ?? Xml?.TemperatureC),
            PowerW = Csv?.PowerDrawW ?? Xml?.Power.DrawW,
            Ecc = new EccCounters
            {
                VolatileCorrected = Xml?.Ecc.Volatile.Corrected ?? Csv?.EccCorrectedVolatileTotal ?? 0,
                VolatileUncorrected = Xml?.Ecc.Volatile.Uncorrected ?? Csv?.EccUncorrectedVolatileTotal ?? 0,
                AggregateCorrected = Xml?.Ecc.Aggregate.Corrected ?? 0,
                AggregateUncorrected = Xml?.Ecc.Aggregate.Uncorrected ?? 0,
            },
            RetiredPages = (Xml?.RetiredPages.MultipleSingleBit ?? 0) + (Xml?.RetiredPages.DoubleBit ?? 0),
            RemappedRows = new ControlPlane.Wire.Probes.RemappedRows
            {
                Correctable = Xml?.RemappedRows.Correctable ?? 0,
                Uncorrectable = Xml?.RemappedRows.Uncorrectable ?? 0,
                Pending = Xml?.RemappedRows.Pending ?? false,
                Failure = Xml?.RemappedRows.Failure ?? false,
            },
            NvLinks = [.. (NvLinks?.Links ?? []).Select(l => new NvLinkState { Link = l.Link, Active = l.IsActive, SpeedGBps = l.SpeedGBps })],
            NumaNode = ParseNuma(row?.NumaAffinity),
            CpuAffinity = row?.CpuAffinity,
            Fabric = Xml?.Fabric is { State: not null } fabric ? fabric : null,
        };
    }

    private static int? ParseNuma(string? text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    private static void AssignPciOrderIndices(IEnumerable<GpuFacts> all)
    {
        var unindexed = all.Where(f => f.Index is null).ToList();
        if (unindexed.Count == 0)
        {
            return;
        }

        var taken = all.Where(f => f.Index is not null).Select(f => f.Index!.Value).ToHashSet();
        if (taken.Count > 0)
        {
            return; // Mixing known indices with guessed ones could give one index twice; leave them out instead.
        }

        var next = 0;
        foreach (var f in unindexed.OrderBy(f => PciAddress.ToSysfs(f.Xml?.PciBusId ?? f.Proc?.BusLocation), StringComparer.Ordinal))
        {
            f.Index = next++;
        }
    }
}
