using ControlPlane.Contracts.Deployments;
using ControlPlane.Kubernetes;
using ControlPlane.Wire.Deployments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;

namespace ControlPlane.Grains.Deployments;

/// <summary>
/// A deployment's desired state and its reconciliation: plan against the fleet index, reserve every replica on its
/// node grain (the authority), apply the objects, then follow the pods until the pairs run. The grain holds the
/// activation's life (activation, deactivation, reminders) and hands each call to the part whose job it is
/// (<see cref="DeploymentScope"/>): the spec, the holdings, the objects, the pod watch, failover, spares, log checks.
/// Activated on the silo of its first caller (a co-hosted front end's own silo, with that silo's planner copy; a
/// client-only front end's gateway silo): a placement then crosses processes only to reach node grains (issue 24: with
/// default placement each added silo added hops to every operation). After a silo dies, whichever front end touches a
/// deployment first (an operator, or a gauge loop listing every deployment) hosts it again.
/// </summary>
[PreferLocalPlacement]
public sealed class ModelDeploymentGrain(
    [PersistentState("deployment", StorageNames.Default)] IPersistentState<DeploymentRecord> state,
    IDeploymentPlanner planner,
    IManifestApplier applier,
    IOptions<KubernetesOptions> kubernetes,
    IOptions<DeploymentOptions> options,
    TimeProvider clock,
    ILogger<ModelDeploymentGrain> logger) : Grain, IModelDeploymentGrain, IRemindable
{
    private DeploymentScope? scope;

    private DeploymentScope D => scope ??= new DeploymentScope(this, GrainFactory, state, planner, applier, kubernetes.Value, options.Value, clock, logger);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var d = D;
        if (d.Record.Pending.Length > 0)
        {
            logger.LogWarning("Deployment {Name} was interrupted while reserving; releasing {Count} reservations", d.Name, d.Record.Pending.Length);
            await d.Holdings.ReleaseAsync(d.Record.Pending);
            await d.WriteAsync(d.Record with
            {
                Pending = [],
                Status = d.Record.Status == DeploymentStatus.Pending && d.Record.Pairs.Length == 0 && d.Record.Removing.Length == 0 ? DeploymentStatus.Unplaceable : d.Record.Status,
                Message = d.Record.Status == DeploymentStatus.Pending ? "interrupted while reserving; nothing is reserved; PUT the spec again" : d.Record.Message,
            });
        }

        d.Watch.EnsureResync();
        if (!d.InCluster && d.Record.Status == DeploymentStatus.Deleting)
        {
            // A plan-only delete that could not release everything before: finish it.
            d.Later(TimeSpan.Zero, () => d.Spec.ForgetAsync("deleted earlier; finishing the release"));
        }
        else if (!d.InCluster && d.Record.Removing.Length > 0)
        {
            d.Later(TimeSpan.Zero, () => d.Objects.ReleaseRemovedAsync(d.Record.Removing));
        }

        if (d.Record.Spec is { Spares: > 0 } spec && d.Record.Spares.Length < spec.Spares)
        {
            // A refill planned by a lost activation (after a swap, or a spare that fitted nowhere then) is tried again.
            d.Spares.RefillLater();
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        D.Watch.StopResync();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task<PutOutcome> PutAsync(DeploymentSpec spec) => D.Spec.PutAsync(spec);

    public Task<DeploymentView?> GetAsync() => Task.FromResult(D.View());

    public Task<DeleteOutcome> DeleteAsync() => D.Spec.DeleteAsync();

    public Task<FailoverOutcome> FailoverPairAsync(FailoverRequest request) => D.Failover.FailoverPairAsync(request);

    public Task PodsChangedAsync() => D.Watch.PodsChangedAsync();

    public Task ReceiveReminder(string reminderName, TickStatus status) => D.Watch.ReceiveReminder(reminderName, status);
}
