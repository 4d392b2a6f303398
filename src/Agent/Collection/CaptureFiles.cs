using ControlPlane.Probes.Infiniband;
using ControlPlane.Probes.Proc;
using ControlPlane.Probes.Smi;
using ControlPlane.Probes.Topology;

namespace ControlPlane.Agent.Collection;

/// <summary>
/// The file names of a capture directory (as in <c>fixtures/gpu-hosts/h200x2-a</c>) and how each is parsed.
/// A missing file is absent data; a malformed one throws the parser's <c>ProbeParseException</c>.
/// </summary>
internal static class CaptureFiles
{
    public const string Topology = "topo-m.txt";
    public const string SmiXml = "nvidia-smi-q.xml";
    public const string QueryCsv = "query-gpu.csv";
    public const string GpuList = "nvidia-smi-L.txt";
    public const string NvLinks = "nvlink-s.txt";
    public const string ProcGpus = "proc-gpus-information.txt";
    public const string ProcVersion = "proc-version.txt";
    public const string Nvcc = "nvcc.txt";
    public const string IbDev2NetDev = "ibdev2netdev.txt";
    public const string IbStat = "ibstat.txt";

    public static CaptureSet Load(string directory)
    {
        T? Parse<T>(string name, Func<string, string, T> parser) where T : class
        {
            var path = Path.Combine(directory, name);
            return File.Exists(path) ? parser(File.ReadAllText(path), path) : null;
        }

        return new CaptureSet
        {
            Topology = Parse(Topology, TopologyParser.Parse),
            SmiXml = Parse(SmiXml, NvidiaSmiXmlParser.Parse),
            QueryCsv = Parse(QueryCsv, QueryGpuCsvParser.Parse),
            GpuList = Parse(GpuList, GpuListParser.Parse),
            NvLinks = Parse(NvLinks, NvLinkStatusParser.Parse),
            ProcGpus = Parse(ProcGpus, ProcGpuInformationParser.Parse),
            ProcVersion = Parse(ProcVersion, DriverVersionParser.Parse),
            Nvcc = Parse(Nvcc, CudaToolkitVersionParser.Parse),
            IbDev2NetDev = Parse(IbDev2NetDev, IbDev2NetDevParser.Parse),
            IbStat = Parse(IbStat, IbStatParser.Parse),
        };
    }
}
