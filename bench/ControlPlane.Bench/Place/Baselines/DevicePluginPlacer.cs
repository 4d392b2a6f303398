using ControlPlane.Placement;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Bench.Place.Baselines;

/// <summary>
/// Baseline like the Kubernetes device plugin: each replica is a pod asking for "N GPUs"; the
/// scheduler picks any node with room (random among feasible ones, as with equal scores) and the
/// plugin hands out any N free GPUs. Prefill and decode are scheduled independently, so they often
/// land on different nodes, or on GPUs split across NVLink islands and NUMA nodes. The result carries
/// the tier that choice actually gets.
/// </summary>
public sealed class DevicePluginPlacer(int seed = 1)
{
    private readonly Random _random = new(seed);
    private readonly BaselineNodes _nodes = new();

    /// <summary>One pair, or null when a replica fits nowhere. Allocate it on the index before the next call.</summary>
    public PairPlacement? Place(DeploymentSpec spec, ModelSpec model, CapacityIndex capacity)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        var request = BaselineNodes.Request(spec, model);
        var admits = BaselineNodes.Admits(capacity, request);
        var nodes = _nodes.ByName(capacity);
        var prefill = Pick(nodes, n => admits(n, request.PrefillTp));
        if (prefill is null)
        {
            return null;
        }

        var prefillGpus = AnyFree(prefill.FreeMask, request.PrefillTp);
        var decode = Pick(nodes, n => ReferenceEquals(n, prefill)
            ? GpuSets.Count(n.FreeMask & ~prefillGpus) >= request.DecodeTp
            : admits(n, request.DecodeTp));
        if (decode is null)
        {
            return null;
        }

        var decodeGpus = AnyFree(ReferenceEquals(decode, prefill) ? prefill.FreeMask & ~prefillGpus : decode.FreeMask, request.DecodeTp);
        return PairWire.Evaluate(model, prefill, prefillGpus, decode, decodeGpus);
    }

    private IndexedNode? Pick(IndexedNode[] nodes, Func<IndexedNode, bool> fits)
    {
        if (nodes.Length == 0)
        {
            return null;
        }

        for (var i = 0; i < 64; i++)
        {
            var n = nodes[_random.Next(nodes.Length)];
            if (fits(n))
            {
                return n;
            }
        }

        var start = _random.Next(nodes.Length);
        for (var i = 0; i < nodes.Length; i++)
        {
            var n = nodes[(start + i) % nodes.Length];
            if (fits(n))
            {
                return n;
            }
        }

        return null;
    }

    private uint AnyFree(uint mask, int k)
    {
        var free = GpuSets.Indices(mask);
        _random.Shuffle(free);
        uint result = 0;
        foreach (var i in free.Take(k))
        {
            result |= 1u << i;
        }

        return result;
    }
}
