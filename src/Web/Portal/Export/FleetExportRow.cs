using System.Text.Json.Serialization;
using ControlPlane.Web.Portal.Fleet;
using CsvHelper.Configuration.Attributes;

namespace ControlPlane.Web.Portal.Export;

/// <summary>One node of the fleet table as exported: the table's columns, each in its own field.</summary>
public sealed record FleetExportRow
{
    [Name("node")] public required string Node { get; init; }
    [Name("pool")] public required string Pool { get; init; }
    [Name("rack")] public string? Rack { get; init; }
    [Name("health")] public required string Health { get; init; }
    [Name("readiness")] public required string Readiness { get; init; }
    [Name("cordoned")] public required bool Cordoned { get; init; }
    [Name("freeGpus")] public required int FreeGpus { get; init; }
    [Name("usedGpus")] public required int UsedGpus { get; init; }
    [Name("unhealthyGpus")] public required int UnhealthyGpus { get; init; }
    [Name("gpuModel")] public required string GpuModel { get; init; }
    [Name("computeCapability")] public required string ComputeCapability { get; init; }
    [Name("interconnect")] public required string Interconnect { get; init; }
    [Name("activeNics")] public required int ActiveNics { get; init; }
    [Name("nics")] public required int Nics { get; init; }
    [Name("driver")] public required string Driver { get; init; }
    [Name("cuda")] public required string Cuda { get; init; }
    [Name("nccl")] public string? Nccl { get; init; }
    [Name("drift")] public string? Drift { get; init; }

    [Ignore] public required string[] Reasons { get; init; }

    /// <summary>The reason codes in one CSV field, separated by <c>;</c>.</summary>
    [Name("reasons"), JsonIgnore] public string ReasonList => string.Join(';', Reasons);

    [Name("lastSeen")] public required DateTimeOffset LastSeen { get; init; }

    public static FleetExportRow Of(FleetNode n) => new()
    {
        Node = n.Summary.Node,
        Pool = n.Summary.Pool,
        Rack = n.Summary.Rack,
        Health = n.Summary.Health.ToString(),
        Readiness = n.Summary.Readiness.ToString(),
        Cordoned = n.Summary.Cordoned,
        FreeGpus = n.Gpus.Free,
        UsedGpus = n.Gpus.Used,
        UnhealthyGpus = n.Gpus.Unhealthy,
        GpuModel = n.Summary.GpuModel,
        ComputeCapability = n.Summary.ComputeCapability,
        Interconnect = n.Summary.Interconnect,
        ActiveNics = n.Summary.ActiveNics,
        Nics = n.Summary.Nics,
        Driver = n.Summary.Driver,
        Cuda = n.Summary.Cuda,
        Nccl = n.Summary.Nccl,
        Drift = n.Drift,
        Reasons = n.Summary.ReasonCodes,
        LastSeen = n.Summary.LastSeen,
    };
}
