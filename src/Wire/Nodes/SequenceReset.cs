namespace ControlPlane.Wire.Nodes;

/// <summary>
/// An admin's reset of a node's last accepted sequence (<c>POST /api/v1/nodes/{node}/sequence:reset</c>): the
/// next report with any sequence ≥ 0 is accepted. For an agent that sent a sequence nothing can follow.
/// </summary>
[GenerateSerializer, Immutable, Alias("cp.SequenceReset")]
public sealed record SequenceReset
{
    [Id(0)] public required long PreviousSequence { get; set; }
    [Id(1)] public required string By { get; set; }
    [Id(2)] public string? Reason { get; set; }
    [Id(3)] public required DateTimeOffset At { get; set; }
}
