using System.Collections.Immutable;
using System.Text.Json.Serialization;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Probes.Topology;

[JsonConverter(typeof(JsonStringEnumConverter<DeviceKind>))]
public enum DeviceKind
{
    Gpu,
    Nic,
}

/// <summary>A cell of a matrix row: the column's device and the link to it, in the wire's terms.</summary>
/// <param name="Peer">The column's device name.</param>
/// <param name="Link">The cell: X, NV18, PIX, ... (<see cref="Kind"/>, <see cref="NvLinkCount"/> and <see cref="Label"/> in JSON).</param>
public sealed record PeerLink(string Peer, [property: JsonIgnore] TopologyLink Link)
{
    public LinkKind Kind => Link.Kind;

    /// <summary>The # of <c>NV#</c>; 0 for every other kind.</summary>
    public int NvLinkCount => Link.NvLinks;

    /// <summary>The cell as nvidia-smi prints it: X, NV18, PIX, ...</summary>
    public string Label => Link.ToString();
}

/// <summary>One row of the matrix. Affinity columns are null where absent or N/A.</summary>
public sealed record TopologyDevice(
    string Name,
    DeviceKind Kind,
    ImmutableArray<PeerLink> Links,
    string? CpuAffinity,
    string? NumaAffinity,
    int? GpuNumaId);

/// <summary>An entry of the "NIC Legend" block: NIC0 is mlx5_0.</summary>
public sealed record NicLegendEntry(string Nic, string DeviceName);

/// <summary>An entry of the "Legend" block as printed (seeds retyped by hand may differ from nvidia-smi's).</summary>
public sealed record LegendEntry(string Symbol, string Meaning);

/// <summary>The parsed output of <c>nvidia-smi topo -m</c>.</summary>
public sealed record TopologyMatrix(
    ImmutableArray<string> Gpus,
    ImmutableArray<string> Nics,
    ImmutableArray<TopologyDevice> Devices,
    ImmutableArray<NicLegendEntry> NicLegend,
    ImmutableArray<LegendEntry> Legend)
{
    public TopologyDevice Device(string name) =>
        Devices.FirstOrDefault(d => d.Name == name)
        ?? throw new KeyNotFoundException($"No device '{name}' in the topology matrix.");

    public PeerLink LinkBetween(string from, string to) =>
        Device(from).Links.FirstOrDefault(l => l.Peer == to)
        ?? throw new KeyNotFoundException($"No column '{to}' in the topology matrix.");

    /// <summary>The RDMA device behind a NIC column (NIC0 → mlx5_0), or null without a NIC legend.</summary>
    public string? NicDeviceName(string nic) =>
        NicLegend.FirstOrDefault(e => e.Nic == nic)?.DeviceName;
}
