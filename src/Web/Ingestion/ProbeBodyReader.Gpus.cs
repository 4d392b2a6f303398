using System.Text.Json;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Web.Ingestion;

/// <summary>A probe body's GPUs: a GPU equal in every field to the previous report's is that GPU object.</summary>
internal static partial class ProbeBodyReader
{
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
        GpuFabric? fabric = null;
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
                : r.ValueTextEquals("cpuAffinity"u8) ? seen.Once(524288) && r.Read() && TryNullableString(ref r, before?.CpuAffinity, out cpuAffinity)
                : r.ValueTextEquals("fabric"u8) && seen.Once(1048576) && r.Read() && TryFabric(ref r, before?.Fabric, out fabric);
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
            && ReferenceEquals(before.NvLinksDown, linksDown) && before.NumaNode == numaNode && ReferenceEquals(before.CpuAffinity, cpuAffinity)
            && ReferenceEquals(before.Fabric, fabric))
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
            Fabric = fabric,
        };
        return true;
    }

    private static bool TryFabric(ref Utf8JsonReader r, GpuFabric? before, out GpuFabric? fabric)
    {
        fabric = null;
        if (r.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (r.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        string? state = null, status = null, clusterUuid = null, health = null;
        long? clique = null, mask = null;
        var seen = new Seen();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var ok = r.ValueTextEquals("state"u8) ? seen.Once(1) && r.Read() && TryNullableString(ref r, before?.State, out state)
                : r.ValueTextEquals("status"u8) ? seen.Once(2) && r.Read() && TryNullableString(ref r, before?.Status, out status)
                : r.ValueTextEquals("cliqueId"u8) ? seen.Once(4) && r.Read() && TryNullableLong(ref r, out clique)
                : r.ValueTextEquals("clusterUuid"u8) ? seen.Once(8) && r.Read() && TryNullableString(ref r, before?.ClusterUuid, out clusterUuid)
                : r.ValueTextEquals("healthSummary"u8) ? seen.Once(16) && r.Read() && TryNullableString(ref r, before?.HealthSummary, out health)
                : r.ValueTextEquals("healthMask"u8) && seen.Once(32) && r.Read() && TryNullableLong(ref r, out mask);
            if (!ok)
            {
                return false;
            }
        }

        var read = new GpuFabric { State = state, Status = status, CliqueId = clique, ClusterUuid = clusterUuid, HealthSummary = health, HealthMask = mask };
        fabric = read == before ? before : read;
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
}
