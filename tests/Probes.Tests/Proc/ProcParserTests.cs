using ControlPlane.Probes.Proc;
using ControlPlane.Tests.Shared;

namespace ControlPlane.Probes.Tests.Proc;

public class ProcParserTests
{
    [Fact]
    public void Proc_information_blocks_split_on_path_separators()
    {
        var list = ProcGpuInformationParser.Parse(FixtureFiles.Read("gpu-hosts/h200x2-a/proc-gpus-information.txt"), "info.txt");
        Assert.Equal(2, list.Gpus.Length);
        var gpu1 = list.Gpus[1];
        Assert.Equal("/proc/driver/nvidia/gpus/0000:00:07.0", gpu1.Path);
        Assert.Equal("NVIDIA H200", gpu1.Model);
        Assert.Equal(41, gpu1.Irq);
        Assert.Equal("GPU-8afa8850-bf27-8c27-d006-c88fdaadda05", gpu1.GpuUuid);
        Assert.Equal("96.00.a5.00.1a", gpu1.VideoBios);
        Assert.Equal("PCIe", gpu1.BusType);
        Assert.Equal(52, gpu1.DmaSizeBits);
        Assert.Equal(1, gpu1.DeviceMinor);
        Assert.Equal("0000:00:07.0", gpu1.BusLocation);
        Assert.Equal("580.159.04", gpu1.GpuFirmware);
        Assert.False(gpu1.GpuExcluded);
    }

    [Fact]
    public void Block_cut_before_its_device_minor_is_rejected()
    {
        var lines = FixtureFiles.Read("gpu-hosts/h200x2-a/proc-gpus-information.txt").Split('\n');
        var error = Assert.Throws<ProbeParseException>(() => ProcGpuInformationParser.Parse(string.Join('\n', lines.Take(21)), "info.txt"));
        Assert.Equal(("info.txt", 22), (error.FileName, error.Line));
        Assert.Contains("Device Minor", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_numeric_IRQ_is_rejected_on_its_line()
    {
        var text = FixtureFiles.Read("gpu-hosts/h200x2-a/proc-gpus-information.txt").Replace("IRQ:   \t\t 41", "IRQ: many", StringComparison.Ordinal);
        var error = Assert.Throws<ProbeParseException>(() => ProcGpuInformationParser.Parse(text, "info.txt"));
        Assert.Equal((3, "many"), (error.Line, error.Found));
    }

    [Fact]
    public void Empty_information_is_rejected()
    {
        Assert.Equal(1, Assert.Throws<ProbeParseException>(() => ProcGpuInformationParser.Parse("", "info.txt")).Line);
    }

    [Fact]
    public void Driver_version_comes_from_the_open_kernel_module_line()
    {
        var version = DriverVersionParser.Parse(FixtureFiles.Read("gpu-hosts/h200x2-a/proc-version.txt"), "version");
        Assert.Equal(new NvidiaDriverVersion("580.159.04", true, "x86_64", "15.3.0 (GCC)"), version);
    }

    [Fact]
    public void Driver_version_without_NVRM_line_is_rejected()
    {
        var error = Assert.Throws<ProbeParseException>(() => DriverVersionParser.Parse("GCC version: 12\n", "version"));
        Assert.Equal((1, "an 'NVRM version:' line"), (error.Line, error.Expected));
        Assert.Equal(1, Assert.Throws<ProbeParseException>(() => DriverVersionParser.Parse("NVRM version: NVIDIA UNIX Kernel Module\n", "v")).Line);
    }

    [Fact]
    public void Nvcc_reports_CUDA_13_0_toolkit()
    {
        var toolkit = CudaToolkitVersionParser.Parse(FixtureFiles.Read("gpu-hosts/h200x2-a/nvcc.txt"), "nvcc.txt");
        Assert.Equal(new CudaToolkitVersion("13.0", "13.0.88", "cuda_13.0.r13.0/compiler.36424714_0"), toolkit);
    }

    [Fact]
    public void Nvcc_release_line_cut_short_is_rejected_on_its_line()
    {
        var error = Assert.Throws<ProbeParseException>(() => CudaToolkitVersionParser.Parse("nvcc: NVIDIA\nCuda compilation tools, release 13.0, V13.", "nvcc.txt"));
        Assert.Equal(("nvcc.txt", 2), (error.FileName, error.Line));
    }
}
