using ControlPlane.Wire.Fleet;

namespace ControlPlane.Health;

/// <summary>
/// Groups a pool's nodes by driver/CUDA/NCCL and flags the nodes whose CUDA or NCCL is not the
/// pool's majority: ranks with different NCCL versions can fail the handshake (2.18.3 vs 2.18.5). A version the node
/// could not tell (no NCCL on the host: engine images usually bring their own) neither votes nor drifts.
/// </summary>
public static class VersionDriftAnalyzer
{
    public static VersionReport Analyze(IReadOnlyCollection<NodeSummary> nodes)
    {
        var groups = new List<VersionGroup>();
        var drift = new List<VersionDrift>();
        foreach (var pool in nodes.GroupBy(n => n.Pool).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var cudaMajority = Majority(pool.Select(n => n.Cuda));
            var ncclMajority = Majority(pool.Select(n => n.Nccl ?? ""));
            foreach (var node in pool)
            {
                if (Drifts(node.Cuda, cudaMajority))
                {
                    drift.Add(new VersionDrift { Node = node.Node, Pool = pool.Key, Field = "cuda", Value = node.Cuda, Majority = cudaMajority });
                }

                if (Drifts(node.Nccl, ncclMajority))
                {
                    drift.Add(new VersionDrift { Node = node.Node, Pool = pool.Key, Field = "nccl", Value = node.Nccl ?? "", Majority = ncclMajority });
                }
            }

            groups.AddRange(pool
                .GroupBy(n => (n.Driver, n.Cuda, Nccl: n.Nccl ?? ""))
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Driver, StringComparer.Ordinal)
                .Select(g => new VersionGroup
                {
                    Pool = pool.Key,
                    Driver = g.Key.Driver,
                    Cuda = g.Key.Cuda,
                    Nccl = g.Key.Nccl.Length == 0 ? null : g.Key.Nccl,
                    Nodes = [.. g.Select(n => n.Node).Order(StringComparer.Ordinal)],
                    Drift = Drifts(g.Key.Cuda, cudaMajority) || Drifts(g.Key.Nccl, ncclMajority),
                }));
        }

        return new VersionReport { Groups = [.. groups], Drift = [.. drift.OrderBy(d => d.Pool, StringComparer.Ordinal).ThenBy(d => d.Node, StringComparer.Ordinal)] };
    }

    private static bool Drifts(string? value, string majority) => !string.IsNullOrEmpty(value) && value != majority;

    /// <summary>The most common known value ("" when none is known); ties go to the lexically greatest (usually the newer version).</summary>
    private static string Majority(IEnumerable<string> values) =>
        values.Where(v => !string.IsNullOrEmpty(v)).GroupBy(v => v)
            .OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault() ?? "";
}
