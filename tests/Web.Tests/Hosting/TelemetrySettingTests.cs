using ControlPlane.Testing;

namespace ControlPlane.Web.Tests.Hosting;

/// <summary>
/// <c>ControlPlane:Telemetry:PrometheusUrl</c> and <c>GpuSeriesLimit</c> are checked at start like every other setting:
/// bad, the control plane exits 2 naming them.
/// </summary>
public sealed class TelemetrySettingTests
{
    [Theory(Timeout = 120_000)]
    [InlineData("not a url")]
    [InlineData("prometheus:9090")]
    [InlineData("ftp://prometheus:9090")]
    public async Task A_malformed_PrometheusUrl_exits_2_naming_the_key_and_the_value(string url)
    {
        var (exit, _, stderr) = await ProgramProcess.RunAsync(
            BuiltProgram.Web, TimeSpan.FromSeconds(90),
            "--urls=http://127.0.0.1:0", $"--ControlPlane:Silo:Port={FreePorts.Next()}", $"--ControlPlane:Silo:GatewayPort={FreePorts.Next()}",
            "--ControlPlane:Simulator:Enabled=false", $"--ControlPlane:Telemetry:PrometheusUrl={url}");

        Assert.Equal(2, exit);
        Assert.StartsWith("Invalid settings; the control plane did not start:", stderr, StringComparison.Ordinal);
        Assert.Contains($"ControlPlane:Telemetry:PrometheusUrl: '{url}' is not an absolute http or https URL", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_GPU_series_limit_out_of_range_exits_2_naming_the_key()
    {
        var (exit, _, stderr) = await ProgramProcess.RunAsync(
            BuiltProgram.Web, TimeSpan.FromSeconds(90),
            "--urls=http://127.0.0.1:0", $"--ControlPlane:Silo:Port={FreePorts.Next()}", $"--ControlPlane:Silo:GatewayPort={FreePorts.Next()}",
            "--ControlPlane:Simulator:Enabled=false", "--ControlPlane:Telemetry:GpuSeriesLimit=2");

        Assert.Equal(2, exit);
        Assert.Contains("ControlPlane:Telemetry:GpuSeriesLimit", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
