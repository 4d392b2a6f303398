using ControlPlane.Testing;

namespace ControlPlane.Silo.Tests.Testing;

/// <summary>The ports tests start silos, gateways and Redis on never collide within one test process.</summary>
public sealed class FreePortsTests
{
    [Fact]
    public void No_port_is_handed_out_twice()
    {
        var ports = Enumerable.Range(0, 3000).Select(_ => FreePorts.Next()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, port => Assert.InRange(port, 1, 65535));
    }
}
