using ControlPlane.Probes.Topology;
using ControlPlane.Tests.Shared;

namespace ControlPlane.Probes.Tests.Topology;

public class P2pMatrixParserTests
{
    [Fact]
    public void H200_pair_can_read_from_each_other_over_P2P()
    {
        var p2p = P2pMatrixParser.Parse(FixtureFiles.Read("gpu-hosts/h200x2-a/topo-p2p-r.txt"), "topo-p2p-r.txt");
        Assert.Equal(["GPU0", "GPU1"], p2p.Gpus.ToArray());
        Assert.Equal(P2pStatus.Ok, p2p.StatusBetween("GPU0", "GPU1"));
        Assert.Equal(P2pStatus.Ok, p2p.StatusBetween("GPU1", "GPU0"));
        Assert.Equal(P2pStatus.Self, p2p.StatusBetween("GPU0", "GPU0"));
    }

    [Fact]
    public void Unsupported_statuses_are_named()
    {
        var p2p = P2pMatrixParser.Parse("GPU0 GPU1 GPU2\nGPU0 X CNS TNS\nGPU1 GNS X NS\nGPU2 U OK X\n");
        Assert.Equal(P2pStatus.ChipsetNotSupported, p2p.StatusBetween("GPU0", "GPU1"));
        Assert.Equal(P2pStatus.TopologyNotSupported, p2p.StatusBetween("GPU0", "GPU2"));
        Assert.Equal(P2pStatus.Unknown, p2p.StatusBetween("GPU2", "GPU0"));
    }

    [Fact]
    public void Row_cut_short_is_rejected_on_its_line()
    {
        var error = Assert.Throws<ProbeParseException>(() => P2pMatrixParser.Parse("GPU0 GPU1\nGPU0 X OK\nGPU1 OK\n", "p2p.txt"));
        Assert.Equal((2 + 1, "", "p2p.txt"), (error.Line, error.Found, error.FileName));
    }

    [Fact]
    public void Missing_row_is_rejected_at_end_of_input()
    {
        var error = Assert.Throws<ProbeParseException>(() => P2pMatrixParser.Parse("GPU0 GPU1\nGPU0 X OK\n", "p2p.txt"));
        Assert.Equal((3, "a row for GPU1"), (error.Line, error.Expected));
    }
}
