using ControlPlane.Grains.Nodes;
using ControlPlane.Wire.Health;

namespace ControlPlane.Grains.Tests.Nodes;

/// <summary>A NIC port's key in the node record is built and read back in one place.</summary>
public sealed class NicPortKeyTests
{
    [Theory]
    [InlineData("mlx5_0", 1)]
    [InlineData("mlx5_bond_0", 2)]
    [InlineData("0000:3b:00.0", 1)]
    public void A_key_reads_back_as_the_device_and_port_it_was_built_from(string device, int port)
    {
        var verdict = new NicVerdict { Port = NicVerdict.KeyOf(device, port), Health = DeviceHealth.Unknown };

        Assert.Equal((device, port), verdict.DeviceAndPort());
    }
}
