using ControlPlane.Probes.Perf;
using ControlPlane.Tests.Shared;

namespace ControlPlane.Probes.Tests.Perf;

public class PerfParserTests
{
    [Fact]
    public void V100_loopback_ib_write_bw_averages_94_7_Gbps()
    {
        var report = IbWriteBwParser.Parse(FixtureFiles.Read("seeds/ib_write_bw-v100-loopback.txt"), "ib_write_bw.txt");
        Assert.Equal("mlx5_1", report.Device);
        Assert.Equal("IB", report.LinkType);
        Assert.Equal(2, report.Rows.Length);
        Assert.Equal(new IbWriteBwRow(65536, 5000, 94.72, 94.71, "Gb/sec", 0.180640), report.Result);
        Assert.Equal(94.7, report.Result.AverageGbps, 1);
    }

    [Fact]
    public void Ib_write_bw_in_MB_per_second_converts_to_Gbps()
    {
        var report = IbWriteBwParser.Parse(" #bytes #iterations BW peak[MB/sec] BW average[MB/sec] MsgRate[Mpps]\n 65536 5000 11290.9 11290.0 0.180640\n");
        Assert.Equal(94.7, report.Result.AverageGbps, 1);
    }

    [Fact]
    public void Ib_write_bw_result_row_cut_short_is_rejected()
    {
        var text = " #bytes #iterations BW peak[Gb/sec] BW average[Gb/sec] MsgRate[Mpps]\n 65536      5000             94.72";
        var error = Assert.Throws<ProbeParseException>(() => IbWriteBwParser.Parse(text, "bw.txt"));
        Assert.Equal(("bw.txt", 2), (error.FileName, error.Line));
        Assert.Equal(2, Assert.Throws<ProbeParseException>(() => IbWriteBwParser.Parse("RDMA_Write BW Test\n", "bw.txt")).Line);
    }

    [Fact]
    public void Ucx_perftest_between_isolated_pods_reaches_only_365_MBps()
    {
        var result = UcxPerfTestParser.Parse(FixtureFiles.Read("seeds/ucx_perftest-tag_bw-cuda-pods-tcp-fallback.txt"), "ucx.txt");
        Assert.Equal(365.32, result.BandwidthAverageMBps);
        Assert.Equal(365.32, result.BandwidthOverallMBps);
        Assert.Equal(10, result.Iterations);
        Assert.Equal(7.122, result.LatencyMedianUs);
        Assert.Equal(261054.587, result.LatencyAverageUs);
    }

    [Fact]
    public void Ucx_final_line_cut_short_is_rejected()
    {
        var error = Assert.Throws<ProbeParseException>(() => UcxPerfTestParser.Parse("Final:   10  7.122 261054.587", "ucx.txt"));
        Assert.Equal(("ucx.txt", 1), (error.FileName, error.Line));
        Assert.Equal(2, Assert.Throws<ProbeParseException>(() => UcxPerfTestParser.Parse("[thread 0] 10 1 2\n", "ucx.txt")).Line);
    }

    [Fact]
    public void Copy_bandwidth_lists_peer_host_and_local_copies()
    {
        var report = CopyBandwidthParser.Parse(FixtureFiles.Read("gpu-hosts/h200x2-a/p2p-bw.txt"), "p2p-bw.txt");
        Assert.Equal(5, report.Results.Length);
        Assert.Equal(new CopyBandwidth("p2p", "cuda:0", "cuda:1", 394.4), report.Results[0]);
        Assert.Equal(55.5, report.Results.Single(r => r.Kind == "h2d").GBps);
        Assert.Equal(2096.7, report.Results.Single(r => r.Kind == "d2d").GBps);
    }

    [Fact]
    public void Copy_bandwidth_line_cut_short_is_rejected()
    {
        var error = Assert.Throws<ProbeParseException>(() => CopyBandwidthParser.Parse("devices 2\nRESULT p2p cuda:0->cuda:1 GBps=", "p2p-bw.txt"));
        Assert.Equal(2, error.Line);
    }
}
