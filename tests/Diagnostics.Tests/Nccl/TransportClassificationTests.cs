using ControlPlane.Tests.Shared;
using static ControlPlane.Diagnostics.Tests.Nccl.NcclFixtures;

namespace ControlPlane.Diagnostics.Tests.Nccl;

public sealed class TransportClassificationTests
{
    private static NcclDiagnosis WithVia(string via, NodeContext? context = null) =>
        NcclLogDiagnoser.Diagnose(
            [new LogSource("via.log", ReplaceAll(FixtureFiles.Read(Default), "via P2P/CUMEM", via))], context);

    [Theory]
    [InlineData("via P2P/IPC", NcclTransport.NvLink)]
    [InlineData("via P2P/direct pointer", NcclTransport.NvLink)]
    [InlineData("via SHM/direct/direct", NcclTransport.Shm)]
    [InlineData("[send] via NET/IB/0/GDRDMA", NcclTransport.Rdma)]
    [InlineData("[send] via NET/IBext_v9/0", NcclTransport.Rdma)]
    [InlineData("[send] via NET/Socket/0", NcclTransport.Tcp)]
    public void Channel_paths_map_to_transports(string via, NcclTransport expected) =>
        Assert.Equal(expected, WithVia(via).Transport);

    [Fact]
    public void P2P_between_GPUs_the_caller_says_are_not_NVLinked_is_pcie_p2p()
    {
        var diagnosis = WithVia("via P2P/direct pointer", new NodeContext { GpusNvLinked = false });

        Assert.Equal(NcclTransport.PcieP2p, diagnosis.Transport);
        Assert.Equal(55.5, diagnosis.BandwidthClass.HighGBps);
    }

    [Fact]
    public void P2P_with_few_channels_and_no_measurement_is_taken_for_PCIe()
    {
        var text = ReplaceAll(FixtureFiles.Read(Default), "24 coll channels", "2 coll channels");
        text = string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("RESULT", StringComparison.Ordinal)));

        Assert.Equal(NcclTransport.PcieP2p, NcclLogDiagnoser.Diagnose([new LogSource("pcie.log", text)]).Transport);
    }

    [Fact]
    public void Cross_node_RDMA_is_not_a_tcp_fallback()
    {
        var text = ReplaceInSection(ReplaceAll(FixtureFiles.Read(Default), "via P2P/CUMEM", "[send] via NET/IB/0/GDRDMA"), 1, "vm:741:", "node-b:741:");
        var diagnosis = NcclLogDiagnoser.Diagnose([new LogSource("rdma.log", text)]);

        Assert.Equal(NcclTransport.Rdma, diagnosis.Transport);
        Assert.DoesNotContain(diagnosis.Findings, f => f.Code == FindingCodes.TcpFallback);
    }
}
