using ControlPlane.Probes.Topology;
using ControlPlane.Tests.Shared;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Probes.Tests.Topology;

public class TopologyParserTests
{
    private static TopologyMatrix Fixture(string path) => TopologyParser.Parse(FixtureFiles.Read(path), Path.GetFileName(path));

    private static readonly TopologyMatrix H20 = Fixture("seeds/topo-8xH20-nv18-5nic.txt");

    [Fact]
    public void H20_seed_lists_8_GPUs_and_5_NICs_in_order()
    {
        Assert.Equal(["GPU0", "GPU1", "GPU2", "GPU3", "GPU4", "GPU5", "GPU6", "GPU7"], H20.Gpus.ToArray());
        Assert.Equal(["NIC0", "NIC1", "NIC2", "NIC3", "NIC4"], H20.Nics.ToArray());
        Assert.Equal(13, H20.Devices.Length);
    }

    [Fact]
    public void H20_seed_has_NV18_between_every_GPU_pair()
    {
        foreach (var from in H20.Gpus)
        {
            foreach (var to in H20.Gpus.Where(g => g != from))
            {
                var link = H20.LinkBetween(from, to);
                Assert.Equal(LinkKind.NvLink, link.Kind);
                Assert.Equal(18, link.NvLinkCount);
                Assert.Equal("NV18", link.Label);
            }

            Assert.Equal(LinkKind.Self, H20.LinkBetween(from, from).Kind);
        }
    }

    [Theory]
    [InlineData("seeds/topo-8xH20-nv18-5nic.txt")]
    [InlineData("seeds/topo-8xH100-nv4-whitespace-collapsed.txt")]
    [InlineData("seeds/topo-2x5090-phb.txt")]
    [InlineData("gpu-hosts/h200x2-a/topo-m.txt")]
    public void Every_cell_is_the_wire_link_its_label_names(string capture)
    {
        foreach (var cell in Fixture(capture).Devices.SelectMany(d => d.Links))
        {
            Assert.True(TopologyLink.TryParse(cell.Label, out var wire));
            Assert.Equal(wire, cell.Link);
            Assert.Equal((cell.Kind, cell.NvLinkCount), (wire.Kind, wire.NvLinks));
        }
    }

    [Fact]
    public void H20_seed_puts_NIC0_on_GPU0s_PCIe_switch_and_GPU2_behind_NIC1()
    {
        Assert.Equal(LinkKind.Pix, H20.LinkBetween("NIC0", "GPU0").Kind);
        Assert.Equal(LinkKind.Pix, H20.LinkBetween("GPU0", "NIC0").Kind);
        var gpu2Nics = H20.Nics.Where(n => H20.LinkBetween("GPU2", n).Kind == LinkKind.Pix);
        Assert.Equal(["NIC1"], gpu2Nics.ToArray());
        Assert.Equal(LinkKind.Sys, H20.LinkBetween("GPU4", "NIC0").Kind);
        Assert.Equal(LinkKind.Node, H20.LinkBetween("NIC0", "NIC1").Kind);
    }

    [Fact]
    public void H20_seed_splits_GPUs_across_NUMA_0_and_1()
    {
        Assert.All(H20.Devices.Take(4), d => Assert.Equal(("0-47,96-143", "0"), (d.CpuAffinity, d.NumaAffinity)));
        Assert.All(H20.Devices.Skip(4).Take(4), d => Assert.Equal(("48-95,144-191", "1"), (d.CpuAffinity, d.NumaAffinity)));
        Assert.All(H20.Devices.Take(8), d => Assert.Null(d.GpuNumaId));
        Assert.All(H20.Devices.Skip(8), d => Assert.Equal(DeviceKind.Nic, d.Kind));
    }

    [Fact]
    public void H20_seed_NIC_legend_maps_columns_to_RDMA_devices_including_the_RoCE_NIC()
    {
        Assert.Equal("ibp14s0", H20.NicDeviceName("NIC0"));
        Assert.Equal("ibp71s0", H20.NicDeviceName("NIC1"));
        Assert.Equal("rocep32s0f0", H20.NicDeviceName("NIC4"));
        Assert.Equal(5, H20.NicLegend.Length);
        Assert.Contains(H20.Legend, e => e.Symbol == "NV#" && e.Meaning.Contains("bonded set", StringComparison.Ordinal));
    }

    [Fact]
    public void H200_capture_with_ANSI_header_and_empty_cell_has_NV18_between_GPU0_and_GPU1()
    {
        var topo = Fixture("gpu-hosts/h200x2-a/topo-m.txt");
        Assert.Equal(["GPU0", "GPU1"], topo.Gpus.ToArray());
        Assert.Empty(topo.Nics);
        Assert.Equal(18, topo.LinkBetween("GPU0", "GPU1").NvLinkCount);
        Assert.Equal(LinkKind.NvLink, topo.LinkBetween("GPU1", "GPU0").Kind);
        Assert.Equal("0-31", topo.Device("GPU1").CpuAffinity);
        Assert.Equal("0", topo.Device("GPU1").NumaAffinity);
        Assert.Null(topo.Device("GPU1").GpuNumaId);
        Assert.Equal(7, topo.Legend.Length);
    }

    [Fact]
    public void RTX_5090_pair_meets_only_through_the_PCIe_host_bridge()
    {
        var topo = Fixture("seeds/topo-2x5090-phb.txt");
        Assert.Equal(LinkKind.Phb, topo.LinkBetween("GPU0", "GPU1").Kind);
        Assert.Equal(0, topo.LinkBetween("GPU0", "GPU1").NvLinkCount);
        Assert.Empty(topo.Legend);
    }

