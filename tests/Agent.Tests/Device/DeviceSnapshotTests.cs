using System.Text.Json;
using ControlPlane.Agent.Json;
using ControlPlane.Probes.Proc;
using ControlPlane.Probes.Smi;
using ControlPlane.Probes.Topology;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Agent.Tests.Device;

/// <summary>The snapshot cp-agent took on a real H100 (through NVML) against nvidia-smi's own outputs captured beside it.</summary>
public sealed class DeviceSnapshotTests
{
    private static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "Captures", "nvidia-h100-x1-snapshot");

    private static string Read(string name) => File.ReadAllText(Path.Combine(Dir, name));

    private static ProbeReport Snapshot => JsonSerializer.Deserialize(Read("cp-agent-snapshot.json"), AgentJsonContext.Default.ProbeReport)!;

    [Fact]
    public void Snapshot_on_the_H100_came_from_NVML_and_passes_validation()
    {
        var report = Snapshot;

        Assert.Equal("nvml", report.Source);
        Assert.Empty(ProbeReportValidator.Validate(report, "device-a", report.Timestamp));
    }

    [Fact]
    public void Snapshot_GPUs_match_nvidia_smi_query_list_xml_and_proc()
    {
        var report = Snapshot;
        var csv = QueryGpuCsvParser.Parse(Read("query-gpu.csv"), "query-gpu.csv").Gpus;
        var listed = GpuListParser.Parse(Read("nvidia-smi-L.txt"), "nvidia-smi-L.txt").Gpus;
        var xml = NvidiaSmiXmlParser.Parse(Read("nvidia-smi-q.xml"), "nvidia-smi-q.xml");
        var proc = ProcGpuInformationParser.Parse(Read("proc-gpus-information.txt"), "proc-gpus-information.txt").Gpus;

        Assert.Equal(csv.Length, report.Gpus.Length);
        Assert.Equal(xml.AttachedGpus, report.Gpus.Length);
        Assert.Equal(listed.Select(g => (g.Index, g.Uuid, g.Name)), report.Gpus.Select(g => (g.Index, g.Uuid, g.Model)));
        Assert.Equal(csv.Select(g => (g.Uuid, g.PciBusId, g.ComputeCapability)), report.Gpus.Select(g => ((string?)g.Uuid, (string?)g.PciBusId, (string?)g.ComputeCapability)));
        Assert.Equal(xml.Gpus.Select(g => (g.Uuid, g.MinorNumber)), report.Gpus.Select(g => (g.Uuid, (int?)g.Minor)));
        Assert.Equal(proc.Select(p => (p.GpuUuid, p.DeviceMinor)), report.Gpus.Select(g => (g.Uuid, g.Minor)));
        Assert.Equal(csv.Select(g => g.MemoryTotalMiB), report.Gpus.Select(g => (double?)g.MemoryTotalMiB));
        Assert.All(report.Gpus, g => Assert.Equal("9.0", g.ComputeCapability));
    }

    [Fact]
    public void Snapshot_link_matrix_matches_nvidia_smi_topo_m()
    {
        var report = Snapshot;
        var topo = TopologyParser.Parse(Read("topo-m.txt"), "topo-m.txt");

        Assert.Equal(topo.Gpus.Concat(topo.Nics.Select(n => topo.NicDeviceName(n) ?? n)), report.Topology.Devices);
        foreach (var a in topo.Gpus)
        {
            foreach (var b in topo.Gpus)
            {
                Assert.Equal(topo.LinkBetween(a, b).Label, report.Topology.Between(a, b)?.ToString());
            }
        }
    }

    [Fact]
    public void Snapshot_versions_match_nvidia_smi_and_the_kernel_module()
    {
        var report = Snapshot;
        var xml = NvidiaSmiXmlParser.Parse(Read("nvidia-smi-q.xml"), "nvidia-smi-q.xml");
        var module = DriverVersionParser.Parse(Read("proc-version.txt"), "proc-version.txt");

        Assert.Equal(xml.DriverVersion, report.Versions.Driver);
        Assert.Equal(module.DriverVersion, report.Versions.Driver);
        Assert.Equal(xml.CudaVersion, report.Versions.Cuda);
        Assert.Equal("2.28.3", report.Versions.Nccl);
    }
}
