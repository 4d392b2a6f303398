using ControlPlane.Wire.Placement;

namespace ControlPlane.Contracts.Placement;

/// <summary>A request to a node grain to hold exact GPUs for one replica: all of them or none.</summary>
[GenerateSerializer, Immutable, Alias("cp.GpuReservation")]
public sealed record GpuReservation
{
    /// <summary>Who holds them, e.g. <c>qwen-72b/pair-0/prefill</c>; reserving again for the same owner is idempotent.</summary>
    [Id(0)] public required string Owner { get; init; }
    [Id(1)] public required int[] GpuIndices { get; init; }

    /// <summary>The generation of the owner's spec that placed it, recorded beside the allocation.</summary>
    [Id(2)] public long Generation { get; init; }

    /// <summary>
    /// What the node grain refuses before it holds anything: an owner that names no replica of a deployment (the
    /// reconciler could never tell whom it belongs to), no GPUs, a GPU twice or a negative one.
    /// </summary>
    public Dictionary<string, string[]> Problems()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(Owner) || ReservationOwner.TryParse(Owner) is null)
        {
            errors["owner"] = [$"'{Owner}' is not a replica's owner: {{deployment}}/pair-{{i}}|spare-{{n}}/prefill|decode[#revision]"];
        }

        if (GpuIndices is null || GpuIndices.Length == 0)
        {
            errors["gpuIndices"] = ["at least one GPU"];
        }
        else if (GpuIndices.Any(i => i < 0) || GpuIndices.Distinct().Count() != GpuIndices.Length)
        {
            errors["gpuIndices"] = ["each GPU once, none negative"];
        }

        if (Generation < 0)
        {
            errors["generation"] = ["must not be negative"];
        }

        return errors;
    }
}

/// <summary>The node grain's answer: reserved, or why not (taken, unhealthy, unknown GPU, cordoned).</summary>
[GenerateSerializer, Immutable, Alias("cp.ReservationResult")]
public sealed record ReservationResult
{
    [Id(0)] public required bool Reserved { get; init; }
    [Id(1)] public string? Conflict { get; init; }
    [Id(2)] public PlacementNode? Node { get; init; }
}
