namespace ControlPlane.Wire.Placement;

/// <summary>Why a node was not used: the answer to "why not node X?".</summary>
[GenerateSerializer, Immutable, Alias("cp.NodeRejection")]
public sealed record NodeRejection
{
    [Id(0)] public required string Node { get; set; }
    /// <summary>Each reason names the filter, e.g. <c>GpuComputeCapabilityFilter: sm_120 not in image's {sm_80, sm_90}</c>.</summary>
    [Id(1)] public required string[] Reasons { get; set; }
}
