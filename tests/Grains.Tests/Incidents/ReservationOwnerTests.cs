using ControlPlane.Contracts.Placement;

namespace ControlPlane.Grains.Tests.Incidents;

public sealed class ReservationOwnerTests
{
    [Theory]
    [InlineData("qwen/pair-0/prefill", "qwen", 0, "prefill", 0)]
    [InlineData("qwen-72b/pair-12/decode#3", "qwen-72b", 12, "decode", 3)]
    public void An_owner_key_parses_back_to_its_deployment_pair_role_and_revision(string key, string deployment, int pair, string role, int revision)
    {
        var owner = ReservationOwner.TryParse(key);

        Assert.Equal(new ReservationOwner(deployment, pair, role, revision), owner);
        Assert.Equal(key, owner!.Value.ToString());
    }

    [Theory]
    [InlineData("qwen/spare-0/prefill", "qwen", "spare-0", "prefill", 0)]
    [InlineData("qwen/spare-17/decode#2", "qwen", "spare-17", "decode", 2)]
    public void A_spare_owner_key_parses_back_to_its_unit_and_serves_at_no_pair_index(string key, string deployment, string unit, string role, int revision)
    {
        var owner = ReservationOwner.TryParse(key);

        Assert.Equal(new ReservationOwner(deployment, unit, role, revision), owner);
        Assert.Equal(ReservationOwner.SparePair, owner!.Value.Pair);
        Assert.Equal(key, owner.Value.ToString());
    }

    [Fact]
    public void A_spare_swapped_in_keeps_the_owner_it_was_placed_with()
    {
        var swapped = new ControlPlane.Wire.Deployments.PairView
        {
            Id = "qwen/pair-2", Index = 2, Unit = "spare-4", Revision = 3, OwnerRevision = 0, State = ControlPlane.Wire.Deployments.PairState.Running, Placement = new() { Prefill = Replica(0), Decode = Replica(1), Tier = "nvlink", Wire = "NV18", EstimatedKvTransferMs = 1 },
        };

        Assert.Equal("qwen/spare-4/prefill", ReservationOwner.For("qwen", swapped, "prefill").ToString());
        Assert.Equal("qwen/pair-2/decode#3", ReservationOwner.For("qwen", swapped with { Unit = null, OwnerRevision = null }, "decode").ToString());
    }

    [Theory]
    [InlineData("qwen/spare-x/prefill")]
    [InlineData("test-filler")]
    [InlineData("qwen/pair-x/prefill")]
    [InlineData("qwen/pair-0/router")]
    [InlineData("qwen/pair-0/decode#")]
    [InlineData("/pair-0/decode")]
    public void Anything_else_is_not_a_replica_owner(string key) => Assert.Null(ReservationOwner.TryParse(key));

    private static ControlPlane.Wire.Placement.ReplicaPlacement Replica(int gpu) => new() { Node = "n", GpuIndices = [gpu], GpuUuids = [$"GPU-{gpu}"], GpuMinors = [gpu] };
}
