using ControlPlane.Probes.Smi;
using ControlPlane.Tests.Shared;

namespace ControlPlane.Probes.Tests.Smi;

public class NvLinkStatusParserTests
{
    [Fact]
    public void H200_GPUs_each_have_18_active_links_at_26_562_GBps()
    {
        var status = NvLinkStatusParser.Parse(FixtureFiles.Read("gpu-hosts/h200x2-a/nvlink-s.txt"), "nvlink-s.txt");
        Assert.Equal(2, status.Gpus.Length);
        Assert.All(status.Gpus, gpu =>
        {
            Assert.Equal(18, gpu.ActiveLinks);
            Assert.All(gpu.Links, link => Assert.Equal(26.562, link.SpeedGBps));
        });
        Assert.Equal(17, status.Gpus[1].Links[^1].Link);
        Assert.Equal("GPU-6785f8f4-d9b7-d5b0-471f-cae83922e47e", status.Gpus[0].Uuid);
    }

    [Fact]
    public void Inactive_links_have_no_speed()
    {
        var status = NvLinkStatusParser.Parse("GPU 0: NVIDIA A100 (UUID: GPU-1)\n\t Link 0: 25 GB/s\n\t Link 1: <inactive>\n");
        Assert.Equal([true, false], status.Gpus[0].Links.Select(l => l.IsActive).ToArray());
        Assert.Null(status.Gpus[0].Links[1].SpeedGBps);
    }

    [Fact]
    public void Speed_cut_short_is_rejected_on_its_line()
    {
        var error = Assert.Throws<ProbeParseException>(() => NvLinkStatusParser.Parse("GPU 0: NVIDIA A100 (UUID: GPU-1)\n\t Link 0: 26.5 G", "nvlink-s.txt"));
        Assert.Equal((2, "26.5 G"), (error.Line, error.Found));
    }

    [Fact]
    public void Link_before_any_GPU_line_is_rejected()
    {
        var error = Assert.Throws<ProbeParseException>(() => NvLinkStatusParser.Parse("\t Link 0: 26.562 GB/s\n", "nvlink-s.txt"));
        Assert.Equal(1, error.Line);
    }
}
