using ControlPlane.Wire.Deployments;

namespace ControlPlane.Grains.Deployments;

/// <summary>The edges a pair may take; anything else is a bug in the caller and is refused.</summary>
public static class PairTransitions
{
    private static readonly Dictionary<PairState, PairState[]> Allowed = new()
    {
        [PairState.Planned] = [PairState.Bound, PairState.Failed, PairState.Replaced],
        [PairState.Bound] = [PairState.Running, PairState.Failed, PairState.Replaced],
        [PairState.Running] = [PairState.Degraded, PairState.Failed, PairState.Replaced],
        [PairState.Degraded] = [PairState.Running, PairState.Failed, PairState.Replaced],
        [PairState.Failed] = [PairState.Replaced],
        [PairState.Replaced] = [],
    };

    public static bool IsAllowed(PairState from, PairState to) => Allowed[from].Contains(to);
}
