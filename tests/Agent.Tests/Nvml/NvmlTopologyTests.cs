using ControlPlane.Agent.Nvml;
using ControlPlane.Probes.Smi;
using ControlPlane.Tests.Shared;
using ControlPlane.Wire.Probes;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Agent.Tests.Nvml;

/// <summary>
/// NVML's answers are faked here (no GPU on the build machine): link states and remote bus ids are taken from
/// the h200x2-a capture, where all 18 links of each GPU end on the other GPU.
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

    [Fact]
    public void Without_libnvidia_ml_NVML_does_not_open_and_says_why()
    {
        // Runs for real: the build machine has no NVIDIA driver.
        using var api = NvmlApi.TryOpen(out var whyNot);

        Assert.Null(api);
        Assert.Contains("libnvidia-ml.so.1", whyNot, StringComparison.Ordinal);
    }
}
