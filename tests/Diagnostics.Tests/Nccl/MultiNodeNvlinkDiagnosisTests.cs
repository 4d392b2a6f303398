using ControlPlane.Tests.Shared;
using static ControlPlane.Diagnostics.Tests.Nccl.NcclFixtures;

namespace ControlPlane.Diagnostics.Tests.Nccl;

/// <summary>
/// Multi-node NVLink in NCCL's log, built from the real 2×H200 capture's lines with the fields NCCL prints on GB200 NVL72
/// trays, in NCCL's own formats (NVIDIA/nccl at 5067397c): <c>MNNVL busId … fabric UUID %lx.%lx cliqueId 0x%x state %d
/// healthMask 0x%x</c> (src/init.cc:775), <c>MNNVL %d cliqueId %x cliqueSize %d cliqueRank %d nvlDomainSize %d</c>
/// (src/mnnvl.cc:96), <c>comm … MNNVL %d</c> (src/init.cc:1422), <c>via P2P/MNNVL</c> (src/transport/p2p.cc:423), the
/// IMEX warnings (src/mnnvl.cc:74 and :86) and the NVLS bind warning (src/transport/nvls.cc:376).
/// </summary>
public sealed class MultiNodeNvlinkDiagnosisTests
{
    private const string Fabric0 = "MNNVL busId 0x60 fabric UUID 0.0 cliqueId 0x0 state 3 healthMask 0x0";
    private const string Fabric1 = "MNNVL busId 0x70 fabric UUID 0.0 cliqueId 0x0 state 3 healthMask 0x0";
    private const string TrayUuid = "fabric UUID 8c7d3771821b6761.261b2ae625150165 cliqueId 0x7ffe state 3 healthMask 0x0";

    private static NcclDiagnosis Diagnose(string text) => NcclLogDiagnoser.Diagnose([new LogSource("gb200.log", text)]);

    /// <summary>Both ranks' GPUs registered in one NVLink domain, each rank on its own tray (two hosts, two nodes).</summary>
    private static string TwoTrays(string? mnnvlOn = null)
    {
        var text = FixtureFiles.Read(Default);
        text = ReplaceAll(text, Fabric0, Fabric0.Replace("fabric UUID 0.0 cliqueId 0x0 state 3 healthMask 0x0", TrayUuid, StringComparison.Ordinal)
            + (mnnvlOn is null ? "" : "\nvm:742:742 [0] NCCL INFO MNNVL 1 cliqueId 7ffe cliqueSize 8 cliqueRank 0 nvlDomainSize 8"));
        text = ReplaceAll(text, Fabric1, Fabric1.Replace("fabric UUID 0.0 cliqueId 0x0 state 3 healthMask 0x0", TrayUuid, StringComparison.Ordinal)
            + (mnnvlOn is null ? "" : "\nvm:741:741 [1] NCCL INFO MNNVL 1 cliqueId 7ffe cliqueSize 8 cliqueRank 4 nvlDomainSize 8"));
        text = ReplaceAll(text, "nNodes 1 localRanks 2", "nNodes 2 localRanks 1");
        text = ReplaceInSection(text, 1, "localRank 1 MNNVL", "localRank 0 MNNVL");
        text = ReplaceInSection(text, 1, "vm:741:741", "tray-02:741:741");
        if (mnnvlOn is not null)
        {
            text = ReplaceAll(text, "MNNVL 0\n", "MNNVL 1\n");
        }

        return ReplaceAll(text, "via P2P/CUMEM", mnnvlOn ?? "[send] via NET/IB/0");
    }

