using BenchmarkDotNet.Attributes;
using ControlPlane.Probes.Smi;
using ControlPlane.Probes.Topology;

namespace ControlPlane.Parsers.Bench;

/// <summary>One parse of each capture the agent reads most often (topology on every report, -q -x on health polls).</summary>
[MemoryDiagnoser]
public class ProbeParserBenchmarks
{
    private string h20Topology = "";
    private string h200Topology = "";
    private string smiXml = "";

    [GlobalSetup]
    public void LoadFixtures()
    {
        var fixtures = FindFixtures();
        h20Topology = File.ReadAllText(Path.Combine(fixtures, "seeds", "topo-8xH20-nv18-5nic.txt"));
        h200Topology = File.ReadAllText(Path.Combine(fixtures, "gpu-hosts", "h200x2-a", "topo-m.txt"));
        smiXml = File.ReadAllText(Path.Combine(fixtures, "gpu-hosts", "h200x2-a", "nvidia-smi-q.xml"));
    }

    [Benchmark]
    public TopologyMatrix Topology_8xH20_seed() => TopologyParser.Parse(h20Topology, "topo-8xH20-nv18-5nic.txt");

    [Benchmark]
    public TopologyMatrix Topology_h200_capture() => TopologyParser.Parse(h200Topology, "topo-m.txt");

    [Benchmark]
    public NvidiaSmiReport NvidiaSmiXml_h200_capture() => NvidiaSmiXmlParser.Parse(smiXml, "nvidia-smi-q.xml");

    // BenchmarkDotNet runs from a generated folder under bin/, so walk up to the checkout.
    private static string FindFixtures()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ControlPlane.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures"));
            }
        }

        throw new DirectoryNotFoundException("ControlPlane.sln not found above " + AppContext.BaseDirectory);
    }
}
