using ControlPlane.Probes.Smi;
using ControlPlane.Tests.Shared;

namespace ControlPlane.Probes.Tests.Smi;

public class NvidiaSmiXmlParserTests
{
    private static readonly NvidiaSmiReport Report =
        NvidiaSmiXmlParser.Parse(FixtureFiles.Read("gpu-hosts/h200x2-a/nvidia-smi-q.xml"), "nvidia-smi-q.xml");

    [Fact]
    public void Report_carries_driver_and_CUDA_versions_and_both_GPUs()
    {
        Assert.Equal("580.159.04", Report.DriverVersion);
        Assert.Equal("13.0", Report.CudaVersion);
        Assert.Equal(2, Report.AttachedGpus);
        Assert.Equal(["00000000:00:06.0", "00000000:00:07.0"], Report.Gpus.Select(g => g.PciBusId).ToArray());
    }

    [Fact]
    public void GPU_identity_memory_and_sensors_are_typed()
    {
        var gpu = Report.Gpus[0];
        Assert.Equal("GPU-6785f8f4-d9b7-d5b0-471f-cae83922e47e", gpu.Uuid);
        Assert.Equal(0, gpu.MinorNumber);
        Assert.Equal(1, Report.Gpus[1].MinorNumber);
        Assert.Equal("NVIDIA H200", gpu.ProductName);
        Assert.Equal("Hopper", gpu.Architecture);
        Assert.Null(gpu.ComputeCapability);
        Assert.Equal(new GpuMemory(143771, 0, 143156, 616), gpu.Memory);
        Assert.Equal(0, gpu.UtilizationGpuPercent);
        Assert.Equal(36, gpu.TemperatureC);
        Assert.Equal(33, gpu.MemoryTemperatureC);
        Assert.Equal(new GpuPower(123.95, 700), gpu.Power);
        Assert.Equal("P0", gpu.PerformanceState);
    }

    [Fact]
    public void ECC_counts_sum_SRAM_and_DRAM_and_remapping_is_clean()
    {
        var gpu = Report.Gpus[1];
        Assert.Equal(new GpuEcc(true, new EccErrorCounts(0, 0), new EccErrorCounts(0, 0)), gpu.Ecc);
        Assert.Equal(new RemappedRows(0, 0, false, false), gpu.RemappedRows);
    }

    [Fact]
    public void Retired_pages_reported_as_NA_on_Hopper_are_null()
    {
        Assert.Equal(new RetiredPages(null, null, null), Report.Gpus[0].RetiredPages);
    }

    [Fact]
    public void Older_single_and_double_bit_ECC_layout_is_summed()
    {
        var xml = """
            <?xml version="1.0" ?>
            <nvidia_smi_log><attached_gpus>1</attached_gpus>
            <gpu id="00000000:3B:00.0"><product_name>Tesla V100</product_name><uuid>GPU-1</uuid>
            <ecc_errors><volatile><single_bit><total>3</total></single_bit><double_bit><total>1</total></double_bit></volatile></ecc_errors>
            <retired_pages><multiple_single_bit_retirement><retired_count>2</retired_count></multiple_single_bit_retirement>
            <pending_retirement>Yes</pending_retirement></retired_pages>
            <power_readings><power_draw>55.10 W</power_draw></power_readings>
            </gpu></nvidia_smi_log>
            """;
        var gpu = NvidiaSmiXmlParser.Parse(xml).Gpus[0];
        Assert.Equal(new EccErrorCounts(3, 1), gpu.Ecc.Volatile);
        Assert.Equal(new RetiredPages(2, null, true), gpu.RetiredPages);
        Assert.Equal(55.10, gpu.Power.DrawW);
    }

    [Fact]
    public void External_DTD_and_entities_are_never_resolved()
    {
        var xml = """
            <?xml version="1.0" ?>
            <!DOCTYPE nvidia_smi_log SYSTEM "http://127.0.0.1:1/evil.dtd">
            <nvidia_smi_log><gpu id="0000:01:00.0"><product_name>X</product_name><uuid>GPU-1</uuid></gpu></nvidia_smi_log>
            """;
        Assert.Equal("GPU-1", NvidiaSmiXmlParser.Parse(xml).Gpus[0].Uuid);
    }

    [Fact]
    public void Truncated_document_is_rejected_with_the_XML_line()
    {
        var text = string.Join('\n', FixtureFiles.Read("gpu-hosts/h200x2-a/nvidia-smi-q.xml").Split('\n').Take(600));
        var error = Assert.Throws<ProbeParseException>(() => NvidiaSmiXmlParser.Parse(text, "nvidia-smi-q.xml"));
        Assert.Equal("nvidia-smi-q.xml", error.FileName);
        Assert.InRange(error.Line, 600, 601);
    }

    [Fact]
    public void GPU_without_uuid_is_rejected_at_its_element()
    {
        var xml = "<nvidia_smi_log>\n<gpu id=\"0000:01:00.0\">\n<product_name>X</product_name>\n</gpu>\n</nvidia_smi_log>";
        var error = Assert.Throws<ProbeParseException>(() => NvidiaSmiXmlParser.Parse(xml, "q.xml"));
        Assert.Equal((2, "<uuid> in this <gpu>"), (error.Line, error.Expected));
    }

    [Fact]
    public void Fewer_GPUs_than_attached_is_rejected()
    {
        var xml = "<nvidia_smi_log><attached_gpus>2</attached_gpus><gpu id=\"a\"><product_name>X</product_name><uuid>GPU-1</uuid></gpu></nvidia_smi_log>";
        var error = Assert.Throws<ProbeParseException>(() => NvidiaSmiXmlParser.Parse(xml, "q.xml"));
        Assert.Equal("1", error.Found);
    }

    [Fact]
    public void Wrong_root_and_empty_input_are_rejected()
    {
        Assert.Equal(1, Assert.Throws<ProbeParseException>(() => NvidiaSmiXmlParser.Parse("<html/>", "q.xml")).Line);
        Assert.Null(Assert.Throws<ProbeParseException>(() => NvidiaSmiXmlParser.Parse(" ", "q.xml")).Found);
    }
}
