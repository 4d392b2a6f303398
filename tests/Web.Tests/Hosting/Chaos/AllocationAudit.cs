using ControlPlane.Wire.Nodes;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Web.Tests.Hosting.Chaos;

/// <summary>
/// Compares, from outside and through the REST API only, what every deployment says it holds (its pairs, and the pairs
/// still being removed) with what every node says is held (<c>heldBy</c> of its GPUs): each GPU a deployment lists is held
/// by that very replica, no GPU is listed twice, and no GPU is held by a replica no deployment lists.
/// </summary>
internal static class AllocationAudit
{
    public static async Task<List<string>> ViolationsAsync(ChaosClient client, IEnumerable<string> nodes)
    {
        var deployments = await client.ListDeploymentsAsync();
        var views = await Task.WhenAll(nodes.Select(client.GetNodeAsync));
        var held = views
            .SelectMany(v => v.Gpus.Where(g => g.HeldBy is not null).Select(g => (Key: (v.Node, g.Report.Index), Holder: g.HeldBy!)))
            .ToDictionary(x => x.Key, x => x.Holder);
        var claimed = new Dictionary<(string Node, int Gpu), string>();
        var violations = new List<string>();
        foreach (var deployment in deployments)
        {
            foreach (var pair in deployment.Pairs.Concat(deployment.Removing))
            {
                foreach (var (role, replica) in new (string, ReplicaPlacement)[] { ("prefill", pair.Placement.Prefill), ("decode", pair.Placement.Decode) })
                {
                    var who = $"{deployment.Name}/pair-{pair.Index}/{role}";
                    foreach (var gpu in replica.GpuIndices)
                    {
                        var key = (replica.Node, gpu);
                        if (!claimed.TryAdd(key, who))
                        {
                            violations.Add($"{replica.Node} GPU {gpu} is listed by {claimed[key]} and by {who}");
                        }

                        if (!held.TryGetValue(key, out var holder))
                        {
                            violations.Add($"{who} lists {replica.Node} GPU {gpu}, which the node says nobody holds");
                        }
                        else if (!Holds(holder, deployment.Name, pair.Index, role))
                        {
                            violations.Add($"{who} lists {replica.Node} GPU {gpu}, which the node says {holder.Owner} holds");
                        }
                    }
                }
            }
        }

        violations.AddRange(held.Where(h => !claimed.ContainsKey(h.Key))
            .Select(h => $"{h.Key.Node} GPU {h.Key.Index} is held by {h.Value.Owner}, which no deployment lists"));
        return violations;
    }

    private static bool Holds(GpuHolder holder, string deployment, int pair, string role) =>
        holder.Deployment == deployment && holder.Pair == pair && holder.Role == role;
}
