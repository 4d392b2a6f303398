using System.Globalization;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Probes;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Health;

/// <summary>Turns one GPU's report and its remembered XIDs into a verdict with reasons.</summary>
public static class GpuHealthClassifier
{
    public static DeviceHealth Classify(GpuReport gpu, IReadOnlyList<XidEvent> rememberedXids, LinkMatrix topology, HealthOptions options)
    {
        var reasons = new List<HealthReason>();

        foreach (var code in rememberedXids.Select(x => x.Code).Distinct().Order())
        {
            var entry = XidCatalog.Lookup(code);
            reasons.Add(new HealthReason
            {
                Code = "xid-" + code.ToString(CultureInfo.InvariantCulture),
                Severity = entry.Severity,
                Action = entry.Action,
                Message = $"XID {code}: {entry.Meaning}",
            });
        }

        if (gpu.Ecc.VolatileUncorrected > 0)
        {
            reasons.Add(Reason("ecc-uncorrectable", HealthStatus.Unhealthy, RemediationAction.ResetGpu,
                $"{gpu.Ecc.VolatileUncorrected} uncorrectable ECC errors since the last reset"));
        }
        else if (gpu.Ecc.VolatileCorrected >= options.CorrectableEccDegraded)
        {
            reasons.Add(Reason("ecc-correctable-high", HealthStatus.Degraded, RemediationAction.Monitor,
                $"{gpu.Ecc.VolatileCorrected} correctable ECC errors since the last reset (threshold {options.CorrectableEccDegraded})"));
        }

        if (gpu.RemappedRows.Failure)
        {
            reasons.Add(Reason("row-remap-failure", HealthStatus.Unhealthy, RemediationAction.ReplaceGpu, "row remapping failed: no spare rows left"));
        }
        else if (gpu.RemappedRows.Pending)
        {
            reasons.Add(Reason("row-remap-pending", HealthStatus.Degraded, RemediationAction.ResetGpu, "a row remap is pending: reset the GPU to apply it"));
        }

        if (gpu.RetiredPages >= options.RetiredPagesDegraded)
        {
            reasons.Add(Reason("retired-pages", HealthStatus.Degraded, RemediationAction.Monitor,
                $"{gpu.RetiredPages} retired pages (threshold {options.RetiredPagesDegraded})"));
        }

        if (gpu.TemperatureC is { } t && t >= options.TemperatureUnhealthyC)
        {
            reasons.Add(Reason("temperature-critical", HealthStatus.Unhealthy, RemediationAction.DrainNode,
                $"{t} °C, at or above {options.TemperatureUnhealthyC} °C"));
        }
        else if (gpu.TemperatureC is { } warm && warm >= options.TemperatureDegradedC)
        {
            reasons.Add(Reason("temperature-high", HealthStatus.Degraded, RemediationAction.Monitor,
                $"{warm} °C, at or above {options.TemperatureDegradedC} °C"));
        }

        AddNvLinkReasons(gpu, topology, reasons);
        AddFabricReasons(gpu, reasons);
        return DeviceHealth.From(reasons);
    }

    /// <summary>
    /// A GPU of a multi-node NVLink domain that is not registered with it, or whose fabric health is not Healthy, still
    /// serves within its own tray but cannot be trusted with a pair across trays. A GPU in no domain has nothing to say.
    /// </summary>
    private static void AddFabricReasons(GpuReport gpu, List<HealthReason> reasons)
    {
        if (gpu.Fabric is not { } fabric)
        {
            return;
        }

        if (fabric.Unregistered)
        {
            reasons.Add(Reason("nvlink-fabric-unregistered", HealthStatus.Degraded, RemediationAction.CheckFabric,
                $"NVLink fabric registration {fabric.State}{(fabric.Status is { } status ? $" ({status})" : "")} in domain {fabric.ClusterUuid}/{fabric.CliqueId}: "
                + "the GPU cannot reach the domain's other trays; check nvidia-fabricmanager and IMEX on this tray and the NVLink switch trays"));
        }
        else if (fabric.DomainKey is not null && fabric.HealthMask is { } mask && MaskReasons(mask, fabric.DomainKey) is { Count: > 0 } masked)
        {
            reasons.AddRange(masked);
        }
        else if (fabric.DomainKey is not null && fabric.HealthSummary is { } health && health != "Healthy")
        {
            reasons.Add(Reason("nvlink-fabric-health", HealthStatus.Degraded, RemediationAction.CheckFabric,
                $"NVLink fabric health {health} in domain {fabric.DomainKey}: cross-tray bandwidth may be reduced; check the NVLink switch trays"));
        }
    }

