using ControlPlane.Tests.Shared;
using static ControlPlane.Diagnostics.Tests.Nccl.NcclFixtures;

namespace ControlPlane.Diagnostics.Tests.Nccl;

public sealed class FixtureDiagnosisTests
{
    [Fact]
    public void Default_run_is_nvlink_with_no_warning_level_findings()
    {
        var diagnosis = Diagnose(Default);

        Assert.True(diagnosis.HasNcclLines);
        Assert.Equal(NcclTransport.NvLink, diagnosis.Transport);
        Assert.Equal(296.07, diagnosis.BandwidthClass.MeasuredBusBandwidthGBps);
        Assert.Equal(296, diagnosis.BandwidthClass.LowGBps);
        Assert.DoesNotContain(diagnosis.Findings, f => f.Severity >= FindingSeverity.Warning);
    }

    [Fact]
    public void Default_run_reports_both_ranks_as_NCCL_printed_them()
    {
        var ranks = Diagnose(Default).Ranks;

        Assert.Equal([0, 1], ranks.Select(r => r.Rank));
        var (r0, r1) = (ranks[0], ranks[1]);
        Assert.Equal(("vm", 742, 2, 0, 0, "60"), (r0.Host, r0.Pid, r0.NRanks, r0.CudaDev, r0.NvmlDev, r0.BusId));
        Assert.Equal(("vm", 741, 1, 1, "70"), (r1.Host, r1.Pid, r1.CudaDev, r1.NvmlDev, r1.BusId));
        Assert.All(ranks, r =>
        {
            Assert.Equal("2.28.9", r.NcclVersion);
            Assert.Equal("13.0", r.CudaVersion);
            Assert.Equal("13.0", r.CudaDriverVersion);
            Assert.Equal((1, 2), (r.NNodes, r.LocalRanks));
            Assert.Equal("Socket", r.NetPlugin);
            Assert.False(r.RdmaDeviceFound);
            Assert.Equal([NcclTransport.NvLink], r.Transports);
            Assert.Equal("0", r.Environment["NCCL_NVLS_ENABLE"]);
        });
        Assert.Equal((0, 1), (r0.LocalRank, r1.LocalRank));
    }

    [Fact]
    public void Default_run_summarises_its_channels_as_P2P_CUMEM_between_ranks_0_and_1()
    {
        var channel = Assert.Single(Diagnose(Default).Channels);

        Assert.Equal(("P2P/CUMEM", NcclTransport.NvLink, 48), (channel.Via, channel.Transport, channel.Connections));
        Assert.Equal([0, 1], channel.Ranks);
    }

