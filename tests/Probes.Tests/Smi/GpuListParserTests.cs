using ControlPlane.Probes.Smi;
using ControlPlane.Tests.Shared;

namespace ControlPlane.Probes.Tests.Smi;

public class GpuListParserTests
{
    [Fact]
    public void H200_host_lists_two_GPUs_with_uuids()
    {
        var list = GpuListParser.Parse(FixtureFiles.Read("gpu-hosts/h200x2-a/nvidia-smi-L.txt"), "nvidia-smi-L.txt");
        Assert.Equal(2, list.Gpus.Length);
        Assert.Equal(new ListedGpu(1, "NVIDIA H200", "GPU-8afa8850-bf27-8c27-d006-c88fdaadda05", null), list.Gpus[1]);
        Assert.Empty(list.Sections);
    }

    [Fact]
    public void Isolated_PD_pods_each_see_their_own_GPUs_as_0_and_1()
    {
        var list = GpuListParser.Parse(FixtureFiles.Read("seeds/nvidia-smi-L-pd-pods-isolated.txt"));
        Assert.Equal(["prefill container", "decoder container"], list.Sections.ToArray());
        Assert.Equal([0, 1, 0, 1], list.Gpus.Select(g => g.Index).ToArray());
        Assert.Equal(4, list.Gpus.Select(g => g.Uuid).Distinct().Count());
        Assert.Equal("GPU-4650fca3-dbba-f168-d6bd-338a4ba8f044", list.Gpus.Single(g => g is { Section: "decoder container", Index: 0 }).Uuid);
    }

    [Fact]
    public void MIG_device_lines_are_skipped()
    {
        var list = GpuListParser.Parse("GPU 0: NVIDIA A100-SXM4-80GB (UUID: GPU-aaaa)\n  MIG 1g.10gb     Device  0: (UUID: MIG-bbbb)\n");
        Assert.Equal("GPU-aaaa", Assert.Single(list.Gpus).Uuid);
    }

    [Fact]
    public void Line_cut_before_its_uuid_is_rejected()
    {
        var error = Assert.Throws<ProbeParseException>(() => GpuListParser.Parse("GPU 0: NVIDIA H200 (UUID: GPU-1)\nGPU 1: NVIDIA H200 (UU", "L.txt"));
        Assert.Equal(("L.txt", 2, "GPU 1: NVIDIA H200 (UU"), (error.FileName, error.Line, error.Found));
    }

    [Fact]
    public void Empty_input_is_rejected()
    {
        var error = Assert.Throws<ProbeParseException>(() => GpuListParser.Parse("", "L.txt"));
        Assert.Equal(1, error.Line);
    }
}
