using static ControlPlane.Diagnostics.Tests.Nccl.EnvSettings.EnvironmentLogs;
using static ControlPlane.Diagnostics.Tests.Nccl.NcclFixtures;

namespace ControlPlane.Diagnostics.Tests.Nccl.EnvSettings;

/// <summary>Issue 11, (b): bad NCCL settings are flagged even when the wire is fine (the default run: NVLink, 296 GB/s).</summary>
public sealed class BadSettingTests
{
    private const string OpenedTwoHcas = "NET/IB : Using [0]mlx5_0:1/IB [1]mlx5_1:1/IB ; OOB eth0:192.0.2.2<0>";

    [Theory]
    [InlineData("NCCL_ALGO set by environment to Ring", FindingCodes.AlgoForcedByEnv, "limited to Ring")]
    [InlineData("NCCL_PROTO set by environment to LL128", FindingCodes.ProtoForcedByEnv, "limited to LL128")]
    [InlineData("NCCL_DEBUG set by environment to TRACE", FindingCodes.DebugTraceEnabled, "TRACE logs every call")]
    [InlineData("NCCL_IB_DISABLE set by environment to 1.", FindingCodes.IbDisabledByEnv, "Harmless while every rank shares one node")]
    [InlineData("NCCL_SOCKET_IFNAME set by environment to ib", FindingCodes.SocketIfnameUnmatched, "matches none of the interfaces the log names (eth0)")]
    [InlineData("NCCL_IB_HCA set to mlx5_0", FindingCodes.IbHcaUnmatched, "names mlx5_0, which the log never opened (NCCL opened no RDMA device)")]
    public void A_bad_setting_on_a_healthy_NVLink_run_is_flagged_with_its_line(string setting, string code, string why)
    {
        var text = DefaultWith(setting);
        var diagnosis = EnvironmentLogs.Diagnose(text);

        Assert.Equal(NcclTransport.NvLink, diagnosis.Transport);
        var finding = Single(diagnosis, code);
        Assert.Equal([0, 1], finding.Ranks);
        Assert.Contains(why, finding.Message, StringComparison.Ordinal);
        AssertEvidenceAt(text, finding, setting);
    }

    [Fact]
    public void NCCL_IB_HCA_naming_a_device_NCCL_never_opened_lists_only_that_one()
    {
        var text = ReplaceAll(DefaultWith("NCCL_IB_HCA set to mlx5_0,mlx5_7:1"), "NET/IB : No device found.", OpenedTwoHcas);

        var finding = Single(EnvironmentLogs.Diagnose(text), FindingCodes.IbHcaUnmatched);

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Contains("names mlx5_7, which the log never opened (NCCL opened only mlx5_0, mlx5_1)", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NCCL_IB_HCA set to mlx5")]
    [InlineData("NCCL_IB_HCA set to =mlx5_1")]
    [InlineData("NCCL_IB_HCA set to ^mlx5_7")]
    public void NCCL_IB_HCA_matching_an_opened_device_is_only_in_force(string setting)
    {
        var text = ReplaceAll(DefaultWith(setting), "NET/IB : No device found.", OpenedTwoHcas);
        var diagnosis = EnvironmentLogs.Diagnose(text);

        Assert.DoesNotContain(diagnosis.Findings, f => f.Code == FindingCodes.IbHcaUnmatched);
        Assert.Single(diagnosis.Findings, f => f.Code == FindingCodes.EnvInForce && f.Message.Contains("NCCL_IB_HCA=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("eth")]
    [InlineData("=eth0")]
    [InlineData("^docker,lo")]
    public void NCCL_SOCKET_IFNAME_matching_an_interface_the_log_names_is_only_in_force(string value)
    {
        var diagnosis = EnvironmentLogs.Diagnose(DefaultWith("NCCL_SOCKET_IFNAME set by environment to " + value));

        Assert.DoesNotContain(diagnosis.Findings, f => f.Code == FindingCodes.SocketIfnameUnmatched);
        Assert.DoesNotContain(diagnosis.Findings, f => f.Severity >= FindingSeverity.Warning);
    }

    [Fact]
    public void NCCL_SOCKET_IFNAME_that_NCCL_found_no_interface_for_quotes_the_warning()
    {
        var text = AddAfter(DefaultWith("NCCL_SOCKET_IFNAME set by environment to ens9"), "NCCL_SOCKET_IFNAME",
            prefix => prefix + "bootstrap.cc:92 NCCL WARN Bootstrap : no socket interface found");

        var finding = Single(EnvironmentLogs.Diagnose(text), FindingCodes.SocketIfnameUnmatched);

        Assert.Contains("NCCL found no interface matching it", finding.Message, StringComparison.Ordinal);
        AssertEvidenceAt(text, finding, "NCCL WARN Bootstrap : no socket interface found");
        AssertEvidenceAt(text, finding, "NCCL_SOCKET_IFNAME set by environment to ens9");
    }

    [Fact]
    public void NCCL_TRACE_lines_flag_NCCL_DEBUG_TRACE_even_when_NCCL_did_not_print_the_variable()
    {
        var text = AddAfter(DefaultWith(NvlsLine), NvlsLine, prefix => prefix + "1234.567890 init.cc:1710 NCCL TRACE ncclCommInitRankConfig");

        var finding = Single(EnvironmentLogs.Diagnose(text), FindingCodes.DebugTraceEnabled);

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Contains("2 TRACE lines here", finding.Message, StringComparison.Ordinal);
        AssertEvidenceAt(text, finding, "NCCL TRACE ncclCommInitRankConfig");
    }

    [Fact]
    public void P2P_level_SYS_and_settings_the_table_knows_as_harmless_are_info()
    {
        var diagnosis = EnvironmentLogs.Diagnose(DefaultWith("NCCL_P2P_LEVEL set by environment to SYS"));

        Assert.DoesNotContain(diagnosis.Findings, f => f.Severity >= FindingSeverity.Warning);
        Assert.Contains(diagnosis.Findings, f => f.Code == FindingCodes.EnvInForce && f.Message.Contains("NCCL_P2P_LEVEL=SYS", StringComparison.Ordinal));
        Assert.Contains(NcclFixtures.Diagnose(Default).Findings, f => f.Code == FindingCodes.EnvInForce
            && f.Message.Contains("NCCL_NVLS_ENABLE=0", StringComparison.Ordinal) && f.Message.Contains("NVSwitch", StringComparison.Ordinal));
    }
}
