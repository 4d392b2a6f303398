using System.Text.Json;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Contracts.Placement;
using ControlPlane.Kubernetes;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;
using k8s.Autorest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Grains.Deployments;

/// <summary>
/// A deployment's desired state and its reconciliation: plan against the fleet index, then reserve
/// every replica on its node grain (the authority). A refused reservation releases what this
/// attempt took and plans again with the fresher view; a spec that fits nowhere reserves nothing.
/// </summary>
public sealed class ModelDeploymentGrain(
    [PersistentState("deployment", StorageNames.Default)] IPersistentState<DeploymentRecord> state,
    IDeploymentPlanner planner,
    IManifestApplier applier,
    IOptions<KubernetesOptions> kubernetes,
    TimeProvider clock,
    ILogger<ModelDeploymentGrain> logger) : Grain, IModelDeploymentGrain
{
    private const int Attempts = 8;

    private string Name => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Pending.Length > 0)
        {
            logger.LogWarning("Deployment {Name} was interrupted while reserving; releasing {Count} reservations", Name, state.State.Pending.Length);
            await ReleaseAsync(state.State.Pending);
            state.State = state.State with { Pending = [] };
            await state.WriteStateAsync(cancellationToken);
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public async Task<DeploymentView> PutAsync(DeploymentSpec spec)
    {
        if (state.State.Spec is { } current && SameSpec(current, spec) && state.State.Status == DeploymentStatus.Placed)
        {
            return View()!;
        }

        await ReleasePairsAsync("re-placed: the spec changed");
        var generation = state.State.Generation + 1;
        PlacementPlan? plan = null;
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            plan = await planner.PlanAsync(spec);
            if (!plan.Complete)
            {
                break;
            }

            var intents = Intents(plan);
            state.State = state.State with { Pending = intents };
            await state.WriteStateAsync();
            if (await ReserveAllAsync(intents))
            {
                var now = clock.GetUtcNow();
                state.State = new DeploymentRecord
                {
                    Spec = spec,
                    Status = DeploymentStatus.Placed,
                    Pairs = [.. plan.Pairs.Select((p, i) => new PairView { Id = PairId(i), Index = i, State = PairState.Planned, Placement = p, Since = now })],
                    Rejections = plan.Rejections,
                    Generation = generation,
                    UpdatedAt = now,
                    Message = attempt > 1 ? $"placed on attempt {attempt} (concurrent placements took the first choices)" : null,
                };
                await state.WriteStateAsync();
                await Task.WhenAll(state.State.Pairs.Select(p => GrainFactory.GetGrain<IPdPairGrain>(p.Id).RecordAsync(p)));
                await GrainFactory.GetGrain<IDeploymentDirectoryGrain>(IDeploymentDirectoryGrain.Key).AddAsync(Name);
                await ApplyAsync(spec);
                return View()!;
            }

            await ReleaseAsync(intents);
        }

        state.State = new DeploymentRecord
        {
            Spec = spec,
            Status = DeploymentStatus.Unplaceable,
            Rejections = plan?.Rejections ?? [],
            Generation = generation,
            UpdatedAt = clock.GetUtcNow(),
            Message = plan is { Complete: true }
                ? $"every plan was taken by concurrent placements ({Attempts} attempts); nothing is reserved"
                : "the spec fits nowhere right now; nothing is reserved (see rejections)",
        };
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IDeploymentDirectoryGrain>(IDeploymentDirectoryGrain.Key).AddAsync(Name);
        return View()!;
    }

    public Task<DeploymentView?> GetAsync() => Task.FromResult(View());

    public async Task<bool> DeleteAsync()
    {
        if (state.State.Spec is null)
        {
            return false;
        }

        // Objects first: if the API server refuses, nothing is released and the caller can retry.
        // (Deletion is asked for, not awaited: pods may still be terminating when their GPUs are freed.)
        var deleted = await applier.DeleteAsync(Name);
        logger.LogInformation("Deployment {Name} deleted: {Message}", Name, deleted.Message);
        await ReleasePairsAsync("released: deployment deleted");
        await state.ClearStateAsync();
        state.State = new DeploymentRecord();
        await GrainFactory.GetGrain<IDeploymentDirectoryGrain>(IDeploymentDirectoryGrain.Key).RemoveAsync(Name);
        return true;
    }

    /// <summary>
    /// Applies the pairs' objects (server-side apply) and marks them Bound; in plan-only mode, or
    /// when the API server refuses, the pairs stay Planned with their GPUs held and the message says why.
    /// </summary>
    private async Task ApplyAsync(DeploymentSpec spec)
    {
        string message;
        try
        {
            var result = await applier.ApplyAsync(DeploymentManifests.Render(Name, spec, state.State.Pairs, kubernetes.Value));
            message = result.Message;
            if (result.Done)
            {
                var bound = await Task.WhenAll(state.State.Pairs.Select(p => GrainFactory.GetGrain<IPdPairGrain>(p.Id).TransitionAsync(PairState.Bound, "objects applied")));
                state.State = state.State with { Pairs = [.. bound.Where(p => p is not null).Select(p => p!)] };
            }
        }
        catch (HttpOperationException e)
        {
            logger.LogError(e, "Applying deployment {Name} failed", Name);
            message = $"apply failed ({(int)e.Response.StatusCode}): {e.Response.Content}";
        }
        catch (HttpRequestException e)
        {
            logger.LogError(e, "Applying deployment {Name} failed", Name);
            message = "apply failed: the Kubernetes API server is unreachable: " + e.Message;
        }

        state.State = state.State with { Message = string.Join("; ", new[] { state.State.Message, message }.Where(m => !string.IsNullOrEmpty(m))) };
        await state.WriteStateAsync();
    }

    private async Task<bool> ReserveAllAsync(ReservationIntent[] intents)
    {
        var results = await Task.WhenAll(intents.Select(i =>
            GrainFactory.GetGrain<INodeGrain>(i.Node).ReserveAsync(new GpuReservation { Owner = i.Owner, GpuIndices = i.GpuIndices })));
        foreach (var result in results)
        {
            if (result.Node is { } node)
            {
                planner.Observe(node);
            }
        }

        return results.All(r => r.Reserved);
    }

    private async Task ReleasePairsAsync(string reason)
    {
        var pairs = state.State.Pairs;
        if (pairs.Length == 0)
        {
            return;
        }

        await ReleaseAsync([.. pairs.SelectMany(p => IntentsOf(p.Index, p.Placement))]);
        await Task.WhenAll(pairs.Select(p => GrainFactory.GetGrain<IPdPairGrain>(p.Id).TransitionAsync(PairState.Replaced, reason)));
        state.State = state.State with { Pairs = [] };
        await state.WriteStateAsync();
    }

    private Task ReleaseAsync(IEnumerable<ReservationIntent> intents) =>
        Task.WhenAll(intents.Select(i => GrainFactory.GetGrain<INodeGrain>(i.Node).ReleaseAsync(i.Owner)));

    private ReservationIntent[] Intents(PlacementPlan plan) => [.. plan.Pairs.SelectMany((p, i) => IntentsOf(i, p))];

    private IEnumerable<ReservationIntent> IntentsOf(int index, PairPlacement pair)
    {
        yield return new ReservationIntent { Node = pair.Prefill.Node, Owner = $"{PairId(index)}/prefill", GpuIndices = pair.Prefill.GpuIndices };
        yield return new ReservationIntent { Node = pair.Decode.Node, Owner = $"{PairId(index)}/decode", GpuIndices = pair.Decode.GpuIndices };
    }

    private string PairId(int index) => $"{Name}/pair-{index}";

    private DeploymentView? View()
    {
        var s = state.State;
        return s.Spec is null ? null : new DeploymentView
        {
            Name = Name,
            Spec = s.Spec,
            Status = s.Status,
            Pairs = s.Pairs,
            Rejections = s.Rejections,
            Message = s.Message,
            Generation = s.Generation,
            UpdatedAt = s.UpdatedAt,
        };
    }

    // Specs hold arrays and dictionaries, which records compare by reference.
    private static bool SameSpec(DeploymentSpec a, DeploymentSpec b) =>
        JsonSerializer.Serialize(a) == JsonSerializer.Serialize(b);
}
