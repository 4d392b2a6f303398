using ControlPlane.Contracts.Incidents;
using ControlPlane.Contracts.Placement;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Incidents;

namespace ControlPlane.Grains.Nodes;

/// <summary>
/// Which devices a report (or a liveness check) turned bad, as failure signals: a GPU newly Unhealthy (a fatal XID, ECC,
/// NVLink down; the node when the catalog says drain it), a NIC port newly not Active, the node's heartbeat lost. Each
/// names the pairs holding GPUs on the node (the incident keeps only those the component really touches).
/// </summary>
public static class NodeFaults
{
    /// <summary>Proactive failover: the failover grain hears of every device that turned bad (one-way; the next change tells again).</summary>
    public static void Tell(IGrainFactory grains, IReadOnlyList<FailureSignal> signals)
    {
        foreach (var signal in signals)
        {
            grains.GetGrain<IFailoverGrain>(IFailoverGrain.Key).SignalAsync(signal).Ignore();
        }
    }

    public static List<FailureSignal> Detect(string node, NodeRecord before, NodeRecord after)
    {
        var signals = new List<FailureSignal>();
        if (after.Report is not { } report)
        {
            return signals;
        }

        foreach (var gpu in after.Gpus)
        {
            var was = before.Gpus.FirstOrDefault(g => g.Uuid == gpu.Uuid)?.Health.Status;
            if (gpu.Health.Status != HealthStatus.Unhealthy || was == HealthStatus.Unhealthy || before.Report is null)
            {
                continue;
            }

            var reasons = gpu.Health.Reasons.Where(r => r.Severity == HealthStatus.Unhealthy).ToArray();
            var drain = reasons.Any(r => r.Action is RemediationAction.DrainNode or RemediationAction.RebootNode);
            BlamedComponent gpuBlame = new() { Kind = ComponentKind.Gpu, Node = node, Gpu = gpu.Index, GpuUuid = gpu.Uuid };
            BlamedComponent nodeBlame = new() { Kind = ComponentKind.Node, Node = node };
            signals.Add(Signal(node, after, report.Pool, IncidentKind.Hardware,
                $"GPU {gpu.Index} of {node} is Unhealthy: {string.Join("; ", reasons.Select(r => r.Message))}",
                drain ? [nodeBlame] : [gpuBlame, nodeBlame],
                [.. reasons.Select(r => $"{r.Code}: {r.Message} (action: {r.Action})")],
                owners: after.Allocations.Where(a => drain || a.Index == gpu.Index)));
        }

        foreach (var nic in after.Nics)
        {
            var was = before.Nics.FirstOrDefault(n => n.Port == nic.Port)?.Health.Status;
            if (nic.Health.Status != HealthStatus.Unhealthy || was == HealthStatus.Unhealthy || before.Report is null)
            {
                continue;
            }

            var (device, port) = nic.DeviceAndPort();
            signals.Add(Signal(node, after, report.Pool, IncidentKind.Hardware,
                $"NIC {device} port {port} of {node}: {string.Join("; ", nic.Health.Reasons.Select(r => r.Message))}",
                [new BlamedComponent { Kind = ComponentKind.Nic, Node = node, Nic = device, NicPort = port }, new BlamedComponent { Kind = ComponentKind.Node, Node = node }],
                [.. nic.Health.Reasons.Select(r => $"{r.Code}: {r.Message}")],
                owners: after.Allocations));
        }

        return signals;
    }

    public static FailureSignal? Lost(string node, NodeRecord before, NodeRecord after) =>
        after.Report is { } report && after.Readiness == Readiness.NotReady && before.Readiness != Readiness.NotReady
            ? Signal(node, after, report.Pool, IncidentKind.NodeLost, $"{node} stopped reporting (last seen {after.LastSeen:u})",
                [new BlamedComponent { Kind = ComponentKind.Node, Node = node }], [$"readiness {before.Readiness} -> NotReady"], after.Allocations)
            : null;

    private static FailureSignal Signal(
        string node, NodeRecord record, string pool, IncidentKind kind, string reason, BlamedComponent[] blame, string[] evidence, IEnumerable<GpuAllocation> owners) => new()
    {
        Kind = kind,
        Reason = reason,
        Blame = blame,
        Evidence = evidence,
        Actor = $"node:{node}",
        Pool = pool,
        Pairs =
        [
            .. owners.Select(a => ReservationOwner.TryParse(a.Owner)).OfType<ReservationOwner>()
                .Select(o => new PairRef { Deployment = o.Deployment, Pair = o.Pair, Revision = o.Revision, Unit = o.Pair == ReservationOwner.SparePair ? o.Unit : null })
                .Distinct(),
        ],
    };
}
