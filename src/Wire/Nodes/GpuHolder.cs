namespace ControlPlane.Wire.Nodes;

/// <summary>Who holds a GPU: the replica of a pair of a deployment, since when, at which generation of its spec.</summary>
[GenerateSerializer, Immutable, Alias("cp.GpuHolder")]
public sealed record GpuHolder
{
    /// <summary>The reservation's owner key, e.g. <c>qwen/pair-0/prefill</c> (<c>qwen/pair-0/prefill#2</c> after two failovers).</summary>
    [Id(0)] public required string Owner { get; set; }

    /// <summary>Null when the owner is not a deployment's replica (a reservation made by hand or by an older version).</summary>
    [Id(1)] public string? Deployment { get; set; }
    [Id(2)] public int? Pair { get; set; }
    [Id(3)] public string? Role { get; set; }
    [Id(4)] public long Generation { get; set; }
    [Id(5)] public DateTimeOffset Since { get; set; }

    /// <summary>
    /// The replica's unit: <c>pair-{i}</c>, or <c>spare-{n}</c> for a warm spare and for a spare swapped in (whose
    /// <see cref="Pair"/> reads -1: its owner key names no pair). Null with <see cref="Deployment"/>.
    /// </summary>
    [Id(6)] public string? Unit { get; set; }
}
