using ControlPlane.Tests.Shared;
using static ControlPlane.Diagnostics.Tests.Nccl.NcclFixtures;

namespace ControlPlane.Diagnostics.Tests.Nccl;

/// <summary>Cases no capture shows, built from the real lines of the default run with fields changed.</summary>
public sealed class SyntheticDiagnosisTests
{
    private const string Name = "synthetic.log";

    private static readonly NodeContext Nv18 = new() { GpusNvLinked = true, NvLinkCount = 18 };

    /// <summary>Pod-style: each container sees only its own GPU (nvmlDev 0), NCCL counts two nodes, runs NET/Socket.</summary>
    private static string PodIsolated()
    {
        var text = FixtureFiles.Read(Default);
        text = ReplaceInSection(text, 1, "cudaDev 1 nvmlDev 1", "cudaDev 0 nvmlDev 0");
        text = ReplaceInSection(text, 1, "localRank 1 MNNVL", "localRank 0 MNNVL");
        return SplitNodesOverSocket(text);
    }

    /// <summary>Both GPUs visible (distinct nvmlDev) but private IPC: two "nodes", NET/Socket.</summary>
    private static string PrivateIpc()
    {
        var text = FixtureFiles.Read(Default);
        text = ReplaceInSection(text, 1, "localRank 1 MNNVL", "localRank 0 MNNVL");
        return SplitNodesOverSocket(text);
    }

    private static string SplitNodesOverSocket(string text)
    {
        text = ReplaceAll(text, "nNodes 1 localRanks 2", "nNodes 2 localRanks 1");
        return ReplaceAll(text, "via P2P/CUMEM", "[send] via NET/Socket/0");
    }

    private static NcclDiagnosis Diagnose(string text, NodeContext? context = null) =>
        NcclLogDiagnoser.Diagnose([new LogSource(Name, text)], context);

    [Fact]
    public void Pair_on_one_host_each_seeing_only_its_own_GPU_is_gpu_isolation()
    {
        var text = PodIsolated();
        var diagnosis = Diagnose(text);

        var finding = Single(diagnosis, FindingCodes.GpuIsolation);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Equal([0, 1], finding.Ranks);
        Assert.Contains("nvmlDev 0", finding.Message, StringComparison.Ordinal);
        Assert.Contains("CUDA_VISIBLE_DEVICES", finding.Fix, StringComparison.Ordinal);
        AssertEvidenceAt(text, finding, "cudaDev 0 nvmlDev 0 busId 70");
        AssertEvidenceAt(text, finding, "nNodes 2 localRanks 1");
        Assert.DoesNotContain(diagnosis.Findings, f => f.Code == FindingCodes.IpcNotShared);
        Assert.Equal(NcclTransport.Tcp, diagnosis.Transport);
    }

