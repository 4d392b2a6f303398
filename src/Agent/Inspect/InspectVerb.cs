using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ControlPlane.Agent.Json;
using ControlPlane.Diagnostics;
using ControlPlane.Probes;
using ControlPlane.Probes.Infiniband;
using ControlPlane.Probes.Perf;
using ControlPlane.Probes.Proc;
using ControlPlane.Probes.Smi;
using ControlPlane.Probes.Topology;

namespace ControlPlane.Agent.Inspect;

/// <summary>One <c>cp-agent inspect</c> verb: which parser reads the file and how its result is written as JSON.</summary>
internal sealed record InspectVerb(string Name, string Description, Func<string, string, string> ParseToJson)
{
    public static IReadOnlyList<InspectVerb> All { get; } =
    [
        Of("topology", "nvidia-smi topo -m", TopologyParser.Parse, InspectJsonContext.Readable.TopologyMatrix),
        Of("smi-xml", "nvidia-smi -q -x", NvidiaSmiXmlParser.Parse, InspectJsonContext.Readable.NvidiaSmiReport),
        Of("query-csv", "nvidia-smi --query-gpu=... --format=csv", QueryGpuCsvParser.Parse, InspectJsonContext.Readable.QueryGpuTable),
        Of("gpu-list", "nvidia-smi -L", GpuListParser.Parse, InspectJsonContext.Readable.GpuList),
        Of("nvlink", "nvidia-smi nvlink -s", NvLinkStatusParser.Parse, InspectJsonContext.Readable.NvLinkStatus),
        Of("gpus-info", "/proc/driver/nvidia/gpus/*/information", ProcGpuInformationParser.Parse, InspectJsonContext.Readable.ProcGpuInformationList),
        Of("ibdev2netdev", "ibdev2netdev", IbDev2NetDevParser.Parse, InspectJsonContext.Readable.IbPortMap),
        Of("ibstat", "ibstat", IbStatParser.Parse, InspectJsonContext.Readable.IbStatReport),
        Of("topo-p2p", "nvidia-smi topo -p2p r (or w, n, a, p)", P2pMatrixParser.Parse, InspectJsonContext.Readable.P2pMatrix),
        Of("nccl-tests", "nccl-tests all_reduce_perf (and friends)", NcclTestParser.Parse, InspectJsonContext.Readable.NcclTestReport),
        Of("ib-write-bw", "ib_write_bw (perftest)", IbWriteBwParser.Parse, InspectJsonContext.Readable.IbWriteBwReport),
        Of("copy-bw", "GPU copy bandwidth (RESULT <kind> <src>-><dst> GBps=<n> lines)", CopyBandwidthParser.Parse, InspectJsonContext.Readable.CopyBandwidthReport),
        Of("ucx-perftest", "ucx_perftest (its Final: line)", UcxPerfTestParser.Parse, InspectJsonContext.Readable.UcxPerfResult),
        Of("nccl-log", "NCCL_DEBUG=INFO / ProcessGroupNCCL log of one job", DiagnoseNcclLog, InspectJsonContext.Readable.NcclDiagnosis),
    ];

    private static InspectVerb Of<T>(string name, string description, Func<string, string, T> parse, JsonTypeInfo<T> json) =>
        new(name, description, (text, fileName) => JsonSerializer.Serialize(parse(text, fileName), json));

    /// <summary>The diagnoser never throws; a file without a single NCCL line is the malformed case for this verb.</summary>
    private static NcclDiagnosis DiagnoseNcclLog(string text, string fileName)
    {
        var diagnosis = NcclLogDiagnoser.Diagnose(new LogSource(Path.GetFileName(fileName), text));
        return diagnosis.HasNcclLines
            ? diagnosis
            : throw new ProbeParseException(fileName, 1, "NCCL_DEBUG=INFO or ProcessGroupNCCL lines", text.Length == 0 ? null : "none in the whole file");
    }
}
