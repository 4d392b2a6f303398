using ControlPlane.Wire.Health;
using ControlPlane.Wire.Nodes;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Grains.Nodes;

/// <summary>The persisted state of a node grain.</summary>
[GenerateSerializer, Immutable, Alias("cp.NodeRecord")]
public sealed record NodeRecord
{
    [Id(0)] public ProbeReport? Report { get; init; }
    [Id(1)] public long Sequence { get; init; } = -1;
    [Id(2)] public DateTimeOffset LastSeen { get; init; }
    [Id(3)] public CordonState Cordon { get; init; } = CordonState.Open;
    [Id(4)] public CordonRecord[] CordonHistory { get; init; } = [];
    [Id(5)] public string? AgentTokenSha256 { get; init; }
    [Id(6)] public Readiness Readiness { get; init; } = Readiness.Unknown;
    [Id(7)] public DeviceHealth Health { get; init; } = DeviceHealth.Unknown;
    [Id(8)] public GpuVerdict[] Gpus { get; init; } = [];
    [Id(9)] public NicVerdict[] Nics { get; init; } = [];

    /// <summary>
    /// Which replica holds which GPU: the node grain is the only writer, so a GPU is never given twice. Persisted by
    /// <see cref="NodeAllocations"/>; the copy written with the record is only read for nodes stored before that existed.
    /// </summary>
    [Id(10)] public GpuAllocation[] Allocations { get; init; } = [];

    /// <summary>Bumped on every change placement cares about (allocations, health, cordon, readiness, devices).</summary>
    [Id(11)] public long CapacityVersion { get; init; }

    /// <summary>GPUs (<c>gpu:{index}</c>) and NIC ports (<c>nic:{device}:{port}</c>) kept out of placement, with why.</summary>
    [Id(12)] public Quarantine[] Quarantined { get; init; } = [];

    /// <summary>Admin resets of <see cref="Sequence"/>, oldest first (bounded like the cordon history).</summary>
    [Id(13)] public SequenceReset[] SequenceResets { get; init; } = [];

    /// <summary>
    /// No sequence above this has been accepted: written with the record ahead of <see cref="Sequence"/> (by
    /// <see cref="NodeOptions.SequenceHeadroom"/>) so telemetry-only reports need no write, lowered to the exact sequence
    /// by a clean deactivation. An activation takes it as the last accepted sequence. Null in records stored before it existed.
    /// </summary>
    [Id(14)] public long? SequenceCeiling { get; init; }
}

[GenerateSerializer, Immutable, Alias("cp.GpuAllocation")]
public sealed record GpuAllocation
{
    [Id(0)] public required int Index { get; init; }
    [Id(1)] public required string Owner { get; init; }
    [Id(2)] public long Generation { get; init; }
    [Id(3)] public DateTimeOffset Since { get; init; }
}

/// <summary>A GPU's verdict and the XIDs that still count against it.</summary>
[GenerateSerializer, Immutable, Alias("cp.GpuVerdict")]
public sealed record GpuVerdict
{
    [Id(0)] public required string Uuid { get; init; }
    [Id(1)] public required int Index { get; init; }
    [Id(2)] public required DeviceHealth Health { get; init; }
    [Id(3)] public XidEvent[] Xids { get; init; } = [];
}

[GenerateSerializer, Immutable, Alias("cp.NicVerdict")]
public sealed record NicVerdict
{
    /// <summary>The port's key in the record, <c>{device}:{port}</c> (<see cref="KeyOf"/>).</summary>
    [Id(0)] public required string Port { get; init; }
    [Id(1)] public required DeviceHealth Health { get; init; }

    /// <summary>Set while a port that came back from down has not held Active for <c>ControlPlane:Nodes:ReadmitStableFor</c> yet.</summary>
    [Id(2)] public DateTimeOffset? SettlingUntil { get; init; }

    /// <summary>How a NIC port is keyed in the node record: <c>{device}:{port}</c>, built here only.</summary>
    public static string KeyOf(string device, int port) => $"{device}:{port}";

    /// <summary>The device and port number of <see cref="Port"/>, read back the way <see cref="KeyOf"/> wrote them.</summary>
    public (string Device, int Port) DeviceAndPort()
    {
        var colon = Port.LastIndexOf(':');
        return colon > 0 && int.TryParse(Port.AsSpan(colon + 1), out var number) ? (Port[..colon], number) : (Port, 1);
    }
}
