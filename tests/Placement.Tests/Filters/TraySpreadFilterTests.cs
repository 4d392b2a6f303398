using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests.Filters;

public sealed class TraySpreadFilterTests
{
    [Theory]
    [InlineData("tray", 0, true)]
    [InlineData("tray", 1, false)]
    [InlineData("tray", 2, true)]
    [InlineData("tray", 3, true)]
    [InlineData("tray", 4, false)]
    [InlineData("tray", 6, false)]
    [InlineData("node", 0, false)]
    [InlineData("rack", 2, false)]
    public void Spread_tray_refuses_only_the_one_node_tiers(string spread, int rank, bool refused)
    {
        var reason = new TraySpreadFilter().Reject(Request(Spec() with { Spread = spread }), rank, "NV18");

        Assert.Equal(refused, reason is not null);
        if (refused)
        {
            Assert.Equal($"TraySpreadFilter: spread tray puts prefill and decode on two trays; NV18 ({KvPath.TierName(rank)}) is one node", reason);
        }
    }
}
