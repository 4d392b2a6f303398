namespace ControlPlane.Wire.Probes;

/// <summary>One RDMA-capable NIC port (InfiniBand or RoCE) as sysfs and ibdev2netdev describe it.</summary>
[GenerateSerializer, Immutable, Alias("cp.NicReport")]
public sealed record NicReport
{
    /// <summary>RDMA device, e.g. <c>mlx5_0</c>.</summary>
    [Id(0)] public required string Device { get; set; }

    [Id(1)] public int Port { get; set; } = 1;

    /// <summary>Network interface behind the port, e.g. <c>ibp14s0</c>.</summary>
    [Id(2)] public string? Netdev { get; set; }

    [Id(3)] public LinkLayer LinkLayer { get; set; } = LinkLayer.InfiniBand;

    [Id(4)] public PortState State { get; set; } = PortState.Unknown;

    [Id(5)] public string? PhysicalState { get; set; }

    [Id(6)] public double RateGbps { get; set; }

    /// <summary>Extended resource the device plugin publishes for it, e.g. <c>rdma/rdma_a100</c>.</summary>
    [Id(7)] public string? RdmaResource { get; set; }

    [Id(8)] public string? PciBusId { get; set; }

    [Id(9)] public int? NumaNode { get; set; }
}