    [Fact]
    public void The_real_2xH200_capture_is_in_no_NVLink_domain_and_runs_MNNVL_off()
    {
        var diagnosis = NcclFixtures.Diagnose(Default);

        var mnnvl = Assert.IsType<MultiNodeNvlink>(diagnosis.MultiNodeNvlink);
        Assert.Equal((false, false, false), (mnnvl.Active, mnnvl.InDomain, mnnvl.ImexFailure));
        Assert.Empty(mnnvl.Ranks);
        Assert.DoesNotContain(diagnosis.Findings, f => f.Code.StartsWith("mnnvl", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_trays_with_MNNVL_on_ride_P2P_over_MNNVL_which_is_NVLink()
    {
        var diagnosis = Diagnose(TwoTrays("via P2P/MNNVL"));

        Assert.Equal(NcclTransport.NvLink, diagnosis.Transport);
        var mnnvl = Assert.IsType<MultiNodeNvlink>(diagnosis.MultiNodeNvlink);
        Assert.Equal((true, true, 8, false), (mnnvl.Active, mnnvl.InDomain, mnnvl.CliqueSize, mnnvl.ImexFailure));
        Assert.Equal([0, 1], mnnvl.Ranks);
        Assert.Equal(NcclTransport.NvLink, Assert.Single(diagnosis.Channels, c => c.Via == "P2P/MNNVL").Transport);
        Assert.DoesNotContain(diagnosis.Findings, f => f.Severity >= FindingSeverity.Warning);

        // No IB device in the pods is fine while every rank's traffic between trays rides NVLink.
        Assert.Equal(FindingSeverity.Info, Assert.Single(diagnosis.Findings, f => f.Code == FindingCodes.NoRdmaDevice).Severity);
    }

    [Fact]
    public void Trays_of_one_domain_whose_communicator_runs_MNNVL_off_over_IB_are_told_to_enable_it()
    {
        var text = TwoTrays();

        var diagnosis = Diagnose(text);

        Assert.Equal(NcclTransport.Rdma, diagnosis.Transport);
        Assert.Equal((false, true), (diagnosis.MultiNodeNvlink!.Active, diagnosis.MultiNodeNvlink.InDomain));
        var finding = Assert.Single(diagnosis.Findings, f => f.Code == FindingCodes.MnnvlNotUsed);
        Assert.Equal([0, 1], finding.Ranks);
        Assert.Contains("NCCL_MNNVL_ENABLE=1", finding.Fix, StringComparison.Ordinal);
        AssertEvidenceAt(text, finding, "MNNVL");
    }

    [Theory]
    [InlineData("Check the IMEX channel configuration (/dev/nvidia-caps-imex-channels)", "the pod has no IMEX channel", "ComputeDomain")]
    [InlineData("Check the IMEX configuration (nvidia-imex-ctl -N)", "IMEX could not share fabric memory", "nvidia-imex-ctl -N")]
    public void IMEX_refusing_fabric_memory_is_an_error_with_the_remedy_for_its_cause(string check, string cause, string fix)
    {
        var warn = $"vm:742:742 [0] NCCL WARN MNNVL (cliqueSize 8) is available but not working on this system. {check}. Set NCCL_MNNVL_ENABLE=0 to ignore this issue.";
        var text = ReplaceInSection(TwoTrays(), 0, "NCCL INFO comm 0x416f2300 rank 0 nRanks 2", warn + "\nvm:742:742 [0] NCCL INFO comm 0x416f2300 rank 0 nRanks 2");

        var diagnosis = Diagnose(text);

        var finding = Assert.Single(diagnosis.Findings, f => f.Code == FindingCodes.MnnvlImexUnavailable);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal([0], finding.Ranks);
        Assert.Contains(cause, finding.Message, StringComparison.Ordinal);
        Assert.Contains("clique of 8 GPUs", finding.Message, StringComparison.Ordinal);
        Assert.Contains(fix, finding.Fix, StringComparison.Ordinal);
        AssertEvidenceAt(text, finding, "is available but not working");
        Assert.True(diagnosis.MultiNodeNvlink!.ImexFailure);
        Assert.DoesNotContain(diagnosis.Findings, f => f.Code == FindingCodes.MnnvlNotUsed);
    }

    [Fact]
    public void NCCL_MNNVL_ENABLE_0_on_trays_of_a_domain_is_a_warning_naming_the_line()
    {
        var text = ReplaceInSection(TwoTrays(), 1, "NCCL INFO NCCL_NVLS_ENABLE set by environment to 0.", "NCCL INFO NCCL_MNNVL_ENABLE set by environment to 0.");

        var finding = Assert.Single(Diagnose(text).Findings, f => f.Code == FindingCodes.MnnvlDisabledByEnv);

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        AssertEvidenceAt(text, finding, "NCCL_MNNVL_ENABLE set by environment to 0");
    }

    [Fact]
    public void A_failed_NVLS_multicast_bind_is_an_error()
    {
        var warn = "vm:741:741 [1] NCCL WARN Failed to bind NVLink SHARP (NVLS) Multicast memory of size 2097152 : CUDA error 1 'invalid argument'.";
        var text = ReplaceInSection(FixtureFiles.Read(Default), 1, "NCCL INFO comm 0x37d1e4b0 rank 1 nRanks 2", warn + "\nvm:741:741 [1] NCCL INFO comm 0x37d1e4b0 rank 1 nRanks 2");

        var finding = Assert.Single(Diagnose(text).Findings, f => f.Code == FindingCodes.NvlsBindFailed);

        Assert.Equal((FindingSeverity.Error, 1), (finding.Severity, finding.Ranks.Single()));
        Assert.Contains("NCCL_NVLS_ENABLE=0", finding.Fix, StringComparison.Ordinal);
    }
}
