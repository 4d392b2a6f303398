using System.Text.Json.Serialization;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Contracts.Probes;
using ControlPlane.Probes.Smi;
using ControlPlane.Probes.Topology;

namespace ControlPlane.Agent.Json;

/// <summary>
/// Source-generated JSON for everything the agent writes or reads: camelCase, enums as strings, so the wire format
/// does not depend on reflection (the agent is published self-contained).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ProbeReport))]
[JsonSerializable(typeof(ProbeAck))]
[JsonSerializable(typeof(TopologyMatrix))]
[JsonSerializable(typeof(NvidiaSmiReport))]
[JsonSerializable(typeof(QueryGpuTable))]
[JsonSerializable(typeof(GpuList))]
[JsonSerializable(typeof(NvLinkStatus))]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
public sealed partial class AgentJsonContext : JsonSerializerContext;
