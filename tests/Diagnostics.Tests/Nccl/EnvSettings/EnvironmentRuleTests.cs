using ControlPlane.Tests.Shared;
using static ControlPlane.Diagnostics.Tests.Nccl.EnvSettings.EnvironmentLogs;
using static ControlPlane.Diagnostics.Tests.Nccl.NcclFixtures;

namespace ControlPlane.Diagnostics.Tests.Nccl.EnvSettings;

/// <summary>Issue 11, (a): a wire slower than the topology allows names every setting that can explain it, with its line.</summary>
public sealed class EnvironmentRuleTests
{
    private static readonly NodeContext Nv18 = new() { GpusNvLinked = true, NvLinkCount = 18 };

    [Fact]
    public void P2P_disabled_on_an_NVLink_node_is_the_error_that_explains_SHM()
    {
        var text = FixtureFiles.Read(P2pDisabled);

        var finding = Single(EnvironmentLogs.Diagnose(text, Nv18), FindingCodes.P2pDisabledByEnv);

        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal([0, 1], finding.Ranks);
        Assert.Equal(2, finding.Evidence.Count);
        AssertEvidenceAt(text, finding, P2pDisableLine);
        Assert.Contains("explains why ranks 0, 1 share a node but connect over SHM instead of P2P", finding.Message, StringComparison.Ordinal);
        Assert.Contains("NVLink NV18 available, running SHM", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void P2P_level_LOC_is_named_as_the_cause_of_SHM()
    {
        var text = ShmRunWith("NCCL_P2P_LEVEL set by environment to LOC");
        var diagnosis = EnvironmentLogs.Diagnose(text);

        var finding = Single(diagnosis, FindingCodes.P2pLevelLimitedByEnv);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal([0, 1], finding.Ranks);
        AssertEvidenceAt(text, finding, "NCCL_P2P_LEVEL set by environment to LOC");
        Assert.Contains("NCCL_P2P_LEVEL=LOC", finding.Message, StringComparison.Ordinal);
        Assert.Contains("over SHM instead of P2P", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(diagnosis.Findings, f => f.Code == FindingCodes.P2pDisabledByEnv);
    }

    [Fact]
    public void P2P_level_NVL_where_the_GPUs_have_no_NVLink_is_only_a_setting_in_force()
    {
        var text = ShmRunWith("NCCL_P2P_LEVEL set by environment to NVL");
        var diagnosis = EnvironmentLogs.Diagnose(text, new NodeContext { GpusNvLinked = false });

        Assert.DoesNotContain(diagnosis.Findings, f => f.Code == FindingCodes.P2pLevelLimitedByEnv);
        var inForce = Assert.Single(diagnosis.Findings, f => f.Message.Contains("NCCL_P2P_LEVEL=NVL", StringComparison.Ordinal));
        Assert.Equal((FindingCodes.EnvInForce, FindingSeverity.Info), (inForce.Code, inForce.Severity));
    }

    [Fact]
    public void Same_node_ranks_on_the_network_name_both_P2P_and_SHM_disabled_as_causes()
    {
        var text = ReplaceAll(FixtureFiles.Read(P2pDisabled), "via SHM/direct/direct", "via NET/Socket/0");
        text = AddAfter(text, P2pDisableLine, prefix => prefix + "NCCL INFO NCCL_SHM_DISABLE set by environment to 1.");
        var diagnosis = EnvironmentLogs.Diagnose(text);

        var tcp = Single(diagnosis, FindingCodes.TcpFallback);
        Assert.Equal(FindingSeverity.Error, tcp.Severity);
        Assert.Contains("Set by environment: NCCL_P2P_DISABLE=1, NCCL_SHM_DISABLE=1.", tcp.Message, StringComparison.Ordinal);
        AssertEvidenceAt(text, tcp, P2pDisableLine);
        AssertEvidenceAt(text, tcp, "NCCL_SHM_DISABLE set by environment to 1.");
        AssertEvidenceAt(text, tcp, "via NET/Socket/0");
        foreach (var code in new[] { FindingCodes.P2pDisabledByEnv, FindingCodes.ShmDisabledByEnv })
        {
            var cause = Single(diagnosis, code);
            Assert.Equal(FindingSeverity.Error, cause.Severity);
            Assert.Contains("share a node but connect over the network (NET/Socket) instead of P2P or SHM", cause.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("NCCL_IB_DISABLE set by environment to 1.", FindingCodes.IbDisabledByEnv, "NCCL_IB_DISABLE=1")]
    [InlineData("NCCL_NET set by environment to Socket", FindingCodes.NetForcedByEnv, "NCCL_NET=Socket")]
    [InlineData("NCCL_IB_HCA set to mlx5_3", FindingCodes.IbHcaUnmatched, "NCCL_IB_HCA=mlx5_3")]
    public void A_setting_that_keeps_cross_node_ranks_off_RDMA_is_named_as_the_cause_of_TCP(string setting, string code, string named)
    {
        var text = AcrossNodes(DefaultWith(setting), "[send] via NET/Socket/0");
        var diagnosis = EnvironmentLogs.Diagnose(text);

        var cause = Single(diagnosis, code);
        Assert.Equal(FindingSeverity.Warning, cause.Severity);
        Assert.Contains("explains why ranks 0, 1 cross nodes over NET/Socket instead of NET/IB (RDMA)", cause.Message, StringComparison.Ordinal);
        AssertEvidenceAt(text, cause, setting);
        var tcp = Single(diagnosis, FindingCodes.TcpFallback);
        Assert.Contains($"Set by environment: {named}.", tcp.Message, StringComparison.Ordinal);
        AssertEvidenceAt(text, tcp, setting);
        var withIb = Single(EnvironmentLogs.Diagnose(text, new NodeContext { HasActiveIbPorts = true }), code);
        Assert.Equal(FindingSeverity.Error, withIb.Severity);
    }

    [Fact]
    public void GDR_level_LOC_is_named_as_the_cause_of_RDMA_without_GPUDirect()
    {
        var text = AcrossNodes(DefaultWith("NCCL_NET_GDR_LEVEL set by environment to LOC"), "[send] via NET/IB/0");

        var finding = Single(EnvironmentLogs.Diagnose(text), FindingCodes.GdrLimitedByEnv);

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Contains("without GPUDirect RDMA", finding.Message, StringComparison.Ordinal);
        AssertEvidenceAt(text, finding, "NCCL_NET_GDR_LEVEL set by environment to LOC");
    }

    [Fact]
    public void RDMA_with_GPUDirect_leaves_a_GDR_level_as_a_setting_in_force()
    {
        var text = AcrossNodes(DefaultWith("NCCL_NET_GDR_LEVEL set by environment to PHB"), "[send] via NET/IB/0/GDRDMA");
        var diagnosis = EnvironmentLogs.Diagnose(text);

        Assert.Equal(NcclTransport.Rdma, diagnosis.Transport);
        Assert.DoesNotContain(diagnosis.Findings, f => f.Code == FindingCodes.GdrLimitedByEnv);
        Assert.Single(diagnosis.Findings, f => f.Code == FindingCodes.EnvInForce && f.Message.Contains("NCCL_NET_GDR_LEVEL=PHB", StringComparison.Ordinal));
    }

    [Fact]
    public void A_topology_file_is_named_as_a_possible_cause_of_SHM()
    {
        var text = ShmRunWith("NCCL_TOPO_FILE set by environment to /etc/nccl/topo.xml");

        var finding = Single(EnvironmentLogs.Diagnose(text), FindingCodes.TopologyOverriddenByEnv);

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Contains("over SHM instead of P2P", finding.Message, StringComparison.Ordinal);
        AssertEvidenceAt(text, finding, "NCCL_TOPO_FILE set by environment to /etc/nccl/topo.xml");
    }

    [Fact]
    public void An_unknown_variable_in_force_on_a_slow_wire_is_reported_at_info_without_being_blamed()
    {
        var text = ReplaceAll(DefaultWith("NCCL_FOO_BAR set by environment to 7"), "via P2P/CUMEM", "[send] via NET/Socket/0");
        var diagnosis = EnvironmentLogs.Diagnose(text);

        var finding = Single(diagnosis, FindingCodes.EnvInForce);
        Assert.Equal(FindingSeverity.Info, finding.Severity);
        Assert.Equal([0, 1], finding.Ranks);
        Assert.Contains("NCCL_FOO_BAR=7", finding.Message, StringComparison.Ordinal);
        Assert.Contains("It was in force while ranks 0, 1 share a node but connect over the network", finding.Message, StringComparison.Ordinal);
        AssertEvidenceAt(text, finding, "NCCL_FOO_BAR set by environment to 7");
        Assert.DoesNotContain("Set by environment", Single(diagnosis, FindingCodes.TcpFallback).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_that_differ_between_ranks_name_each_value_with_its_ranks()
    {
        var text = ReplaceInSection(ShmRunWith("NCCL_P2P_LEVEL set by environment to LOC"), 1,
            "NCCL_P2P_LEVEL set by environment to LOC", "NCCL_P2P_LEVEL set by environment to PIX");

        var finding = Single(EnvironmentLogs.Diagnose(text), FindingCodes.P2pLevelLimitedByEnv);

        Assert.Contains("NCCL_P2P_LEVEL=LOC (rank 0), PIX (rank 1)", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Default)]
    [InlineData(P2pDisabled)]
    [InlineData(Watchdog)]
    [InlineData(CudaFailure5090)]
    public void Every_setting_a_fixture_prints_is_evidence_of_a_finding(string fixture)
    {
        var lines = FixtureFiles.Read(fixture).Split('\n');
        var quoted = NcclFixtures.Diagnose(fixture).Findings.SelectMany(f => f.Evidence).Select(e => e.Line).ToHashSet();

        var settings = Enumerable.Range(1, lines.Length).Where(n => lines[n - 1].Contains(" set by environment to ", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(settings);
        Assert.All(settings, n => Assert.Contains(n, quoted));
    }
}
