using ControlPlane.Placement;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Bench.Place.Baselines;

/// <summary>
/// Baseline: each replica goes to the first node by name with enough free GPUs, on its lowest free
/// indices; topology is ignored. Prefill first, then decode (which lands on the same node when room is left).
/// The result carries the tier that choice actually gets.
/// </summary>
public sealed class FirstFitPlacer
{
    private readonly BaselineNodes _nodes = new();

    /// <summary>One pair, or null when a replica fits nowhere. Allocate it on the index before the next call.</summary>
    public PairPlacement? Place(DeploymentSpec spec, ModelSpec model, CapacityIndex capacity)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        var request = BaselineNodes.Request(spec, model);
        var admits = BaselineNodes.Admits(capacity, request);
        var nodes = _nodes.ByName(capacity);
        var prefill = Array.Find(nodes, n => admits(n, request.PrefillTp));
        if (prefill is null)
        {
            return null;
        }

        var prefillGpus = GpuSets.Lowest(prefill.FreeMask, request.PrefillTp);
        var left = prefill.FreeMask & ~prefillGpus;
        var decode = GpuSets.Count(left) >= request.DecodeTp
            ? prefill
            : Array.Find(nodes, n => !ReferenceEquals(n, prefill) && admits(n, request.DecodeTp));
        if (decode is null)
        {
            return null;
        }

        var decodeGpus = GpuSets.Lowest(ReferenceEquals(decode, prefill) ? left : decode.FreeMask, request.DecodeTp);
        return PairWire.Evaluate(model, prefill, prefillGpus, decode, decodeGpus);
    }
}
