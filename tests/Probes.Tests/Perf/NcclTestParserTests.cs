using ControlPlane.Probes.Perf;
using ControlPlane.Tests.Shared;

namespace ControlPlane.Probes.Tests.Perf;

public class NcclTestParserTests
{
    private static NcclTestReport Fixture(string name) => NcclTestParser.Parse(FixtureFiles.Read("seeds/" + name), name);

    [Fact]
    public void Single_5090_run_passes_with_25_sizes_and_zero_bus_bandwidth()
    {
        var report = Fixture("all_reduce_perf-1x5090.txt");
        Assert.Equal(NcclTestOutcome.Passed, report.Outcome);
        Assert.Equal(25, report.Rows.Length);
        Assert.Equal(0, report.AverageBusBandwidthGBps);
        Assert.Equal(0, report.OutOfBoundsValues);
        Assert.Empty(report.Errors);
        var last = report.Rows[^1];
        Assert.Equal((134217728L, 33554432L, "float", "sum", (int?)-1), (last.SizeBytes, last.Count, last.Type, last.Redop, last.Root));
        Assert.Equal(new NcclTestTiming(211.6, 634.22, 0, 0), last.OutOfPlace);
        Assert.Equal(new NcclTestTiming(0.06, 2390342.44, 0, 0), last.InPlace);
    }

    [Fact]
    public void Device_lines_name_rank_host_bus_and_GPU()
    {
        var device = Assert.Single(Fixture("all_reduce_perf-1x5090.txt").Devices);
        Assert.Equal(new NcclTestDevice(0, 0, 5736, "04d90d6edf3b", 0, "0000:01:00", "NVIDIA GeForce RTX 5090 D"), device);
    }

    [Fact]
    public void Two_5090_failure_is_a_failed_result_not_a_crash()
    {
        var report = Fixture("all_reduce_perf-2x5090-failure.txt");
        Assert.Equal(NcclTestOutcome.Failed, report.Outcome);
        Assert.Equal(2, report.Devices.Length);
        Assert.Equal("0000:07:00", report.Devices[1].BusId);
        Assert.Empty(report.Rows);
        Assert.Null(report.AverageBusBandwidthGBps);
        Assert.Equal(6, report.Errors.Length);
        Assert.Contains("unhandled cuda error", report.Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Retyped_8xH100_blog_run_parses_glued_units_and_suffixed_sizes_but_is_incomplete()
    {
        var report = Fixture("all_reduce_perf-8xH100-seed-blog.txt");
        Assert.Equal(NcclTestOutcome.Incomplete, report.Outcome);
        Assert.Equal(15, report.Rows.Length);
        Assert.Empty(report.Devices);
        Assert.NotNull(report.Rows[0].InPlace);
        Assert.Null(report.Rows[2].InPlace);
        Assert.Equal(1L << 20, report.Rows[7].SizeBytes);
        Assert.Equal(54.175, report.Rows[^1].OutOfPlace.BusBandwidthGBps);
        Assert.Equal(27.088, report.Rows[^1].OutOfPlace.AlgBandwidthGBps);
    }

    [Fact]
    public void Older_output_without_root_column_and_NA_wrong_counts_parses()
    {
        var report = NcclTestParser.Parse("# nThread 1\n 1048576 262144 float sum 30.1 34.8 60.9 N/A 29.9 35.0 61.3 N/A\n# Avg bus bandwidth    : 61.1\n");
        Assert.Null(report.Rows[0].Root);
        Assert.Null(report.Rows[0].OutOfPlace.Wrong);
        Assert.Equal(61.3, report.Rows[0].InPlace!.BusBandwidthGBps);
        Assert.Equal(61.1, report.AverageBusBandwidthGBps);
    }

    [Fact]
    public void Result_row_cut_short_is_rejected_on_its_line()
    {
        var lines = FixtureFiles.Read("seeds/all_reduce_perf-1x5090.txt").Split('\n');
        var text = string.Join('\n', lines.Take(11)) + "\n          16             4     float     sum      -1     5.64";
        var error = Assert.Throws<ProbeParseException>(() => NcclTestParser.Parse(text, "all_reduce.txt"));
        Assert.Equal(("all_reduce.txt", 12), (error.FileName, error.Line));
        Assert.StartsWith("a result row", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_cell_in_a_row_is_rejected()
    {
        var error = Assert.Throws<ProbeParseException>(() => NcclTestParser.Parse("8 2 float sum -1 5.51 fast 0.00 0\n", "t.txt"));
        Assert.Equal((1, "an algbw in GB/s", "fast"), (error.Line, error.Expected, error.Found));
    }

    [Fact]
    public void Text_that_is_not_nccl_tests_output_is_rejected()
    {
        var error = Assert.Throws<ProbeParseException>(() => NcclTestParser.Parse("hello\n", "t.txt"));
        Assert.Equal(2, error.Line);
        Assert.Equal(1, Assert.Throws<ProbeParseException>(() => NcclTestParser.Parse("", "t.txt")).Line);
    }
}
