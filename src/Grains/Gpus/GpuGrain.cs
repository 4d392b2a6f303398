using ControlPlane.Contracts.Gpus;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Health;
using ControlPlane.Wire.Gpus;
using Microsoft.Extensions.Logging;
using Orleans.Placement;
using Microsoft.Extensions.Options;

namespace ControlPlane.Grains.Gpus;

/// <summary>
/// One GPU's health history, wherever it is installed, and the authority over which node it belongs
/// to. Node grains call it only when the GPU is new to them or its verdict or place changes, so an idle
/// GPU grain is collected soon after.
/// </summary>
// Activated by its node grain, so placed beside it: the node's claims and tells stay in its silo.
[PreferLocalPlacement]
[CollectionAgeLimit(Minutes = 5)]
public sealed class GpuGrain(
    [PersistentState("gpu", StorageNames.Default)] IPersistentState<GpuGrain.Record> state,
    IOptions<GpuIdentityOptions> options,
    TimeProvider clock,
    ILogger<GpuGrain> logger) : Grain, IGpuGrain
{
    private string Uuid => this.GetPrimaryKeyString();

    public async Task<GpuClaimAnswer> ClaimAsync(string node)
    {
        if (state.State.Gpu is not { } current || current.Node == node)
        {
            return GpuClaimAnswer.Granted;
        }

        // The owner is asked, not remembered: a steady owner never calls this grain, so only it knows.
        if (await GrainFactory.GetGrain<INodeGrain>(current.Node).GetGpuLastReportedAsync(Uuid) is not { } ownerLastSeen
            || clock.GetUtcNow() >= ownerLastSeen + options.Value.MoveAfter)
        {
            return GpuClaimAnswer.Granted;
        }

        logger.LogWarning("Node {Claimant} reported GPU {Uuid}, which node {Owner} reported at {OwnerLastSeen}: refused", node, Uuid, current.Node, ownerLastSeen);
        if (current.Claims is not [.., { Kind: GpuClaimKind.Refused } last] || last.Claimant != node || last.Owner != current.Node)
        {
            // A claimant retrying is one entry: its first refusal.
            await state.CommitAsync(new Record { Gpu = current with { Claims = Append(current.Claims, GpuClaimKind.Refused, node, current.Node) } }, GrainContext, $"the refused claim of {node}");
        }

        return new GpuClaimAnswer { IsGranted = false, Owner = current.Node, OwnerLastSeen = ownerLastSeen, MovableAt = ownerLastSeen + options.Value.MoveAfter };
    }

    public async Task<GpuClaimAnswer> ClaimAndObserveAsync(GpuObservation observation)
    {
        var answer = await ClaimAsync(observation.Node);
        if (answer.IsGranted)
        {
            await ObserveAsync(observation);
        }

        return answer;
    }

    public async Task ObserveAsync(GpuObservation observation)
    {
        var current = state.State.Gpu;
        if (current is not null && current.Node == observation.Node && current.Index == observation.Index
            && current.PciBusId == observation.PciBusId && current.Health.SameVerdictAs(observation.Health))
        {
            return;
        }

        var claims = current?.Claims ?? [];
        if (current is not null && current.Node != observation.Node)
        {
            claims = Append(claims, GpuClaimKind.Moved, observation.Node, current.Node, observation.At);
        }

        var (since, history) = HealthHistory.Observe(current?.Health, current?.Since ?? default, current?.History, observation.Health, observation.At);
        var next = new Record
        {
            Gpu = new GpuRecord
            {
                Uuid = Uuid,
                Node = observation.Node,
                Index = observation.Index,
                Model = observation.Model,
                PciBusId = observation.PciBusId,
                Health = observation.Health,
                Since = since,
                History = history,
                Claims = claims,
            },
        };
        await state.CommitAsync(next, GrainContext, $"the observation by {observation.Node}");
    }

    public Task<GpuRecord?> GetAsync() => Task.FromResult(state.State.Gpu);

    private GpuClaim[] Append(GpuClaim[] claims, GpuClaimKind kind, string claimant, string owner, DateTimeOffset? at = null) =>
    [
        .. claims.Append(new GpuClaim { Kind = kind, Claimant = claimant, Owner = owner, At = at ?? clock.GetUtcNow() })
            .TakeLast(options.Value.ClaimHistoryLimit),
    ];

    [GenerateSerializer, Immutable, Alias("cp.GpuGrain.Record")]
    public sealed record Record
    {
        [Id(0)] public GpuRecord? Gpu { get; init; }
    }
}
