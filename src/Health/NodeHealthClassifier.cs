using ControlPlane.Wire.Health;

namespace ControlPlane.Health;

/// <summary>
/// A node's verdict from its devices and liveness. One bad GPU of eight leaves the node Degraded
/// (the other seven still serve); all GPUs bad, or a silent agent, is worse.
/// </summary>
public static class NodeHealthClassifier
{
    public static DeviceHealth Classify(
        IReadOnlyList<(int Index, DeviceHealth Health)> gpus,
        IReadOnlyList<(string Port, DeviceHealth Health)> nics,
        Readiness readiness,
        bool hasNotes)
    {
        var reasons = new List<HealthReason>();
        if (readiness != Readiness.Ready)
        {
            reasons.Add(new HealthReason
            {
                Code = readiness == Readiness.NotReady ? "heartbeat-lost" : "heartbeat-missed",
                Severity = HealthStatus.Unknown,
                Action = RemediationAction.CheckNic,
                Message = readiness == Readiness.NotReady
                    ? "the agent has been silent too long: node is NotReady"
                    : "the agent missed its last heartbeats: node state is Unknown",
            });
        }

        if (gpus.Count == 0)
        {
            reasons.Add(new HealthReason
            {
                Code = "no-gpus",
                Severity = HealthStatus.Degraded,
                Action = RemediationAction.Monitor,
                Message = hasNotes ? "the agent found no GPUs (see notes: driver missing?)" : "the agent reported no GPUs",
            });
        }

        var unhealthy = gpus.Where(g => g.Health.Status == HealthStatus.Unhealthy).Select(g => g.Index).ToArray();
        var degraded = gpus.Where(g => g.Health.Status == HealthStatus.Degraded).Select(g => g.Index).ToArray();
        if (unhealthy.Length > 0)
        {
            reasons.Add(new HealthReason
            {
                Code = "gpu-unhealthy",
                Severity = unhealthy.Length == gpus.Count ? HealthStatus.Unhealthy : HealthStatus.Degraded,
                Action = RemediationAction.DrainNode,
                Message = $"GPU {string.Join(", ", unhealthy)} unhealthy",
            });
        }

        if (degraded.Length > 0)
        {
            reasons.Add(new HealthReason
            {
                Code = "gpu-degraded",
                Severity = HealthStatus.Degraded,
                Action = RemediationAction.Monitor,
                Message = $"GPU {string.Join(", ", degraded)} degraded",
            });
        }

        var downPorts = nics.Where(n => n.Health.Status != HealthStatus.Healthy).Select(n => n.Port).ToArray();
        if (downPorts.Length > 0)
        {
            reasons.Add(new HealthReason
            {
                Code = "nic-down",
                Severity = HealthStatus.Degraded,
                Action = RemediationAction.CheckNic,
                Message = $"{string.Join(", ", downPorts)} not Active: cross-node pairs avoid {(downPorts.Length == 1 ? "it" : "them")}",
            });
        }

        return DeviceHealth.From(reasons);
    }
}
