using System.Text.Json.Serialization;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Contracts.Probes;
using ControlPlane.Diagnostics;
using ControlPlane.Probes.Infiniband;
using ControlPlane.Probes.Perf;
using ControlPlane.Probes.Proc;
using ControlPlane.Probes.Smi;
using ControlPlane.Probes.Topology;

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
public sealed partial class AgentJsonContext : JsonSerializerContext;

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
[JsonSerializable(typeof(NcclTestReport))]
[JsonSerializable(typeof(UcxPerfResult))]
[JsonSerializable(typeof(NcclDiagnosis))]
public sealed partial class InspectJsonContext : JsonSerializerContext;