    [Fact]
    public void Whitespace_collapsed_H100_seed_parses_multi_word_titles_and_its_home_made_legend()
    {
        var topo = Fixture("seeds/topo-8xH100-nv4-whitespace-collapsed.txt");
        Assert.Equal(8, topo.Gpus.Length);
        Assert.Equal(["NIC0", "NIC1"], topo.Nics.ToArray());
        Assert.Equal(4, topo.LinkBetween("GPU0", "GPU7").NvLinkCount);
        Assert.Equal(("96-127", "3"), (topo.Device("GPU7").CpuAffinity, topo.Device("GPU7").NumaAffinity));
        Assert.Equal(LinkKind.Node, topo.LinkBetween("NIC0", "NIC1").Kind);
        Assert.Empty(topo.NicLegend);
        Assert.Null(topo.NicDeviceName("NIC0"));
        // Not nvidia-smi's wording: the author explained NV4 as a link generation, not a link count.
        Assert.Equal(new LegendEntry("NV4", "NVLink 4x (200 GB/s per link, bidirectional)"), topo.Legend[1]);
    }

    [Fact]
    public void Older_layout_with_only_CPU_affinity_and_tab_separated_cells_parses()
    {
        var topo = TopologyParser.Parse("\tGPU0\tGPU1\tCPU Affinity\nGPU0\t X \tPXB\t0-11\nGPU1\tPXB\t X \t0-11\n");
        Assert.Equal(LinkKind.Pxb, topo.LinkBetween("GPU1", "GPU0").Kind);
        Assert.Null(topo.Device("GPU0").NumaAffinity);
        Assert.Equal("0-11", topo.Device("GPU0").CpuAffinity);
    }

    [Fact]
    public void Unknown_link_kind_is_reported_with_file_line_and_expectation()
    {
        var text = "\tGPU0\tGPU1\tCPU Affinity\nGPU0\t X \tNV2\t0-3\nGPU1\tFOO\t X \t0-3\n";
        var error = Assert.Throws<ProbeParseException>(() => TopologyParser.Parse(text, "topo-m.txt"));
        Assert.Equal("topo-m.txt", error.FileName);
        Assert.Equal(3, error.Line);
        Assert.Equal("topo-m.txt:3: expected a link kind (X, NV#, PIX, PXB, PHB, NODE, SYS), found 'FOO'", error.Message);
    }

    [Fact]
    public void Matrix_cut_before_the_last_NIC_row_is_rejected_at_end_of_input()
    {
        var lines = FixtureFiles.Read("seeds/topo-8xH20-nv18-5nic.txt").Split('\n');
        var truncated = string.Join('\n', lines.Take(13));
        var error = Assert.Throws<ProbeParseException>(() => TopologyParser.Parse(truncated, "topo.txt"));
        Assert.Equal(14, error.Line);
        Assert.Equal("a row for NIC4", error.Expected);
        Assert.Null(error.Found);
    }

    [Fact]
    public void Row_missing_its_GPU_NUMA_ID_is_rejected_on_that_line()
    {
        var text = FixtureFiles.Read("gpu-hosts/h200x2-a/topo-m.txt").Replace("\t0\t\tN/A\nGPU1", "\t0\nGPU1", StringComparison.Ordinal);
        var error = Assert.Throws<ProbeParseException>(() => TopologyParser.Parse(text, "topo-m.txt"));
        Assert.Equal(2, error.Line);
        Assert.Equal("a GPU NUMA ID value", error.Expected);
    }

    [Fact]
    public void Diagonal_that_is_not_X_is_rejected()
    {
        var error = Assert.Throws<ProbeParseException>(() => TopologyParser.Parse("GPU0 GPU1\nGPU0 NV4 NV4\nGPU1 NV4 X\n", "t"));
        Assert.Equal(2, error.Line);
        Assert.Equal("NV4", error.Found);
    }

    [Fact]
    public void Rows_out_of_header_order_are_rejected()
    {
        var error = Assert.Throws<ProbeParseException>(() => TopologyParser.Parse("GPU0 GPU1\nGPU1 NV4 X\nGPU0 X NV4\n", "t"));
        Assert.Equal((2, "a row for GPU0", "GPU1"), (error.Line, error.Expected, error.Found));
    }

    [Fact]
    public void NIC_legend_missing_an_entry_is_rejected()
    {
        var text = FixtureFiles.Read("seeds/topo-8xH20-nv18-5nic.txt").Replace("  NIC4: rocep32s0f0\n", "", StringComparison.Ordinal);
        var error = Assert.Throws<ProbeParseException>(() => TopologyParser.Parse(text, "topo.txt"));
        Assert.Equal("a NIC legend entry for NIC4", error.Expected);
    }

    [Fact]
    public void Stray_text_after_the_matrix_is_rejected()
    {
        var error = Assert.Throws<ProbeParseException>(() => TopologyParser.Parse("GPU0\nGPU0 X\nGPU1 X\n", "t"));
        Assert.Equal((3, "GPU1 X"), (error.Line, error.Found));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public void Empty_input_is_rejected_at_its_end(string text)
    {
        var error = Assert.Throws<ProbeParseException>(() => TopologyParser.Parse(text, "empty.txt"));
        Assert.Equal("empty.txt", error.FileName);
        Assert.Equal(text.Length == 0 ? 1 : 3, error.Line);
        Assert.Null(error.Found);
    }

    [Fact]
    public void Header_without_any_GPU_is_rejected()
    {
        var error = Assert.Throws<ProbeParseException>(() => TopologyParser.Parse("hello world\n", "t"));
        Assert.Equal((1, "hello"), (error.Line, error.Found));
    }
}
