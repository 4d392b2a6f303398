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
internal static partial class ProbeBodyReader
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
}
