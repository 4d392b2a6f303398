using System.Collections.Immutable;

namespace ControlPlane.Probes.Smi;

/// <summary>One NVLink of a GPU; <see cref="SpeedGBps"/> is null when the link is inactive.</summary>
public sealed record NvLinkLane(int Link, double? SpeedGBps)
{
    public bool IsActive => SpeedGBps is not null;
}

public sealed record NvLinkGpu(int Index, string Name, string Uuid, ImmutableArray<NvLinkLane> Links)
{
    public int ActiveLinks => Links.Count(l => l.IsActive);
}

/// <summary>The parsed output of <c>nvidia-smi nvlink -s</c>.</summary>
public sealed record NvLinkStatus(ImmutableArray<NvLinkGpu> Gpus);
