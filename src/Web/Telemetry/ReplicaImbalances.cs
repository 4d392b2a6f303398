using ControlPlane.Health;
using ControlPlane.Web.Portal.Telemetry;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Web.Telemetry;

/// <summary>Every replica of a deployment read by <see cref="ReplicaImbalance"/> from this front end's GPU readings.</summary>
internal static class ReplicaImbalances
{
    public static ReplicaImbalanceView[] Of(DeploymentView view, GpuTelemetryHistory history, ImbalanceOptions options, DateTimeOffset now)
    {
        var since = now - options.Window;
        ReplicaImbalanceView Read(int pair, string role, ReplicaPlacement replica) => new()
        {
            Pair = pair,
            Role = role,
            Node = replica.Node,
            Gpus = replica.GpuIndices,
            Reading = ReplicaImbalance.Read([.. replica.GpuIndices.Select(i => Window(history, replica.Node, i, since))], options),
        };

        return [.. view.Pairs.SelectMany(p => new[] { Read(p.Index, "prefill", p.Placement.Prefill), Read(p.Index, "decode", p.Placement.Decode) })];
    }

    private static GpuWindow Window(GpuTelemetryHistory history, string node, int gpu, DateTimeOffset since)
    {
        var samples = history.Of(node, gpu).Where(s => s.At >= since).ToArray();
        var utilization = samples.Where(s => s.UtilizationPercent is not null).Select(s => (double)s.UtilizationPercent!.Value).DefaultIfEmpty(0).Average();
        var memory = samples.Select(s => s.MemoryPercent).DefaultIfEmpty(0).Average();
        return new GpuWindow(gpu, utilization, memory, samples.Length);
    }
}

/// <summary>One replica's imbalance; <see cref="Reading"/> is null until its GPUs have enough readings in the window.</summary>
public sealed record ReplicaImbalanceView
{
    public required int Pair { get; init; }
    public required string Role { get; init; }
    public required string Node { get; init; }
    public required int[] Gpus { get; init; }
    public ImbalanceReading? Reading { get; init; }
}
