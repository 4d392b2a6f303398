using ControlPlane.Contracts.Nodes;
using ControlPlane.Contracts.Placement;
using ControlPlane.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Grains.Deployments.Reserving;

/// <summary>
/// The one way a deployment takes GPUs: plan → write the intent → reserve on every node grain → record → or roll back.
/// Create, grow, spare placement and failover run it; a spare swap, which reserves nothing, records through
/// <see cref="RecordAsync"/>. A node lost to a concurrent placement releases what the attempt took and plans again after
/// a jittered wait; a failure part-way releases what the attempt took and writes the record as it was, so the answer
/// "nothing changed" is true. When even the roll-back cannot be written, the record still lists the intents as pending,
/// and the activation is dropped: the next one releases them (<see cref="ModelDeploymentGrain"/>'s activation).
/// </summary>
internal sealed partial class ReservationTransaction(
    string deployment,
    IDeploymentPlanner planner,
    IGrainFactory grains,
    Func<DeploymentRecord, Task> commit,
    Action reload,
    ILogger logger)
{
    /// <summary>Plans tried before a placement that keeps losing its nodes to concurrent ones gives up.</summary>
    public const int Attempts = 8;

    /// <param name="before">The record as it stands; written back when the run fails part-way.</param>
    public async Task<ReservationOutcome> ReserveAsync(DeploymentRecord before, ReservationRequest request)
    {
        Wire.Placement.PlacementPlan? plan = null;
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            using (var span = GrainSpans.Start("placement.plan", ("controlplane.deployment", deployment), ("controlplane.attempt", attempt)))
            {
                plan = await planner.PlanToReserveAsync(request.Spec, request.Beside);
                span?.SetTag("controlplane.placement.complete", plan.Complete);
                span?.SetTag("controlplane.placement.nodes_considered", plan.NodesConsidered);
                PlacementMetrics.Decided(plan);
            }

            if (!plan.Complete)
            {
                return new ReservationOutcome(ReservationStatus.FitsNowhere, plan, attempt);
            }

            var intents = request.IntentsOf(plan);
            bool reserved;
            try
            {
                await commit(request.Reserving(intents));
                reserved = await ReserveAllAsync(intents, request.Generation);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogReserveFailed(e, deployment);
                return await RollBackAsync(before, intents, new ReservationOutcome(ReservationStatus.Unavailable, plan, attempt,
                    $"reserving failed ({e.Message}); what this attempt took was released; nothing changed"));
            }

            if (!reserved)
            {
                await ReleaseAndObserveAsync(intents);
                await PlacementRetryBackoff.WaitAsync(attempt);
                continue;
            }

            if (await RecordAsync(before, request.Recorded(plan, attempt), intents) is { } notRecorded)
            {
                return new ReservationOutcome(ReservationStatus.Unavailable, plan, attempt, notRecorded);
            }

            return new ReservationOutcome(ReservationStatus.Reserved, plan, attempt);
        }

        return new ReservationOutcome(ReservationStatus.Contended, plan, Attempts);
    }

    /// <summary>
    /// Writes <paramref name="next"/>; when the write fails, <paramref name="taken"/> (if any) is released and
    /// <paramref name="before"/> written back, clearing the intents. Null when recorded, else what the caller answers (nothing changed, or
    /// how the roll-back ended).
    /// </summary>
    public async Task<string?> RecordAsync(DeploymentRecord before, DeploymentRecord next, IReadOnlyCollection<ReservationIntent> taken)
    {
        try
        {
            await commit(next);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRecordFailed(e, deployment);
            if (taken.Count == 0)
            {
                // The failed commit left the record as it was, and nothing was taken: there is nothing to roll back.
                return $"the change could not be recorded ({e.Message}); nothing changed";
            }

            var outcome = await RollBackAsync(before, taken, new ReservationOutcome(ReservationStatus.Unavailable, null, 0,
                $"the placement could not be recorded ({e.Message}); its GPUs were released; nothing changed"));
            return outcome.Detail;
        }
    }

    /// <summary>Frees every GPU <paramref name="intents"/> hold (releasing what is not held is no error).</summary>
    public static Task ReleaseAsync(IGrainFactory grains, IEnumerable<ReservationIntent> intents) =>
        Task.WhenAll(intents.Select(i => grains.Grain<INodeGrain>(i.Node).ReleaseAsync(i.Owner)));

    private async Task<bool> ReserveAllAsync(ReservationIntent[] intents, long generation)
    {
        var results = await Task.WhenAll(intents.Select(i =>
            grains.Grain<INodeGrain>(i.Node).ReserveAsync(new GpuReservation { Owner = i.Owner, GpuIndices = i.GpuIndices, Generation = generation })));
        foreach (var result in results)
        {
            if (result.Node is { } node)
            {
                planner.Observe(node);
            }
        }

        return results.All(r => r.Reserved);
    }

    /// <summary>
    /// Releases, then shows this process's planner the nodes as they are now: a node whose reservation failed still
    /// counts as assumed taken there, and one that answered held by this attempt would stay so, until their views refresh.
    /// </summary>
    private async Task ReleaseAndObserveAsync(IReadOnlyCollection<ReservationIntent> intents)
    {
        await ReleaseAsync(grains, intents);
        var views = await Task.WhenAll(intents.Select(i => i.Node).Distinct(StringComparer.Ordinal).Select(n => grains.Grain<INodeGrain>(n).GetPlacementAsync()));
        foreach (var view in views.OfType<Wire.Placement.PlacementNode>())
        {
            planner.Observe(view);
        }
    }

    private async Task<ReservationOutcome> RollBackAsync(DeploymentRecord before, IReadOnlyCollection<ReservationIntent> intents, ReservationOutcome failed)
    {
        try
        {
            await ReleaseAndObserveAsync(intents);
            await commit(before);
            return failed;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRollBackFailed(e, deployment);
            reload();
            return failed with
            {
                Detail = $"{failed.Detail?.Split("; ")[0]}; rolling back failed as well ({e.Message}): the reservations are recorded as pending " +
                    "and are released when the deployment is next called; GET it to see the outcome",
            };
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Deployment {Name}: reserving failed; this attempt's reservations are released")]
    private partial void LogReserveFailed(Exception exception, string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deployment {Name}: the placement could not be recorded; its reservations are released")]
    private partial void LogRecordFailed(Exception exception, string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "Deployment {Name}: rolling back a failed reservation failed; the activation is dropped so the next one releases the pending reservations")]
    private partial void LogRollBackFailed(Exception exception, string name);
}
