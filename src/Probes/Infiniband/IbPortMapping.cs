using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace ControlPlane.Probes.Infiniband;

[JsonConverter(typeof(JsonStringEnumConverter<NetDeviceState>))]
public enum NetDeviceState
{
    Up,
    Down,
}

/// <summary>A line of <c>ibdev2netdev</c>: "mlx5_0 port 1 ==> ib0 (Up)".</summary>
public sealed record IbPortMapping(string Device, int Port, string NetDevice, NetDeviceState State);

public sealed record IbPortMap(ImmutableArray<IbPortMapping> Ports);
