using ControlPlane.Wire.Placement;

namespace ControlPlane.Placement;

// Score plugins add to a candidate's score (penalties are negative). Each interface is evaluated where
// its answer can change, never per node of the fleet: the engine caches GPU choices per (shape, free mask)
// and visits at most two nodes per bucket.

/// <summary>Scores a KV path (tier rank, GB/s): evaluated per candidate pair.</summary>
internal interface IKvPathScore : IPlacementPlugin
{
    double Score(int rank, double gbps);
}

/// <summary>Scores one replica's TP group of GPUs on a shape: evaluated per GPU choice, cached per (shape, free mask).</summary>
internal interface IGpuGroupScore : IPlacementPlugin
{
    double Score(NodeShape shape, uint group);
}

/// <summary>Scores taking <c>taken</c> out of a node's <c>free</c> GPUs (both replicas, on a same-node pair): cached like <see cref="IGpuGroupScore"/>.</summary>
internal interface IGpuTakeScore : IPlacementPlugin
{
    double Score(NodeShape shape, uint free, uint taken);
}

/// <summary>Scores the NIC a cross-node replica sends through, given the worst GPU→NIC link rank of its group: cached like <see cref="IGpuGroupScore"/>.</summary>
internal interface INicScore : IPlacementPlugin
{
    double Score(NodeShape shape, int nic, int nicRank);
}

/// <summary>Scores a replica of TP <c>tp</c> on a shape: evaluated once per shape and plan.</summary>
internal interface IShapeScore : IPlacementPlugin
{
    double Score(NodeShape shape, PlacementRequest request, int tp);
}

/// <summary>Scores a node against what the plan already took: evaluated per visited node (at most two per bucket).</summary>
internal interface INodeScore : IPlacementPlugin
{
    double Score(IndexedNode node, PlanState plan);
}

/// <summary>Scores the two NICs of a cross-node RDMA pair against what the plan already took: evaluated per candidate pair.</summary>
internal interface INicPairScore : IPlacementPlugin
{
    double Score(PlacementNic prefill, PlacementNic decode, PlanState plan);
}
