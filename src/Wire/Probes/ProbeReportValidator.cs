using System.Collections.ObjectModel;
using System.Globalization;
using ControlPlane.Wire.Identity;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Wire.Probes;

/// <summary>
/// Rejects reports that are malformed or physically absurd, naming each offending field the way
/// the JSON spells it (<c>gpus[3].temperatureC</c>), so the agent's author can fix it.
/// </summary>
public static class ProbeReportValidator
{
    public const int MaxGpus = 64;
    public const int MaxNics = 64;
    public const int MaxXidsPerGpu = 256;

    /// <summary>The largest XID code a report may carry (NVIDIA's table ends far below it).</summary>
    public const int MaxXidCode = 10_000;
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The largest sequence accepted: 2^53 − 1, the largest integer every JSON reader keeps exactly. A report at
    /// long.MaxValue was accepted before and left nothing greater, so its node could never report again.
    /// </summary>
    public const long MaxSequence = (1L << 53) - 1;

    public static IReadOnlyDictionary<string, string[]> Validate(ProbeReport report, string routeNode, DateTimeOffset now)
    {
        var errors = new ErrorBag();
        if (!NodeId.IsValid(report.Node))
        {
            errors.Add("node", NodeId.Describe(report.Node));
        }
        else if (!string.Equals(report.Node, routeNode, StringComparison.Ordinal))
        {
            errors.Add("node", $"report is for '{report.Node}' but was sent to '{routeNode}'");
        }

        if (report.Sequence is < 0 or > MaxSequence)
        {
            errors.Add("sequence", $"must be 0..{MaxSequence}");
        }

        if (report.Timestamp > now + MaxClockSkew)
        {
            errors.Add("timestamp", $"is {report.Timestamp:O}, in the future by more than {MaxClockSkew.TotalMinutes} minutes: check the node's clock");
        }
        else if (report.Timestamp.Year < 2020)
        {
            errors.Add("timestamp", $"is {report.Timestamp:O}: missing or absurd");
        }

        if (string.IsNullOrWhiteSpace(report.Pool) || !NodeId.IsValid(report.Pool))
        {
            errors.Add("pool", "must be a lowercase DNS label");
        }

        ValidateGpus(report.Gpus, errors);
        ValidateNics(report.Nics, errors);
        ValidateTopology(report, errors);
        return errors.ToDictionary();
    }