    /// <summary>The fabric health mask's TRUE fields (<see cref="FabricHealthMask"/>), each with what to do about it.</summary>
    private static List<HealthReason> MaskReasons(long mask, string domain)
    {
        var reasons = new List<HealthReason>();
        if (FabricHealthMask.Says(mask, FabricHealthMask.DegradedBandwidth))
        {
            reasons.Add(Reason("nvlink-fabric-degraded-bandwidth", HealthStatus.Degraded, RemediationAction.CheckFabric,
                $"NVLink fabric bandwidth degraded in domain {domain}: some of the GPU's links to the NVLink switch trays are down, so pairs across trays move their KV cache slower than placed; "
                + "check the switch trays' ports and cables (nvidia-smi -q, Fabric) and reset the links or replace the cable in a maintenance window"));
        }

        if (FabricHealthMask.Says(mask, FabricHealthMask.RouteUnhealthy))
        {
            reasons.Add(Reason("nvlink-fabric-route-unhealthy", HealthStatus.Degraded, RemediationAction.CheckFabric,
                $"NVLink fabric route unhealthy in domain {domain}: traffic to some trays may fail; drain the tray's cross-tray pairs and check the NVLink switch trays and nvidia-fabricmanager"));
        }

        if (FabricHealthMask.Says(mask, FabricHealthMask.RouteRecovery))
        {
            reasons.Add(Reason("nvlink-fabric-route-recovery", HealthStatus.Degraded, RemediationAction.Monitor,
                $"NVLink fabric route recovery in progress in domain {domain}: the fabric is rerouting around a failed link; wait for it to finish, check the switch trays if it persists"));
        }

        if (FabricHealthMask.Says(mask, FabricHealthMask.AccessTimeoutRecovery))
        {
            reasons.Add(Reason("nvlink-fabric-access-timeout-recovery", HealthStatus.Degraded, RemediationAction.Monitor,
                $"NVLink fabric access timeout recovery in progress in domain {domain}: a remote access timed out and the GPU is recovering; watch for XIDs, check the peer trays if it repeats"));
        }

        return reasons;
    }

    private static void AddNvLinkReasons(GpuReport gpu, LinkMatrix topology, List<HealthReason> reasons)
    {
        var (total, down) = gpu.NvLinkTotals();
        if (down == 0)
        {
            return;
        }

        var active = total - down;
        var expectsNvLink = ExpectsNvLink(gpu.Index, topology);
        if (active > 0)
        {
            reasons.Add(Reason("nvlink-down", HealthStatus.Degraded, RemediationAction.ResetGpu,
                $"{down} of {total} NVLinks down: peer bandwidth reduced"));
        }
        else if (expectsNvLink)
        {
            reasons.Add(Reason("nvlink-down", HealthStatus.Unhealthy, RemediationAction.ResetGpu,
                $"all {total} NVLinks down although the topology shows NVLink peers"));
        }
    }

    private static bool ExpectsNvLink(int index, LinkMatrix topology)
    {
        var row = topology.IndexOf(LinkMatrix.GpuName(index));
        return row >= 0 && row < topology.Links.Length
            && topology.Links[row].Any(cell => TopologyLink.TryParse(cell, out var link) && link.IsNvLink);
    }

    private static HealthReason Reason(string code, HealthStatus severity, RemediationAction action, string message) =>
        new() { Code = code, Severity = severity, Action = action, Message = message };
}
