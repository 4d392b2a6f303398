using System.Reflection;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Agent.Collection;

/// <summary>Stamps collected facts with the node, sequence, time and agent version the server keys reports by.</summary>
internal static class ReportFactory
{
    public static string AgentVersion { get; } =
        typeof(ReportFactory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static ProbeReport Create(NodeFacts facts, string node, long sequence, DateTimeOffset now, string pool, string? rack) => new()
    {
        Node = node,
        Sequence = sequence,
        Timestamp = now,
        AgentVersion = AgentVersion,
        Source = facts.Gpus.Source,
        Pool = pool,
        Rack = rack,
        Gpus = [.. facts.Gpus.Gpus],
        Nics = [.. facts.Nics],
        Topology = facts.Topology,
        Versions = facts.Versions,
        Notes = [.. facts.Notes],
    };
}
