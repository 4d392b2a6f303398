using ControlPlane.Wire.Deployments;
using Orleans.CodeGeneration;

namespace ControlPlane.Contracts.Deployments;

/// <summary>One prefill/decode pair (key <c>{deployment}/pair-{index}</c>): placement, wire and state, with its transitions recorded.</summary>
// Version 2: GetAsync removed (nothing called it); the history stays in the grain's state.
[Alias("cp.IPdPairGrain"), Version(2)]
public interface IPdPairGrain : IGrainWithStringKey
{
    [Alias("Record")]
    Task RecordAsync(PairView pair);

    [Alias("Transition")]
    Task<PairView?> TransitionAsync(PairState to, string reason);
}
