using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Incidents;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Grains.Incidents;

/// <summary>
/// From a rank of a pair to the hardware under it: ranks 0..TP-1 are the prefill replica's GPUs in order, then the decode
/// replica's (or the role the sender names). A straggler blames its GPU, then the NIC its KV transfer crosses, then its node.
/// </summary>
public static class PairBlame
{
    public static ReplicaPlacement? ReplicaOf(PairPlacement pair, int rank, string? role, out int gpuIndex)
    {
        gpuIndex = -1;
        var replica = role switch
        {
            "prefill" => pair.Prefill,
            "decode" => pair.Decode,
            _ => rank < pair.Prefill.GpuIndices.Length ? pair.Prefill : pair.Decode,
        };
        var offset = role is null && replica == pair.Decode && rank >= pair.Prefill.GpuIndices.Length ? rank - pair.Prefill.GpuIndices.Length : rank;
        if (offset < 0 || offset >= replica.GpuIndices.Length)
        {
            return null;
        }

        gpuIndex = replica.GpuIndices[offset];
        return replica;
    }

    /// <summary>Narrowest first: GPU, NIC (only when the pair crosses nodes), node. Empty when the rank is not in the pair.</summary>
    public static BlamedComponent[] ForRank(PairView pair, int rank, string? role)
    {
        if (ReplicaOf(pair.Placement, rank, role, out var gpu) is not { } replica)
        {
            return [];
        }

        var blame = new List<BlamedComponent>
        {
            new() { Kind = ComponentKind.Gpu, Node = replica.Node, Gpu = gpu, GpuUuid = replica.GpuUuids.ElementAtOrDefault(Array.IndexOf(replica.GpuIndices, gpu)) },
        };
        if (replica.Nic is { } nic)
        {
            blame.Add(new BlamedComponent { Kind = ComponentKind.Nic, Node = replica.Node, Nic = nic, NicPort = 1 });
        }

        blame.Add(new BlamedComponent { Kind = ComponentKind.Node, Node = replica.Node });
        return [.. blame];
    }

    public static BlamedComponent Pair(PairView pair) => new() { Kind = ComponentKind.Pair, Node = pair.Placement.Prefill.Node, Pair = pair.Id };

    /// <summary>Whether the pair's placement uses the component (a NIC only counts when its KV transfer crosses it).</summary>
    public static bool Touches(PairPlacement pair, BlamedComponent blamed) => blamed.Kind switch
    {
        ComponentKind.Gpu => Uses(pair.Prefill, blamed) || Uses(pair.Decode, blamed),
        ComponentKind.Nic => (pair.Prefill.Node == blamed.Node && pair.Prefill.Nic == blamed.Nic) || (pair.Decode.Node == blamed.Node && pair.Decode.Nic == blamed.Nic),
        ComponentKind.Node => pair.Prefill.Node == blamed.Node || pair.Decode.Node == blamed.Node,
        _ => true,
    };

    private static bool Uses(ReplicaPlacement replica, BlamedComponent gpu) =>
        replica.Node == gpu.Node && gpu.Gpu is { } index && replica.GpuIndices.Contains(index);
}
