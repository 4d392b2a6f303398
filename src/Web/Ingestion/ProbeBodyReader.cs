using System.Buffers;
using System.Text.Json;
using ControlPlane.Wire.Probes;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Web.Ingestion;

/// <summary>
/// Reads a probe report straight from the request body against the node's previous report: every part
/// equal to the previous one (a string, a GPU's counters, a NIC, the whole topology matrix, a whole GPU)
/// is the previous object, not a new one, so a steady report allocates little more than the report record.
/// It reads only the shape agents send (the API's camelCase names, each once, no unknown fields, NVLinks in
/// the compact form); for anything else it answers null and the caller reads the body with System.Text.Json,
/// which accepts or refuses it exactly as before (and names the error).
/// </summary>
internal static class ProbeBodyReader
{
    private const int Node = 1, Sequence = 2, Timestamp = 4;

    public static ProbeReport? TryRead(in ReadOnlySequence<byte> body, ProbeReport? previous)
    {
        var r = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 32 });
        try
        {
            return r.Read() && ReadReport(ref r, previous) is { } report && !r.Read() ? report : null;
        }
        catch (JsonException)
        {
            // Not JSON (or trailing content): System.Text.Json reads it again and says where.
            return null;
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 in a string: likewise.
            return null;
        }
    }

    private static ProbeReport? ReadReport(ref Utf8JsonReader r, ProbeReport? previous)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? node = null, rack = null;
        string agentVersion = "", source = "", pool = "default";
        long sequence = 0;
        DateTimeOffset timestamp = default;
        GpuReport[] gpus = [];
        NicReport[] nics = [];
        var topology = LinkMatrix.Empty;
        SoftwareVersions? versions = null;
        string[] notes = [];
        var seen = new Seen();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var ok = r.ValueTextEquals("node"u8) ? seen.Once(Node) && r.Read() && TryString(ref r, previous?.Node, out node)
                : r.ValueTextEquals("sequence"u8) ? seen.Once(Sequence) && r.Read() && r.TokenType == JsonTokenType.Number && r.TryGetInt64(out sequence)
                : r.ValueTextEquals("timestamp"u8) ? seen.Once(Timestamp) && r.Read() && r.TokenType == JsonTokenType.String && r.TryGetDateTimeOffset(out timestamp)
                : r.ValueTextEquals("agentVersion"u8) ? seen.Once(8) && r.Read() && TryString(ref r, previous?.AgentVersion, out agentVersion!)
                : r.ValueTextEquals("source"u8) ? seen.Once(16) && r.Read() && TryString(ref r, previous?.Source, out source!)
                : r.ValueTextEquals("pool"u8) ? seen.Once(32) && r.Read() && TryString(ref r, previous?.Pool, out pool!)
                : r.ValueTextEquals("rack"u8) ? seen.Once(64) && r.Read() && TryNullableString(ref r, previous?.Rack, out rack)
                : r.ValueTextEquals("gpus"u8) ? seen.Once(128) && r.Read() && TryGpus(ref r, previous?.Gpus ?? [], out gpus)
                : r.ValueTextEquals("nics"u8) ? seen.Once(256) && r.Read() && TryNics(ref r, previous?.Nics ?? [], out nics)
                : r.ValueTextEquals("topology"u8) ? seen.Once(512) && r.Read() && TryTopology(ref r, previous?.Topology, out topology)
                : r.ValueTextEquals("versions"u8) ? seen.Once(1024) && r.Read() && TryVersions(ref r, previous?.Versions, out versions)
                : r.ValueTextEquals("notes"u8) && seen.Once(2048) && r.Read() && TryStrings(ref r, previous?.Notes, out notes);
            if (!ok)
            {
                return null;
            }
        }

        if (r.TokenType != JsonTokenType.EndObject || !seen.All(Node | Sequence | Timestamp))
        {
            return null;
        }

        return new ProbeReport
        {
            Node = node!,
            Sequence = sequence,
            Timestamp = timestamp,
            AgentVersion = agentVersion,
            Source = source,
            Pool = pool,
            Rack = rack,
            Gpus = gpus,
            Nics = nics,
            Topology = topology,
            Versions = versions ?? new SoftwareVersions(),
            Notes = notes,
        };
    }

    private static bool TryGpus(ref Utf8JsonReader r, GpuReport[] previous, out GpuReport[] gpus)
    {
        gpus = [];
        if (r.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var list = new Reuse<GpuReport>(previous);
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            if (!TryGpu(ref r, list.Before, out var gpu))
            {
                return false;
            }

            list.Add(gpu);
        }

        gpus = list.ToArray();
        return true;
    }

    private static bool TryGpu(ref Utf8JsonReader r, GpuReport? before, out GpuReport gpu)
    {
        gpu = null!;
        if (r.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        string? uuid = null, pciBusId = null, model = null, computeCapability = null, cpuAffinity = null;
        int index = 0, retiredPages = 0, nvLinkCount = 0;
        int? minor = null, utilization = null, temperature = null, numaNode = null;
        long memoryTotal = 0, memoryUsed = 0;
        double? power = null;
        EccCounters? ecc = null;
        RemappedRows? remapped = null;
        XidEvent[] xids = [];
        int[] linksDown = [];
        var seen = new Seen();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var ok = r.ValueTextEquals("uuid"u8) ? seen.Once(1) && r.Read() && TryString(ref r, before?.Uuid, out uuid)
                : r.ValueTextEquals("index"u8) ? seen.Once(2) && r.Read() && TryInt(ref r, out index)
                : r.ValueTextEquals("minor"u8) ? seen.Once(4) && r.Read() && TryNullableInt(ref r, out minor)
                : r.ValueTextEquals("pciBusId"u8) ? seen.Once(8) && r.Read() && TryString(ref r, before?.PciBusId, out pciBusId)
                : r.ValueTextEquals("model"u8) ? seen.Once(16) && r.Read() && TryString(ref r, before?.Model, out model)
                : r.ValueTextEquals("computeCapability"u8) ? seen.Once(32) && r.Read() && TryString(ref r, before?.ComputeCapability, out computeCapability)
                : r.ValueTextEquals("memoryTotalMiB"u8) ? seen.Once(64) && r.Read() && r.TokenType == JsonTokenType.Number && r.TryGetInt64(out memoryTotal)
                : r.ValueTextEquals("memoryUsedMiB"u8) ? seen.Once(128) && r.Read() && r.TokenType == JsonTokenType.Number && r.TryGetInt64(out memoryUsed)
                : r.ValueTextEquals("utilizationPercent"u8) ? seen.Once(256) && r.Read() && TryNullableInt(ref r, out utilization)
                : r.ValueTextEquals("temperatureC"u8) ? seen.Once(512) && r.Read() && TryNullableInt(ref r, out temperature)
                : r.ValueTextEquals("powerW"u8) ? seen.Once(1024) && r.Read() && TryNullableDouble(ref r, out power)
                : r.ValueTextEquals("ecc"u8) ? seen.Once(2048) && r.Read() && TryEcc(ref r, before?.Ecc, out ecc)
                : r.ValueTextEquals("retiredPages"u8) ? seen.Once(4096) && r.Read() && TryInt(ref r, out retiredPages)
                : r.ValueTextEquals("remappedRows"u8) ? seen.Once(8192) && r.Read() && TryRemappedRows(ref r, before?.RemappedRows, out remapped)
                : r.ValueTextEquals("recentXids"u8) ? seen.Once(16384) && r.Read() && TryXids(ref r, out xids)
                : r.ValueTextEquals("nvLinks"u8) ? seen.Once(32768) && r.Read() && r.TokenType == JsonTokenType.StartArray && r.Read() && r.TokenType == JsonTokenType.EndArray
                : r.ValueTextEquals("nvLinkCount"u8) ? seen.Once(65536) && r.Read() && TryInt(ref r, out nvLinkCount)
                : r.ValueTextEquals("nvLinksDown"u8) ? seen.Once(131072) && r.Read() && TryInts(ref r, before?.NvLinksDown, out linksDown)
                : r.ValueTextEquals("numaNode"u8) ? seen.Once(262144) && r.Read() && TryNullableInt(ref r, out numaNode)
                : r.ValueTextEquals("cpuAffinity"u8) && seen.Once(524288) && r.Read() && TryNullableString(ref r, before?.CpuAffinity, out cpuAffinity);
            if (!ok)
            {
                return false;
            }
        }

        if (r.TokenType != JsonTokenType.EndObject || !seen.All(1 | 2 | 4 | 8 | 16 | 32))
        {
            return false;
        }

        ecc ??= before?.Ecc is { VolatileCorrected: 0, VolatileUncorrected: 0, AggregateCorrected: 0, AggregateUncorrected: 0 } zero ? zero : new EccCounters();
        remapped ??= before?.RemappedRows is { Correctable: 0, Uncorrectable: 0, Pending: false, Failure: false } none ? none : new RemappedRows();
        if (before is not null && ReferenceEquals(before.Uuid, uuid) && before.Index == index && before.Minor == minor && ReferenceEquals(before.PciBusId, pciBusId)
            && ReferenceEquals(before.Model, model) && ReferenceEquals(before.ComputeCapability, computeCapability) && before.MemoryTotalMiB == memoryTotal
            && before.MemoryUsedMiB == memoryUsed && before.UtilizationPercent == utilization && before.TemperatureC == temperature && before.PowerW == power
            && ReferenceEquals(before.Ecc, ecc) && before.RetiredPages == retiredPages && ReferenceEquals(before.RemappedRows, remapped)
            && before.RecentXids.Length == 0 && xids.Length == 0 && before.NvLinks.Length == 0 && before.NvLinkCount == nvLinkCount
            && ReferenceEquals(before.NvLinksDown, linksDown) && before.NumaNode == numaNode && ReferenceEquals(before.CpuAffinity, cpuAffinity))
        {
            gpu = before;
            return true;
        }

        gpu = new GpuReport
        {
            Uuid = uuid!,
            Index = index,
            Minor = minor,
            PciBusId = pciBusId!,
            Model = model!,
            ComputeCapability = computeCapability!,
            MemoryTotalMiB = memoryTotal,
            MemoryUsedMiB = memoryUsed,
            UtilizationPercent = utilization,
            TemperatureC = temperature,
            PowerW = power,
            Ecc = ecc,
            RetiredPages = retiredPages,
            RemappedRows = remapped,
            RecentXids = xids,
            NvLinkCount = nvLinkCount,
            NvLinksDown = linksDown,
            NumaNode = numaNode,
            CpuAffinity = cpuAffinity,
        };
        return true;
    }

    private static bool TryEcc(ref Utf8JsonReader r, EccCounters? before, out EccCounters? ecc)
    {
        ecc = null;
        long volatileCorrected = 0, volatileUncorrected = 0, aggregateCorrected = 0, aggregateUncorrected = 0;
        var seen = new Seen();
        if (r.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var ok = r.ValueTextEquals("volatileCorrected"u8) ? seen.Once(1) && r.Read() && TryLong(ref r, out volatileCorrected)
                : r.ValueTextEquals("volatileUncorrected"u8) ? seen.Once(2) && r.Read() && TryLong(ref r, out volatileUncorrected)
                : r.ValueTextEquals("aggregateCorrected"u8) ? seen.Once(4) && r.Read() && TryLong(ref r, out aggregateCorrected)
                : r.ValueTextEquals("aggregateUncorrected"u8) && seen.Once(8) && r.Read() && TryLong(ref r, out aggregateUncorrected);
            if (!ok)
            {
                return false;
            }
        }

        ecc = before is not null && before.VolatileCorrected == volatileCorrected && before.VolatileUncorrected == volatileUncorrected
            && before.AggregateCorrected == aggregateCorrected && before.AggregateUncorrected == aggregateUncorrected
            ? before
            : new EccCounters { VolatileCorrected = volatileCorrected, VolatileUncorrected = volatileUncorrected, AggregateCorrected = aggregateCorrected, AggregateUncorrected = aggregateUncorrected };
        return true;
    }

    private static bool TryRemappedRows(ref Utf8JsonReader r, RemappedRows? before, out RemappedRows? rows)
    {
        rows = null;
        int correctable = 0, uncorrectable = 0;
        bool pending = false, failure = false;
        var seen = new Seen();
        if (r.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var ok = r.ValueTextEquals("correctable"u8) ? seen.Once(1) && r.Read() && TryInt(ref r, out correctable)
                : r.ValueTextEquals("uncorrectable"u8) ? seen.Once(2) && r.Read() && TryInt(ref r, out uncorrectable)
                : r.ValueTextEquals("pending"u8) ? seen.Once(4) && r.Read() && TryBool(ref r, out pending)
                : r.ValueTextEquals("failure"u8) && seen.Once(8) && r.Read() && TryBool(ref r, out failure);
            if (!ok)
            {
                return false;
            }
        }

        rows = before is not null && before.Correctable == correctable && before.Uncorrectable == uncorrectable && before.Pending == pending && before.Failure == failure
            ? before
            : new RemappedRows { Correctable = correctable, Uncorrectable = uncorrectable, Pending = pending, Failure = failure };
        return true;
    }

    private static bool TryXids(ref Utf8JsonReader r, out XidEvent[] xids)
    {
        xids = [];
        if (r.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        List<XidEvent>? list = null;
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            int code = 0;
            DateTimeOffset at = default;
            string? message = null;
            var seen = new Seen();
            if (r.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var ok = r.ValueTextEquals("code"u8) ? seen.Once(1) && r.Read() && TryInt(ref r, out code)
                    : r.ValueTextEquals("at"u8) ? seen.Once(2) && r.Read() && r.TokenType == JsonTokenType.String && r.TryGetDateTimeOffset(out at)
                    : r.ValueTextEquals("message"u8) && seen.Once(4) && r.Read() && TryNullableString(ref r, null, out message);
                if (!ok)
                {
                    return false;
                }
            }

            if (!seen.All(1 | 2))
            {
                return false;
            }

            (list ??= []).Add(new XidEvent { Code = code, At = at, Message = message });
        }

        xids = list is null ? [] : [.. list];
        return true;
    }

    private static bool TryNics(ref Utf8JsonReader r, NicReport[] previous, out NicReport[] nics)
    {
        nics = [];
        if (r.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var list = new Reuse<NicReport>(previous);
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            if (!TryNic(ref r, list.Before, out var nic))
            {
                return false;
            }

            list.Add(nic);
        }

        nics = list.ToArray();
        return true;
    }

    private static bool TryNic(ref Utf8JsonReader r, NicReport? before, out NicReport nic)
    {
        nic = null!;
        if (r.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        string? device = null, netdev = null, physicalState = null, rdmaResource = null, pciBusId = null;
        var port = 1;
        int? numaNode = null;
        var linkLayer = LinkLayer.InfiniBand;
        var state = PortState.Unknown;
        double rate = 0;
        var seen = new Seen();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var ok = r.ValueTextEquals("device"u8) ? seen.Once(1) && r.Read() && TryString(ref r, before?.Device, out device)
                : r.ValueTextEquals("port"u8) ? seen.Once(2) && r.Read() && TryInt(ref r, out port)
                : r.ValueTextEquals("netdev"u8) ? seen.Once(4) && r.Read() && TryNullableString(ref r, before?.Netdev, out netdev)
                : r.ValueTextEquals("linkLayer"u8) ? seen.Once(8) && r.Read() && TryEnum(ref r, out linkLayer)
                : r.ValueTextEquals("state"u8) ? seen.Once(16) && r.Read() && TryEnum(ref r, out state)
                : r.ValueTextEquals("physicalState"u8) ? seen.Once(32) && r.Read() && TryNullableString(ref r, before?.PhysicalState, out physicalState)
                : r.ValueTextEquals("rateGbps"u8) ? seen.Once(64) && r.Read() && r.TokenType == JsonTokenType.Number && r.TryGetDouble(out rate)
                : r.ValueTextEquals("rdmaResource"u8) ? seen.Once(128) && r.Read() && TryNullableString(ref r, before?.RdmaResource, out rdmaResource)
                : r.ValueTextEquals("pciBusId"u8) ? seen.Once(256) && r.Read() && TryNullableString(ref r, before?.PciBusId, out pciBusId)
                : r.ValueTextEquals("numaNode"u8) && seen.Once(512) && r.Read() && TryNullableInt(ref r, out numaNode);
            if (!ok)
            {
                return false;
            }
        }

        if (!seen.All(1))
        {
            return false;
        }

        nic = before is not null && ReferenceEquals(before.Device, device) && before.Port == port && ReferenceEquals(before.Netdev, netdev) && before.LinkLayer == linkLayer
            && before.State == state && ReferenceEquals(before.PhysicalState, physicalState) && before.RateGbps == rate && ReferenceEquals(before.RdmaResource, rdmaResource)
            && ReferenceEquals(before.PciBusId, pciBusId) && before.NumaNode == numaNode
            ? before
            : new NicReport
            {
                Device = device!, Port = port, Netdev = netdev, LinkLayer = linkLayer, State = state, PhysicalState = physicalState,
                RateGbps = rate, RdmaResource = rdmaResource, PciBusId = pciBusId, NumaNode = numaNode,
            };
        return true;
    }

    private static bool TryTopology(ref Utf8JsonReader r, LinkMatrix? before, out LinkMatrix topology)
    {
        topology = LinkMatrix.Empty;
        if (r.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        string[] devices = [];
        string[][] links = [];
        var seen = new Seen();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var ok = r.ValueTextEquals("devices"u8) ? seen.Once(1) && r.Read() && TryStrings(ref r, before?.Devices, out devices)
                : r.ValueTextEquals("links"u8) && seen.Once(2) && r.Read() && TryRows(ref r, before?.Links ?? [], out links);
            if (!ok)
            {
                return false;
            }
        }

        topology = before is not null && ReferenceEquals(before.Devices, devices) && ReferenceEquals(before.Links, links)
            ? before
            : new LinkMatrix { Devices = devices, Links = links };
        return true;
    }

    private static bool TryRows(ref Utf8JsonReader r, string[][] previous, out string[][] rows)
    {
        rows = [];
        if (r.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var list = new Reuse<string[]>(previous);
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            if (!TryStrings(ref r, list.Before, out var row))
            {
                return false;
            }

            list.Add(row);
        }

        rows = list.ToArray();
        return true;
    }

    private static bool TryVersions(ref Utf8JsonReader r, SoftwareVersions? before, out SoftwareVersions? versions)
    {
        versions = null;
        if (r.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        string driver = "", cuda = "";
        string? nccl = null, kernel = null, os = null;
        var seen = new Seen();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var ok = r.ValueTextEquals("driver"u8) ? seen.Once(1) && r.Read() && TryString(ref r, before?.Driver, out driver!)
                : r.ValueTextEquals("cuda"u8) ? seen.Once(2) && r.Read() && TryString(ref r, before?.Cuda, out cuda!)
                : r.ValueTextEquals("nccl"u8) ? seen.Once(4) && r.Read() && TryNullableString(ref r, before?.Nccl, out nccl)
                : r.ValueTextEquals("kernel"u8) ? seen.Once(8) && r.Read() && TryNullableString(ref r, before?.Kernel, out kernel)
                : r.ValueTextEquals("os"u8) && seen.Once(16) && r.Read() && TryNullableString(ref r, before?.Os, out os);
            if (!ok)
            {
                return false;
            }
        }

        versions = before is not null && ReferenceEquals(before.Driver, driver) && ReferenceEquals(before.Cuda, cuda) && ReferenceEquals(before.Nccl, nccl)
            && ReferenceEquals(before.Kernel, kernel) && ReferenceEquals(before.Os, os)
            ? before
            : new SoftwareVersions { Driver = driver, Cuda = cuda, Nccl = nccl, Kernel = kernel, Os = os };
        return true;
    }

    private static bool TryStrings(ref Utf8JsonReader r, string[]? previous, out string[] strings)
    {
        strings = [];
        if (r.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var list = new Reuse<string>(previous ?? []);
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            if (!TryString(ref r, list.Before, out var value))
            {
                return false;
            }

            list.Add(value);
        }

        strings = list.ToArray();
        return true;
    }

    private static bool TryInts(ref Utf8JsonReader r, int[]? previous, out int[] ints)
    {
        ints = [];
        if (r.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var list = new Reuse<int>(previous ?? []);
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            if (!TryInt(ref r, out var value))
            {
                return false;
            }

            list.Add(value);
        }

        ints = list.ToArray();
        return true;
    }

    /// <summary>A string equal to <paramref name="previous"/> is that string: compared in place, nothing allocated.</summary>
    private static bool TryString(ref Utf8JsonReader r, string? previous, out string value)
    {
        if (r.TokenType != JsonTokenType.String)
        {
            value = null!;
            return false;
        }

        value = previous is not null && r.ValueTextEquals(previous) ? previous : r.GetString()!;
        return true;
    }

    private static bool TryNullableString(ref Utf8JsonReader r, string? previous, out string? value)
    {
        value = null;
        return r.TokenType == JsonTokenType.Null || TryString(ref r, previous, out value!);
    }

    private static bool TryInt(ref Utf8JsonReader r, out int value)
    {
        value = 0;
        return r.TokenType == JsonTokenType.Number && r.TryGetInt32(out value);
    }

    private static bool TryLong(ref Utf8JsonReader r, out long value)
    {
        value = 0;
        return r.TokenType == JsonTokenType.Number && r.TryGetInt64(out value);
    }

    private static bool TryNullableInt(ref Utf8JsonReader r, out int? value)
    {
        value = null;
        if (r.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        var ok = TryInt(ref r, out var v);
        value = v;
        return ok;
    }

    private static bool TryNullableDouble(ref Utf8JsonReader r, out double? value)
    {
        value = null;
        if (r.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (r.TokenType != JsonTokenType.Number || !r.TryGetDouble(out var v))
        {
            return false;
        }

        value = v;
        return true;
    }

    private static bool TryBool(ref Utf8JsonReader r, out bool value)
    {
        value = r.TokenType == JsonTokenType.True;
        return r.TokenType is JsonTokenType.True or JsonTokenType.False;
    }

    /// <summary>Only a member's exact name: the API's converter reads those the same way (and more, which is left to it).</summary>
    private static bool TryEnum<T>(ref Utf8JsonReader r, out T value)
        where T : struct, Enum
    {
        value = default;
        if (r.TokenType != JsonTokenType.String)
        {
            return false;
        }

        foreach (var (name, member) in EnumNames<T>.All)
        {
            if (r.ValueTextEquals(name))
            {
                value = member;
                return true;
            }
        }

        return false;
    }

    private static class EnumNames<T>
        where T : struct, Enum
    {
        public static readonly (string Name, T Value)[] All = [.. Enum.GetValues<T>().Select(v => (v.ToString(), v))];
    }

    /// <summary>Each property at most once (a repeated one is left to System.Text.Json), and which were there.</summary>
    private struct Seen
    {
        private int _bits;

        public bool Once(int bit)
        {
            if ((_bits & bit) != 0)
            {
                return false;
            }

            _bits |= bit;
            return true;
        }

        public readonly bool All(int bits) => (_bits & bits) == bits;
    }

    /// <summary>
    /// Collects an array read element by element beside the previous one: while every element is the previous
    /// one's (the same object), nothing is allocated and the previous array is the result.
    /// </summary>
    private struct Reuse<T>(T[] previous)
    {
        private List<T>? _fresh;
        private int _count;

        public readonly T? Before => _count < previous.Length ? previous[_count] : default;

        public void Add(T value)
        {
            if (_fresh is null && _count < previous.Length && Same(previous[_count], value))
            {
                _count++;
                return;
            }

            _fresh ??= new List<T>(Math.Max(previous.Length, 4));
            if (_fresh.Count == 0)
            {
                for (var i = 0; i < _count; i++)
                {
                    _fresh.Add(previous[i]);
                }
            }

            _fresh.Add(value);
            _count++;
        }

        public readonly T[] ToArray() =>
            _fresh is not null ? [.. _fresh]
            : _count == previous.Length ? previous
            : previous[.._count];

        private static bool Same(T a, T b) => typeof(T).IsValueType ? EqualityComparer<T>.Default.Equals(a, b) : ReferenceEquals(a, b);
    }
}
