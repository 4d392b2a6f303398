using ControlPlane.Wire.Health;

namespace ControlPlane.Web.Portal.Fleet;

/// <summary>The column the fleet table is sorted by.</summary>
public enum FleetSort
{
    Node,
    Pool,
    Health,
    FreeGpus,
    UsedGpus,
    UnhealthyGpus,
    Model,
    LastSeen,
}

/// <summary>What the operator asked the fleet table for: a search, a health filter, a sort, grouping by pool.</summary>
public sealed record FleetQuery(string Search = "", HealthStatus? Health = null, bool DriftOnly = false, FleetSort Sort = FleetSort.Node, bool Descending = false, bool GroupByPool = false)
{
    public bool Matches(FleetNode n)
    {
        if (Health is { } health && n.Summary.Health != health)
        {
            return false;
        }

        if (DriftOnly && n.Drift is null)
        {
            return false;
        }

        var s = Search.Trim();
        return s.Length == 0
            || n.Summary.Node.Contains(s, StringComparison.OrdinalIgnoreCase)
            || n.Summary.Pool.Contains(s, StringComparison.OrdinalIgnoreCase)
            || n.Summary.GpuModel.Contains(s, StringComparison.OrdinalIgnoreCase)
            || (n.Summary.Rack?.Contains(s, StringComparison.OrdinalIgnoreCase) ?? false)
            || n.Summary.ReasonCodes.Any(r => r.Contains(s, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The rows to show, in order; with <see cref="GroupByPool"/> each pool's nodes follow a header row.</summary>
    public IReadOnlyList<FleetRow> Rows(FleetSnapshot snapshot)
    {
        var matching = snapshot.Nodes.Where(Matches);
        var sorted = Order(matching).ToList();
        if (!GroupByPool)
        {
            return [.. sorted.Select(n => new FleetRow(null, n))];
        }

        var rows = new List<FleetRow>(sorted.Count + 16);
        foreach (var pool in sorted.GroupBy(n => n.Summary.Pool, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var nodes = pool.ToList();
            rows.Add(new FleetRow(new PoolHeader(pool.Key, nodes.Count, nodes.Sum(n => n.Gpus.Free), nodes.Sum(n => n.Gpus.Used), nodes.Sum(n => n.Gpus.Unhealthy)), null));
            rows.AddRange(nodes.Select(n => new FleetRow(null, n)));
        }

        return rows;
    }

    private IEnumerable<FleetNode> Order(IEnumerable<FleetNode> nodes)
    {
        var ordered = Sort switch
        {
            FleetSort.Pool => By(nodes, n => n.Summary.Pool),
            // Worst first: the sort an operator asks for is "what is broken".
            FleetSort.Health => By(nodes, n => Severity(n.Summary.Health)),
            FleetSort.FreeGpus => By(nodes, n => n.Gpus.Free),
            FleetSort.UsedGpus => By(nodes, n => n.Gpus.Used),
            FleetSort.UnhealthyGpus => By(nodes, n => n.Gpus.Unhealthy),
            FleetSort.Model => By(nodes, n => n.Summary.GpuModel),
            FleetSort.LastSeen => By(nodes, n => n.Summary.LastSeen),
            _ => By(nodes, n => n.Summary.Node, NaturalOrder.Instance),
        };
        return ordered.ThenBy(n => n.Summary.Node, NaturalOrder.Instance);
    }

    private static int Severity(HealthStatus health) => health switch
    {
        HealthStatus.Unhealthy => 0,
        HealthStatus.Degraded => 1,
        HealthStatus.Unknown => 2,
        _ => 3,
    };

    private IOrderedEnumerable<FleetNode> By<T>(IEnumerable<FleetNode> nodes, Func<FleetNode, T> key, IComparer<T>? comparer = null) =>
        Descending ? nodes.OrderByDescending(key, comparer) : nodes.OrderBy(key, comparer);
}

/// <summary>A pool's header row when the table is grouped: how many nodes and GPUs it has.</summary>
public sealed record PoolHeader(string Pool, int Nodes, int Free, int Used, int Unhealthy);

/// <summary>A row of the fleet table: a pool header or a node.</summary>
public sealed record FleetRow(PoolHeader? Header, FleetNode? Node);
