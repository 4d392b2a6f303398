using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Incidents;
using ControlPlane.Grains;
using ControlPlane.Grains.Incidents;
using ControlPlane.Health;
using ControlPlane.Silo.Hosting;
using ControlPlane.Web.Portal.Telemetry;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Incidents;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Telemetry;

/// <summary>
/// Raises an advisory <see cref="IncidentKind.Imbalance"/> incident once per episode for each replica whose GPUs work
/// unevenly (<see cref="ReplicaImbalances"/>): nothing is quarantined or failed over. A replica that is balanced again
/// may raise a new one later.
/// </summary>
internal sealed class ImbalanceWatch(IGrainFactory grains, GpuTelemetryHistory history, IOptions<ImbalanceOptions> options, TimeProvider clock, ILogger<ImbalanceWatch> logger)
    : ResilientLoop(clock, logger)
{
    private const string Actor = "imbalance-watch";

    /// <summary>Replicas raised and still imbalanced, by "deployment/pair/role".</summary>
    private readonly HashSet<string> _raised = new(StringComparer.Ordinal);

    protected override TimeSpan Every => options.Value.CheckEvery;

    protected override async Task StepAsync(CancellationToken stoppingToken)
    {
        var names = await DeploymentDirectory.ListAsync(grains);
        var failover = grains.GetGrain<IFailoverGrain>(IFailoverGrain.Key);
        foreach (var name in names)
        {
            if (await grains.Grain<IModelDeploymentGrain>(name).GetAsync() is not { } view)
            {
                continue;
            }

            foreach (var replica in ReplicaImbalances.Of(view, history, options.Value, Clock.GetUtcNow()))
            {
                var key = $"{name}/{replica.Pair}/{replica.Role}";
                if (replica.Reading is not { Imbalanced: true, Finding: { } finding })
                {
                    _raised.Remove(key);
                    continue;
                }

                if (_raised.Add(key) && view.Pairs.FirstOrDefault(p => p.Index == replica.Pair) is { } pair)
                {
                    await failover.SignalAsync(Signal(name, pair, replica, finding));
                }
            }
        }
    }

    private static FailureSignal Signal(string deployment, PairView pair, ReplicaImbalanceView replica, string finding) => new()
    {
        Kind = IncidentKind.Imbalance,
        Reason = $"the {replica.Role} of pair {pair.Index} of {deployment} on {replica.Node} works unevenly: {finding}",
        Blame = [PairBlame.Pair(pair)],
        Pairs = [new PairRef { Deployment = deployment, Pair = pair.Index, Revision = pair.Revision, Unit = pair.Unit }],
        Evidence = [$"utilisation spread {replica.Reading!.UtilizationSpread} points, σ {replica.Reading.UtilizationStdDev}, memory spread {replica.Reading.MemorySpread} points over GPUs {string.Join(',', replica.Gpus)}"],
        Actor = Actor,
        Quarantine = false,
        Replace = false,
    };
}
