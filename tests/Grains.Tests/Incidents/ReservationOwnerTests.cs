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
    [InlineData("test-filler")]
    [InlineData("qwen/pair-x/prefill")]
    [InlineData("qwen/pair-0/router")]
    [InlineData("qwen/pair-0/decode#")]
    [InlineData("/pair-0/decode")]
    public void Anything_else_is_not_a_replica_owner(string key) => Assert.Null(ReservationOwner.TryParse(key));
}
