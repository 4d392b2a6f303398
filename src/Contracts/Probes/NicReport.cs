namespace ControlPlane.Contracts.Probes;

/// <summary>One RDMA-capable NIC port (InfiniBand or RoCE) as sysfs and ibdev2netdev describe it.</summary>
[GenerateSerializer, Immutable, Alias("cp.NicReport")]
public sealed record NicReport
{
    /// <summary>RDMA device, e.g. <c>mlx5_0</c>.</summary>
    [Id(0)] public required string Device { get; init; }

    [Id(1)] public int Port { get; init; } = 1;

    /// <summary>Network interface behind the port, e.g. <c>ibp14s0</c>.</summary>
    [Id(2)] public string? Netdev { get; init; }

    [Id(3)] public LinkLayer LinkLayer { get; init; } = LinkLayer.InfiniBand;

    [Id(4)] public PortState State { get; init; } = PortState.Unknown;

    [Id(5)] public string? PhysicalState { get; init; }

    [Id(6)] public double RateGbps { get; init; }

    /// <summary>Extended resource the device plugin publishes for it, e.g. <c>rdma/rdma_a100</c>.</summary>
    [Id(7)] public string? RdmaResource { get; init; }

    [Id(8)] public string? PciBusId { get; init; }

    [Id(9)] public int? NumaNode { get; init; }
}
