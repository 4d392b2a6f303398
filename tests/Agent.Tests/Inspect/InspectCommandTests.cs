using System.Text.Json;
using ControlPlane.Tests.Shared;

namespace ControlPlane.Agent.Tests.Inspect;

public sealed class InspectCommandTests
{
    [Theory]
    [InlineData("topology", "gpu-hosts/h200x2-a/topo-m.txt", "\"label\": \"NV18\"")]
    [InlineData("smi-xml", "gpu-hosts/h200x2-a/nvidia-smi-q.xml", "\"driverVersion\": \"580.159.04\"")]
    [InlineData("query-csv", "gpu-hosts/h200x2-a/query-gpu.csv", "\"computeCapability\": \"9.0\"")]
    [InlineData("gpu-list", "gpu-hosts/h200x2-a/nvidia-smi-L.txt", "\"uuid\": \"GPU-8afa8850-bf27-8c27-d006-c88fdaadda05\"")]
    [InlineData("nvlink", "gpu-hosts/h200x2-a/nvlink-s.txt", "\"speedGBps\": 26.562")]
    [InlineData("gpus-info", "gpu-hosts/h200x2-a/proc-gpus-information.txt", "\"deviceMinor\": 1")]
    [InlineData("ibdev2netdev", "seeds/ibdev2netdev-a100-one-port-down.txt", "\"state\": \"Down\"")]
    [InlineData("nccl-log", "nccl/h200x2-allreduce-default.log", "\"hasNcclLines\": true")]
    [InlineData("nccl-tests", "seeds/all_reduce_perf-8xH100-seed-blog.txt", "\"busBandwidthGBps\"")]
    [InlineData("ucx-perftest", "seeds/ucx_perftest-tag_bw-cuda-pods-tcp-fallback.txt", "\"bandwidthAverageMBps\"")]
    [InlineData("topo-p2p", "gpu-hosts/h200x2-a/topo-p2p-r.txt", "\"peers\": [\n")]
    [InlineData("ib-write-bw", "seeds/ib_write_bw-v100-loopback.txt", "\"bandwidthUnit\"")]
    [InlineData("copy-bw", "gpu-hosts/h200x2-a/p2p-bw.txt", "\"gBps\": 394.4")]
    public async Task Inspect_prints_the_parsed_capture_as_camelCase_JSON(string verb, string fixture, string expected)
    {
        var (exit, stdout, stderr) = await CliRunner.RunAsync("inspect", verb, FixtureFiles.PathOf(fixture));

        Assert.True(exit == 0, stderr);
        using var document = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        Assert.Contains(expected, stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inspect_of_several_files_prints_a_JSON_array_in_order()
    {
        var (exit, stdout, _) = await CliRunner.RunAsync(
            "inspect", "ibdev2netdev", FixtureFiles.PathOf("seeds/ibdev2netdev-v100-2x100g.txt"), FixtureFiles.PathOf("seeds/ibdev2netdev-a100-one-port-down.txt"));

        Assert.Equal(0, exit);
        using var document = JsonDocument.Parse(stdout);
        Assert.Equal(2, document.RootElement.GetArrayLength());
        Assert.Equal("ibxxxx0", document.RootElement[1].GetProperty("ports")[0].GetProperty("netDevice").GetString());
    }

    // One malformed input per family: a real capture of another tool handed to the verb.
    [Theory]
    [InlineData("topology", "gpu-hosts/h200x2-a/nvidia-smi-L.txt")]
    [InlineData("smi-xml", "gpu-hosts/h200x2-a/query-gpu.csv")]
    [InlineData("query-csv", "gpu-hosts/h200x2-a/proc-version.txt")]
    [InlineData("gpus-info", "gpu-hosts/h200x2-a/nvcc.txt")]
    [InlineData("ibdev2netdev", "gpu-hosts/h200x2-a/topo-m.txt")]
    [InlineData("ibstat", "seeds/ibdev2netdev-v100-2x100g.txt")]
    [InlineData("nccl-log", "gpu-hosts/h200x2-a/query-gpu.csv")]
    [InlineData("nccl-tests", "gpu-hosts/h200x2-a/nvidia-smi-L.txt")]
    [InlineData("ucx-perftest", "seeds/ib_write_bw-v100-loopback.txt")]
    [InlineData("topo-p2p", "gpu-hosts/h200x2-a/topo-m.txt")]
    [InlineData("ib-write-bw", "seeds/ucx_perftest-tag_bw-cuda-pods-tcp-fallback.txt")]
    [InlineData("copy-bw", "gpu-hosts/h200x2-a/nvidia-smi-L.txt")]
    public async Task Inspect_of_malformed_input_exits_2_with_file_line_and_expectation_on_stderr(string verb, string fixture)
    {
        var path = FixtureFiles.PathOf(fixture);

        var (exit, stdout, stderr) = await CliRunner.RunAsync("inspect", verb, path);

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(path)}:\\d+: expected ", stderr);
    }

    [Fact]
    public async Task Inspect_of_a_missing_file_fails_without_a_crash()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("inspect", "topology", "/nonexistent/topo-m.txt");

        Assert.NotEqual(0, exit);
        Assert.NotEmpty(stderr);
    }
}
