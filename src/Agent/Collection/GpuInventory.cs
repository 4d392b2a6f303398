using ControlPlane.Wire.Probes;

namespace ControlPlane.Agent.Collection;

/// <summary>
/// What one GPU source (NVML, nvidia-smi, a replayed capture) found: the GPUs, the GPU-to-GPU part of the
/// link matrix (rows in the order of <see cref="Gpus"/>), NIC columns when the source knows them, versions, notes.
/// </summary>
internal sealed record GpuInventory
{
    public required string Source { get; init; }

    public IReadOnlyList<GpuReport> Gpus { get; init; } = [];

    /// <summary>Cells between GPUs, indexed like <see cref="Gpus"/>; null when the source could not tell.</summary>
    public string[][]? GpuLinks { get; init; }

    /// <summary>NIC columns as <c>nvidia-smi topo -m</c> printed them (name, then one cell per GPU), when it did.</summary>
    public IReadOnlyList<NicAffinity> NicAffinities { get; init; } = [];

    public string? Driver { get; init; }

    public string? Cuda { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];

    public static GpuInventory None(string source, params string[] notes) => new() { Source = source, Notes = notes };
}

/// <summary>
/// A NIC column of <c>topo -m</c>: the name its legend gives (<c>mlx5_0</c>, or a netdev such as <c>ibp14s0</c>),
/// its position among the NIC columns, and its cell to each reported GPU and to each NIC column.
/// </summary>
internal sealed record NicAffinity(string Name, int Position, IReadOnlyList<string> ToGpus, IReadOnlyList<string> ToNics);
