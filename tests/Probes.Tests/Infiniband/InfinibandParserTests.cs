using ControlPlane.Probes.Infiniband;
using ControlPlane.Tests.Shared;

namespace ControlPlane.Probes.Tests.Infiniband;

public class InfinibandParserTests
{
    // No ibstat capture exists yet: this sample follows ibstat's documented layout (infiniband-diags)
    // for a two-adapter ConnectX-7 node with one InfiniBand port down and one RoCE port.
    private const string IbStatSample = """
        CA 'mlx5_0'
        	CA type: MT4129
        	Number of ports: 1
        	Firmware version: 28.39.1002
        	Hardware version: 0
        	Node GUID: 0xa088c20300e1b2c4
        	System image GUID: 0xa088c20300e1b2c4
        	Port 1:
        		State: Active
        		Physical state: LinkUp
        		Rate: 400
        		Base lid: 12
        		LMC: 0
        		SM lid: 1
        		Capability mask: 0xa651e848
        		Port GUID: 0xa088c20300e1b2c4
        		Link layer: InfiniBand
        CA 'mlx5_1'
        	CA type: MT4129
        	Number of ports: 1
        	Firmware version: 28.39.1002
        	Hardware version: 0
        	Node GUID: 0xa088c20300e1b2c5
        	System image GUID: 0xa088c20300e1b2c5
        	Port 1:
        		State: Down
        		Physical state: Disabled
        		Rate: 40
        		Base lid: 0
        		LMC: 0
        		SM lid: 0
        		Capability mask: 0x00010000
        		Port GUID: 0xa288c2fffee1b2c5
        		Link layer: Ethernet
        """;

    [Fact]
    public void V100_node_has_two_ports_up()
    {
        var map = IbDev2NetDevParser.Parse(FixtureFiles.Read("seeds/ibdev2netdev-v100-2x100g.txt"), "ibdev2netdev.txt");
        Assert.Equal(2, map.Ports.Length);
        Assert.All(map.Ports, p => Assert.Equal(NetDeviceState.Up, p.State));
        Assert.Equal(new IbPortMapping("mlx5_1", 1, "ibxxxxxx1", NetDeviceState.Up), map.Ports[1]);
    }

    [Fact]
    public void A100_node_has_exactly_one_port_down()
    {
        var map = IbDev2NetDevParser.Parse(FixtureFiles.Read("seeds/ibdev2netdev-a100-one-port-down.txt"), "ibdev2netdev.txt");
        var down = Assert.Single(map.Ports, p => p.State == NetDeviceState.Down);
        Assert.Equal(("mlx5_0", "ibxxxx0"), (down.Device, down.NetDevice));
        Assert.Equal("bond0", map.Ports[2].NetDevice);
    }

    [Fact]
    public void Ibdev2netdev_line_cut_short_is_rejected()
    {
        var error = Assert.Throws<ProbeParseException>(() => IbDev2NetDevParser.Parse("mlx5_0 port 1 ==> ib0 (Up)\nmlx5_1 port 1 ==> ib1 (U", "map.txt"));
        Assert.Equal((2, "(U"), (error.Line, error.Found));
        Assert.Equal(1, Assert.Throws<ProbeParseException>(() => IbDev2NetDevParser.Parse("", "map.txt")).Line);
    }

    [Fact]
    public void Ibstat_reports_each_adapters_port_state_rate_and_link_layer()
    {
        var report = IbStatParser.Parse(IbStatSample, "ibstat.txt");
        Assert.Equal(["mlx5_0", "mlx5_1"], report.Adapters.Select(a => a.Name).ToArray());
        var port = Assert.Single(report.Adapters[0].Ports);
        Assert.Equal(new IbStatPort(1, "Active", "LinkUp", 400, "InfiniBand", 12, 1, "0xa088c20300e1b2c4"), port);
        Assert.True(port.IsActive);
        Assert.False(report.Adapters[1].Ports[0].IsActive);
        Assert.Equal("Ethernet", report.Adapters[1].Ports[0].LinkLayer);
        Assert.Equal("28.39.1002", report.Adapters[1].FirmwareVersion);
    }

    [Fact]
    public void Ibstat_port_cut_before_its_link_layer_is_rejected()
    {
        var lines = IbStatSample.Split('\n');
        var error = Assert.Throws<ProbeParseException>(() => IbStatParser.Parse(string.Join('\n', lines.Take(14)), "ibstat.txt"));
        Assert.Equal(("ibstat.txt", 15, "'Link layer:' in Port 1"), (error.FileName, error.Line, error.Expected));
    }

    [Fact]
    public void Ibstat_adapter_missing_a_port_block_is_rejected()
    {
        var error = Assert.Throws<ProbeParseException>(() => IbStatParser.Parse("CA 'mlx5_0'\n\tNumber of ports: 1\n", "ibstat.txt"));
        Assert.Equal((3, "1 port blocks for CA 'mlx5_0'"), (error.Line, error.Expected));
    }

    [Fact]
    public void Ibstat_text_without_an_adapter_is_rejected()
    {
        var error = Assert.Throws<ProbeParseException>(() => IbStatParser.Parse("\tState: Active\n", "ibstat.txt"));
        Assert.Equal((1, "CA '<name>'"), (error.Line, error.Expected));
    }
}
