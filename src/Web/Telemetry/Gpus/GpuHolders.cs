using ControlPlane.Contracts.Deployments;
using ControlPlane.Silo.Hosting;
using ControlPlane.Silo.Telemetry;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Telemetry.Gpus;

/// <summary>
/// Which deployment, pair and role hold each GPU, read from the deployments (a handful of grain calls, not one per node)
/// every <see cref="TelemetryOptions.GaugeInterval"/>: the per-GPU gauges' holder labels. A failed reading keeps the last.
/// </summary>
internal sealed class GpuHolders(IGrainFactory grains, GpuReadings readings, IOptions<TelemetryOptions> options, TimeProvider clock, ILogger<GpuHolders> logger)
    : ResilientLoop(clock, logger)
{
    private volatile IReadOnlyDictionary<(string Node, int Gpu), GpuHolding> _holders = new Dictionary<(string, int), GpuHolding>();

    protected override TimeSpan Every => options.Value.GaugeInterval;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        GpuGauges.Observe(readings, Of);
        return base.StartAsync(cancellationToken);
    }

    /// <summary>The holder of the GPU; <see cref="GpuHolding.Free"/> when no deployment holds it.</summary>
    public GpuHolding Of(string node, int gpu) => _holders.GetValueOrDefault((node, gpu), GpuHolding.Free);

    protected override async Task StepAsync(CancellationToken stoppingToken)
    {
        var names = await DeploymentDirectory.ListAsync(grains);
        var views = await Task.WhenAll(names.Select(n => grains.GetGrain<IModelDeploymentGrain>(n).GetAsync()));
        _holders = Index(views.OfType<DeploymentView>());
    }

    /// <summary>Serving and removing pairs hold GPUs as prefill and decode (serving ones win); warm spares (not serving yet) as spare.</summary>
    public static Dictionary<(string Node, int Gpu), GpuHolding> Index(IEnumerable<DeploymentView> views)
    {
        var holders = new Dictionary<(string, int), GpuHolding>();
        foreach (var view in views)
        {
            foreach (var pair in view.Removing.Concat(view.Pairs))
            {
                var label = PairUnit.Pair(pair.Index).Label;
                Hold(holders, pair.Placement.Prefill, new GpuHolding(view.Name, label, GpuHolding.Prefill));
                Hold(holders, pair.Placement.Decode, new GpuHolding(view.Name, label, GpuHolding.Decode));
            }

            foreach (var spare in view.Spares)
            {
                var holding = new GpuHolding(view.Name, PairUnit.Of(spare).Label, GpuHolding.Spare);
                Hold(holders, spare.Placement.Prefill, holding);
                Hold(holders, spare.Placement.Decode, holding);
            }
        }

        return holders;
    }

    private static void Hold(Dictionary<(string, int), GpuHolding> holders, ReplicaPlacement replica, GpuHolding holding)
    {
        foreach (var gpu in replica.GpuIndices)
        {
            holders[(replica.Node, gpu)] = holding;
        }
    }
}

/// <summary>The holder labels of one GPU: empty strings when it is free.</summary>
public sealed record GpuHolding(string Deployment, string Pair, string Role)
{
    public const string Prefill = "prefill";
    public const string Decode = "decode";
    public const string Spare = "spare";

    public static readonly GpuHolding Free = new("", "", "");
}
