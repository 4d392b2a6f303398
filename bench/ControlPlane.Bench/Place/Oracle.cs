using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Bench.Place;

/// <summary>
/// The best tier the fleet can still offer a pair, computed independently of the engine from the plain
/// placement views: nvlink when some eligible node has tpP+tpD free GPUs all NVLinked to each other;
/// pcie when some has that many free GPUs at all; rdma when two eligible nodes with an Active RDMA NIC
/// can each take a replica; else tcp. Kept per node and refreshed for the nodes a pair changed.
/// (Eligible: compute capability in the image, weights per GPU ≤ 90 % of its memory.)
/// </summary>
internal sealed class Oracle
{
    private const int Nvlink = 0, Pcie = 1, Replica = 2, None = 3;
    private readonly DeploymentSpec[] _specs;
    private readonly ModelSpec[] _models;
    private readonly Dictionary<string, int[]> _state = new(StringComparer.Ordinal);
    private readonly int[][] _counts;

    public Oracle(PlacementNode[] nodes, DeploymentSpec[] specs, ModelSpec[] models)
    {
        _specs = specs;
        _models = models;
        _counts = [.. specs.Select(_ => new int[4])];
        foreach (var node in nodes)
        {
            Update(node);
        }
    }

    public string BestTier(int spec)
    {
        var c = _counts[spec];
        return c[Nvlink] > 0 ? "nvlink" : c[Pcie] > 0 ? "pcie" : c[Replica] + c[Pcie] + c[Nvlink] >= 2 ? "rdma" : "tcp";
    }

    public void Update(PlacementNode node)
    {
        if (_state.TryGetValue(node.Node, out var old))
        {
            for (var s = 0; s < _specs.Length; s++)
            {
                _counts[s][old[s]]--;
            }
        }

        var now = _specs.Select((s, i) => Classify(node, s, _models[i])).ToArray();
        _state[node.Node] = now;
        for (var s = 0; s < _specs.Length; s++)
        {
            _counts[s][now[s]]++;
        }
    }

    private static int Classify(PlacementNode node, DeploymentSpec spec, ModelSpec model)
    {
        var tp = spec.Prefill.Tp;
        var need = spec.Prefill.Tp + spec.Decode.Tp;
        var sm = node.ComputeCapability;
        if (!spec.Image.ComputeCapabilities.Contains(sm) || node.Gpus.Length == 0
            || model.WeightGiB / tp > node.Gpus.Min(g => g.MemoryMiB) / 1024.0 * 0.9)
        {
            return None;
        }

        var free = Enumerable.Range(0, node.Gpus.Length).Where(i => node.Gpus[i].Healthy && node.Gpus[i].AllocatedTo is null).ToArray();
        if (free.Length >= need)
        {
            return Clique(node, free, need) ? Nvlink : Pcie;
        }

        return free.Length >= tp && node.Nics.Any(n => n.Active && n.RdmaResource is not null) ? Replica : None;
    }

    /// <summary>Is there a set of <paramref name="k"/> free GPUs all pairwise NV#? Plain backtracking.</summary>
    private static bool Clique(PlacementNode node, int[] free, int k)
    {
        bool Nv(int a, int b) => TopologyLink.TryParse(node.GpuLinks[a][b], out var l) && l.IsNvLink;
        bool Extend(List<int> chosen, int from)
        {
            if (chosen.Count == k)
            {
                return true;
            }

            for (var i = from; i < free.Length; i++)
            {
                if (chosen.All(c => Nv(c, free[i])))
                {
                    chosen.Add(free[i]);
                    if (Extend(chosen, i + 1))
                    {
                        return true;
                    }

                    chosen.RemoveAt(chosen.Count - 1);
                }
            }

            return false;
        }

        return Extend([], 0);
    }
}
