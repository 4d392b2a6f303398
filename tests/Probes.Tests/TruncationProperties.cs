using ControlPlane.Probes.Infiniband;
using ControlPlane.Probes.Perf;
using ControlPlane.Probes.Proc;
using ControlPlane.Probes.Smi;
using ControlPlane.Probes.Topology;
using ControlPlane.Tests.Shared;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ControlPlane.Probes.Tests;

public class TruncationProperties
{
    private static readonly (string Fixture, Func<string, string, object> Parse)[] Cases =
    [
        ("gpu-hosts/h200x2-a/topo-m.txt", TopologyParser.Parse),
        ("seeds/topo-8xH20-nv18-5nic.txt", TopologyParser.Parse),
        ("seeds/topo-8xH100-nv4-whitespace-collapsed.txt", TopologyParser.Parse),
        ("seeds/topo-2x5090-phb.txt", TopologyParser.Parse),
        ("gpu-hosts/h200x2-a/topo-p2p-r.txt", P2pMatrixParser.Parse),
        ("gpu-hosts/h200x2-a/nvidia-smi-q.xml", NvidiaSmiXmlParser.Parse),
        ("gpu-hosts/h200x2-a/query-gpu.csv", QueryGpuCsvParser.Parse),
        ("gpu-hosts/h200x2-a/nvidia-smi-L.txt", GpuListParser.Parse),
        ("seeds/nvidia-smi-L-pd-pods-isolated.txt", GpuListParser.Parse),
        ("gpu-hosts/h200x2-a/nvlink-s.txt", NvLinkStatusParser.Parse),
        ("gpu-hosts/h200x2-a/proc-gpus-information.txt", ProcGpuInformationParser.Parse),
        ("gpu-hosts/h200x2-a/proc-version.txt", DriverVersionParser.Parse),
        ("gpu-hosts/h200x2-a/nvcc.txt", CudaToolkitVersionParser.Parse),
        ("gpu-hosts/h200x2-a/p2p-bw.txt", CopyBandwidthParser.Parse),
        ("seeds/ibdev2netdev-a100-one-port-down.txt", IbDev2NetDevParser.Parse),
        ("seeds/ibdev2netdev-v100-2x100g.txt", IbDev2NetDevParser.Parse),
        ("seeds/ib_write_bw-v100-loopback.txt", IbWriteBwParser.Parse),
        ("seeds/ucx_perftest-tag_bw-cuda-pods-tcp-fallback.txt", UcxPerfTestParser.Parse),
        ("seeds/all_reduce_perf-8xH100-seed-blog.txt", NcclTestParser.Parse),
        ("seeds/all_reduce_perf-1x5090.txt", NcclTestParser.Parse),
        ("seeds/all_reduce_perf-2x5090-failure.txt", NcclTestParser.Parse),
    ];

    private static readonly string[] Texts = [.. Cases.Select(c => FixtureFiles.Read(c.Fixture))];

    // Cut points are drawn over each fixture's whole length (FsCheck's sized ints would stay near 0).
    private static readonly Gen<(int Case, int Length)> Cuts =
        from index in Gen.Choose(0, Cases.Length - 1)
        from length in Gen.Choose(0, Texts[index].Length)
        select (index, length);

    [Property(MaxTest = 1000)]
    public Property Truncated_fixture_either_parses_or_throws_ProbeParseException() =>
        Prop.ForAll(Arb.From(Cuts), cut =>
        {
            var name = Path.GetFileName(Cases[cut.Case].Fixture);
            try
            {
                Cases[cut.Case].Parse(Texts[cut.Case][..cut.Length], name);
                return true.Label($"{name} parsed at {cut.Length}");
            }
            catch (ProbeParseException e)
            {
                return (e.FileName == name && e.Line >= 1).Label($"{name}: {e.Message}");
            }
        });

    [Fact]
    public void Every_fixture_parses_whole_and_every_prefix_parses_or_throws_ProbeParseException()
    {
        for (var i = 0; i < Cases.Length; i++)
        {
            Cases[i].Parse(Texts[i], "whole");
            var step = Math.Max(1, Texts[i].Length / 400);
            for (var length = 0; length < Texts[i].Length; length += step)
            {
                try
                {
                    Cases[i].Parse(Texts[i][..length], "cut");
                }
                catch (ProbeParseException e) when (e.FileName == "cut")
                {
                }
            }
        }
    }
}