    private static void ValidateGpus(GpuReport[]? gpus, ErrorBag errors)
    {
        if (gpus is null)
        {
            errors.Add("gpus", "must be an array (empty on a node without GPUs)");
            return;
        }

        if (gpus.Length > MaxGpus)
        {
            errors.Add("gpus", $"has {gpus.Length} entries; at most {MaxGpus}");
            return;
        }

        // Checked on every report, so nothing is allocated unless something is wrong: duplicate UUIDs by
        // comparison (at most 64 GPUs), indices and NVLinks (both below 64) in bit masks, field names on error.
        var indices = 0UL;
        for (var i = 0; i < gpus.Length; i++)
        {
            var g = gpus[i];
            if (g is null)
            {
                errors.Add($"gpus[{i}]", "must not be null");
                continue;
            }

            var at = new FieldOf("gpus", i);
            if (!GpuUuid.IsValid(g.Uuid)) errors.Add(at["uuid"], $"'{g.Uuid}' is not a GPU UUID (GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
            else if (UuidBefore(gpus, i)) errors.Add(at["uuid"], "appears twice");
            if (g.Index is < 0 or >= MaxGpus) errors.Add(at["index"], $"must be 0..{MaxGpus - 1}");
            else if (!AddBit(ref indices, g.Index)) errors.Add(at["index"], "appears twice");
            if (g.Minor is < 0 or > 255) errors.Add(at["minor"], "must be 0..255");
            if (string.IsNullOrWhiteSpace(g.PciBusId)) errors.Add(at["pciBusId"], "is required");
            if (string.IsNullOrWhiteSpace(g.Model)) errors.Add(at["model"], "is required");
            if (!IsComputeCapability(g.ComputeCapability)) errors.Add(at["computeCapability"], $"'{g.ComputeCapability}' is not major.minor, e.g. 9.0");
            if (g.MemoryTotalMiB is < 0 or > 4 * 1024 * 1024) errors.Add(at["memoryTotalMiB"], "must be 0..4 TiB");
            if (g.MemoryUsedMiB < 0 || g.MemoryUsedMiB > g.MemoryTotalMiB) errors.Add(at["memoryUsedMiB"], "must be 0..memoryTotalMiB");
            if (g.UtilizationPercent is < 0 or > 100) errors.Add(at["utilizationPercent"], "must be 0..100");
            if (g.TemperatureC is < -40 or > 200) errors.Add(at["temperatureC"], "must be -40..200");
            if (g.PowerW is < 0 or > 5000 || (g.PowerW is { } p && !double.IsFinite(p))) errors.Add(at["powerW"], "must be 0..5000");
            if (g.Ecc is null || g.Ecc.VolatileCorrected < 0 || g.Ecc.VolatileUncorrected < 0 || g.Ecc.AggregateCorrected < 0 || g.Ecc.AggregateUncorrected < 0)
                errors.Add(at["ecc"], "counters must be zero or more");
            if (g.RetiredPages < 0) errors.Add(at["retiredPages"], "must be zero or more");
            if (g.RemappedRows is null || g.RemappedRows.Correctable < 0 || g.RemappedRows.Uncorrectable < 0)
                errors.Add(at["remappedRows"], "counters must be zero or more");
            if (g.RecentXids is null || g.RecentXids.Length > MaxXidsPerGpu) errors.Add(at["recentXids"], $"must be an array of at most {MaxXidsPerGpu}");
            else if (g.RecentXids.Any(x => x is null || x.Code is <= 0 or > MaxXidCode)) errors.Add(at["recentXids"], $"codes must be 1..{MaxXidCode}");
            if (g.NvLinks is null || g.NvLinks.Length > 64 || g.NvLinks.Any(l => l is null || l.Link < 0)) errors.Add(at["nvLinks"], "must be an array of at most 64 links");
            if (g.NvLinkCount is < 0 or > 64) errors.Add(at["nvLinkCount"], "must be 0..64");
            else if (!DistinctLinksBelow(g.NvLinksDown, g.NvLinkCount)) errors.Add(at["nvLinksDown"], "must name distinct links 0..nvLinkCount-1");
        }
    }

    private static void ValidateNics(NicReport[]? nics, ErrorBag errors)
    {
        if (nics is null)
        {
            errors.Add("nics", "must be an array");
            return;
        }

        if (nics.Length > MaxNics)
        {
            errors.Add("nics", $"has {nics.Length} entries; at most {MaxNics}");
            return;
        }

        for (var i = 0; i < nics.Length; i++)
        {
            var n = nics[i];
            if (n is null)
            {
                errors.Add($"nics[{i}]", "must not be null");
                continue;
            }

            var at = new FieldOf("nics", i);
            if (string.IsNullOrWhiteSpace(n.Device) || n.Device.Length > 64 || n.Device.Contains('/', StringComparison.Ordinal))
                errors.Add(at["device"], "is required: an RDMA device name such as mlx5_0");
            else if (PortBefore(nics, i)) errors.Add(at["device"], "device and port appear twice");
            if (n.Port is < 1 or > 255) errors.Add(at["port"], "must be 1..255");
            if (n.RateGbps is < 0 or > 3200 || !double.IsFinite(n.RateGbps)) errors.Add(at["rateGbps"], "must be 0..3200");
            if (!Enum.IsDefined(n.State)) errors.Add(at["state"], "is not a port state");
        }
    }

    private static void ValidateTopology(ProbeReport report, ErrorBag errors)
    {
        if (report.Topology is null)
        {
            errors.Add("topology", "must be an object (empty devices when unknown)");
            return;
        }

        if (report.Topology.Devices is null || report.Topology.Links is null)
        {
            errors.Add("topology", "devices and links must be arrays");
            return;
        }

        foreach (var problem in report.Topology.Validate())
        {
            errors.Add("topology", problem);
        }

        if (report.Gpus is null)
        {
            return;
        }

        foreach (var gpu in report.Gpus)
        {
            if (gpu is not null && report.Topology.Devices.Length > 0 && !NamesGpu(report.Topology.Devices, gpu.Index))
            {
                errors.Add("topology.devices", $"lacks {LinkMatrix.GpuName(gpu.Index)}, which gpus lists");
            }
        }
    }

    private static bool IsComputeCapability(string? value)
    {
        if (value is null) return false;
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        return dot > 0
            && int.TryParse(value.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var major) && major is > 0 and < 100
            && int.TryParse(value.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var minor) && minor is >= 0 and < 10;
    }

    private static bool UuidBefore(GpuReport[] gpus, int i)
    {
        for (var j = 0; j < i; j++)
        {
            if (gpus[j] is { } other && string.Equals(other.Uuid, gpus[i].Uuid, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool PortBefore(NicReport[] nics, int i)
    {
        for (var j = 0; j < i; j++)
        {
            if (nics[j] is { } other && other.Port == nics[i].Port && string.Equals(other.Device, nics[i].Device, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AddBit(ref ulong bits, int index)
    {
        var bit = 1UL << index;
        var added = (bits & bit) == 0;
        bits |= bit;
        return added;
    }

    /// <summary>Links 0..count-1 (count at most 64), each once.</summary>
    private static bool DistinctLinksBelow(int[]? links, int count)
    {
        if (links is null)
        {
            return false;
        }

        var seen = 0UL;
        foreach (var link in links)
        {
            if (link < 0 || link >= count || !AddBit(ref seen, link))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="devices"/> holds <c>GPU{index}</c> (<see cref="LinkMatrix.GpuName"/>), without building the name.</summary>
    private static bool NamesGpu(string[] devices, int index)
    {
        Span<char> digits = stackalloc char[11];
        index.TryFormat(digits, out var length, default, CultureInfo.InvariantCulture);
        foreach (var device in devices)
        {
            if (device is not null && device.Length == 3 + length && device.StartsWith("GPU", StringComparison.Ordinal) && device.AsSpan(3).SequenceEqual(digits[..length]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The JSON path of an element's field (<c>gpus[3].temperatureC</c>), built only when there is an error to name.</summary>
    private readonly struct FieldOf(string array, int index)
    {
        public string this[string field] => $"{array}[{index}].{field}";
    }

    private sealed class ErrorBag
    {
        private Dictionary<string, List<string>>? _errors;

        public void Add(string field, string message)
        {
            _errors ??= new(StringComparer.Ordinal);
            if (!_errors.TryGetValue(field, out var list))
            {
                _errors[field] = list = [];
            }

            list.Add(message);
        }

        /// <summary>The errors by field; a valid report (every report of a steady agent) allocates nothing here.</summary>
        public IReadOnlyDictionary<string, string[]> ToDictionary() =>
            _errors is null ? ReadOnlyDictionary<string, string[]>.Empty : _errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
    }
}
