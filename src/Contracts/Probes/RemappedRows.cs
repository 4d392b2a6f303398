namespace ControlPlane.Contracts.Probes;

/// <summary>Row remapping (A100 and later): a pending remap needs a GPU reset, a failure means replace.</summary>
[GenerateSerializer, Immutable, Alias("cp.RemappedRows")]
public sealed record RemappedRows
{
    [Id(0)] public int Correctable { get; init; }
    [Id(1)] public int Uncorrectable { get; init; }
    [Id(2)] public bool Pending { get; init; }
    [Id(3)] public bool Failure { get; init; }
}