    [Fact]
    public void Gpu_isolation_on_an_NV18_node_says_what_the_pair_loses()
    {
        var finding = Single(Diagnose(PodIsolated(), Nv18), FindingCodes.GpuIsolation);

        Assert.Contains("NVLink NV18 available, running NET/Socket: ~78× slower than measured P2P (296 vs 3.8 GB/s)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ranks_on_different_GPUs_with_cudaDev_0_each_and_distinct_nvmlDev_are_not_isolated()
    {
        // CUDA_VISIBLE_DEVICES with every device node visible: the docs/architecture.md row that reaches 296 GB/s.
        var text = ReplaceInSection(FixtureFiles.Read(Default), 1, "cudaDev 1 nvmlDev 1", "cudaDev 0 nvmlDev 1");
        var diagnosis = Diagnose(text);

        Assert.DoesNotContain(diagnosis.Findings, f => f.Code == FindingCodes.GpuIsolation);
        Assert.DoesNotContain(diagnosis.Findings, f => f.Severity >= FindingSeverity.Warning);
    }

    [Fact]
    public void Distinct_GPUs_on_one_host_counted_as_two_nodes_is_ipc_not_shared()
    {
        var text = PrivateIpc();
        var diagnosis = Diagnose(text, Nv18);

        var finding = Single(diagnosis, FindingCodes.IpcNotShared);
        Assert.Equal([0, 1], finding.Ranks);
        Assert.Contains("hostIPC", finding.Fix, StringComparison.Ordinal);
        Assert.Contains("NVLink NV18 available", finding.Message, StringComparison.Ordinal);
        AssertEvidenceAt(text, finding, "nNodes 2 localRanks 1");
        Assert.DoesNotContain(diagnosis.Findings, f => f.Code == FindingCodes.GpuIsolation);
    }

    [Fact]
    public void Same_host_pair_on_NET_Socket_is_tcp_fallback_error()
    {
        var text = PrivateIpc();
        var diagnosis = Diagnose(text);

        var finding = Single(diagnosis, FindingCodes.TcpFallback);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal([0, 1], finding.Ranks);
        AssertEvidenceAt(text, finding, "[send] via NET/Socket/0");
        Assert.Equal(2, finding.Evidence.Count);
        Assert.Equal(NcclTransport.Tcp, diagnosis.Transport);
        Assert.Equal(3.8, diagnosis.BandwidthClass.LowGBps);
    }

    [Fact]
    public void Pods_with_different_hostnames_are_one_node_only_when_the_context_says_so()
    {
        var text = ReplaceInSection(PodIsolated(), 1, "vm:741:", "decode-0:741:");

        Assert.DoesNotContain(Diagnose(text).Findings, f => f.Code == FindingCodes.GpuIsolation);
        Assert.Equal(FindingSeverity.Warning, Single(Diagnose(text), FindingCodes.TcpFallback).Severity);
        var withContext = Diagnose(text, Nv18 with { RanksShareNode = true });
        Assert.Single(withContext.Findings, f => f.Code == FindingCodes.GpuIsolation);
        Assert.Equal(FindingSeverity.Error, Single(withContext, FindingCodes.TcpFallback).Severity);
    }

    [Fact]
    public void Ranks_with_different_NCCL_and_CUDA_versions_are_version_mismatch()
    {
        var text = ReplaceInSection(FixtureFiles.Read(Default), 1, "NCCL version 2.28.9+cuda13.0", "NCCL version 2.27.3+cuda12.9");
        var finding = Single(Diagnose(text), FindingCodes.VersionMismatch);

        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal([0, 1], finding.Ranks);
        Assert.Contains("NCCL 2.28.9 on rank 0, 2.27.3 on rank 1", finding.Message, StringComparison.Ordinal);
        Assert.Contains("CUDA 13.0 on rank 0, 12.9 on rank 1", finding.Message, StringComparison.Ordinal);
        AssertEvidenceAt(text, finding, "NCCL version 2.27.3+cuda12.9");
        AssertEvidenceAt(text, finding, "NCCL version 2.28.9+cuda13.0");
    }

    [Fact]
    public void Identical_versions_are_not_a_mismatch() =>
        Assert.DoesNotContain(NcclFixtures.Diagnose(Watchdog).Findings, f => f.Code == FindingCodes.VersionMismatch);

    [Fact]
    public void NCCL_SHM_DISABLE_set_by_environment_is_shm_disabled_by_env()
    {
        var text = ReplaceAll(FixtureFiles.Read(P2pDisabled), "NCCL_P2P_DISABLE set by environment to 1", "NCCL_SHM_DISABLE set by environment to 1");
        var diagnosis = Diagnose(text);

        var finding = Single(diagnosis, FindingCodes.ShmDisabledByEnv);
        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        AssertEvidenceAt(text, finding, "NCCL_SHM_DISABLE set by environment to 1");
        Assert.DoesNotContain(diagnosis.Findings, f => f.Code == FindingCodes.P2pDisabledByEnv);
    }

    [Fact]
    public void NCCL_IB_DISABLE_is_info_on_one_node_and_a_warning_when_the_node_has_active_IB()
    {
        var text = ReplaceAll(FixtureFiles.Read(P2pDisabled), "NCCL_P2P_DISABLE set by environment to 1", "NCCL_IB_DISABLE set by environment to 1");

        var alone = Single(Diagnose(text), FindingCodes.IbDisabledByEnv);
        var withIb = Single(Diagnose(text, new NodeContext { HasActiveIbPorts = true }), FindingCodes.IbDisabledByEnv);

        Assert.Equal(FindingSeverity.Info, alone.Severity);
        Assert.Equal(FindingSeverity.Warning, withIb.Severity);
        AssertEvidenceAt(text, withIb, "NCCL_IB_DISABLE set by environment to 1");
    }

    [Fact]
    public void A_variable_set_to_0_disables_nothing()
    {
        var text = ReplaceAll(FixtureFiles.Read(P2pDisabled), "NCCL_P2P_DISABLE set by environment to 1", "NCCL_P2P_DISABLE set by environment to 0");

        Assert.DoesNotContain(Diagnose(text).Findings, f => f.Code == FindingCodes.P2pDisabledByEnv);
    }

    [Fact]
    public void No_rdma_device_on_a_node_with_active_IB_ports_blames_the_container()
    {
        var context = new NodeContext { HasActiveIbPorts = true, RdmaResource = "rdma/rdma_a100" };
        var finding = Single(NcclFixtures.Diagnose(Default, context), FindingCodes.NoRdmaDevice);

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Contains("container", finding.Message, StringComparison.Ordinal);
        Assert.Contains("rdma/rdma_a100", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void No_rdma_device_is_a_warning_when_ranks_are_on_different_hosts()
    {
        var text = ReplaceInSection(FixtureFiles.Read(Default), 1, "vm:741:", "node-b:741:");

        Assert.Equal(FindingSeverity.Warning, Single(Diagnose(text), FindingCodes.NoRdmaDevice).Severity);
    }

    [Fact]
    public void Invalid_device_ordinal_between_isolated_ranks_is_tied_to_the_hidden_peer_GPU()
    {
        var warn = FixtureFiles.Read(CudaFailure5090).Split('\n')
            .First(l => l.Contains("NCCL WARN Cuda failure", StringComparison.Ordinal))
            .Replace("5e5e5d5e5412:200:200 [1]", "vm:741:741 [0]", StringComparison.Ordinal)
            .Replace("Cuda failure 1 'invalid argument'", "Cuda failure 101 'invalid device ordinal'", StringComparison.Ordinal);
        var text = PodIsolated() + warn + "\n";
        var diagnosis = Diagnose(text);

        var finding = Single(diagnosis, FindingCodes.CudaFailure);
        Assert.Equal(new CudaFailure(101, "invalid device ordinal"), finding.CudaFailure);
        Assert.Equal([1], finding.Ranks);
        Assert.Contains("each sees only its own GPU", finding.Message, StringComparison.Ordinal);
        AssertEvidenceAt(text, finding, "Cuda failure 101 'invalid device ordinal'");
        AssertEvidenceAt(text, finding, "cudaDev 0 nvmlDev 0 busId 70");
    }

    [Fact]
    public void One_file_per_rank_gives_the_same_ranks_and_evidence_in_each_file()
    {
        var text = FixtureFiles.Read(P2pDisabled);
        var split = text.IndexOf("---- rank 1", StringComparison.Ordinal);
        var rank0 = new LogSource("rank0.log", text[..split]);
        var rank1 = new LogSource("rank1.log", text[split..].Replace("---- rank 1\n", "", StringComparison.Ordinal));

        var diagnosis = NcclLogDiagnoser.Diagnose([rank0, rank1]);

        Assert.Equal([0, 1], diagnosis.Ranks.Select(r => r.Rank));
        Assert.Equal(NcclTransport.Shm, diagnosis.Transport);
        var finding = Single(diagnosis, FindingCodes.P2pDisabledByEnv);
        Assert.Equal(["rank0.log", "rank1.log"], finding.Evidence.Select(e => e.File));
        AssertEvidenceAt(rank1.Text, finding with { Evidence = [finding.Evidence[1]] }, "NCCL_P2P_DISABLE set by environment to 1");
    }

    [Fact]
    public void Text_without_any_NCCL_line_is_flagged_rather_than_an_empty_success()
    {
        var diagnosis = NcclLogDiagnoser.Diagnose([new LogSource("nvidia-smi.txt", FixtureFiles.Read("gpu-hosts/h200x2-a/nvidia-smi.txt"))]);

        Assert.False(diagnosis.HasNcclLines);
        Assert.Empty(diagnosis.Ranks);
    }
}
