using ControlPlane.Simulation;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests.Scores;

public sealed class TpLocalityScoreTests
{
    private readonly TpLocalityScore _score = new(nvLink: 300, numa: 100);

    [Fact]
    public void Group_inside_one_NVLink_island_and_one_NUMA_node_gets_both()
    {
        var h100 = Shape(Node("h100-01", NodeTemplates.H100)); // NUMA 0,0,1,1,2,2,3,3

        Assert.Equal(400, _score.Score(h100, Gpus(0, 1)));
    }

    [Fact]
    public void Group_across_NUMA_nodes_keeps_only_the_NVLink_part()
    {
        var h100 = Shape(Node("h100-01", NodeTemplates.H100));

        Assert.Equal(300, _score.Score(h100, Gpus(0, 2)));
    }

    [Fact]
    public void Group_over_SYS_across_NUMA_nodes_gets_nothing()
    {
        var v100 = Shape(Node("v100-01", NodeTemplates.V100)); // GPU 0 ↔ 5 is SYS

        Assert.Equal(0, _score.Score(v100, Gpus(0, 5)));
        Assert.Equal(400, _score.Score(v100, Gpus(0, 1, 2, 3)));
    }
}
