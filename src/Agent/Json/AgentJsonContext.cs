using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ControlPlane.Diagnostics;
using ControlPlane.Probes.Infiniband;
using ControlPlane.Probes.Perf;
using ControlPlane.Probes.Proc;
using ControlPlane.Probes.Smi;
using ControlPlane.Probes.Topology;
using ControlPlane.Wire.Nodes;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Agent.Json;

/// <summary>
/// Source-generated JSON for the wire format the agent sends and reads: camelCase, enums as strings, no reflection
/// (the agent is published self-contained). Parser results live in <see cref="InspectJsonContext"/>: some of their
/// type names (RemappedRows) repeat the contracts'.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true)]
[JsonSerializable(typeof(ProbeReport))]
[JsonSerializable(typeof(ProbeAck))]
internal sealed partial class AgentJsonContext : JsonSerializerContext
{
    /// <summary>Like the generated <c>Default</c>, but notes and messages keep their quotes readable (no \u0027).</summary>
    public static AgentJsonContext Readable { get; } = new(ReadableOptions.Create());
}

/// <summary>Source-generated JSON for <c>cp-agent inspect</c>: the parsers' and the NCCL diagnoser's results.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true)]
[JsonSerializable(typeof(TopologyMatrix))]
[JsonSerializable(typeof(NvidiaSmiReport))]
[JsonSerializable(typeof(QueryGpuTable))]
[JsonSerializable(typeof(GpuList))]
[JsonSerializable(typeof(NvLinkStatus))]
[JsonSerializable(typeof(ProcGpuInformationList))]
[JsonSerializable(typeof(IbPortMap))]
[JsonSerializable(typeof(IbStatReport))]
[JsonSerializable(typeof(P2pMatrix))]
[JsonSerializable(typeof(NcclTestReport))]
[JsonSerializable(typeof(IbWriteBwReport))]
[JsonSerializable(typeof(CopyBandwidthReport))]
[JsonSerializable(typeof(UcxPerfResult))]
[JsonSerializable(typeof(NcclDiagnosis))]
internal sealed partial class InspectJsonContext : JsonSerializerContext
{
    public static InspectJsonContext Readable { get; } = new(ReadableOptions.Create());
}

internal static class ReadableOptions
{
    /// <summary>
    /// The generated options (camelCase, indented) with quotes and non-ASCII left unescaped. Enums stay strings without
    /// a converter here: the contexts' UseStringEnumConverter gives each enum its generic JsonStringEnumConverter&lt;T&gt;
    /// (the non-generic converter would need runtime code generation, which a trimmed or AOT agent must not depend on).
    /// </summary>
    public static JsonSerializerOptions Create() => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