    [Fact]
    public void Missing_IB_device_on_a_single_node_run_is_only_info_and_points_at_each_rank_line()
    {
        var text = FixtureFiles.Read(Default);
        var finding = Single(Diagnose(Default), FindingCodes.NoRdmaDevice);

        Assert.Equal(FindingSeverity.Info, finding.Severity);
        Assert.Equal([0, 1], finding.Ranks);
        Assert.Equal(2, finding.Evidence.Count);
        Assert.All(finding.Evidence, e => Assert.Equal(Default, e.File));
        AssertEvidenceAt(text, finding, "NET/IB : No device found.");
        Assert.All(finding.Evidence, e => Assert.Contains("NET/IB : No device found.", e.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void P2P_disabled_run_is_shm_with_p2p_disabled_by_env_on_both_ranks()
    {
        var text = FixtureFiles.Read(P2pDisabled);
        var diagnosis = Diagnose(P2pDisabled);

        Assert.Equal(NcclTransport.Shm, diagnosis.Transport);
        Assert.Equal(28.08, diagnosis.BandwidthClass.MeasuredBusBandwidthGBps);
        var finding = Single(diagnosis, FindingCodes.P2pDisabledByEnv);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal([0, 1], finding.Ranks);
        Assert.Equal(2, finding.Evidence.Count);
        Assert.All(finding.Evidence, e => Assert.Contains("NCCL_P2P_DISABLE set by environment to 1", e.Text, StringComparison.Ordinal));
        AssertEvidenceAt(text, finding, "NCCL_P2P_DISABLE set by environment to 1");
        Assert.Contains("SHM", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(diagnosis.Findings, f => f.Code == FindingCodes.TcpFallback);
    }

    [Fact]
    public void RTX_5090_log_shows_cuda_failure_1_invalid_argument_and_no_rdma_device()
    {
        var text = FixtureFiles.Read(CudaFailure5090);
        var diagnosis = Diagnose(CudaFailure5090);

        Assert.Equal(NcclTransport.Shm, diagnosis.Transport);
        var cuda = Single(diagnosis, FindingCodes.CudaFailure);
        Assert.Equal(FindingSeverity.Error, cuda.Severity);
        Assert.Equal(new CudaFailure(1, "invalid argument"), cuda.CudaFailure);
        Assert.Equal([0, 1], cuda.Ranks);
        AssertEvidenceAt(text, cuda, "enqueue.cc:1500 NCCL WARN Cuda failure 1 'invalid argument'");
        Assert.Contains(cuda.Evidence, e => e.Text == "NCCL WARN Cuda failure 1 'invalid argument'");
        var rdma = Single(diagnosis, FindingCodes.NoRdmaDevice);
        AssertEvidenceAt(text, rdma, "NET/IB : No device found.");
    }

    [Fact]
    public void RTX_5090_cuda_failure_is_tied_to_the_shared_memory_limit_the_GPU_cannot_meet()
    {
        var text = FixtureFiles.Read(CudaFailure5090);
        var cuda = Single(Diagnose(CudaFailure5090), FindingCodes.CudaFailure);

        AssertEvidenceAt(text, cuda, "ncclMaxSharedMem 82240 exceeds device/fn maxSharedMem 79856");
        Assert.Contains("does not support this GPU", cuda.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RTX_5090_interleaved_ranks_are_told_apart_by_pid()
    {
        var ranks = Diagnose(CudaFailure5090).Ranks;

        Assert.Equal([0, 1], ranks.Select(r => r.Rank));
        Assert.Equal((188, 1, 2), (ranks[0].Pid, ranks[0].NNodes, ranks[0].LocalRanks));
        Assert.Equal((200, "7000", "2.25.1", "12.8"), (ranks[1].Pid, ranks[1].BusId, ranks[1].NcclVersion, ranks[1].CudaVersion));
        Assert.Equal("0", ranks[1].Environment["NCCL_CUMEM_ENABLE"]);
    }

    [Fact]
    public void Watchdog_timeout_names_rank_1_as_the_straggler_of_ALLREDUCE_SeqNum_2_after_20000_ms()
    {
        var text = FixtureFiles.Read(Watchdog);
        var diagnosis = Diagnose(Watchdog);

        var finding = Single(diagnosis, FindingCodes.WatchdogTimeout);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        var timeout = Assert.IsType<CollectiveTimeout>(finding.Timeout);
        Assert.Equal(("ALLREDUCE", 2L, 20000L, 20048L), (timeout.Op, timeout.SeqNum, timeout.TimeoutMs, timeout.RanForMs));
        Assert.Equal([1], timeout.Stragglers);
        Assert.Equal([0], timeout.DetectedBy);
        Assert.Equal([0, 1], finding.Ranks);
        AssertEvidenceAt(text, finding, "Watchdog caught collective operation timeout: WorkNCCL(SeqNum=2");
        AssertEvidenceAt(text, finding, "last enqueued work: 2, last completed work: 1");
        AssertEvidenceAt(text, finding, "Last enqueued NCCL work: 1, last completed NCCL work: 1");
        Assert.Equal(NcclTransport.NvLink, diagnosis.Transport);
    }

    [Fact]
    public void Watchdog_progress_evidence_of_rank_1_lies_inside_its_section()
    {
        var text = FixtureFiles.Read(Watchdog);
        var finding = Single(Diagnose(Watchdog), FindingCodes.WatchdogTimeout);
        var lines = text.Split('\n');
        var section1 = Array.FindIndex(lines, l => l.StartsWith("---- rank 1", StringComparison.Ordinal)) + 1;

        var rank1Progress = Assert.Single(finding.Evidence, e => e.Text.Contains("[rank1]", StringComparison.Ordinal));
        Assert.True(rank1Progress.Line > section1);
        Assert.Equal((1L, 1L), (Diagnose(Watchdog).Ranks[1].LastEnqueuedWork, Diagnose(Watchdog).Ranks[1].LastCompletedWork));
    }

    [Fact]
    public void vLLM_crash_log_alone_has_no_NCCL_lines()
    {
        var diagnosis = Diagnose(VllmCrash5090);

        Assert.False(diagnosis.HasNcclLines);
        Assert.Empty(diagnosis.Findings);
        Assert.Empty(diagnosis.Ranks);
        Assert.Equal(NcclTransport.Unknown, diagnosis.Transport);
    }

    [Fact]
    public void vLLM_crash_log_beside_the_NCCL_log_keeps_the_same_ranks_and_failure()
    {
        var diagnosis = NcclLogDiagnoser.Diagnose([Source(VllmCrash5090), Source(CudaFailure5090)]);

        Assert.Equal([0, 1], diagnosis.Ranks.Select(r => r.Rank));
        Assert.Equal(200, diagnosis.Ranks[1].Pid);
        Assert.Equal([0, 1], Single(diagnosis, FindingCodes.CudaFailure).Ranks);
    }

    [Theory]
    [InlineData(Default)]
    [InlineData(P2pDisabled)]
    [InlineData(Watchdog)]
    [InlineData(CudaFailure5090)]
    public void Every_evidence_line_of_every_fixture_quotes_the_line_it_points_at(string fixture)
    {
        var lines = FixtureFiles.Read(fixture).Split('\n');
        var diagnosis = Diagnose(fixture);

        Assert.NotEmpty(diagnosis.Findings);
        Assert.All(diagnosis.Findings.SelectMany(f => f.Evidence), e =>
        {
            Assert.Equal(fixture, e.File);
            Assert.StartsWith(e.Text, lines[e.Line - 1].TrimEnd('\r'), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Streaming_a_reader_gives_the_same_diagnosis_as_the_text()
    {
        var text = FixtureFiles.Read(Watchdog);
        using var reader = new StringReader(text);

        var streamed = NcclLogDiagnoser.Diagnose([(Watchdog, (TextReader)reader)]);
        var whole = Diagnose(Watchdog);

        Assert.Equal(whole.Findings.Select(f => (f.Code, f.Message)), streamed.Findings.Select(f => (f.Code, f.Message)));
        Assert.Equal(
            whole.Findings.SelectMany(f => f.Evidence).Select(e => e.Line),
            streamed.Findings.SelectMany(f => f.Evidence).Select(e => e.Line));
    }
}
