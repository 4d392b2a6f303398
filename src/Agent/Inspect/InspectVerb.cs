using System.Text;
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

/// <summary>
/// One <c>cp-agent inspect</c> verb: how it reads the file at a path and writes its result as JSON. Captures of
/// tools are small and parsed as one string; <c>nccl-log</c> streams, because a job's log can be gigabytes.
/// </summary>
internal sealed record InspectVerb(string Name, string Description, Func<string, string> ParseFileToJson)
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
        new("nccl-log", "NCCL_DEBUG=INFO / ProcessGroupNCCL log of one job",
            path => JsonSerializer.Serialize(DiagnoseNcclLog(path), InspectJsonContext.Readable.NcclDiagnosis)),
    ];

    private static InspectVerb Of<T>(string name, string description, Func<string, string, T> parse, JsonTypeInfo<T> json) =>
        new(name, description, path => JsonSerializer.Serialize(parse(File.ReadAllText(path), path), json));

    /// <summary>
    /// Streams the file through the diagnoser (memory bounded by what it keeps, not by the file's size). The
    /// diagnoser never throws; a file without a single NCCL line is the malformed case for this verb.
    /// </summary>
    private static NcclDiagnosis DiagnoseNcclLog(string path)
    {
        var options = new FileStreamOptions { BufferSize = 1 << 16, Options = FileOptions.SequentialScan };
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, options);
        var diagnosis = NcclLogDiagnoser.Diagnose([(Path.GetFileName(path), (TextReader)reader)]);
        return diagnosis.HasNcclLines
            ? diagnosis
            : throw new ProbeParseException(path, 1, "NCCL_DEBUG=INFO or ProcessGroupNCCL lines",
                reader.BaseStream.Length == 0 ? null : "none in the whole file");
    }
}
