using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace ControlPlane.Probes.Topology;

/// <summary>How two devices in <c>nvidia-smi topo -m</c> reach each other.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LinkKind>))]
public enum LinkKind
{
    /// <summary><c>X</c>: the device itself.</summary>
    Self,

    /// <summary><c>NV#</c>: a bonded set of # NVLinks.</summary>
    NvLink,

    /// <summary><c>PIX</c>: at most one PCIe bridge.</summary>
    Pix,

    /// <summary><c>PXB</c>: several PCIe bridges, no host bridge.</summary>
    Pxb,

    /// <summary><c>PHB</c>: through a PCIe host bridge (the CPU).</summary>
    Phb,

    /// <summary><c>NODE</c>: between host bridges within one NUMA node.</summary>
    Node,

    /// <summary><c>SYS</c>: across the SMP interconnect between NUMA nodes.</summary>
    Sys,
}

[JsonConverter(typeof(JsonStringEnumConverter<DeviceKind>))]
public enum DeviceKind
{
    Gpu,
    Nic,
}

/// <param name="Peer">The column's device name.</param>
/// <param name="NvLinkCount">The # of <c>NV#</c>; 0 for every other kind.</param>
public sealed record TopologyLink(string Peer, LinkKind Kind, int NvLinkCount)
{
    /// <summary>The cell as nvidia-smi prints it: X, NV18, PIX, ...</summary>
    public string Label => Kind switch
    {
        LinkKind.Self => "X",
        LinkKind.NvLink => "NV" + NvLinkCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Kind.ToString().ToUpperInvariant(),
    };
}

/// <summary>One row of the matrix. Affinity columns are null where absent or N/A.</summary>
public sealed record TopologyDevice(
    string Name,
    DeviceKind Kind,
    ImmutableArray<TopologyLink> Links,
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

    public TopologyLink LinkBetween(string from, string to) =>
        Device(from).Links.FirstOrDefault(l => l.Peer == to)
        ?? throw new KeyNotFoundException($"No column '{to}' in the topology matrix.");

    /// <summary>The RDMA device behind a NIC column (NIC0 → mlx5_0), or null without a NIC legend.</summary>
    public string? NicDeviceName(string nic) =>
        NicLegend.FirstOrDefault(e => e.Nic == nic)?.DeviceName;
}
