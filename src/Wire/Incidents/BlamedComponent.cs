namespace ControlPlane.Wire.Incidents;

/// <summary>The component an incident holds responsible: a GPU, a NIC port, a node, a pool, or the pair itself.</summary>
[GenerateSerializer, Immutable, Alias("cp.BlamedComponent")]
public sealed record BlamedComponent
{
    [Id(0)] public required ComponentKind Kind { get; set; }

    /// <summary>The node (for a pool: the pool's name).</summary>
    [Id(1)] public required string Node { get; set; }
    [Id(2)] public int? Gpu { get; set; }
    [Id(3)] public string? GpuUuid { get; set; }

    /// <summary>RDMA device of a NIC (<c>mlx5_1</c>).</summary>
    [Id(4)] public string? Nic { get; set; }
    [Id(5)] public int? NicPort { get; set; }

    /// <summary>For a pair: <c>{deployment}/pair-{index}</c>.</summary>
    [Id(6)] public string? Pair { get; set; }

    /// <summary>One string per component, used to correlate: <c>gpu:n1:3</c>, <c>nic:n1:mlx5_1:1</c>, <c>node:n1</c>, <c>pool:h100</c>.</summary>
    public string Key => Kind switch
    {
        ComponentKind.Gpu => $"gpu:{Node}:{Gpu}",
        ComponentKind.Nic => $"nic:{Node}:{Nic}:{NicPort ?? 1}",
        ComponentKind.Node => $"node:{Node}",
        ComponentKind.Pool => $"pool:{Node}",
        _ => $"pair:{Pair}",
    };

    public override string ToString() => Kind switch
    {
        ComponentKind.Gpu => $"GPU {Gpu} of {Node}",
        ComponentKind.Nic => $"NIC {Nic} port {NicPort ?? 1} of {Node}",
        ComponentKind.Node => $"node {Node}",
        ComponentKind.Pool => $"pool {Node}",
        _ => $"pair {Pair}",
    };
}
