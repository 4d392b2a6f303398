namespace ControlPlane.Placement;

/// <summary>
/// A placement plugin, registered in <see cref="PlacementPlugins"/>. It implements one or more of the
/// filter interfaces (<see cref="INodeStateFilter"/>, <see cref="IShapeFilter"/>, <see cref="ICapacityFilter"/>,
/// <see cref="IPairFilter"/>, <see cref="IKvPathFilter"/>) and score interfaces (<see cref="IKvPathScore"/>,
/// <see cref="IGpuGroupScore"/>, <see cref="IGpuTakeScore"/>, <see cref="INicScore"/>, <see cref="IShapeScore"/>,
/// <see cref="INodeScore"/>, <see cref="INicPairScore"/>); the interface says what the answer depends on,
/// and so how often the engine evaluates it.
/// </summary>
internal interface IPlacementPlugin
{
    /// <summary>The plugin's name; a filter's reasons start with it.</summary>
    string Name { get; }

    /// <summary>The weights a score declares (<see cref="ScoreWeight"/>); none for a filter.</summary>
    IReadOnlyList<ScoreWeight> Weights => [];
}
