using ControlPlane.Wire.Deployments;

namespace ControlPlane.Contracts.Deployments;

/// <summary>One prefill/decode pair (key <c>{deployment}/pair-{index}</c>): placement, wire, state and history.</summary>
[Alias("cp.IPdPairGrain")]
public interface IPdPairGrain : IGrainWithStringKey
{
    [Alias("Record")]
    Task RecordAsync(PairView pair);

    [Alias("Transition")]
    Task<PairView?> TransitionAsync(PairState to, string reason);

    [Alias("Get")]
    Task<PairRecord?> GetAsync();
}

[GenerateSerializer, Immutable, Alias("cp.PairRecord")]
public sealed record PairRecord
{
    [Id(0)] public required PairView Pair { get; init; }
    [Id(1)] public PairTransition[] History { get; init; } = [];
}

[GenerateSerializer, Immutable, Alias("cp.PairTransition")]
public sealed record PairTransition
{
    [Id(0)] public required DateTimeOffset At { get; init; }
    [Id(1)] public required PairState From { get; init; }
    [Id(2)] public required PairState To { get; init; }
    [Id(3)] public required string Reason { get; init; }
}
