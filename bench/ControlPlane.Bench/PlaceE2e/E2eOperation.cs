namespace ControlPlane.Bench.PlaceE2e;

/// <summary>What a client asks of one deployment: create it, change its pair count, or delete it.</summary>
internal enum E2eOperation
{
    Create,
    Scale,
    Delete,
}
