using System.Text.Json;
using ControlPlane.Agent.Json;
using ControlPlane.Probes.Proc;
using ControlPlane.Probes.Smi;
using ControlPlane.Probes.Topology;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Agent.Tests.Device;

/// <summary>
/// Snapshots cp-agent took on real GPUs (through NVML) against nvidia-smi's own outputs captured beside
/// them: a 1×H100 (self-contained publish) and a 2×H200 NV18 host (the trimmed single-file publish).
/// </summary>
public sealed class DeviceSnapshotTests
{
    public const string H100 = "nvidia-h100-x1-snapshot";
    public const string H200x2Trimmed = "nvidia-h200-x2-trimmed-snapshot";

    private static string Read(string capture, string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Captures", capture, name));

    private static ProbeReport Snapshot(string capture) =>
        JsonSerializer.Deserialize(Read(capture, "cp-agent-snapshot.json"), AgentJsonContext.Default.ProbeReport)!;

    [Theory]
    [InlineData(H100)]
    [InlineData(H200x2Trimmed)]
    public void Snapshot_came_from_NVML_and_passes_validation(string capture)
    {
        var report = Snapshot(capture);

        Assert.Equal("nvml", report.Source);
        Assert.Empty(ProbeReportValidator.Validate(report, report.Node, report.Timestamp));
    }

    [Fact]
    public void H100_snapshot_matches_the_kernel_modules_GPU_information_and_version()
    {
        var report = Snapshot(H100);
        var proc = ProcGpuInformationParser.Parse(Read(H100, "proc-gpus-information.txt"), "proc-gpus-information.txt").Gpus;
        var module = DriverVersionParser.Parse(Read(H100, "proc-version.txt"), "proc-version.txt");

        Assert.Equal(proc.Select(p => (p.GpuUuid, (int?)p.DeviceMinor)), report.Gpus.Select(g => (g.Uuid, g.Minor)));
        Assert.Equal(module.DriverVersion, report.Versions.Driver);
    }

    [Theory]
    [InlineData(H100)]
    [InlineData(H200x2Trimmed)]
    public void Snapshot_GPUs_match_nvidia_smi_query_list_and_xml(string capture)
    {
        var report = Snapshot(capture);
        string Read(string name) => DeviceSnapshotTests.Read(capture, name);
        var csv = QueryGpuCsvParser.Parse(Read("query-gpu.csv"), "query-gpu.csv").Gpus;
        var listed = GpuListParser.Parse(Read("nvidia-smi-L.txt"), "nvidia-smi-L.txt").Gpus;
        var xml = NvidiaSmiXmlParser.Parse(Read("nvidia-smi-q.xml"), "nvidia-smi-q.xml");

        Assert.Equal(csv.Length, report.Gpus.Length);
        Assert.Equal(xml.AttachedGpus, report.Gpus.Length);
        Assert.Equal(listed.Select(g => (g.Index, g.Uuid, g.Name)), report.Gpus.Select(g => (g.Index, g.Uuid, g.Model)));
        Assert.Equal(csv.Select(g => (g.Uuid, g.PciBusId, g.ComputeCapability)), report.Gpus.Select(g => ((string?)g.Uuid, (string?)g.PciBusId, (string?)g.ComputeCapability)));
        Assert.Equal(xml.Gpus.Select(g => (g.Uuid, g.MinorNumber)), report.Gpus.Select(g => (g.Uuid, (int?)g.Minor)));
        Assert.Equal(csv.Select(g => g.MemoryTotalMiB), report.Gpus.Select(g => (double?)g.MemoryTotalMiB));
        Assert.All(report.Gpus, g => Assert.Equal("9.0", g.ComputeCapability));
    }

    [Theory]
    [InlineData(H100)]
    [InlineData(H200x2Trimmed)]
    public void Snapshot_link_matrix_matches_nvidia_smi_topo_m(string capture)
    {
        var report = Snapshot(capture);
        var topo = TopologyParser.Parse(Read(capture, "topo-m.txt"), "topo-m.txt");

        Assert.Equal(topo.Gpus.Concat(topo.Nics.Select(n => topo.NicDeviceName(n) ?? n)), report.Topology.Devices);
        foreach (var a in topo.Gpus)
        {
            foreach (var b in topo.Gpus)
            {
                Assert.Equal(topo.LinkBetween(a, b).Label, report.Topology.Between(a, b)?.ToString());
            }
        }
    }

    [Theory]
    [InlineData(H100)]
    [InlineData(H200x2Trimmed)]
    public void Snapshot_versions_match_nvidia_smi(string capture)
    {
        var report = Snapshot(capture);
        var xml = NvidiaSmiXmlParser.Parse(Read(capture, "nvidia-smi-q.xml"), "nvidia-smi-q.xml");

        Assert.Equal(xml.DriverVersion, report.Versions.Driver);
        Assert.Equal(xml.CudaVersion, report.Versions.Cuda);
        Assert.Equal("2.28.3", report.Versions.Nccl);
    }

    [Fact]
    public void Trimmed_agent_on_two_H200s_sees_NV18_and_all_eighteen_links_of_each_GPU_active()
    {
        var report = Snapshot(H200x2Trimmed);
        var nvlinks = NvLinkStatusParser.Parse(Read(H200x2Trimmed, "nvlink-s.txt"), "nvlink-s.txt");

        Assert.Equal("NV18", report.Topology.Between("GPU0", "GPU1")?.ToString());
        Assert.All(report.Gpus, g => Assert.Equal((18, 0), g.NvLinkTotals()));
        Assert.Equal(report.Gpus.Length, nvlinks.Gpus.Length);
        Assert.All(nvlinks.Gpus, g => Assert.Equal(18, g.Links.Length));
    }
}
