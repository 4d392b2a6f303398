using System.Text.Json;
using ControlPlane.Agent.Collection;
using ControlPlane.Agent.Json;
using ControlPlane.Agent.Replay;
using ControlPlane.Tests.Shared;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Agent.Tests.Replay;

public sealed class ReplayTests
{
    private static readonly string H200Dir = FixtureFiles.PathOf("gpu-hosts/h200x2-a");

    [Fact]
    public async Task Replay_of_the_h200x2_capture_reports_both_GPUs_NVLinked_and_passes_validation()
    {
        var (exit, stdout, stderr) = await CliRunner.RunAsync("replay", H200Dir, "--node", "h200x2-a");

        Assert.True(exit == 0, stderr);
        var report = JsonSerializer.Deserialize(stdout, AgentJsonContext.Default.ProbeReport)!;
        Assert.Equal("replay", report.Source);
        Assert.Equal(
            ["GPU-6785f8f4-d9b7-d5b0-471f-cae83922e47e", "GPU-8afa8850-bf27-8c27-d006-c88fdaadda05"],
            report.Gpus.Select(g => g.Uuid));
        Assert.Equal([0, 1], report.Gpus.Select(g => g.Minor));
        Assert.Equal([0, 1], report.Gpus.Select(g => g.Index));
        Assert.Equal(["00000000:00:06.0", "00000000:00:07.0"], report.Gpus.Select(g => g.PciBusId));
        Assert.All(report.Gpus, g => Assert.Equal("9.0", g.ComputeCapability));
        Assert.All(report.Gpus, g => Assert.Equal(18, g.NvLinks.Count(l => l.Active)));
        Assert.Equal("NV18", report.Topology.Between("GPU0", "GPU1")?.ToString());
        Assert.Equal("580.159.04", report.Versions.Driver);
        Assert.Equal("13.0", report.Versions.Cuda);
        Assert.Empty(ProbeReportValidator.Validate(report, "h200x2-a", DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Two_replayed_2xH200_hosts_report_their_fabric_but_no_shared_nvlink_domain()
    {
        var a = await ReplayAsync("h200x2-a");
        var b = await ReplayAsync("h200x2-b");

        // Both register with the fabric manager (Completed/Success) under the all-zero cluster UUID: no domain at all.
        Assert.All(a.Gpus.Concat(b.Gpus), g =>
        {
            Assert.Equal(("Completed", "Success", "00000000-0000-0000-0000-000000000000"), (g.Fabric?.State, g.Fabric?.Status, g.Fabric?.ClusterUuid));
            Assert.Null(g.Fabric!.DomainKey);
        });
    }

    private static async Task<ProbeReport> ReplayAsync(string node)
    {
        var (exit, stdout, stderr) = await CliRunner.RunAsync("replay", H200Dir, "--node", node);
        Assert.True(exit == 0, stderr);
        return JsonSerializer.Deserialize(stdout, AgentJsonContext.Default.ProbeReport)!;
    }

    [Fact]
    public void Replay_JSON_is_camelCase_with_enums_as_strings()
    {
        var facts = ReplayCollector.Collect(H200Dir);
        var report = ReportFactory.Create(facts, "h200x2-a", 1, DateTimeOffset.UtcNow, "default", null) with
        {
            Nics = [new NicReport { Device = "mlx5_0", State = PortState.Active, LinkLayer = LinkLayer.Ethernet }],
        };

        var json = JsonSerializer.Serialize(report, AgentJsonContext.Default.ProbeReport);

        Assert.Contains("\"pciBusId\": \"00000000:00:06.0\"", json, StringComparison.Ordinal);
        Assert.Contains("\"state\": \"Active\"", json, StringComparison.Ordinal);
        Assert.Contains("\"linkLayer\": \"Ethernet\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_with_files_missing_reports_what_is_there_and_notes_what_is_not()
    {
        using var dir = new TempDirectory();
        File.Copy(Path.Combine(H200Dir, CaptureFiles.GpuList), dir.File(CaptureFiles.GpuList));
        File.Copy(Path.Combine(H200Dir, CaptureFiles.Topology), dir.File(CaptureFiles.Topology));

        var facts = ReplayCollector.Collect(dir.Path);

        // nvidia-smi -L has no minor numbers or bus ids: the GPUs are named in notes, not half-reported.
        Assert.Empty(facts.Gpus.Gpus);
        Assert.Equal(2, facts.Notes.Count(n => n.Contains("left out", StringComparison.Ordinal)));
    }

    [Fact]
    public void Replay_without_a_source_of_device_minors_keeps_the_GPUs_with_the_minor_unknown_and_says_so()
    {
        using var dir = new TempDirectory();
        foreach (var file in new[] { CaptureFiles.GpuList, CaptureFiles.Topology, CaptureFiles.QueryCsv })
        {
            File.Copy(Path.Combine(H200Dir, file), dir.File(file));
        }

        var facts = ReplayCollector.Collect(dir.Path);
        var report = ReportFactory.Create(facts, "h200x2-a", 1, DateTimeOffset.UtcNow, "default", rack: null);

        Assert.Equal(["GPU-6785f8f4-d9b7-d5b0-471f-cae83922e47e", "GPU-8afa8850-bf27-8c27-d006-c88fdaadda05"], report.Gpus.Select(g => g.Uuid));
        Assert.All(report.Gpus, g => Assert.Null(g.Minor));
        Assert.Equal(2, report.Notes.Count(n => n.Contains("device minor unknown", StringComparison.Ordinal) && n.Contains("kept", StringComparison.Ordinal)));
        Assert.Empty(ProbeReportValidator.Validate(report, "h200x2-a", report.Timestamp));
    }

    [Fact]
    public void Replay_of_a_topology_only_capture_reports_zero_GPUs_and_keeps_NIC_affinity_by_legend_name()
    {
        using var dir = new TempDirectory();
        File.Copy(FixtureFiles.PathOf("seeds/topo-8xH20-nv18-5nic.txt"), dir.File(CaptureFiles.Topology));
        foreach (var name in new[] { CaptureFiles.QueryCsv, CaptureFiles.SmiXml, CaptureFiles.ProcGpus })
        {
            Assert.False(File.Exists(dir.File(name)));
        }

        var facts = ReplayCollector.Collect(dir.Path);

        Assert.Empty(facts.Gpus.Gpus);
        Assert.Contains(facts.Notes, n => n.Contains("no GPU capture", StringComparison.Ordinal));
        Assert.Equal("NODE", facts.Topology.Between("ibp14s0", "ibp71s0")?.ToString());
        Assert.Equal("SYS", facts.Topology.Between("ibp14s0", "ibp134s0")?.ToString());
    }

    [Fact]
    public async Task Replay_of_a_malformed_capture_exits_2_naming_file_and_line()
    {
        using var dir = new TempDirectory();
        File.Copy(FixtureFiles.PathOf("seeds/ibdev2netdev-v100-2x100g.txt"), dir.File(CaptureFiles.QueryCsv));

        var (exit, stdout, stderr) = await CliRunner.RunAsync("replay", dir.Path, "--node", "n1");

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.StartsWith(dir.File(CaptureFiles.QueryCsv) + ":", stderr, StringComparison.Ordinal);
        Assert.Contains("expected", stderr, StringComparison.Ordinal);
    }
}
