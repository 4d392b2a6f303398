using System.Runtime.InteropServices;
using ControlPlane.Agent.Hosting;
using ControlPlane.Agent.Nvml;
using ControlPlane.Agent.Pci;
using ControlPlane.Agent.Smi;
using ControlPlane.Probes.Smi;
using ControlPlane.Tests.Shared;
using ControlPlane.Wire.Probes;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Agent.Tests.Nvml;

/// <summary>
/// NVML's answers are faked here: link states and remote bus ids are taken from the h200x2-a capture, where all 18
/// links of each GPU end on the other GPU. The last test reads the real NVML of the machine it runs on, GPU or not.
/// </summary>
public sealed class NvmlTopologyTests
{
    private static IReadOnlyList<NvmlTopology.GpuLinks> H200PairFromCapture()
    {
        var csv = QueryGpuCsvParser.Parse(FixtureFiles.Read("gpu-hosts/h200x2-a/query-gpu.csv"), "query-gpu.csv").Gpus;
        var nvlink = NvLinkStatusParser.Parse(FixtureFiles.Read("gpu-hosts/h200x2-a/nvlink-s.txt"), "nvlink-s.txt").Gpus;
        return [.. csv.Select((gpu, i) => new NvmlTopology.GpuLinks(
            gpu.PciBusId!,
            [.. nvlink[i].Links.Select(l => new NvLinkState { Link = l.Link, Active = l.IsActive, RemotePciBusId = csv[1 - i].PciBusId })]))];
    }

    [Fact]
    public void Fake_NVML_links_ending_on_the_peer_GPU_give_NV18_like_topo_m()
    {
        var cells = NvmlTopology.Build(H200PairFromCapture(), (_, _) => NvmlTopologyLevel.HostBridge, (_, _) => true);

        Assert.Equal([["X", "NV18"], ["NV18", "X"]], cells);
    }

    [Fact]
    public void Fake_NVML_without_NVLinks_falls_back_to_the_PCIe_common_ancestor()
    {
        var pair = H200PairFromCapture().Select(g => g with { NvLinks = [] }).ToList();

        var cells = NvmlTopology.Build(pair, (_, _) => NvmlTopologyLevel.HostBridge, (_, _) => false);

        Assert.Equal([["X", "PHB"], ["PHB", "X"]], cells);
    }

    [Fact]
    public void Fake_NVML_links_to_NVSwitches_count_as_NV_when_P2P_over_NVLink_works()
    {
        var switched = H200PairFromCapture()
            .Select(g => g with { NvLinks = [.. g.NvLinks.Select(l => l with { RemotePciBusId = "00000000:C0:00.0" })] })
            .ToList();

        Assert.Equal("NV18", NvmlTopology.Build(switched, (_, _) => NvmlTopologyLevel.System, (_, _) => true)[0][1]);
        Assert.Equal("SYS", NvmlTopology.Build(switched, (_, _) => NvmlTopologyLevel.System, (_, _) => false)[0][1]);
    }

    [Theory]
    [InlineData(NvmlTopologyLevel.Single, "PIX")]
    [InlineData(NvmlTopologyLevel.Multiple, "PXB")]
    [InlineData(NvmlTopologyLevel.HostBridge, "PHB")]
    [InlineData(NvmlTopologyLevel.Node, "NODE")]
    [InlineData(NvmlTopologyLevel.System, "SYS")]
    internal void Common_ancestor_levels_map_to_topo_m_words(NvmlTopologyLevel level, string expected) =>
        Assert.Equal(expected, new TopologyLink(NvmlTopology.FromLevel(level)).ToString());

    [Theory]
    [InlineData(22809, "2.28.9")]
    [InlineData(22803, "2.28.3")]
    [InlineData(2708, "2.7.8")]
    public void NCCL_version_codes_decode_in_both_schemes(int code, string expected) =>
        Assert.Equal(expected, ControlPlane.Agent.Versions.NcclLibrary.Decode(code));

    /// <summary>
    /// Runs for real, on whatever machine runs the tests, and holds on both kinds: where <c>libnvidia-ml.so.1</c> cannot
    /// be loaded (a build machine, a container without the NVIDIA runtime) NVML does not open and says exactly why; where
    /// the library loads but the driver does not answer, it says what nvmlInit_v2 answered; where NVML opens, it gives
    /// every GPU and a GPU-by-GPU matrix of topo -m words, the same as nvidia-smi's when nvidia-smi answers too.
    /// </summary>
    [Fact]
    public void Real_NVML_gives_the_GPUs_and_their_topology_or_says_why_it_cannot()
    {
        var loadable = NativeLibrary.TryLoad(NvmlApi.LibraryName, out var probe);
        if (loadable)
        {
            NativeLibrary.Free(probe);
        }

        var api = NvmlApi.TryOpen(out var whyNot);
        if (!loadable)
        {
            Assert.Null(api);
            Assert.Equal("libnvidia-ml.so.1 could not be loaded (no NVIDIA driver, or the container was started without the NVIDIA runtime)", whyNot);
            return;
        }

        if (api is null)
        {
            Assert.Matches("^(nvmlInit_v2 failed: |libnvidia-ml.so.1 lacks nvmlInit_v2)", whyNot);
            return;
        }

        Assert.Null(whyNot);
        var pci = new PciTopology(HostPaths.Real);
        using var nvml = new NvmlGpuSource(api, pci, xids: null);
        var inventory = nvml.Collect();

        Assert.Equal(NvmlGpuSource.SourceName, inventory.Source);
        Assert.DoesNotContain(inventory.Notes, n => n.Contains("failed", StringComparison.Ordinal) || n.Contains("could not be identified", StringComparison.Ordinal));
        Assert.Matches(@"^\d+\.\d+", inventory.Driver);
        var gpus = inventory.Gpus;
        Assert.All(gpus, g => Assert.StartsWith("GPU-", g.Uuid, StringComparison.Ordinal));
        Assert.Equal(gpus.Count, gpus.Select(g => g.Index).Distinct().Count());
        var cells = Assert.IsType<string[][]>(inventory.GpuLinks);
        Assert.Equal(gpus.Count, cells.Length);
        for (var i = 0; i < cells.Length; i++)
        {
            Assert.Equal(gpus.Count, cells[i].Length);
            for (var j = 0; j < cells.Length; j++)
            {
                Assert.True(TopologyLink.TryParse(cells[i][j], out var link), $"cell {i},{j}: '{cells[i][j]}' is no topo -m word");
                Assert.Equal(i == j, link.Kind == LinkKind.Self);
                Assert.Equal(cells[i][j], cells[j][i]);
            }
        }

        using var smi = new SmiGpuSource(HostPaths.Real, pci, ToolRunner.Default);
        var seen = smi.Collect();
        if (seen.Gpus.Count > 0)
        {
            Assert.Equal(seen.Gpus.Select(g => g.Uuid), gpus.Select(g => g.Uuid));
        }

        if (seen.GpuLinks is { } printed)
        {
            Assert.Equal(printed, cells);
        }
    }
}
