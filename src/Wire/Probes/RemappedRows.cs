namespace ControlPlane.Wire.Probes;

/// <summary>Row remapping (A100 and later): a pending remap needs a GPU reset, a failure means replace.</summary>
[GenerateSerializer, Immutable, Alias("cp.RemappedRows")]
public sealed record RemappedRows
{
    [Id(0)] public int Correctable { get; set; }
    [Id(1)] public int Uncorrectable { get; set; }
    [Id(2)] public bool Pending { get; set; }
    [Id(3)] public bool Failure { get; set; }
}
