using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace ControlPlane.Probes.Topology;

/// <summary>A cell of <c>nvidia-smi topo -p2p</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<P2pStatus>))]
public enum P2pStatus
{
    /// <summary><c>X</c></summary>
    Self,

    /// <summary><c>OK</c></summary>
    Ok,

    /// <summary><c>CNS</c>: chipset not supported.</summary>
    ChipsetNotSupported,

    /// <summary><c>GNS</c>: GPU not supported.</summary>
    GpuNotSupported,

    /// <summary><c>TNS</c>: topology not supported.</summary>
    TopologyNotSupported,

    /// <summary><c>NS</c>: not supported.</summary>
    NotSupported,

    /// <summary><c>U</c>: unknown.</summary>
    Unknown,
}

public sealed record P2pRow(string Gpu, ImmutableArray<P2pStatus> Peers);

/// <summary>The parsed output of <c>nvidia-smi topo -p2p &lt;r|w|n|a|p&gt;</c>.</summary>
public sealed record P2pMatrix(ImmutableArray<string> Gpus, ImmutableArray<P2pRow> Rows)
{
    public P2pStatus StatusBetween(string from, string to)
    {
        var column = Gpus.IndexOf(to);
        var row = Rows.FirstOrDefault(r => r.Gpu == from);
        return row is null || column < 0
            ? throw new KeyNotFoundException($"No GPU pair {from}, {to} in the P2P matrix.")
            : row.Peers[column];
    }
}
