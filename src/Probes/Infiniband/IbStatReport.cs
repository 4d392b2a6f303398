using System.Collections.Immutable;

namespace ControlPlane.Probes.Infiniband;

/// <summary>A "Port N:" block of <c>ibstat</c>.</summary>
/// <param name="State">Active, Down, Initializing, Armed.</param>
/// <param name="PhysicalState">LinkUp, Disabled, Polling, ...</param>
/// <param name="RateGbps">The "Rate:" line, in Gb/s.</param>
/// <param name="LinkLayer">InfiniBand or Ethernet (RoCE).</param>
public sealed record IbStatPort(
    int Number,
    string State,
    string PhysicalState,
    int RateGbps,
    string LinkLayer,
    int? BaseLid,
    int? SmLid,
    string? PortGuid)
{
    public bool IsActive => State == "Active" && PhysicalState == "LinkUp";
}

/// <summary>A "CA 'mlx5_0'" block of <c>ibstat</c>.</summary>
public sealed record IbStatAdapter(
    string Name,
    string? CaType,
    string? FirmwareVersion,
    string? NodeGuid,
    ImmutableArray<IbStatPort> Ports);

public sealed record IbStatReport(ImmutableArray<IbStatAdapter> Adapters);
